package watersql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

var wells = &kind[water.WellRecord]{
	name:  "well",
	table: "water_wells",
	keys:  []string{"code"},
	cols: []string{
		"kind", "name", "lon", "lat", "division", "district", "source", "water_use",
		"permit_number", "permit_annual", "permit_start", "permit_end", "holder_name", "holder_code",
		"plots", "irrigated_area", "irrigation", "depth",
		"pump_power", "pump_head", "pump_efficiency", "pump_flow",
	},
	key:      func(w *water.WellRecord) []any { return []any{string(w.Code)} },
	label:    func(w *water.WellRecord) string { return string(w.Code) },
	values:   wellValues,
	scan:     scanWell,
	revision: func(w *water.WellRecord) *water.Revision { return &w.Revision },
	saveChildren: func(ctx context.Context, s *Store, tx *sql.Tx, w *water.WellRecord) error {
		return s.saveMeters(ctx, tx, w)
	},
	loadChildren: func(ctx context.Context, s *Store, tx *sql.Tx, ws []*water.WellRecord) error {
		return s.loadMeters(ctx, tx, ws)
	},
}

func wellValues(d Dialect, w *water.WellRecord) ([]any, error) {
	plots, err := encodePlots(w.Plots)
	if err != nil {
		return nil, err
	}
	return []any{
		int64(w.Kind), w.Name, w.Location.Lon, w.Location.Lat, string(w.Division), string(w.District),
		int64(w.Source), int64(w.Use),
		w.Permit.Number, sqlstore.DecimalText(w.Permit.Annual), d.dateArg(w.Permit.Valid.Start), d.dateArg(w.Permit.Valid.End),
		w.Holder.Name, w.Holder.Code,
		plots, sqlstore.DecimalText(w.IrrigatedArea), int64(w.Irrigation), sqlstore.DecimalText(w.Depth),
		sqlstore.DecimalText(w.Pump.Power), sqlstore.DecimalText(w.Pump.Head), sqlstore.DecimalText(w.Pump.Efficiency), sqlstore.DecimalText(w.Pump.Flow),
	}, nil
}

func scanWell(row scanner) (*water.WellRecord, error) {
	var w water.WellRecord
	var plots string
	err := row.Scan(textValue[water.WellCode]{&w.Code},
		enumValue[water.WellKind]{&w.Kind}, &w.Name, &w.Location.Lon, &w.Location.Lat,
		textValue[land.DivisionCode]{&w.Division}, textValue[water.DistrictCode]{&w.District},
		enumValue[water.Source]{&w.Source}, enumValue[water.Use]{&w.Use},
		&w.Permit.Number, sqlstore.DecimalScanner{D: &w.Permit.Annual}, sqlstore.DateScanner{D: &w.Permit.Valid.Start}, sqlstore.DateScanner{D: &w.Permit.Valid.End},
		&w.Holder.Name, &w.Holder.Code,
		&plots, sqlstore.DecimalScanner{D: &w.IrrigatedArea}, enumValue[water.IrrigationMethod]{&w.Irrigation}, sqlstore.DecimalScanner{D: &w.Depth},
		sqlstore.DecimalScanner{D: &w.Pump.Power}, sqlstore.DecimalScanner{D: &w.Pump.Head}, sqlstore.DecimalScanner{D: &w.Pump.Efficiency}, sqlstore.DecimalScanner{D: &w.Pump.Flow},
		&w.Version, sqlstore.TimeScanner{T: &w.UpdatedAt})
	if err != nil {
		return nil, err
	}
	if w.Plots, err = decodePlots(plots); err != nil {
		return nil, err
	}
	return &w, nil
}

// saveMeters replaces the meter rows of w. A meter that another well has is a conflict.
func (s *Store) saveMeters(ctx context.Context, tx *sql.Tx, w *water.WellRecord) error {
	if _, err := exec(ctx, s, tx, "DELETE FROM water_well_meters WHERE well = ?", string(w.Code)); err != nil {
		return fmt.Errorf("watersql: replace meters of well %s: %w", w.Code, err)
	}
	for i, m := range w.Meters {
		var other string
		err := tx.QueryRowContext(ctx, s.dialect.bind("SELECT well FROM water_well_meters WHERE meter = ?"),
			string(m.ID)).Scan(&other)
		switch {
		case err == nil:
			return meterConflict(w.Code, m.ID, other)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("watersql: look up meter %s: %w", m.ID, err)
		}
		_, err = exec(ctx, s, tx, "INSERT INTO water_well_meters (meter, well, position, kind, installed) VALUES (?, ?, ?, ?, ?)",
			string(m.ID), string(w.Code), i, int64(m.Kind), s.dialect.dateArg(m.Installed))
		if sqlstore.IsUniqueViolation(err) {
			// Another transaction attached the meter after the look-up.
			return meterConflict(w.Code, m.ID, "another well")
		}
		if err != nil {
			return fmt.Errorf("watersql: store meter %s of well %s: %w", m.ID, w.Code, err)
		}
	}
	return nil
}

func meterConflict(well water.WellCode, meter water.MeterID, other string) error {
	return fmt.Errorf("watersql: well %s: meter %s is attached to well %s: %w", well, meter, other, water.ErrConflict)
}

// loadMeters reads the meters of ws, a chunk of wells per query so that a long listing
// stays below the drivers' limits on parameters.
func (s *Store) loadMeters(ctx context.Context, tx *sql.Tx, ws []*water.WellRecord) error {
	byCode := make(map[water.WellCode]*water.WellRecord, len(ws))
	for _, w := range ws {
		byCode[w.Code] = w
	}
	return inChunks(ws, func(chunk []*water.WellRecord) error {
		args := make([]any, len(chunk))
		for i, w := range chunk {
			args[i] = string(w.Code)
		}
		query := "SELECT well, kind, meter, installed FROM water_well_meters WHERE well IN (" +
			sqlstore.Placeholders(len(chunk)) + ") ORDER BY well, position"
		rows, err := tx.QueryContext(ctx, s.dialect.bind(query), args...)
		if err != nil {
			return fmt.Errorf("watersql: read meters: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var code water.WellCode
			var m water.Meter
			err := rows.Scan(textValue[water.WellCode]{&code}, enumValue[water.MeterKind]{&m.Kind},
				textValue[water.MeterID]{&m.ID}, sqlstore.DateScanner{D: &m.Installed})
			if err != nil {
				return fmt.Errorf("watersql: read meters: %w", err)
			}
			if w := byCode[code]; w != nil {
				w.Meters = append(w.Meters, m)
			}
		}
		return rows.Err()
	})
}

// PutWell stores w as [water.Store] describes. It fails with [water.ErrConflict] when
// another stored well has one of w's meters.
func (s *Store) PutWell(ctx context.Context, w *water.WellRecord) error { return wells.put(ctx, s, w) }

// Well returns the well with the code, or an error wrapping [water.ErrNotFound].
func (s *Store) Well(ctx context.Context, code water.WellCode) (*water.WellRecord, error) {
	return wells.get(ctx, s, string(code), string(code))
}

// WellByMeter returns the well that has the meter attached, or an error wrapping
// [water.ErrNotFound].
func (s *Store) WellByMeter(ctx context.Context, meter water.MeterID) (*water.WellRecord, error) {
	var w *water.WellRecord
	err := s.read(ctx, func(tx *sql.Tx) error {
		query := wells.selectSQL() + " WHERE code = (SELECT well FROM water_well_meters WHERE meter = ?)"
		var err error
		w, err = scanWell(tx.QueryRowContext(ctx, s.dialect.bind(query), string(meter)))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("watersql: well with meter %s: %w", meter, water.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("watersql: read well with meter %s: %w", meter, err)
		}
		return s.loadMeters(ctx, tx, []*water.WellRecord{w})
	})
	return w, err
}

// DeleteWell removes the well with the code, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeleteWell(ctx context.Context, code water.WellCode) error {
	return wells.remove(ctx, s, string(code), string(code))
}

// Wells lists the wells that pass f in code order.
func (s *Store) Wells(ctx context.Context, f water.WellFilter) ([]*water.WellRecord, string, error) {
	w := &where{}
	w.within("division", f.Division)
	equal(w, "district", string(f.District))
	equal(w, "source", int64(f.Source))
	equal(w, "water_use", int64(f.Use))
	codeAfter(w, f.After)
	return wells.list(ctx, s, w, f.Page, func(r *water.WellRecord) string { return string(r.Code) })
}
