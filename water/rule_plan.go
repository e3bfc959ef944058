package water

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// PlanUse is a well's use against its plan up to an instant, taken from the metering
// rollups in the county's time zone.
type PlanUse struct {
	// Month is the month of To in the county's zone, which selects the monthly split.
	Month time.Month
	// YearStart is the start of the plan year and MonthStart the start of Month.
	YearStart, MonthStart time.Time
	// To is the end of the use counted.
	To time.Time
	// YearToDate is the volume used from YearStart to To, in m³.
	YearToDate decimal.Decimal
	// MonthToDate is the volume used from MonthStart to To, in m³.
	MonthToDate decimal.Decimal
}

// DetectOverPlan checks a well's use against its plan for the year and for the month.
// It returns at most one alarm for each, at the highest level reached: a [Warning] at
// each of the plan's warning percentages (or [Options.Warnings]) and a [Critical] alarm
// at 100%. Reaching means use at or above the level, so 80% of the plan used raises the
// 80% warning. The annual alarm at 100% carries the plan's [Plan.AtLimit] action; the
// monthly one always carries [LimitAlarm]. Use in a month planned at 0 m³ raises the
// 100% alarm, with no percentage in the evidence.
//
// It returns an error when the plan, the use or the options are not valid.
func DetectOverPlan(p *Plan, use PlanUse, now time.Time, opts Options) ([]Alarm, error) {
	o, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := use.validate(); err != nil {
		return nil, err
	}
	levels := p.Warnings
	if levels == nil {
		levels = o.Warnings
	}
	levels = append(levels[:len(levels):len(levels)], hundred)

	var alarms []Alarm
	year := planCheck{rule: RuleOverPlan, planned: p.Annual, used: use.YearToDate,
		from: use.YearStart, action: p.AtLimit, scope: fmt.Sprintf("plan for %d", p.Year)}
	if a, ok := year.alarm(p.Well, levels, use.To, now); ok {
		alarms = append(alarms, a)
	}
	month := planCheck{rule: RuleOverMonthlyPlan, planned: p.Month(use.Month), used: use.MonthToDate,
		from: use.MonthStart, scope: fmt.Sprintf("plan for %s %d", use.Month, p.Year)}
	if a, ok := month.alarm(p.Well, levels, use.To, now); ok {
		alarms = append(alarms, a)
	}
	return alarms, nil
}

func (u *PlanUse) validate() error {
	c := checker{typ: "plan use"}
	if u.Month < time.January || u.Month > time.December {
		c.fail("Month", int(u.Month), "want a month from 1 to 12")
	}
	checkNonNegative(&c, "YearToDate", u.YearToDate, "m³")
	checkNonNegative(&c, "MonthToDate", u.MonthToDate, "m³")
	if u.To.Before(u.YearStart) || u.To.Before(u.MonthStart) {
		c.fail("To", u.To.Format(time.RFC3339), "want an end on or after YearStart and MonthStart")
	}
	return c.err()
}

// planCheck is one use-against-plan comparison of [DetectOverPlan].
type planCheck struct {
	rule          Rule
	planned, used decimal.Decimal
	from          time.Time
	action        LimitAction
	scope         string
}

// alarm returns the alarm at the highest of levels (percent, increasing) that the use
// reached, and whether it reached any.
func (pc *planCheck) alarm(well WellCode, levels []decimal.Decimal, to, now time.Time) (Alarm, bool) {
	level, ok := pc.reached(levels)
	if !ok {
		return Alarm{}, false
	}
	a := Alarm{Rule: pc.rule, Severity: Warning, Well: well, Raised: now, From: pc.from, To: to,
		Threshold: Quantity{Name: "level", Value: level, Unit: Percent}}
	if level.Equal(hundred) {
		a.Severity = Critical
		a.Action = pc.action
	}
	a.Observed = []Quantity{
		{Name: "used", Value: pc.used, Unit: CubicMetres},
		{Name: "planned", Value: pc.planned, Unit: CubicMetres},
	}
	if pc.planned.IsPositive() {
		percent := pc.used.Mul(hundred).DivRound(pc.planned, 2)
		a.Observed = append(a.Observed, Quantity{Name: "percent", Value: percent, Unit: Percent})
	}
	a.Message = fmt.Sprintf("well %s used %s m³ of its %s m³ %s, reaching the %s%% level",
		well, pc.used, pc.planned, pc.scope, level)
	return a, true
}

// reached returns the highest level with used ≥ planned × level / 100. A plan of 0 is
// reached at the top level by any use above 0.
func (pc *planCheck) reached(levels []decimal.Decimal) (decimal.Decimal, bool) {
	if pc.planned.IsZero() {
		return levels[len(levels)-1], pc.used.IsPositive()
	}
	scaled := pc.used.Mul(hundred)
	for i := len(levels) - 1; i >= 0; i-- {
		if scaled.GreaterThanOrEqual(pc.planned.Mul(levels[i])) {
			return levels[i], true
		}
	}
	return decimal.Decimal{}, false
}
