package bulk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// monthColumns are the columns of the monthly volumes, January first.
var monthColumns = func() [12]string {
	var names [12]string
	for i := range names {
		names[i] = fmt.Sprintf("m%02d_m3", i+1)
	}
	return names
}()

// PlanColumns returns the columns of water-use plan CSV files, in export order.
func PlanColumns() []Column {
	cols := []Column{
		{"well", true, "code of the well, which must be in the register"},
		{"year", true, "calendar year, 1900 to 9999"},
		{"annual_m3", false, "planned volume for the year in m³; empty when the twelve months are given"},
	}
	for i, name := range monthColumns {
		cols = append(cols, Column{name, false, fmt.Sprintf("planned volume for month %d in m³", i+1)})
	}
	return append(cols,
		Column{"warnings_percent", false, "percentages of the plan at which to warn, increasing, separated by semicolons, such as 80;90"},
		Column{"at_limit", false, "alarm (the default) or remote-stop: what happens at 100% of the plan"},
		Column{"shares", false, "households' parts as CONTRACTOR:AREA_MU:M3_PER_MU, separated by semicolons"},
	)
}

// planKey is the key of a plan, as the audit log names it.
type planKey struct {
	well water.WellCode
	year int
}

func (k planKey) String() string { return fmt.Sprintf("%s/%d", k.well, k.year) }

// ImportPlans imports the water-use plans of a CSV file in the layout of
// [PlanColumns]. A row sets the annual volume and its split by month. When it
// gives no months the annual volume is split evenly, as the HTTP API does.
// The columns warnings_percent, at_limit and shares, when the file lacks
// them, keep the stored values. The well of every plan must be in the
// register.
func ImportPlans(ctx context.Context, s Stores, r io.Reader, opts Options) (*Report, error) {
	t, err := openCSV(r, PlanColumns())
	if err != nil {
		return nil, err
	}
	rep := &Report{Kind: "plans", DryRun: opts.DryRun}
	var changes []change
	lines := map[planKey]int{}
	for {
		row, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if !rejectParseError(rep, err) {
				return nil, err
			}
			continue
		}
		if row.blank() {
			continue
		}
		rep.Read++
		c, unchanged, p := s.planChange(ctx, row, lines)
		switch {
		case p != nil:
			rep.reject(*p)
		case unchanged:
			rep.Unchanged++
		default:
			changes = append(changes, c)
		}
	}
	return rep, commit(ctx, s, opts, rep, changes)
}

func (s Stores) planChange(ctx context.Context, row csvRow, lines map[planKey]int) (change, bool, *Problem) {
	reject := func(err error) (change, bool, *Problem) {
		p := row.problem(err)
		return change{}, false, &p
	}
	if err := row.requiredCells(PlanColumns()); err != nil {
		return reject(err)
	}
	key, well, err := s.planOfRow(ctx, row)
	if err != nil {
		return reject(err)
	}
	if first, dup := lines[key]; dup {
		return reject(cellError("year", strconv.Itoa(key.year), "duplicate_plan",
			"the plan of well %s for %d is also on line %d; keep one row per well and year", key.well, key.year, first))
	}
	lines[key] = row.line

	stored, err := s.Water.Plan(ctx, key.well, key.year)
	if err != nil && !errors.Is(err, water.ErrNotFound) {
		return reject(fmt.Errorf("read plan %s: %w", key, err))
	}
	rec := &water.PlanRecord{Plan: water.Plan{Well: key.well, Year: key.year}}
	if stored != nil {
		rec = clonePlan(stored)
	}
	if err := applyPlanRow(&rec.Plan, row); err != nil {
		return reject(err)
	}
	if err := rec.Validate(); err != nil {
		return reject(planValidationError(err))
	}
	if stored != nil && maps.Equal(planCells(&stored.Plan), planCells(&rec.Plan)) {
		return change{}, true, nil
	}

	c := change{record: row.record(), pos: row.line, kind: "plan", key: key.String(), division: string(well.Division)}
	if stored != nil {
		if c.before, err = server.PlanJSON(stored); err != nil {
			return reject(err)
		}
	}
	c.put = func(ctx context.Context) (string, json.RawMessage, []auditRecord, error) {
		if err := s.Water.PutPlan(ctx, rec); err != nil {
			return "", nil, nil, err
		}
		after, err := server.PlanJSON(rec)
		return c.key, after, nil, err
	}
	return c, false, nil
}

// planOfRow reads the well and year of row and checks that the well exists.
func (s Stores) planOfRow(ctx context.Context, row csvRow) (planKey, *water.WellRecord, error) {
	code, err := water.ParseWellCode(row.cell("well"))
	if err != nil {
		return planKey{}, nil, cellError("well", row.cell("well"), "invalid_well", "%v", err)
	}
	year, err := strconv.Atoi(row.cell("year"))
	if err != nil || year < 1900 || year > 9999 {
		return planKey{}, nil, cellError("year", row.cell("year"), "invalid_year", "want a calendar year from 1900 to 9999, such as 2026")
	}
	well, err := s.Water.Well(ctx, code)
	if errors.Is(err, water.ErrNotFound) {
		return planKey{}, nil, cellError("well", string(code), "unknown_well",
			"well %s is not in the register; import the wells first", code)
	}
	if err != nil {
		return planKey{}, nil, fmt.Errorf("read well %s: %w", code, err)
	}
	return planKey{code, year}, well, nil
}

// applyPlanRow sets the volumes of p from row, and the warnings, action and
// shares when the file has their columns.
func applyPlanRow(p *water.Plan, row csvRow) error {
	if err := applyVolumes(p, row); err != nil {
		return err
	}
	if _, ok := row.t.index["warnings_percent"]; ok {
		p.Warnings = nil
		for _, v := range list(row.cell("warnings_percent")) {
			d, err := parseQuantity(v)
			if err != nil {
				return cellError("warnings_percent", v, "invalid_warnings_percent",
					"%q is not a percentage; write numbers separated by semicolons, such as 80;90", v)
			}
			p.Warnings = append(p.Warnings, d)
		}
	}
	if _, ok := row.t.index["at_limit"]; ok {
		p.AtLimit = water.LimitAlarm
		if v := row.cell("at_limit"); v != "" {
			a, err := water.ParseLimitAction(v)
			if err != nil {
				return cellError("at_limit", v, "invalid_at_limit", "%v", err)
			}
			p.AtLimit = a
		}
	}
	if _, ok := row.t.index["shares"]; ok {
		shares, err := parseShares(row.cell("shares"))
		if err != nil {
			return err
		}
		p.Shares = shares
	}
	return nil
}

// applyVolumes sets the annual and monthly volumes: twelve months, with an
// annual volume that must equal their sum when given, or an annual volume
// alone, split evenly.
func applyVolumes(p *water.Plan, row csvRow) error {
	annual, err := row.decimalCell("annual_m3", "m³")
	if err != nil {
		return err
	}
	var filled []int
	for i, name := range monthColumns {
		if row.cell(name) != "" {
			filled = append(filled, i)
		}
	}
	switch {
	case len(filled) == 0 && row.cell("annual_m3") == "":
		return cellError("annual_m3", "", "missing_annual_m3", "annual_m3 and the months are empty; give the annual volume or all twelve months")
	case len(filled) == 0:
		monthly, err := water.SplitAnnual(annual, [12]int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, water.VolumePlaces)
		if err != nil {
			return cellError("annual_m3", row.cell("annual_m3"), "invalid_annual_m3", "%v", err)
		}
		p.Annual, p.Monthly = annual, monthly
		return nil
	case len(filled) < 12:
		missing := monthColumns[slices.IndexFunc(monthColumns[:], func(n string) bool { return row.cell(n) == "" })]
		return cellError(missing, "", "missing_month", "%s is empty; give all twelve months, 0 for a month without water, or none", missing)
	}
	var sum decimal.Decimal
	for i, name := range monthColumns {
		d, err := row.decimalCell(name, "m³")
		if err != nil {
			return err
		}
		p.Monthly[i] = d
		sum = sum.Add(d)
	}
	if row.cell("annual_m3") != "" && !annual.Equal(sum) {
		return cellError("annual_m3", row.cell("annual_m3"), "annual_differs",
			"annual_m3 %s differs from the sum of the months %s; correct one of them or leave annual_m3 empty", annual, sum)
	}
	p.Annual = sum
	if row.cell("annual_m3") != "" {
		// Keep the places the annual volume was written with.
		p.Annual = annual
	}
	return nil
}

// parseShares reads CONTRACTOR:AREA_MU:M3_PER_MU entries separated by semicolons.
func parseShares(cell string) ([]water.Share, error) {
	var shares []water.Share
	for _, entry := range list(cell) {
		parts := strings.Split(entry, ":")
		bad := func(why string) error {
			return cellError("shares", entry, "invalid_shares",
				"%s; write CONTRACTOR:AREA_MU:M3_PER_MU such as 654229101201010001:12.5:300", why)
		}
		if len(parts) != 3 {
			return nil, bad(fmt.Sprintf("share has %d parts, want 3", len(parts)))
		}
		household, err := land.ParseContractorCode(strings.TrimSpace(parts[0]))
		if err != nil {
			return nil, bad(err.Error())
		}
		area, err := parseQuantity(strings.TrimSpace(parts[1]))
		if err != nil {
			return nil, bad(fmt.Sprintf("area %q is not a decimal number of mu", parts[1]))
		}
		perMu, err := parseQuantity(strings.TrimSpace(parts[2]))
		if err != nil {
			return nil, bad(fmt.Sprintf("quota %q is not a decimal number of m³ per mu", parts[2]))
		}
		shares = append(shares, water.Share{Household: household, Area: area, PerMu: perMu})
	}
	return shares, nil
}

// planCells returns the cells of p keyed by column name. The months are
// always written, so the export keeps a split that is not even.
func planCells(p *water.Plan) map[string]string {
	cells := map[string]string{
		"well": string(p.Well), "year": strconv.Itoa(p.Year), "annual_m3": volumeCell(p.Annual),
		"at_limit": p.AtLimit.String(),
	}
	for i, name := range monthColumns {
		cells[name] = volumeCell(p.Monthly[i])
	}
	warnings := make([]string, len(p.Warnings))
	for i, w := range p.Warnings {
		warnings[i] = volumeCell(w)
	}
	cells["warnings_percent"] = strings.Join(warnings, ";")
	shares := make([]string, len(p.Shares))
	for i, sh := range p.Shares {
		shares[i] = string(sh.Household) + ":" + volumeCell(sh.Area) + ":" + volumeCell(sh.PerMu)
	}
	cells["shares"] = strings.Join(shares, ";")
	return cells
}

// volumeCell writes d with its stored places, and zero as 0, because in a plan
// zero is a value and not "not recorded".
func volumeCell(d decimal.Decimal) string {
	if d.IsZero() {
		return "0"
	}
	return decimalCell(d)
}

// planFieldColumns maps the field paths of water.FieldError to columns.
var planFieldColumns = []struct{ field, column string }{
	{"Annual", "annual_m3"}, {"Monthly[", "m01_m3"}, {"Monthly", "annual_m3"}, {"Shares", "shares"},
	{"Warnings", "warnings_percent"}, {"AtLimit", "at_limit"}, {"Year", "year"}, {"Well", "well"},
}

func planValidationError(err error) error {
	var fe *water.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	for _, fc := range planFieldColumns {
		if !strings.HasPrefix(fe.Field, fc.field) {
			continue
		}
		column := fc.column
		if fc.field == "Monthly[" {
			if i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(fe.Field, "Monthly["), "]")); err == nil && i >= 0 && i < 12 {
				column = monthColumns[i]
			}
		}
		return cellError(column, fe.Value, "invalid_"+column, "%s", fe.Reason)
	}
	return err
}

func clonePlan(p *water.PlanRecord) *water.PlanRecord {
	c := *p
	c.Shares = slices.Clone(p.Shares)
	c.Warnings = slices.Clone(p.Warnings)
	return &c
}

// ExportPlans writes the plans of the wells within division (every well when
// division is empty) as CSV in the layout of [PlanColumns], by well and year.
// A year of 0 writes every year.
func ExportPlans(ctx context.Context, s Stores, w io.Writer, division land.DivisionCode, year int) (int, error) {
	cw, err := newCSVWriter(w, PlanColumns())
	if err != nil {
		return 0, err
	}
	n := 0
	err = eachWell(ctx, s.Water, division, func(wl *water.WellRecord) error {
		after := ""
		for {
			plans, next, err := s.Water.Plans(ctx, water.PlanFilter{Well: wl.Code, Year: year, Page: land.Page{Limit: exportPage, After: after}})
			if err != nil {
				return fmt.Errorf("list plans of well %s: %w", wl.Code, err)
			}
			for _, p := range plans {
				n++
				if err := cw.write(planCells(&p.Plan)); err != nil {
					return err
				}
			}
			if next == "" {
				return nil
			}
			after = next
		}
	})
	if err != nil {
		return n, err
	}
	return n, cw.flush()
}
