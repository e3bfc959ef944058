package watersql

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

var plans = &kind[water.PlanRecord]{
	name:  "plan",
	table: "water_plans",
	keys:  []string{"well", "year"},
	cols:  []string{"annual", "monthly", "shares", "warnings", "at_limit"},
	key:   func(p *water.PlanRecord) []any { return []any{string(p.Well), p.Year} },
	label: func(p *water.PlanRecord) string { return fmt.Sprintf("%s %d", p.Well, p.Year) },
	values: func(_ Dialect, p *water.PlanRecord) ([]any, error) {
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
	scan:     scanPlan,
	revision: func(p *water.PlanRecord) *water.Revision { return &p.Revision },
}

func scanPlan(row scanner) (*water.PlanRecord, error) {
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
func planAfter(w *where, after string) error {
	if after == "" {
		return nil
	}
	well, year, ok := strings.Cut(after, " ")
	y, err := strconv.Atoi(year)
	if !ok || err != nil {
		return fmt.Errorf("watersql: invalid plan page token %q: want a token from a previous listing", after)
	}
	w.add("(well > ? OR (well = ? AND year > ?))", well, well, y)
	return nil
}

// PutPlan stores p as [water.Store] describes.
func (s *Store) PutPlan(ctx context.Context, p *water.PlanRecord) error { return plans.put(ctx, s, p) }

// Plan returns the plan of the well for the year, or an error wrapping
// [water.ErrNotFound].
func (s *Store) Plan(ctx context.Context, well water.WellCode, year int) (*water.PlanRecord, error) {
	return plans.get(ctx, s, fmt.Sprintf("%s %d", well, year), string(well), year)
}

// DeletePlan removes the plan of the well for the year, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeletePlan(ctx context.Context, well water.WellCode, year int) error {
	return plans.remove(ctx, s, fmt.Sprintf("%s %d", well, year), string(well), year)
}

// Plans lists the plans that pass f by well, then year.
func (s *Store) Plans(ctx context.Context, f water.PlanFilter) ([]*water.PlanRecord, string, error) {
	w := &where{}
	equal(w, "well", string(f.Well))
	equal(w, "year", f.Year)
	if err := planAfter(w, f.After); err != nil {
		return nil, "", err
	}
	return plans.list(ctx, s, w, f.Page, planToken)
}
