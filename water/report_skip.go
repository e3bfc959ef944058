package water

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
)

// SkipReason is the cause for which a [ReportBuilder] left rollups out of its reports. The zero value
// is SkipReasonUnknown.
type SkipReason uint8

// The skip reasons.
const (
	SkipReasonUnknown SkipReason = iota
	SkipUnnamedMeter             // the dense meter id has no name in the MeterNames
	SkipNotInRegister            // no well of the register has the meter attached
	SkipNoCoefficient            // kWh at a time when the well has no coefficient in force
)

var skipReasonNames = []string{"unknown", "unnamed-meter", "not-in-register", "no-coefficient"}

// String returns the reason name, such as "no-coefficient".
func (r SkipReason) String() string { return enumName("SkipReason", skipReasonNames, r) }

// MarshalText encodes the reason name.
func (r SkipReason) MarshalText() ([]byte, error) {
	return marshalEnum("skip reason", skipReasonNames, r)
}

// SkippedRollup sums the rollups of one meter that a [ReportBuilder] left out for one
// reason.
type SkippedRollup struct {
	// Reason is the cause for leaving the rollups out.
	Reason SkipReason
	// ID is the dense meter id of the rollups, and Meter its register id, empty for
	// [SkipUnnamedMeter].
	ID    uint32
	Meter MeterID
	// Well is the well the meter is attached to, empty unless the reason is
	// [SkipNoCoefficient].
	Well WellCode
	// Days is the number of days with rollups left out, First the earliest and Last the
	// latest.
	Days        int
	First, Last land.Date
	// Amount is the consumption left out in the meter's unit: kWh for an electricity
	// meter, m³ for a flow meter.
	Amount decimal.Decimal
}

// skipSet collects skipped rollups by reason and meter.
type skipSet struct {
	byKey map[skipKey]*SkippedRollup
}

type skipKey struct {
	reason SkipReason
	id     uint32
	meter  MeterID
}

// add counts amount on day against the entry of s's reason and meter.
func (set *skipSet) add(s SkippedRollup, day land.Date, amount decimal.Decimal) {
	key := skipKey{s.Reason, s.ID, s.Meter}
	if set.byKey == nil {
		set.byKey = make(map[skipKey]*SkippedRollup)
	}
	e, ok := set.byKey[key]
	if !ok {
		s.First, s.Last = day, day
		e = &s
		set.byKey[key] = e
	}
	if e.Last != day || e.Days == 0 {
		e.Days++
	}
	e.First, e.Last = minDate(e.First, day), maxDate(e.Last, day)
	e.Amount = e.Amount.Add(amount)
}

// merge adds the entries of o to set.
func (set *skipSet) merge(o *skipSet) {
	for _, e := range o.byKey {
		if set.byKey == nil {
			set.byKey = make(map[skipKey]*SkippedRollup)
		}
		key := skipKey{e.Reason, e.ID, e.Meter}
		mine, ok := set.byKey[key]
		if !ok {
			c := *e
			set.byKey[key] = &c
			continue
		}
		mine.Days += e.Days
		mine.First, mine.Last = minDate(mine.First, e.First), maxDate(mine.Last, e.Last)
		mine.Amount = mine.Amount.Add(e.Amount)
	}
}

// list returns the entries ordered by reason, meter and dense id.
func (set *skipSet) list() []SkippedRollup {
	out := make([]SkippedRollup, 0, len(set.byKey))
	for _, e := range set.byKey {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b SkippedRollup) int {
		return cmp.Or(cmp.Compare(a.Reason, b.Reason), cmp.Compare(a.Meter, b.Meter), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func minDate(a, b land.Date) land.Date {
	if b.Before(a) {
		return b
	}
	return a
}

func maxDate(a, b land.Date) land.Date {
	if b.After(a) {
		return b
	}
	return a
}
