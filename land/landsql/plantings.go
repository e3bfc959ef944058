package landsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var plantingsTable = table{
	name: "plantings",
	kind: "planting",
	keys: []string{"plot", "year", "season", "crop"},
	cols: []string{"variety", "sown_area"},
}

func plantingKeyArgs(k land.PlantingKey) []any {
	return []any{string(k.Plot), int64(k.Year), int64(k.Season), k.Crop}
}

// PutPlanting stores p as [land.Store] describes.
func (s *Store) PutPlanting(ctx context.Context, p *land.Planting) error {
	if err := p.Validate(); err != nil {
		return err
	}
	r := record{
		key:     plantingKeyArgs(p.Key()),
		values:  []any{p.Variety, sqlstore.DecimalText(p.SownArea)},
		version: p.Version,
		name:    p.Key().String(),
	}

	at := s.now()
	var version int64
	err := s.write(ctx, func(tx *writeTx) error {
		var err error
		version, err = s.put(ctx, tx, plantingsTable, r, at)
		return err
	})
	if err != nil {
		return err
	}
	p.Version, p.UpdatedAt = version, at
	return nil
}

// Planting returns the planting record with the key, or an error wrapping
// [land.ErrNotFound].
func (s *Store) Planting(ctx context.Context, key land.PlantingKey) (*land.Planting, error) {
	query := s.dialect.rebind(plantingsTable.selectSQL() + " WHERE " + plantingsTable.keyCondition())
	p, err := scanPlanting(s.db.QueryRowContext(ctx, query, plantingKeyArgs(key)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("landsql: planting %s: %w", key, land.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("landsql: read planting %s: %w", key, err)
	}
	return p, nil
}

// DeletePlanting removes the planting record with the key, or returns an
// error wrapping [land.ErrNotFound].
func (s *Store) DeletePlanting(ctx context.Context, key land.PlantingKey) error {
	return s.remove(ctx, plantingsTable, key.String(), plantingKeyArgs(key)...)
}

// Plantings lists the planting records that pass f in key order
// ([land.PlantingKey.Compare]).
func (s *Store) Plantings(ctx context.Context, f land.PlantingFilter) ([]*land.Planting, string, error) {
	if err := f.Page.Validate(); err != nil {
		return nil, "", err
	}
	w := &where{}
	w.prefix("plot", string(f.Issuer))
	if f.Plot != "" {
		w.add("plot = ?", string(f.Plot))
	}
	if f.FromYear != 0 {
		w.add("year >= ?", int64(f.FromYear))
	}
	if f.ToYear != 0 {
		w.add("year <= ?", int64(f.ToYear))
	}
	if f.Season != 0 {
		w.add("season = ?", int64(f.Season))
	}
	if f.Crop != "" {
		w.add("crop = ?", f.Crop)
	}
	if f.After != "" {
		after, err := parsePlantingToken(f.After)
		if err != nil {
			return nil, "", err
		}
		w.add("(plot, year, season, crop) > (?, ?, ?, ?)", plantingKeyArgs(after)...)
	}

	return page(ctx, s, s.db, plantingsTable, w, "plot, year, season, crop", f.Page,
		scanPlanting, func(p *land.Planting) string { return plantingToken(p.Key()) })
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

func scanPlanting(row scanner) (*land.Planting, error) {
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
