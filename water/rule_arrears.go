package water

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// DetectUnpaidPumping finds pumping while the well's fees are in arrears of at least
// [Options.MinArrears]. It flags the intervals in which the pump ran (see
// [DetectUnauthorised]) that start on or after the day after acc's oldest overdue bill
// was due, moved on by [Options.ArrearsGraceDays]. Days begin at midnight in
// [Options.Zone]. All such intervals form one [Critical] alarm of [RuleUnpaidPumping].
//
// acc comes from [Statement]; intervals after its day use its arrears as they stood on
// that day. It returns an error when an interval is of another well or malformed, or
// the options are not valid.
func DetectUnpaidPumping(acc *Account, intervals []Interval, now time.Time, opts Options) ([]Alarm, error) {
	o, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	sorted, err := sortedIntervals(acc.Well, intervals)
	if err != nil {
		return nil, err
	}
	if acc.OldestDue.IsZero() || acc.Arrears.LessThan(o.MinArrears) {
		return nil, nil
	}
	d := acc.OldestDue.AddDate(0, 0, 1+o.ArrearsGraceDays)
	from := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, o.Zone)

	a := Alarm{Rule: RuleUnpaidPumping, Severity: Critical, Well: acc.Well, Raised: now,
		Threshold: Quantity{Name: "min_arrears", Value: o.MinArrears, Unit: Yuan}}
	var energy decimal.Decimal
	count := 0
	for i := range sorted {
		iv := &sorted[i]
		if iv.Start.Before(from) || !pumping(iv, &o) {
			continue
		}
		if count == 0 {
			a.From = iv.Start
		}
		a.To = latest(a.To, iv.End)
		energy = energy.Add(iv.Energy)
		count++
	}
	if count == 0 {
		return nil, nil
	}
	a.Observed = []Quantity{
		{Name: "arrears", Value: acc.Arrears, Unit: Yuan},
		{Name: "energy", Value: energy, Unit: KilowattHours},
		{Name: "intervals", Value: decimal.NewFromInt(int64(count)), Unit: Count},
	}
	a.Message = fmt.Sprintf("well %s pumped %s kWh with %s yuan unpaid since %s",
		acc.Well, energy, acc.Arrears, acc.OldestDue)
	return []Alarm{a}, nil
}
