package landsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var plotsTable = table{
	name: "plots",
	kind: "plot",
	keys: []string{"code"},
	cols: []string{
		"name", "village", "geometry", "min_lon", "min_lat", "max_lon", "max_lat",
		"class", "category", "land_use", "declared_area", "high_standard_farmland",
		"salinity", "irrigation",
	},
	readCols: []string{
		"name", "village", "geometry", "class", "category", "land_use", "declared_area",
		"high_standard_farmland", "salinity", "irrigation",
	},
}

// PutPlot stores p as [land.Store] describes. The geometry is stored as EWKB,
// so coordinates and SRID come back bit for bit.
func (s *Store) PutPlot(ctx context.Context, p *land.Plot) error {
	return s.PutPlots(ctx, []*land.Plot{p})
}

// PutPlots stores plots in one transaction, each as [Store.PutPlot] would,
// and stores none of them if one fails; the error then names that plot. An
// import of many plots runs far faster this way, because the database
// commits to disk once. On success PutPlots sets each plot's Version and
// UpdatedAt, all to the same instant.
func (s *Store) PutPlots(ctx context.Context, plots []*land.Plot) error {
	records := make([]record, len(plots))
	for i, p := range plots {
		r, err := plotRecord(p)
		if err != nil {
			return err
		}
		records[i] = r
	}

	at := s.now()
	versions := make([]int64, len(plots))
	err := s.write(ctx, func(tx *writeTx) error {
		for i, r := range records {
			var err error
			if versions[i], err = s.put(ctx, tx, plotsTable, r, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, p := range plots {
		p.Version, p.UpdatedAt = versions[i], at
	}
	return nil
}

func plotRecord(p *land.Plot) (record, error) {
	if err := p.Validate(); err != nil {
		return record{}, err
	}
	blob, box, err := encodeGeometry(p.Geometry)
	if err != nil {
		return record{}, fmt.Errorf("landsql: plot %s: %w", p.Code, err)
	}
	return record{
		key: []any{string(p.Code)},
		values: []any{
			p.Name, string(p.Village), blob, box.minLon, box.minLat, box.maxLon, box.maxLat,
			int64(p.Class), int64(p.Category), string(p.Use), sqlstore.DecimalText(p.DeclaredArea),
			p.HighStandardFarmland, int64(p.Salinity), int64(p.Irrigation),
		},
		version: p.Version,
		name:    string(p.Code),
	}, nil
}

// Plot returns the plot with the code, or an error wrapping [land.ErrNotFound].
func (s *Store) Plot(ctx context.Context, code land.PlotCode) (*land.Plot, error) {
	query := s.dialect.rebind(plotsTable.selectSQL() + " WHERE code = ?")
	p, err := scanPlot(s.db.QueryRowContext(ctx, query, string(code)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("landsql: plot %s: %w", code, land.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("landsql: read plot %s: %w", code, err)
	}
	return p, nil
}

// DeletePlot removes the plot with the code, or returns an error wrapping
// [land.ErrNotFound].
func (s *Store) DeletePlot(ctx context.Context, code land.PlotCode) error {
	return s.remove(ctx, plotsTable, string(code), string(code))
}

// Plots lists the plots that pass f in code order.
func (s *Store) Plots(ctx context.Context, f land.PlotFilter) ([]*land.Plot, string, error) {
	w, err := plotWhere(f)
	if err != nil {
		return nil, "", err
	}
	return s.listPlots(ctx, w, f.Page)
}

// PlotsInBounds lists the plots that pass f and whose bounding box meets b,
// in code order. It compares bounding boxes only, through an index: a plot
// returned may still lie wholly outside b, so callers test the geometry
// itself. b is in lon, lat degrees; plots without a geometry never meet it.
func (s *Store) PlotsInBounds(ctx context.Context, b *geom.Bounds, f land.PlotFilter) ([]*land.Plot, string, error) {
	if b == nil || b.IsEmpty() || b.Layout().Stride() < 2 {
		return nil, "", fmt.Errorf("landsql: plots in bounds: want non-empty lon, lat bounds, got %v", b)
	}
	w, err := plotWhere(f)
	if err != nil {
		return nil, "", err
	}
	w.add("max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?",
		b.Min(0), b.Max(0), b.Min(1), b.Max(1))
	return s.listPlots(ctx, w, f.Page)
}

func (s *Store) listPlots(ctx context.Context, w *where, p land.Page) ([]*land.Plot, string, error) {
	if p.After != "" {
		w.add("code > ?", p.After)
	}
	// One statement reads one snapshot, so no transaction is needed.
	return page(ctx, s, s.db, plotsTable, w, "code", p, scanPlot,
		func(p *land.Plot) string { return string(p.Code) })
}

func plotWhere(f land.PlotFilter) (*where, error) {
	if err := f.Page.Validate(); err != nil {
		return nil, err
	}
	w := &where{}
	divisionPrefix(w, "village", f.Division)
	w.prefix("code", string(f.Issuer))
	if f.Class != 0 {
		w.add("class = ?", int64(f.Class))
	}
	w.prefix("land_use", string(f.Use))
	return w, nil
}

// divisionPrefix keeps rows whose division column lies within d, as
// [land.DivisionCode.Contains] decides: a division contains the codes that
// begin with its significant digits.
func divisionPrefix(w *where, col string, d land.DivisionCode) {
	if d == "" {
		return
	}
	digits := significantDigits(d.Level())
	if digits == 0 {
		w.empty = true
		return
	}
	w.prefix(col, string(d[:digits]))
}

// significantDigits returns how many leading digits name a division of
// level l, or 0 for no level.
func significantDigits(l land.DivisionLevel) int {
	switch l {
	case land.DivisionProvince:
		return 2
	case land.DivisionPrefecture:
		return 4
	case land.DivisionCounty:
		return 6
	case land.DivisionTownship:
		return 9
	case land.DivisionVillage:
		return 12
	}
	return 0
}

func scanPlot(row scanner) (*land.Plot, error) {
	var (
		p                                     land.Plot
		code, village, use                    string
		blob                                  []byte
		class, category, salinity, irrigation int64
	)
	err := row.Scan(&code, &p.Name, &village, &blob, &class, &category, &use,
		sqlstore.DecimalScanner{D: &p.DeclaredArea}, &p.HighStandardFarmland, &salinity, &irrigation,
		&p.Version, sqlstore.TimeScanner{T: &p.UpdatedAt})
	if err != nil {
		return nil, err
	}
	g, err := decodeGeometry(blob)
	if err != nil {
		return nil, fmt.Errorf("plot %s: %w", code, err)
	}
	p.Code, p.Village, p.Use, p.Geometry = land.PlotCode(code), land.DivisionCode(village), land.Use(use), g
	p.Class, p.Category = land.Class(class), land.Category(category)
	p.Salinity, p.Irrigation = land.SalinityGrade(salinity), land.IrrigationMethod(irrigation)
	return &p, nil
}
