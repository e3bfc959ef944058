package watersql

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

var plans = &sqlstore.Kind[water.PlanRecord]{
	Name:  "plan",
	Table: "water_plans",
	Keys:  []string{"well", "year"},
	Cols:  []string{"annual", "monthly", "shares", "warnings", "at_limit"},
	Key:   func(p *water.PlanRecord) []any { return []any{string(p.Well), p.Year} },
	Label: func(p *water.PlanRecord) string { return fmt.Sprintf("%s %d", p.Well, p.Year) },
	Values: func(_ sqlstore.Dialect, p *water.PlanRecord) ([]any, error) {
		monthly, err := encodeDecimals(p.Monthly[:])
		if err != nil {
			return nil, err
		}
		shares, err := encodeShares(p.Shares)
		if err != nil {
			return nil, err
		}
		warnings, err := encodeDecimals(p.Warnings)
		return []any{sqlstore.DecimalText(p.Annual), monthly, shares, warnings, int64(p.AtLimit)}, err
	},
	Scan:     scanPlan,
	Revision: func(p *water.PlanRecord) (*int64, *time.Time) { return &p.Version, &p.UpdatedAt },
}

func scanPlan(row sqlstore.Scanner) (*water.PlanRecord, error) {
	var p water.PlanRecord
	var monthly, shares, warnings string
	err := row.Scan(textValue[water.WellCode]{&p.Well}, &p.Year, sqlstore.DecimalScanner{D: &p.Annual},
		&monthly, &shares, &warnings, enumValue[water.LimitAction]{&p.AtLimit}, &p.Version, sqlstore.TimeScanner{T: &p.UpdatedAt})
	if err != nil {
		return nil, err
	}
	if p.Monthly, err = decodeMonthly(monthly); err != nil {
		return nil, err
	}
	if p.Shares, err = decodeShares(shares); err != nil {
		return nil, err
	}
	p.Warnings, err = decodeDecimals(warnings)
	return &p, err
}

// planToken returns the page token of a plan: its well and year, apart by a space,
// which no well code has.
func planToken(p *water.PlanRecord) string { return fmt.Sprintf("%s %d", p.Well, p.Year) }

// planAfter adds the condition of a page token of planToken.
func planAfter(w *sqlstore.Where, after string) error {
	if after == "" {
		return nil
	}
	well, year, ok := strings.Cut(after, " ")
	y, err := strconv.Atoi(year)
	if !ok || err != nil {
		return fmt.Errorf("watersql: invalid plan page token %q: want a token from a previous listing", after)
	}
	w.Add("(well > ? OR (well = ? AND year > ?))", well, well, y)
	return nil
}

// PutPlan stores p as [water.Store] describes.
func (s *Store) PutPlan(ctx context.Context, p *water.PlanRecord) error {
	return plans.Put(ctx, s.handle, s.now(), p)
}

// Plan returns the plan of the well for the year, or an error wrapping
// [water.ErrNotFound].
func (s *Store) Plan(ctx context.Context, well water.WellCode, year int) (*water.PlanRecord, error) {
	return plans.Get(ctx, s.handle, fmt.Sprintf("%s %d", well, year), string(well), year)
}

// DeletePlan removes the plan of the well for the year, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeletePlan(ctx context.Context, well water.WellCode, year int) error {
	return plans.Delete(ctx, s.handle, fmt.Sprintf("%s %d", well, year), string(well), year)
}

// Plans lists the plans that pass f by well, then year.
func (s *Store) Plans(ctx context.Context, f water.PlanFilter) ([]*water.PlanRecord, string, error) {
	w := &sqlstore.Where{}
	w.Equal("well", string(f.Well))
	w.Equal("year", f.Year)
	if err := planAfter(w, f.After); err != nil {
		return nil, "", err
	}
	return plans.List(ctx, s.handle, w, f.Page, planToken)
}
