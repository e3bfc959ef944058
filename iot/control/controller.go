package control

import (
	"strconv"
	"time"

	"github.com/shuxiang/shuxiang/iot/solar"
)

// Controller drives the vents and blankets of one greenhouse. Create it with [New].
type Controller struct {
	cfg      Config
	vents    []vent
	blankets []blanket

	// seen maps the id of every operator command to the time after which a copy would
	// be rejected as expired or stale anyway, so the map holds only recent ids.
	seen map[string]time.Time
	seq  uint64

	day      solar.Day
	haveDay  bool
	tomorrow solar.Day

	tripAt    time.Time // last step with rain, wind or a missing reading
	tripCause Cause
	interlock Cause // weather interlock in force after the last step, CauseNone if none

	pending []Result // results made by Submit after a step, sent with the next step
	out     Output
}

// Output is the result of one [Controller.Step]: commands for the actuators, in the order
// they must be sent, and the results of operator commands that finished.
type Output struct {
	Commands []Command
	Results  []Result
}

// New returns a controller for cfg, or an error wrapping [ErrConfig] that lists every
// invalid field.
func New(cfg Config) (*Controller, error) {
	cfg.fill()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c := &Controller{cfg: cfg, seen: make(map[string]time.Time)}
	for _, name := range cfg.Vents {
		c.vents = append(c.vents, vent{target: name})
	}
	for _, b := range cfg.Blankets {
		c.blankets = append(c.blankets, blanket{cfg: b})
	}
	return c, nil
}

// Step advances the controller to now with the latest readings and returns the commands
// to send. The caller calls it periodically, every few seconds, with a non-decreasing now.
// The returned slices are reused by the next call.
func (c *Controller) Step(now time.Time, in Inputs) Output {
	c.out.Commands = c.out.Commands[:0]
	c.out.Results = append(c.out.Results[:0], c.pending...)
	c.pending = c.pending[:0]

	c.forget(now)
	c.updateDay(now)
	c.updateWeather(now, in.Weather)
	for i := range c.vents {
		c.stepVent(now, &c.vents[i], in)
	}
	for i := range c.blankets {
		c.stepBlanket(now, &c.blankets[i], in)
	}
	return c.out
}

// Interlock returns the weather interlock in force after the last step: [CauseRain],
// [CauseWind] or [CauseNoWeather], or [CauseNone] when the vents are free.
func (c *Controller) Interlock() Cause {
	return c.interlock
}

// Day returns the solar day that the schedule used at the last step.
func (c *Controller) Day() solar.Day {
	return c.day
}

func (c *Controller) forget(now time.Time) {
	for id, until := range c.seen {
		if !now.Before(until) {
			delete(c.seen, id)
		}
	}
}

func (c *Controller) updateDay(now time.Time) {
	date := solar.DateOf(now, c.cfg.Zone)
	if c.haveDay && c.day.Date == date {
		return
	}
	// Errors are impossible here: New checked the place and zone, and date is real.
	c.day, _ = solar.Compute(date, c.cfg.Place, c.cfg.Zone)
	next := time.Date(date.Year, date.Month, date.Day+1, 12, 0, 0, 0, c.cfg.Zone)
	c.tomorrow, _ = solar.Compute(solar.DateOf(next, c.cfg.Zone), c.cfg.Place, c.cfg.Zone)
	c.haveDay = true
}

func (c *Controller) updateWeather(now time.Time, w Weather) {
	cause := CauseNone
	switch {
	case (!w.RainValid || !w.WindValid) && !c.cfg.Weather.IgnoreMissing:
		cause = CauseNoWeather
	case w.RainValid && w.Rain:
		cause = CauseRain
	case w.WindValid && w.Wind >= c.cfg.Weather.MaxWind:
		cause = CauseWind
	}
	if cause != CauseNone {
		c.tripAt, c.tripCause = now, cause
	}
	holding := !c.tripAt.IsZero() && now.Sub(c.tripAt) < c.cfg.Weather.HoldOff
	c.interlock = CauseNone
	if holding {
		c.interlock = c.tripCause
	}
}

// emit appends a command of the controller's own to the output.
func (c *Controller) emit(now time.Time, target string, a Action, cause Cause) {
	c.seq++
	c.out.Commands = append(c.out.Commands, Command{
		ID:      c.cfg.Commands.IDPrefix + "-" + strconv.FormatUint(c.seq, 10),
		Target:  target,
		Action:  a,
		Cause:   cause,
		Issued:  now,
		Expires: now.Add(c.cfg.Commands.Lifetime),
	})
}

func (c *Controller) result(now time.Time, id, target string, s Status, r Reason, pos Permille) {
	c.out.Results = append(c.out.Results, Result{
		ID: id, Target: target, Status: s, Reason: r, At: now, Position: pos,
	})
}
