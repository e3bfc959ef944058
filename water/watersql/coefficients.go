package watersql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

var histories = &sqlstore.Kind[water.CoefficientHistoryRecord]{
	Name:  "coefficient history",
	Table: "water_coefficient_histories",
	Keys:  []string{"well"},
	Key:   func(h *water.CoefficientHistoryRecord) []any { return []any{string(h.Well)} },
	Label: func(h *water.CoefficientHistoryRecord) string { return string(h.Well) },
	Values: func(sqlstore.Dialect, *water.CoefficientHistoryRecord) ([]any, error) {
		return nil, nil
	},
	Scan: func(row sqlstore.Scanner) (*water.CoefficientHistoryRecord, error) {
		var h water.CoefficientHistoryRecord
		if err := row.Scan(textValue[water.WellCode]{&h.Well}, &h.Version, sqlstore.TimeScanner{T: &h.UpdatedAt}); err != nil {
			return nil, err
		}
		return &h, nil
	},
	Revision:  func(h *water.CoefficientHistoryRecord) (*int64, *time.Time) { return &h.Version, &h.UpdatedAt },
	Normalize: normalizeHistory,
	SaveChildren: func(ctx context.Context, tx *sqlstore.Tx, h *water.CoefficientHistoryRecord, _ bool) error {
		return saveCoefficients(ctx, tx, h)
	},
	LoadChildren: loadCoefficients,
}

// normalizeHistory returns a copy of h with the times as stores keep them.
func normalizeHistory(h *water.CoefficientHistoryRecord) *water.CoefficientHistoryRecord {
	c := *h
	c.Coefficients = make([]water.Coefficient, len(h.Coefficients))
	for i, coef := range h.Coefficients {
		coef.From, coef.To = water.StoreTime(coef.From), water.StoreTime(coef.To)
		c.Coefficients[i] = coef
	}
	return &c
}

// saveCoefficients replaces the coefficient rows of h.
func saveCoefficients(ctx context.Context, tx *sqlstore.Tx, h *water.CoefficientHistoryRecord) error {
	if _, err := tx.Exec(ctx, "DELETE FROM water_coefficients WHERE well = ?", string(h.Well)); err != nil {
		return fmt.Errorf("watersql: replace coefficients of well %s: %w", h.Well, err)
	}
	const insert = "INSERT INTO water_coefficients (well, position, value, valid_from, valid_to, reason, runs, " +
		"water, energy, head, efficiency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	for i, c := range h.Coefficients {
		_, err := tx.Exec(ctx, insert, string(h.Well), i, sqlstore.DecimalText(c.Value),
			tx.Dialect.TimeArg(c.From), tx.Dialect.TimeArg(c.To), int64(c.Reason), c.Runs,
			sqlstore.DecimalText(c.Water), sqlstore.DecimalText(c.Energy), sqlstore.DecimalText(c.Head), sqlstore.DecimalText(c.Efficiency))
		if err != nil {
			return fmt.Errorf("watersql: store coefficient %d of well %s: %w", i, h.Well, err)
		}
	}
	return nil
}

// loadCoefficients reads the coefficients of hs, a chunk of histories per query.
func loadCoefficients(ctx context.Context, q sqlstore.Querier, d sqlstore.Dialect, hs []*water.CoefficientHistoryRecord) error {
	byWell := make(map[water.WellCode]*water.CoefficientHistoryRecord, len(hs))
	for _, h := range hs {
		byWell[h.Well] = h
	}
	return inChunks(hs, func(chunk []*water.CoefficientHistoryRecord) error {
		args := make([]any, len(chunk))
		for i, h := range chunk {
			args[i] = string(h.Well)
		}
		query := "SELECT well, value, valid_from, valid_to, reason, runs, water, energy, head, efficiency " +
			"FROM water_coefficients WHERE well IN (" + sqlstore.Placeholders(len(chunk)) + ") ORDER BY well, position"
		rows, err := q.QueryContext(ctx, d.Bind(query), args...)
		if err != nil {
			return fmt.Errorf("watersql: read coefficients: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c water.Coefficient
			err := rows.Scan(textValue[water.WellCode]{&c.Well}, sqlstore.DecimalScanner{D: &c.Value}, sqlstore.TimeScanner{T: &c.From},
				sqlstore.TimeScanner{T: &c.To}, enumValue[water.ChangeReason]{&c.Reason}, &c.Runs,
				sqlstore.DecimalScanner{D: &c.Water}, sqlstore.DecimalScanner{D: &c.Energy}, sqlstore.DecimalScanner{D: &c.Head}, sqlstore.DecimalScanner{D: &c.Efficiency})
			if err != nil {
				return fmt.Errorf("watersql: read coefficients: %w", err)
			}
			if h := byWell[c.Well]; h != nil {
				h.Coefficients = append(h.Coefficients, c)
			}
		}
		return rows.Err()
	})
}

// PutCoefficientHistory stores h as [water.Store] describes.
func (s *Store) PutCoefficientHistory(ctx context.Context, h *water.CoefficientHistoryRecord) error {
	return histories.Put(ctx, s.handle, s.now(), h)
}

// CoefficientHistory returns the coefficient history of the well, or an error wrapping
// [water.ErrNotFound].
func (s *Store) CoefficientHistory(ctx context.Context, well water.WellCode) (*water.CoefficientHistoryRecord, error) {
	return histories.Get(ctx, s.handle, string(well), string(well))
}

// DeleteCoefficientHistory removes the coefficient history of the well, or returns an
// error wrapping [water.ErrNotFound].
func (s *Store) DeleteCoefficientHistory(ctx context.Context, well water.WellCode) error {
	return histories.Delete(ctx, s.handle, string(well), string(well))
}

// CoefficientHistories lists the coefficient histories in well order.
func (s *Store) CoefficientHistories(ctx context.Context, f water.CoefficientFilter) ([]*water.CoefficientHistoryRecord, string, error) {
	w := &sqlstore.Where{}
	if f.After != "" {
		w.Add("well > ?", f.After)
	}
	return histories.List(ctx, s.handle, w, f.Page, func(h *water.CoefficientHistoryRecord) string { return string(h.Well) })
}

// StartCoefficient adds c to its well's history as [water.CoefficientStore] describes.
// On PostgreSQL the history's row stays locked from the read to the write. When two
// transactions create a well's first history at once, the later fails with
// [water.ErrConflict], and a retry succeeds.
func (s *Store) StartCoefficient(ctx context.Context, c water.Coefficient) (*water.CoefficientHistoryRecord, error) {
	c.From, c.To = water.StoreTime(c.From), water.StoreTime(c.To)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	var rec *water.CoefficientHistoryRecord
	err := s.handle.WriteTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		rec, err = lockHistory(ctx, tx, c.Well)
		if err != nil {
			return err
		}
		h, err := rec.History()
		if err != nil {
			return err
		}
		if err := h.Start(c); err != nil {
			return fmt.Errorf("watersql: start coefficient of well %s: %w", c.Well, err)
		}
		rec.Coefficients = h.Coefficients()
		return histories.PutTx(ctx, s.handle, tx, s.now(), rec)
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// lockHistory reads the history of well for update, or returns an empty one with
// Version 0 when the well has none.
func lockHistory(ctx context.Context, tx *sqlstore.Tx, well water.WellCode) (*water.CoefficientHistoryRecord, error) {
	query := histories.SelectSQL() + " WHERE well = ?"
	if tx.Dialect == sqlstore.PostgreSQL {
		query += " FOR UPDATE"
	}
	rec, err := histories.Scan(tx.QueryRowContext(ctx, tx.Dialect.Bind(query), string(well)))
	if errors.Is(err, sql.ErrNoRows) {
		return &water.CoefficientHistoryRecord{Well: well}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("watersql: read coefficient history %s: %w", well, err)
	}
	if err := loadCoefficients(ctx, tx, tx.Dialect, []*water.CoefficientHistoryRecord{rec}); err != nil {
		return nil, err
	}
	return rec, nil
}
