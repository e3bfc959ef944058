package control

import "time"

// Submit checks an operator command at now and returns its result: [Accepted] or
// [Rejected] with a [Reason]. An accepted command takes effect at the next
// [Controller.Step], which also returns its final result.
//
// A command is accepted only if it passes these checks, in order. It is not retained, and
// its id is not empty and not seen before. Its expiry is after now, after its issue time
// and within the maximum lifetime. It was issued no longer ago than the maximum age and
// no later than now plus the maximum clock skew. It names a known actuator with an action
// that applies to it, and no interlock forbids it.
func (c *Controller) Submit(now time.Time, cmd Command) Result {
	reject := func(r Reason) Result {
		return Result{ID: cmd.ID, Target: cmd.Target, Status: Rejected, Reason: r, At: now}
	}
	if r := c.screen(now, cmd); r != ReasonNone {
		return reject(r)
	}

	if v := c.vent(cmd.Target); v != nil {
		if cmd.Action != Open && cmd.Action != Close {
			return reject(ReasonBadAction)
		}
		if cmd.Action == Open && c.interlock != CauseNone {
			return reject(ReasonInterlock)
		}
		c.supersede(now, v.manualID, v.target, 0)
		v.manualID = cmd.ID
		v.manualOpen = cmd.Action == Open
		v.manualUntil = now.Add(c.cfg.Commands.ManualHold)
		return Result{ID: cmd.ID, Target: cmd.Target, Status: Accepted, At: now}
	}

	b := c.blanket(cmd.Target)
	if b == nil {
		return reject(ReasonUnknownTarget)
	}
	if cmd.Action != RollUp && cmd.Action != RollDown && cmd.Action != Stop {
		return reject(ReasonBadAction)
	}
	c.supersede(now, b.manualID, b.cfg.Target, b.feedback.Position)
	b.manualID = cmd.ID
	b.manual = cmd.Action
	b.manualUntil = c.nextBoundary(now)
	b.fault = false
	return Result{ID: cmd.ID, Target: cmd.Target, Status: Accepted, At: now}
}

// screen applies the checks that do not depend on the target and records the id.
func (c *Controller) screen(now time.Time, cmd Command) Reason {
	p := c.cfg.Commands
	if cmd.Retained {
		return ReasonRetained
	}
	if cmd.ID == "" {
		return ReasonMissingID
	}
	if _, dup := c.seen[cmd.ID]; dup {
		return ReasonDuplicate
	}
	if cmd.Expires.IsZero() {
		return ReasonNoExpiry
	}
	// Remember the id for as long as a copy of this command could pass the other checks.
	// After that, a copy has expired or is older than the maximum age.
	c.seen[cmd.ID] = now.Add(max(p.MaxLifetime, p.MaxAge))
	switch {
	case cmd.Expired(now):
		return ReasonExpired
	case !cmd.Issued.IsZero() && !cmd.Expires.After(cmd.Issued):
		return ReasonExpiryBeforeIssue
	case cmd.Expires.Sub(now) > p.MaxLifetime:
		return ReasonExpiryTooFar
	case cmd.Issued.IsZero() || now.Sub(cmd.Issued) > p.MaxAge:
		return ReasonStale
	case cmd.Issued.Sub(now) > p.MaxClockSkew:
		return ReasonIssuedInFuture
	}
	return ReasonNone
}

// supersede queues a Superseded result for an operator command still in progress.
func (c *Controller) supersede(now time.Time, id, target string, pos Permille) {
	if id == "" {
		return
	}
	c.pending = append(c.pending, Result{
		ID: id, Target: target, Status: Superseded, At: now, Position: pos,
	})
}

func (c *Controller) vent(target string) *vent {
	for i := range c.vents {
		if c.vents[i].target == target {
			return &c.vents[i]
		}
	}
	return nil
}

func (c *Controller) blanket(target string) *blanket {
	for i := range c.blankets {
		if c.blankets[i].cfg.Target == target {
			return &c.blankets[i]
		}
	}
	return nil
}
