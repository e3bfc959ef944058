package water

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// span is a run of contiguous intervals that a rule flagged the same way, reported as
// one alarm.
type span struct {
	rule     Rule
	from, to time.Time
	count    int
	energy   decimal.Decimal // kWh
	water    decimal.Decimal // m³
	power    decimal.Decimal // highest kW
	tc       decimal.Decimal // coefficient at the first interval, 0 when none
}

// spanner collects spans from intervals visited in time order.
type spanner struct {
	spans []span
}

// add records iv under rule, extending the last span when it has the same rule and
// coefficient and ends where iv starts or later. A rule of RuleUnknown ends the current
// span.
func (sp *spanner) add(rule Rule, iv *Interval, tc decimal.Decimal) {
	if rule == RuleUnknown {
		sp.spans = append(sp.spans, span{})
		return
	}
	n := len(sp.spans)
	if n == 0 || sp.spans[n-1].rule != rule || sp.spans[n-1].to.Before(iv.Start) ||
		!sp.spans[n-1].tc.Equal(tc) {
		sp.spans = append(sp.spans, span{rule: rule, from: iv.Start, tc: tc})
		n++
	}
	s := &sp.spans[n-1]
	s.to = latest(s.to, iv.End)
	s.count++
	s.energy = s.energy.Add(iv.Energy)
	s.water = s.water.Add(iv.Water)
	s.power = decimal.Max(s.power, iv.Power)
}

// flagged returns the spans that carry a rule.
func (sp *spanner) flagged() []span {
	return slices.DeleteFunc(sp.spans, func(s span) bool { return s.rule == RuleUnknown })
}

// sortedIntervals returns a copy of intervals in order of Start, or an error when one
// belongs to another well or does not end after it starts.
func sortedIntervals(well WellCode, intervals []Interval) ([]Interval, error) {
	if err := well.Validate(); err != nil {
		return nil, err
	}
	out := slices.Clone(intervals)
	for i := range out {
		iv := &out[i]
		if iv.Well != well {
			return nil, fmt.Errorf("water: interval %d is of well %s, want well %s", i, iv.Well, well)
		}
		if !iv.End.After(iv.Start) {
			return nil, fmt.Errorf("water: interval %d of well %s ends at %s, want after its start %s",
				i, well, iv.End.Format(time.RFC3339), iv.Start.Format(time.RFC3339))
		}
		if iv.Energy.IsNegative() || iv.Water.IsNegative() || iv.Power.IsNegative() {
			return nil, fmt.Errorf("water: interval %d of well %s has %s kWh, %s m³, %s kW, want 0 or more",
				i, well, iv.Energy, iv.Water, iv.Power)
		}
	}
	slices.SortStableFunc(out, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	return out, nil
}

// pumping reports whether the pump ran in iv: energy or power at or above the minimum.
func pumping(iv *Interval, o *Options) bool {
	if iv.Measured.Has(MeasuredEnergy) && iv.Energy.GreaterThanOrEqual(o.MinEnergy) {
		return true
	}
	return iv.Measured.Has(MeasuredPower) && iv.Power.GreaterThanOrEqual(o.MinPower)
}
