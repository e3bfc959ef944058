package landsql

import (
	"context"
	"fmt"
	"time"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var plots = &sqlstore.Kind[land.Plot]{
	Name:  "plot",
	Table: "plots",
	Keys:  []string{"code"},
	Cols: []string{
		"name", "village", "geometry", "min_lon", "min_lat", "max_lon", "max_lat",
		"class", "category", "land_use", "declared_area", "high_standard_farmland",
		"salinity", "irrigation",
	},
	ReadCols: []string{
		"code", "name", "village", "geometry", "class", "category", "land_use", "declared_area",
		"high_standard_farmland", "salinity", "irrigation",
	},
	Key:      func(p *land.Plot) []any { return []any{string(p.Code)} },
	Label:    plotToken,
	Revision: func(p *land.Plot) (*int64, *time.Time) { return &p.Version, &p.UpdatedAt },
	Values:   plotValues,
	Scan:     scanPlot,
}

func plotToken(p *land.Plot) string { return string(p.Code) }

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
func (s *Store) PutPlots(ctx context.Context, ps []*land.Plot) error {
	return plots.Put(ctx, s.handle, s.now(), ps...)
}

func plotValues(_ sqlstore.Dialect, p *land.Plot) ([]any, error) {
	blob, box, err := encodeGeometry(p.Geometry)
	if err != nil {
		return nil, fmt.Errorf("landsql: plot %s: %w", p.Code, err)
	}
	return []any{
		p.Name, string(p.Village), blob, box.minLon, box.minLat, box.maxLon, box.maxLat,
		int64(p.Class), int64(p.Category), string(p.Use), sqlstore.DecimalText(p.DeclaredArea),
		p.HighStandardFarmland, int64(p.Salinity), int64(p.Irrigation),
	}, nil
}

// Plot returns the plot with the code, or an error wrapping [land.ErrNotFound].
func (s *Store) Plot(ctx context.Context, code land.PlotCode) (*land.Plot, error) {
	return plots.Get(ctx, s.handle, string(code), string(code))
}

// DeletePlot removes the plot with the code, or returns an error wrapping
// [land.ErrNotFound].
func (s *Store) DeletePlot(ctx context.Context, code land.PlotCode) error {
	return plots.Delete(ctx, s.handle, string(code), string(code))
}

// Plots lists the plots that pass f in code order.
func (s *Store) Plots(ctx context.Context, f land.PlotFilter) ([]*land.Plot, string, error) {
	return s.listPlots(ctx, plotWhere(f), f.Page)
}

// PlotsInBounds lists the plots that pass f and whose bounding box meets b,
// in code order. It compares bounding boxes only, through an index: a plot
// returned may still lie wholly outside b, so callers test the geometry
// itself. b is in lon, lat degrees; plots without a geometry never meet it.
func (s *Store) PlotsInBounds(ctx context.Context, b *geom.Bounds, f land.PlotFilter) ([]*land.Plot, string, error) {
	if b == nil || b.IsEmpty() || b.Layout().Stride() < 2 {
		return nil, "", fmt.Errorf("landsql: plots in bounds: want non-empty lon, lat bounds, got %v", b)
	}
	w := plotWhere(f)
	w.Add("max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?",
		b.Min(0), b.Max(0), b.Min(1), b.Max(1))
	return s.listPlots(ctx, w, f.Page)
}

func (s *Store) listPlots(ctx context.Context, w *sqlstore.Where, p land.Page) ([]*land.Plot, string, error) {
	codeAfter(w, p.After)
	return plots.List(ctx, s.handle, w, p, plotToken)
}

func plotWhere(f land.PlotFilter) *sqlstore.Where {
	w := &sqlstore.Where{}
	w.Within("village", f.Division)
	w.Prefix("code", string(f.Issuer))
	w.Equal("class", int64(f.Class))
	w.Prefix("land_use", string(f.Use))
	return w
}

// codeAfter adds the condition of a page token that is the last code listed.
func codeAfter(w *sqlstore.Where, after string) {
	if after != "" {
		w.Add("code > ?", after)
	}
}

func scanPlot(row sqlstore.Scanner) (*land.Plot, error) {
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
