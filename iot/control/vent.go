package control

import "time"

type vent struct {
	target  string
	known   bool // a command has set the vent's state
	open    bool
	changed time.Time

	manualID    string // operator command not yet reported complete
	manualOpen  bool
	manualUntil time.Time
}

// VentState is a vent as the controller last commanded it.
type VentState struct {
	Known bool // false before the first step
	Open  bool
	// Changed is when the controller last opened or closed the vent.
	Changed time.Time
}

// Vent returns the state of the named vent, and false if there is no such vent.
func (c *Controller) Vent(target string) (VentState, bool) {
	v := c.vent(target)
	if v == nil {
		return VentState{}, false
	}
	return VentState{Known: v.known, Open: v.open, Changed: v.changed}, true
}

func (c *Controller) stepVent(now time.Time, v *vent, in Inputs) {
	want, cause := c.ventWant(now, v, in)
	// An interlock ends an operator's hold. A close is done by the interlock itself, and an
	// open is superseded.
	if c.interlock != CauseNone && v.manualID != "" {
		if v.manualOpen {
			c.result(now, v.manualID, v.target, Superseded, ReasonInterlock, 0)
		} else {
			c.result(now, v.manualID, v.target, Completed, ReasonNone, 0)
		}
		v.manualID, v.manualUntil = "", time.Time{}
	}
	if !v.known && cause == CauseNone {
		cause = CauseStartup
	}
	if !v.known || want != v.open {
		action := Close
		if want {
			action = Open
		}
		c.emit(now, v.target, action, cause)
		v.known, v.open, v.changed = true, want, now
	}
	// A vent reports no position, so an operator command is complete once it is issued.
	if v.manualID != "" && cause == CauseOperator {
		c.result(now, v.manualID, v.target, Completed, ReasonNone, 0)
		v.manualID = ""
	}
}

// ventWant returns whether the vent should be open and why. Interlocks come first, then
// an operator's hold, then the temperature band with its deadband and minimum times, which
// also count from the startup command. With no inside temperature the vent keeps its
// state. CauseNone means no reason to change.
func (c *Controller) ventWant(now time.Time, v *vent, in Inputs) (bool, Cause) {
	if c.interlock != CauseNone {
		return false, c.interlock
	}
	if now.Before(v.manualUntil) {
		return v.manualOpen, CauseOperator
	}
	if !in.InsideValid {
		return v.open, CauseNone
	}

	cl := c.cfg.Climate
	sinceChange := now.Sub(v.changed)
	closeAt := max(cl.Max-cl.Deadband, cl.Min)
	switch {
	case !v.open && in.Inside >= cl.Max && (!v.known || sinceChange >= cl.MinClosed):
		return true, CauseTemperature
	case v.open && in.Inside <= closeAt && sinceChange >= cl.MinOpen:
		return false, CauseTemperature
	}
	return v.open, CauseNone
}
