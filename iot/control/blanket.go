package control

import (
	"time"

	"github.com/shuxiang/shuxiang/iot/solar"
)

type blanket struct {
	cfg BlanketConfig

	motion  Action // RollUp or RollDown while the motor runs, else ActionNone
	started time.Time
	// feedback is the last feedback received; haveFeedback is false until the first.
	feedback     BlanketFeedback
	haveFeedback bool
	fault        bool // stopped by the maximum run time; cleared by an operator command

	manualID    string // operator command not yet reported complete
	manual      Action
	manualUntil time.Time

	loweredEarly bool      // the light guard rolled the blanket down on loweredOn
	loweredOn    time.Time // solar noon of that date
}

// BlanketState is a blanket motor as the controller last saw it.
type BlanketState struct {
	// Position and the limit switches are the last values read back, and Reported is
	// false until the first feedback.
	Position   Permille
	UpperLimit bool
	LowerLimit bool
	Reported   bool

	// Moving is RollUp or RollDown while the controller has the motor running, and
	// ActionNone otherwise.
	Moving Action
	// Faulted is true after the motor ran for its maximum run time without reaching its
	// limit switch. The schedule leaves a faulted blanket alone until an operator
	// command.
	Faulted bool
}

// Blanket returns the state of the named blanket, and false if there is no such blanket.
func (c *Controller) Blanket(target string) (BlanketState, bool) {
	b := c.blanket(target)
	if b == nil {
		return BlanketState{}, false
	}
	return BlanketState{
		Position:   b.feedback.Position,
		UpperLimit: b.feedback.UpperLimit,
		LowerLimit: b.feedback.LowerLimit,
		Reported:   b.haveFeedback,
		Moving:     b.motion,
		Faulted:    b.fault,
	}, true
}

func (c *Controller) stepBlanket(now time.Time, b *blanket, in Inputs) {
	if fb, ok := in.blanket(b.cfg.Target); ok {
		b.feedback, b.haveFeedback = fb, true
	}
	if b.motion != ActionNone {
		c.checkMotor(now, b)
	}

	want, cause := c.blanketWant(now, b, in)
	switch want {
	case RollUp, RollDown:
		c.drive(now, b, want, cause)
	case Stop:
		if b.motion != ActionNone {
			c.emit(now, b.cfg.Target, Stop, CauseOperator)
			b.motion = ActionNone
		}
		c.finishManual(now, b, Completed, ReasonNone)
	}
}

// checkMotor stops a running motor at its limit switch or after its maximum run time.
func (c *Controller) checkMotor(now time.Time, b *blanket) {
	atLimit := b.motion == RollUp && b.feedback.UpperLimit ||
		b.motion == RollDown && b.feedback.LowerLimit
	switch {
	case atLimit:
		c.emit(now, b.cfg.Target, Stop, CauseLimitSwitch)
		b.motion = ActionNone
		c.finishManual(now, b, Completed, ReasonNone)
	case now.Sub(b.started) >= b.cfg.MaxRunTime:
		c.emit(now, b.cfg.Target, Stop, CauseMaxRunTime)
		b.motion = ActionNone
		b.fault = true
		c.finishManual(now, b, Failed, ReasonMaxRunTime)
	}
}

// drive moves the blanket towards want: nothing if it is at that limit or already
// moving that way, a stop first if it is moving the other way.
func (c *Controller) drive(now time.Time, b *blanket, want Action, cause Cause) {
	atLimit := want == RollUp && b.feedback.UpperLimit ||
		want == RollDown && b.feedback.LowerLimit
	switch {
	case atLimit:
		if b.motion == ActionNone {
			c.finishManual(now, b, Completed, ReasonNone)
		}
	case b.motion == want:
	case b.motion != ActionNone:
		c.emit(now, b.cfg.Target, Stop, CauseReverse)
		b.motion = ActionNone
	case b.fault:
		// A faulted motor moves only on an operator command, which clears the fault.
	default:
		c.emit(now, b.cfg.Target, want, cause)
		b.motion, b.started = want, now
	}
}

func (c *Controller) finishManual(now time.Time, b *blanket, s Status, r Reason) {
	if b.manualID == "" {
		return
	}
	c.result(now, b.manualID, b.cfg.Target, s, r, b.feedback.Position)
	b.manualID = ""
}

// blanketWant returns where the blanket should go and why: an operator's command until
// the next scheduled move, else the schedule. ActionNone means leave it as it is.
func (c *Controller) blanketWant(now time.Time, b *blanket, in Inputs) (Action, Cause) {
	if now.Before(b.manualUntil) {
		if b.manual == Stop && b.manualID == "" {
			return ActionNone, CauseOperator
		}
		return b.manual, CauseOperator
	}
	if b.fault {
		return ActionNone, CauseNone
	}
	return c.scheduleWant(now, b, in.Weather)
}

// scheduleWant applies the sunrise and sunset schedule with its guards. In polar night
// the blankets stay down, and in polar day the window lasts the whole date.
func (c *Controller) scheduleWant(now time.Time, b *blanket, w Weather) (Action, Cause) {
	s := c.cfg.Schedule
	day := c.day
	switch day.Sun {
	case solar.AlwaysBelow:
		return RollDown, CauseSchedule
	case solar.RiseAndSet:
		if now.Before(day.Sunrise.Add(s.UpOffset)) || !now.Before(day.Sunset.Add(s.DownOffset)) {
			return RollDown, CauseSchedule
		}
	}

	if b.loweredEarly && b.loweredOn.Equal(day.Noon) {
		return RollDown, CauseLightGuard
	}
	if s.UseDownBelowLight && !now.Before(day.Noon) && w.LightValid && w.Light < s.DownBelowLight {
		b.loweredEarly, b.loweredOn = true, day.Noon
		return RollDown, CauseLightGuard
	}

	// The guards only hold back the start of a roll-up: a blanket that is up or on its
	// way up stays so when a cloud passes.
	if b.motion == RollUp || b.feedback.UpperLimit {
		return RollUp, CauseSchedule
	}
	if s.UseUpMinLight && (!w.LightValid || w.Light < s.UpMinLight) {
		return RollDown, CauseLightGuard
	}
	if s.UseUpMinTemperature && (!w.TemperatureValid || w.Temperature < s.UpMinTemperature) {
		return RollDown, CauseTemperature
	}
	return RollUp, CauseSchedule
}

// nextBoundary returns the next scheduled roll-up or roll-down after now, which ends an
// operator's blanket command. Where the Sun neither rises nor sets, it is now plus the
// manual hold.
func (c *Controller) nextBoundary(now time.Time) time.Time {
	c.updateDay(now)
	s := c.cfg.Schedule
	for _, day := range []solar.Day{c.day, c.tomorrow} {
		if day.Sun != solar.RiseAndSet {
			continue
		}
		for _, t := range []time.Time{day.Sunrise.Add(s.UpOffset), day.Sunset.Add(s.DownOffset)} {
			if t.After(now) {
				return t
			}
		}
	}
	return now.Add(c.cfg.Commands.ManualHold)
}
