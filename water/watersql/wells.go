package watersql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

var wells = &sqlstore.Kind[water.WellRecord]{
	Name:  "well",
	Table: "water_wells",
	Keys:  []string{"code"},
	Cols: []string{
		"kind", "name", "lon", "lat", "division", "district", "source", "water_use",
		"permit_number", "permit_annual", "permit_start", "permit_end", "holder_name", "holder_code",
		"plots", "irrigated_area", "irrigation", "depth",
		"pump_power", "pump_head", "pump_efficiency", "pump_flow",
	},
	Key:      func(w *water.WellRecord) []any { return []any{string(w.Code)} },
	Label:    func(w *water.WellRecord) string { return string(w.Code) },
	Values:   wellValues,
	Scan:     scanWell,
	Revision: func(w *water.WellRecord) (*int64, *time.Time) { return &w.Version, &w.UpdatedAt },
	SaveChildren: func(ctx context.Context, tx *sqlstore.Tx, w *water.WellRecord, _ bool) error {
		return saveMeters(ctx, tx, w)
	},
	LoadChildren: loadMeters,
}

func wellValues(d sqlstore.Dialect, w *water.WellRecord) ([]any, error) {
	plots, err := encodePlots(w.Plots)
	if err != nil {
		return nil, err
	}
	return []any{
		int64(w.Kind), w.Name, w.Location.Lon, w.Location.Lat, string(w.Division), string(w.District),
		int64(w.Source), int64(w.Use),
		w.Permit.Number, sqlstore.DecimalText(w.Permit.Annual), d.DateArg(w.Permit.Valid.Start), d.DateArg(w.Permit.Valid.End),
		w.Holder.Name, w.Holder.Code,
		plots, sqlstore.DecimalText(w.IrrigatedArea), int64(w.Irrigation), sqlstore.DecimalText(w.Depth),
		sqlstore.DecimalText(w.Pump.Power), sqlstore.DecimalText(w.Pump.Head), sqlstore.DecimalText(w.Pump.Efficiency), sqlstore.DecimalText(w.Pump.Flow),
	}, nil
}

func scanWell(row sqlstore.Scanner) (*water.WellRecord, error) {
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
func saveMeters(ctx context.Context, tx *sqlstore.Tx, w *water.WellRecord) error {
	if _, err := tx.Exec(ctx, "DELETE FROM water_well_meters WHERE well = ?", string(w.Code)); err != nil {
		return fmt.Errorf("watersql: replace meters of well %s: %w", w.Code, err)
	}
	for i, m := range w.Meters {
		var other string
		err := tx.QueryRowContext(ctx, tx.Dialect.Bind("SELECT well FROM water_well_meters WHERE meter = ?"),
			string(m.ID)).Scan(&other)
		switch {
		case err == nil:
			return meterConflict(w.Code, m.ID, other)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("watersql: look up meter %s: %w", m.ID, err)
		}
		_, err = tx.Exec(ctx, "INSERT INTO water_well_meters (meter, well, position, kind, installed) VALUES (?, ?, ?, ?, ?)",
			string(m.ID), string(w.Code), i, int64(m.Kind), tx.Dialect.DateArg(m.Installed))
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

// meters are the meter rows of the wells. saveMeters writes them itself, to find a
// meter that another well has.
var meters = &sqlstore.Children{
	Table:  "water_well_meters",
	Parent: "well",
	Cols:   []string{"kind", "meter", "installed"},
}

// loadMeters reads the meters of ws.
func loadMeters(ctx context.Context, q sqlstore.Querier, d sqlstore.Dialect, ws []*water.WellRecord) error {
	err := sqlstore.LoadChildren(ctx, q, d, meters, ws,
		func(w *water.WellRecord) string { return string(w.Code) },
		func(row sqlstore.Scanner) (water.Meter, error) {
			var m water.Meter
			err := row.Scan(enumValue[water.MeterKind]{&m.Kind}, textValue[water.MeterID]{&m.ID},
				sqlstore.DateScanner{D: &m.Installed})
			return m, err
		},
		func(w *water.WellRecord, m water.Meter) { w.Meters = append(w.Meters, m) })
	if err != nil {
		return fmt.Errorf("watersql: read meters: %w", err)
	}
	return nil
}

// PutWell stores w as [water.Store] describes. It fails with [water.ErrConflict] when
// another stored well has one of w's meters.
func (s *Store) PutWell(ctx context.Context, w *water.WellRecord) error {
	return wells.Put(ctx, s.handle, s.now(), w)
}

// Well returns the well with the code, or an error wrapping [water.ErrNotFound].
func (s *Store) Well(ctx context.Context, code water.WellCode) (*water.WellRecord, error) {
	return wells.Get(ctx, s.handle, string(code), string(code))
}

// WellByMeter returns the well that has the meter attached, or an error wrapping
// [water.ErrNotFound].
func (s *Store) WellByMeter(ctx context.Context, meter water.MeterID) (*water.WellRecord, error) {
	var w *water.WellRecord
	err := s.read(ctx, func(tx *sql.Tx) error {
		query := wells.SelectSQL() + " WHERE code = (SELECT well FROM water_well_meters WHERE meter = ?)"
		var err error
		w, err = scanWell(tx.QueryRowContext(ctx, s.dialect.shared().Bind(query), string(meter)))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("watersql: well with meter %s: %w", meter, water.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("watersql: read well with meter %s: %w", meter, err)
		}
		return loadMeters(ctx, tx, s.dialect.shared(), []*water.WellRecord{w})
	})
	return w, err
}

// DeleteWell removes the well with the code, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeleteWell(ctx context.Context, code water.WellCode) error {
	return wells.Delete(ctx, s.handle, string(code), string(code))
}

// Wells lists the wells that pass f in code order.
func (s *Store) Wells(ctx context.Context, f water.WellFilter) ([]*water.WellRecord, string, error) {
	w := &sqlstore.Where{}
	w.Within("division", f.Division)
	w.Equal("district", string(f.District))
	w.Equal("source", int64(f.Source))
	w.Equal("water_use", int64(f.Use))
	codeAfter(w, f.After)
	return wells.List(ctx, s.handle, w, f.Page, func(r *water.WellRecord) string { return string(r.Code) })
}
