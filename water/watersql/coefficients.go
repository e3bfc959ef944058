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

// coefficients are the coefficient rows of the histories.
var coefficients = &sqlstore.Children{
	Table:  "water_coefficients",
	Parent: "well",
	Cols:   []string{"value", "valid_from", "valid_to", "reason", "runs", "water", "energy", "head", "efficiency"},
}

// saveCoefficients replaces the coefficient rows of h.
func saveCoefficients(ctx context.Context, tx *sqlstore.Tx, h *water.CoefficientHistoryRecord) error {
	d := tx.Dialect
	rows := make([][]any, len(h.Coefficients))
	for i, c := range h.Coefficients {
		rows[i] = []any{sqlstore.DecimalText(c.Value), d.TimeArg(c.From), d.TimeArg(c.To), int64(c.Reason), c.Runs,
			sqlstore.DecimalText(c.Water), sqlstore.DecimalText(c.Energy), sqlstore.DecimalText(c.Head),
			sqlstore.DecimalText(c.Efficiency)}
	}
	if err := coefficients.Replace(ctx, tx, string(h.Well), rows, false); err != nil {
		return fmt.Errorf("watersql: replace coefficients of well %s: %w", h.Well, err)
	}
	return nil
}

// loadCoefficients reads the coefficients of hs.
func loadCoefficients(ctx context.Context, q sqlstore.Querier, d sqlstore.Dialect, hs []*water.CoefficientHistoryRecord) error {
	err := sqlstore.LoadChildren(ctx, q, d, coefficients, hs,
		func(h *water.CoefficientHistoryRecord) string { return string(h.Well) },
		func(row sqlstore.Scanner) (water.Coefficient, error) {
			var c water.Coefficient
			err := row.Scan(sqlstore.DecimalScanner{D: &c.Value}, sqlstore.TimeScanner{T: &c.From},
				sqlstore.TimeScanner{T: &c.To}, enumValue[water.ChangeReason]{&c.Reason}, &c.Runs,
				sqlstore.DecimalScanner{D: &c.Water}, sqlstore.DecimalScanner{D: &c.Energy},
				sqlstore.DecimalScanner{D: &c.Head}, sqlstore.DecimalScanner{D: &c.Efficiency})
			return c, err
		},
		func(h *water.CoefficientHistoryRecord, c water.Coefficient) {
			c.Well = h.Well
			h.Coefficients = append(h.Coefficients, c)
		})
	if err != nil {
		return fmt.Errorf("watersql: read coefficients: %w", err)
	}
	return nil
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
