package landsql

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var plantings = &sqlstore.Kind[land.Planting]{
	Name:     "planting",
	Table:    "plantings",
	Keys:     []string{"plot", "year", "season", "crop"},
	Cols:     []string{"variety", "sown_area"},
	Key:      func(p *land.Planting) []any { return plantingKeyArgs(p.Key()) },
	Label:    func(p *land.Planting) string { return p.Key().String() },
	Revision: func(p *land.Planting) (*int64, *time.Time) { return &p.Version, &p.UpdatedAt },
	Values: func(_ sqlstore.Dialect, p *land.Planting) ([]any, error) {
		return []any{p.Variety, sqlstore.DecimalText(p.SownArea)}, nil
	},
	Scan: scanPlanting,
}

func plantingKeyArgs(k land.PlantingKey) []any {
	return []any{string(k.Plot), int64(k.Year), int64(k.Season), k.Crop}
}

// PutPlanting stores p as [land.Store] describes.
func (s *Store) PutPlanting(ctx context.Context, p *land.Planting) error {
	return plantings.Put(ctx, s.handle, s.now(), p)
}

// Planting returns the planting record with the key, or an error wrapping
// [land.ErrNotFound].
func (s *Store) Planting(ctx context.Context, key land.PlantingKey) (*land.Planting, error) {
	return plantings.Get(ctx, s.handle, key.String(), plantingKeyArgs(key)...)
}

// DeletePlanting removes the planting record with the key, or returns an
// error wrapping [land.ErrNotFound].
func (s *Store) DeletePlanting(ctx context.Context, key land.PlantingKey) error {
	return plantings.Delete(ctx, s.handle, key.String(), plantingKeyArgs(key)...)
}

// Plantings lists the planting records that pass f in key order
// ([land.PlantingKey.Compare]).
func (s *Store) Plantings(ctx context.Context, f land.PlantingFilter) ([]*land.Planting, string, error) {
	w := &sqlstore.Where{}
	w.Prefix("plot", string(f.Issuer))
	w.Equal("plot", string(f.Plot))
	if f.FromYear != 0 {
		w.Add("year >= ?", int64(f.FromYear))
	}
	if f.ToYear != 0 {
		w.Add("year <= ?", int64(f.ToYear))
	}
	w.Equal("season", int64(f.Season))
	w.Equal("crop", f.Crop)
	if f.After != "" {
		after, err := parsePlantingToken(f.After)
		if err != nil {
			return nil, "", err
		}
		w.Add("(plot, year, season, crop) > (?, ?, ?, ?)", plantingKeyArgs(after)...)
	}
	token := func(p *land.Planting) string { return plantingToken(p.Key()) }
	return plantings.List(ctx, s.handle, w, f.Page, token)
}

// plantingToken encodes k as a page token: plot/year/season/crop with the
// season as its number, so that the crop, which may contain a slash, comes
// last.
func plantingToken(k land.PlantingKey) string {
	return fmt.Sprintf("%s/%d/%d/%s", k.Plot, k.Year, k.Season, k.Crop)
}

func parsePlantingToken(token string) (land.PlantingKey, error) {
	parts := strings.SplitN(token, "/", 4)
	if len(parts) == 4 {
		year, yearErr := strconv.Atoi(parts[1])
		season, seasonErr := strconv.Atoi(parts[2])
		if yearErr == nil && seasonErr == nil && season >= 0 && season <= 255 {
			return land.PlantingKey{
				Plot: land.PlotCode(parts[0]), Year: year, Season: land.Season(season), Crop: parts[3],
			}, nil
		}
	}
	return land.PlantingKey{}, fmt.Errorf("landsql: invalid planting page token %q: "+
		"want the next token of a previous Plantings call", token)
}

func scanPlanting(row sqlstore.Scanner) (*land.Planting, error) {
	var p land.Planting
	var plot string
	var year, season int64
	err := row.Scan(&plot, &year, &season, &p.Crop, &p.Variety, sqlstore.DecimalScanner{D: &p.SownArea},
		&p.Version, sqlstore.TimeScanner{T: &p.UpdatedAt})
	if err != nil {
		return nil, err
	}
	p.Plot, p.Year, p.Season = land.PlotCode(plot), int(year), land.Season(season)
	return &p, nil
}
