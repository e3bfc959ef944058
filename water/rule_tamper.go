package water

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// DetectTamper turns tamper events into [Critical] alarms of [RuleTamper]. A clock step
// of at most [Options.ClockTolerance] either way is not an alarm. Events of the same
// kind on the same meter that each follow the previous within [Options.MergeWithin]
// form one alarm. Its evidence counts them, sums the drops of a counter going backwards
// and keeps the largest step of a clock change. Alarms come ordered by
// their first event. It returns an error when an event has no valid well, meter, kind
// or time, or the options are not valid.
func DetectTamper(events []Event, now time.Time, opts Options) ([]Alarm, error) {
	o, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	alarming := make([]Event, 0, len(events))
	for i, e := range events {
		if err := checkEvent(i, &e); err != nil {
			return nil, err
		}
		if e.Kind == ClockChanged && !clockStepTooLarge(e.Value, o.ClockTolerance) {
			continue
		}
		alarming = append(alarming, e)
	}
	slices.SortStableFunc(alarming, func(a, b Event) int {
		return cmp.Or(cmp.Compare(a.Well, b.Well), cmp.Compare(a.Meter, b.Meter),
			cmp.Compare(a.Kind, b.Kind), a.Time.Compare(b.Time))
	})
	var alarms []Alarm
	for i := 0; i < len(alarming); {
		j := i + 1
		for j < len(alarming) && sameBurst(&alarming[j-1], &alarming[j], o.MergeWithin) {
			j++
		}
		alarms = append(alarms, tamperAlarm(alarming[i:j], now, &o))
		i = j
	}
	slices.SortStableFunc(alarms, func(a, b Alarm) int { return a.From.Compare(b.From) })
	return alarms, nil
}

func checkEvent(i int, e *Event) error {
	if err := e.Well.Validate(); err != nil {
		return fmt.Errorf("water: event %d: %w", i, err)
	}
	if err := e.Meter.Validate(); err != nil {
		return fmt.Errorf("water: event %d: %w", i, err)
	}
	if e.Kind == EventKindUnknown || int(e.Kind) >= len(eventKindNames) {
		return fmt.Errorf("water: event %d of meter %s: invalid kind %s", i, e.Meter, e.Kind)
	}
	if e.Time.IsZero() {
		return fmt.Errorf("water: event %d of meter %s: missing time", i, e.Meter)
	}
	return nil
}

// clockStepTooLarge reports whether a step of seconds exceeds tolerance either way.
func clockStepTooLarge(seconds decimal.Decimal, tolerance time.Duration) bool {
	limit := decimal.NewFromInt(int64(tolerance / time.Second))
	return seconds.Abs().GreaterThan(limit)
}

func sameBurst(prev, next *Event, within time.Duration) bool {
	return within > 0 && prev.Well == next.Well && prev.Meter == next.Meter &&
		prev.Kind == next.Kind && next.Time.Sub(prev.Time) <= within
}

func tamperAlarm(burst []Event, now time.Time, o *Options) Alarm {
	first, last := &burst[0], &burst[len(burst)-1]
	a := Alarm{Rule: RuleTamper, Severity: Critical, Well: first.Well, Meter: first.Meter,
		Event: first.Kind, Raised: now, From: first.Time, To: last.Time,
		Threshold: Quantity{Name: "events", Value: one, Unit: Count}}
	a.Observed = []Quantity{{Name: "events", Value: decimal.NewFromInt(int64(len(burst))), Unit: Count}}
	switch first.Kind {
	case CounterBackwards:
		var drop decimal.Decimal
		for _, e := range burst {
			drop = drop.Add(e.Value.Abs())
		}
		a.Observed = append(a.Observed, Quantity{Name: "drop", Value: drop, Unit: RegisterUnits})
	case ClockChanged:
		var step decimal.Decimal
		for _, e := range burst {
			if e.Value.Abs().GreaterThan(step.Abs()) {
				step = e.Value
			}
		}
		a.Observed = append(a.Observed, Quantity{Name: "largest_step", Value: step, Unit: Seconds})
		a.Threshold = Quantity{Name: "clock_tolerance",
			Value: decimal.NewFromInt(int64(o.ClockTolerance / time.Second)), Unit: Seconds}
	}
	a.Message = fmt.Sprintf("meter %s of well %s reported %s, %s", first.Meter, first.Well,
		first.Kind, countEvents(len(burst)))
	return a
}

func countEvents(n int) string {
	if n == 1 {
		return "1 event"
	}
	return fmt.Sprintf("%d events", n)
}
