package water

import (
	"fmt"

	"github.com/shuxiang/shuxiang/land"
)

// Report returns the rows that q selects, each with its volume and its changes year on
// year and against the previous period. Groups come from the register the index was
// built with, so a well or village without rollups still has rows, with 0 records.
// When q.Code names a group, it gets rows for q's source and use even if none of its
// wells has them. When q.Code is empty, groups and splits that no well has are left
// out. Report returns an error when q is not valid, and one wrapping [ErrNotFound]
// when q.Code names no group of the register.
func (ix *ReportIndex) Report(q ReportQuery) (Report, error) {
	if err := q.Validate(); err != nil {
		return Report{}, err
	}
	groups, err := ix.selectGroups(&q)
	if err != nil {
		return Report{}, err
	}
	r := Report{Zone: ix.zone.Name(), Query: q}
	for _, g := range groups {
		for _, c := range selectCells(g, &q) {
			r.Rows = ix.appendRows(r.Rows, &q, g.code, c)
		}
	}
	return r, nil
}

// selectGroups returns the groups of q's level that q selects, in code order.
func (ix *ReportIndex) selectGroups(q *ReportQuery) ([]*group, error) {
	lv := &ix.levels[q.Level]
	if q.Code != "" {
		g, ok := lv.byCode[q.Code]
		if !ok {
			return nil, fmt.Errorf("water: report: %s %s: %w", q.Level, q.Code, ErrNotFound)
		}
		if !inWithin(g, q.Within) {
			return nil, nil
		}
		return []*group{g}, nil
	}
	var out []*group
	for _, g := range lv.groups {
		if inWithin(g, q.Within) {
			out = append(out, g)
		}
	}
	return out, nil
}

func inWithin(g *group, within land.DivisionCode) bool {
	return within == "" || within.Contains(g.division)
}

// selectCells returns the cells of g that q reports: the one of q's source and use, or
// one per source or use when q splits by them.
func selectCells(g *group, q *ReportQuery) []cell {
	if !q.BySource && !q.ByUse {
		for _, c := range g.cells {
			if c.source == q.Source && c.use == q.Use {
				return []cell{c}
			}
		}
		if q.Code != "" {
			return []cell{{source: q.Source, use: q.Use}}
		}
		return nil
	}
	var out []cell
	for _, c := range g.cells {
		if splitMatches(c.source, q.Source, q.BySource) && splitMatches(c.use, q.Use, q.ByUse) {
			out = append(out, c)
		}
	}
	return out
}

// splitMatches reports whether a cell's value v of one dimension is one q reports:
// any named value matching the filter when q splits by the dimension, the filter itself
// when it does not.
func splitMatches[T ~uint8](v, filter T, split bool) bool {
	if !split {
		return v == filter
	}
	return v != 0 && (filter == 0 || v == filter)
}

// appendRows appends the rows of one cell, one per period from q.From to q.Through.
func (ix *ReportIndex) appendRows(rows []ReportRow, q *ReportQuery, code string, c cell) []ReportRow {
	for d := q.From; !d.After(q.Through); {
		p := calendarPeriod(q.Granularity, d)
		covered := land.Period{Start: maxDate(p.Start, q.From), End: minDate(p.End, q.Through)}
		current := ix.sum(c.sums, covered)
		rows = append(rows, ReportRow{
			Level: q.Level, Code: code, Source: c.source, Use: c.use,
			Period:  covered,
			Partial: covered != p,
			Volume:  volumeDecimal(current.volume),
			Records: current.records,
			YoY:     ix.change(c.sums, q.Granularity, yearOnYear, p, covered, current),
			MoM:     ix.change(c.sums, q.Granularity, previousPeriod, p, covered, current),
		})
		d = dateOf(dayOf(p.End) + 1)
	}
	return rows
}

func (ix *ReportIndex) change(s *runningSums, g Granularity, cmp comparison, p, covered land.Period,
	current tally) Change {
	base, ok := baseDays(g, cmp, p, covered)
	if !ok {
		return compare(current, tally{}, land.Period{}, false)
	}
	return compare(current, ix.sum(s, base), base, true)
}
