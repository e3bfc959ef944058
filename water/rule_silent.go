package water

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// DetectSilent finds meters that have not reported for [Options.SilentAfter] or longer
// by now, counting from LastSeen or, for a meter that never reported, from Since. Each
// raises a [Warning] of [RuleSilentMeter]. Meters with neither time set are skipped. It
// returns an error when a status has no valid well or meter, or the options are not
// valid.
func DetectSilent(meters []MeterStatus, now time.Time, opts Options) ([]Alarm, error) {
	o, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	var alarms []Alarm
	for i := range meters {
		m := &meters[i]
		if err := m.Well.Validate(); err != nil {
			return nil, fmt.Errorf("water: meter status %d: %w", i, err)
		}
		if err := m.Meter.Validate(); err != nil {
			return nil, fmt.Errorf("water: meter status %d: %w", i, err)
		}
		last := m.LastSeen
		if last.IsZero() {
			last = m.Since
		}
		if last.IsZero() || now.Sub(last) < o.SilentAfter {
			continue
		}
		alarms = append(alarms, silentAlarm(m, last, now, &o))
	}
	return alarms, nil
}

func silentAlarm(m *MeterStatus, last, now time.Time, o *Options) Alarm {
	silence := now.Sub(last).Truncate(time.Second)
	a := Alarm{Rule: RuleSilentMeter, Severity: Warning, Well: m.Well, Meter: m.Meter,
		Raised: now, From: last, To: now,
		Observed:  []Quantity{{Name: "silent", Value: decimal.NewFromInt(int64(silence / time.Second)), Unit: Seconds}},
		Threshold: Quantity{Name: "silent_after", Value: decimal.NewFromInt(int64(o.SilentAfter / time.Second)), Unit: Seconds},
	}
	state := "last reported"
	if m.LastSeen.IsZero() {
		state = "never reported since service began"
	}
	a.Message = fmt.Sprintf("%s meter %s of well %s %s at %s, %s ago", m.Kind, m.Meter, m.Well,
		state, last.Format(time.RFC3339), silence)
	return a
}
