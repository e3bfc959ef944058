package water

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// PumpingInput is the input of [DetectUnauthorised] for one well.
type PumpingInput struct {
	// Well is the well.
	Well WellCode
	// Intervals are the well's metered intervals, in any order.
	Intervals []Interval
	// Sessions are the card and remote sessions of the well over the same time.
	Sessions []Session
	// QuotaUsedUp is the instant the well's hard quota ran out, such as a plan with
	// [LimitRemoteStop] that [UsedUpAt] found used up. The zero Time means the quota is
	// not used up or is not a hard limit.
	QuotaUsedUp time.Time
}

// DetectUnauthorised finds pumping that nothing authorised: intervals in which the pump
// ran (energy at or above [Options.MinEnergy] or power at or above [Options.MinPower])
// while no session was open, or that start at or after QuotaUsedUp. A session counts
// when it overlaps the interval once widened by [Options.SessionGrace] at both ends, so
// an hourly interval with any session in it passes. Both windows are half-open: a
// session that ends at 09:30 covers, with a 5-minute grace, intervals that start
// before 09:35. Contiguous intervals flagged by the
// same rule form one [Critical] alarm of [RuleNoAuthorisation] or [RuleQuotaUsedUp].
//
// NOTE: pumping in the uncovered part of an interval that a session partly covers is
// not found. Finer intervals narrow that gap.
//
// It returns an error when an interval or session is of another well or malformed, or
// the options are not valid.
func DetectUnauthorised(in PumpingInput, now time.Time, opts Options) ([]Alarm, error) {
	o, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	intervals, err := sortedIntervals(in.Well, in.Intervals)
	if err != nil {
		return nil, err
	}
	if err := checkSessions(in.Well, in.Sessions); err != nil {
		return nil, err
	}
	var sp spanner
	for i := range intervals {
		sp.add(unauthorised(&intervals[i], &in, now, &o), &intervals[i], decimal.Decimal{})
	}
	var alarms []Alarm
	for _, s := range sp.flagged() {
		alarms = append(alarms, pumpingAlarm(in.Well, &s, in.QuotaUsedUp, now, &o))
	}
	return alarms, nil
}

// unauthorised returns the rule iv breaks, or RuleUnknown.
func unauthorised(iv *Interval, in *PumpingInput, now time.Time, o *Options) Rule {
	if !pumping(iv, o) {
		return RuleUnknown
	}
	if !in.QuotaUsedUp.IsZero() && !iv.Start.Before(in.QuotaUsedUp) {
		return RuleQuotaUsedUp
	}
	for i := range in.Sessions {
		if sessionCovers(&in.Sessions[i], iv, now, o.SessionGrace) {
			return RuleUnknown
		}
	}
	return RuleNoAuthorisation
}

// sessionCovers reports whether s, widened by grace and with an open end taken as now,
// overlaps iv.
func sessionCovers(s *Session, iv *Interval, now time.Time, grace time.Duration) bool {
	end := s.End
	if end.IsZero() {
		end = latest(now, iv.End)
	}
	return s.Start.Add(-grace).Before(iv.End) && end.Add(grace).After(iv.Start)
}

func checkSessions(well WellCode, sessions []Session) error {
	for i, s := range sessions {
		if s.Well != well {
			return fmt.Errorf("water: session %d is of well %s, want well %s", i, s.Well, well)
		}
		if s.Start.IsZero() || (!s.End.IsZero() && s.End.Before(s.Start)) {
			return fmt.Errorf("water: session %d of well %s runs from %s to %s, want a start before the end",
				i, well, s.Start.Format(time.RFC3339), formatEnd(s.End))
		}
	}
	return nil
}

func pumpingAlarm(well WellCode, s *span, usedUp, now time.Time, o *Options) Alarm {
	a := Alarm{Rule: s.rule, Severity: Critical, Well: well, Raised: now, From: s.from, To: s.to,
		Threshold: Quantity{Name: "min_energy", Value: o.MinEnergy, Unit: KilowattHours}}
	a.Observed = []Quantity{
		{Name: "energy", Value: s.energy, Unit: KilowattHours},
		{Name: "max_power", Value: s.power, Unit: Kilowatts},
		{Name: "intervals", Value: decimal.NewFromInt(int64(s.count)), Unit: Count},
	}
	if s.rule == RuleQuotaUsedUp {
		a.Message = fmt.Sprintf("well %s pumped %s kWh after its quota ran out at %s",
			well, s.energy, usedUp.Format(time.RFC3339))
	} else {
		a.Message = fmt.Sprintf("well %s pumped %s kWh with no card or remote session open",
			well, s.energy)
	}
	return a
}

// UsedUpAt returns the instant a plan's annual volume was used up: the End of the
// interval in which usedBefore (m³ of the plan year before the first interval) plus the
// intervals' volumes reaches [Plan.Annual]. Volumes are the flow meter's where it
// reported, else energy converted with h ([Interval.Volume]). When usedBefore alone
// reaches the plan, it returns the Start of the first interval. The bool is false when
// the plan is not used up.
//
// It returns an error when an interval is of another well or malformed, or needs a
// coefficient that h does not have.
func UsedUpAt(p *Plan, usedBefore decimal.Decimal, intervals []Interval, h *CoefficientHistory) (time.Time, bool, error) {
	sorted, err := sortedIntervals(p.Well, intervals)
	if err != nil {
		return time.Time{}, false, err
	}
	used := usedBefore
	if used.GreaterThanOrEqual(p.Annual) && len(sorted) > 0 {
		return sorted[0].Start, true, nil
	}
	for i := range sorted {
		v, err := sorted[i].Volume(h)
		if err != nil {
			return time.Time{}, false, err
		}
		if used = used.Add(v); used.GreaterThanOrEqual(p.Annual) {
			return sorted[i].End, true, nil
		}
	}
	return time.Time{}, false, nil
}
