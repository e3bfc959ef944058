package control

import (
	"testing"
	"time"
)

var t0 = time.Date(2026, time.June, 21, 6, 0, 0, 0, time.UTC) // 12:00 in Urumqi

func cmdAt(id, target string, a Action) Command {
	return Command{ID: id, Target: target, Action: a, Issued: t0, Expires: t0.Add(time.Minute)}
}

func TestSubmitScreening(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Command)
		status Status
		reason Reason
	}{
		{"accepted vent", func(*Command) {}, Accepted, ReasonNone},
		{"retained", func(c *Command) { c.Retained = true }, Rejected, ReasonRetained},
		{"missing id", func(c *Command) { c.ID = "" }, Rejected, ReasonMissingID},
		{"no expiry", func(c *Command) { c.Expires = time.Time{} }, Rejected, ReasonNoExpiry},
		{"expired", func(c *Command) { c.Expires = t0 }, Rejected, ReasonExpired},
		{"expiry too far", func(c *Command) { c.Expires = t0.Add(time.Hour) }, Rejected,
			ReasonExpiryTooFar},
		{"stale", func(c *Command) { c.Issued = t0.Add(-2 * time.Minute) }, Rejected, ReasonStale},
		{"no issue time", func(c *Command) { c.Issued = time.Time{} }, Rejected, ReasonStale},
		{"issued in the future", func(c *Command) { c.Issued = t0.Add(10 * time.Second) },
			Rejected, ReasonIssuedInFuture},
		{"issued within clock skew", func(c *Command) { c.Issued = t0.Add(2 * time.Second) },
			Accepted, ReasonNone},
		{"expires before issued", func(c *Command) {
			c.Issued, c.Expires = t0.Add(2*time.Minute), t0.Add(time.Minute)
		}, Rejected, ReasonExpiryBeforeIssue},
		{"expires when issued", func(c *Command) {
			c.Issued, c.Expires = t0.Add(time.Second), t0.Add(time.Second)
		}, Rejected, ReasonExpiryBeforeIssue},
		{"unknown target", func(c *Command) { c.Target = "pump" }, Rejected, ReasonUnknownTarget},
		{"roll up a vent", func(c *Command) { c.Action = RollUp }, Rejected, ReasonBadAction},
		{"open a blanket", func(c *Command) { c.Target = "blanket" }, Rejected, ReasonBadAction},
		{"accepted blanket", func(c *Command) { c.Target, c.Action = "blanket", RollUp }, Accepted,
			ReasonNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, testConfig(t))
			c.Step(t0, Inputs{Weather: fairWeather()})
			cmd := cmdAt("op-1", "vent", Open)
			tt.edit(&cmd)
			got := c.Submit(t0, cmd)
			if got.Status != tt.status {
				t.Errorf("status = %v, want %v", got.Status, tt.status)
			}
			if got.Reason != tt.reason {
				t.Errorf("reason = %v, want %v", got.Reason, tt.reason)
			}
			if got.ID != cmd.ID || !got.At.Equal(t0) {
				t.Errorf("result = %+v, want id %q at %v", got, cmd.ID, t0)
			}
		})
	}
}

func TestSubmitRetainedNeverActed(t *testing.T) {
	c := mustNew(t, testConfig(t))
	c.Step(t0, Inputs{Weather: fairWeather(), Inside: 200, InsideValid: true})

	cmd := cmdAt("op-1", "vent", Open)
	cmd.Retained = true
	if got := c.Submit(t0, cmd); got.Status != Rejected {
		t.Fatalf("status = %v, want %v", got.Status, Rejected)
	}
	out := c.Step(t0.Add(time.Second), Inputs{Weather: fairWeather(), Inside: 200, InsideValid: true})
	if len(out.Commands) != 0 {
		t.Errorf("commands = %+v, want none", out.Commands)
	}
	if v, _ := c.Vent("vent"); v.Open {
		t.Error("vent is open after a retained command")
	}
}

func TestSubmitDuplicateReplay(t *testing.T) {
	c := mustNew(t, testConfig(t))
	c.Step(t0, Inputs{Weather: fairWeather()})
	cmd := cmdAt("op-1", "vent", Open)
	if got := c.Submit(t0, cmd); got.Status != Accepted {
		t.Fatalf("first submit status = %v, want %v", got.Status, Accepted)
	}

	// The same command delivered again, as a QoS 1 redelivery would, is not acted on.
	if got := c.Submit(t0.Add(time.Second), cmd); got.Reason != ReasonDuplicate {
		t.Errorf("second submit reason = %v, want %v", got.Reason, ReasonDuplicate)
	}

	// A rejected id is used too, so a corrected resend needs a new id.
	bad := cmdAt("op-2", "vent", Close)
	bad.Expires = t0
	c.Submit(t0, bad)
	bad.Expires = t0.Add(time.Minute)
	if got := c.Submit(t0, bad); got.Reason != ReasonDuplicate {
		t.Errorf("resend of rejected id reason = %v, want %v", got.Reason, ReasonDuplicate)
	}

	// The id is remembered for the maximum lifetime. After that it is forgotten, and a
	// replay fails as expired.
	later := t0.Add(DefaultMaxLifetime - time.Second)
	c.Step(later, Inputs{Weather: fairWeather()})
	if got := c.Submit(later, cmd); got.Reason != ReasonDuplicate {
		t.Errorf("replay within lifetime reason = %v, want %v", got.Reason, ReasonDuplicate)
	}
	later = t0.Add(DefaultMaxLifetime)
	c.Step(later, Inputs{Weather: fairWeather()})
	if n := len(c.seen); n != 0 {
		t.Errorf("remembered ids = %d, want 0 after the maximum lifetime", n)
	}
	if got := c.Submit(later, cmd); got.Reason != ReasonExpired {
		t.Errorf("late replay reason = %v, want %v", got.Reason, ReasonExpired)
	}
}

func TestSubmitVentInterlock(t *testing.T) {
	c := mustNew(t, testConfig(t))
	wet := fairWeather()
	wet.Rain = true
	c.Step(t0, Inputs{Weather: wet})

	got := c.Submit(t0, cmdAt("op-1", "vent", Open))
	if got.Reason != ReasonInterlock {
		t.Errorf("open in rain reason = %v, want %v", got.Reason, ReasonInterlock)
	}
	if got := c.Submit(t0, cmdAt("op-2", "vent", Close)); got.Status != Accepted {
		t.Errorf("close in rain status = %v, want %v", got.Status, Accepted)
	}
	out := c.Step(t0.Add(time.Second), Inputs{Weather: wet})
	if len(out.Results) != 1 || out.Results[0].ID != "op-2" || out.Results[0].Status != Completed {
		t.Errorf("results = %+v, want op-2 completed", out.Results)
	}
}

func TestSubmitVentResult(t *testing.T) {
	c := mustNew(t, testConfig(t))
	in := Inputs{Weather: fairWeather(), Inside: 200, InsideValid: true}
	c.Step(t0, in)
	c.Submit(t0, cmdAt("op-1", "vent", Open))

	out := c.Step(t0.Add(time.Second), in)
	cmds := only(out.Commands, "vent")
	if len(cmds) != 1 || cmds[0].Action != Open || cmds[0].Cause != CauseOperator {
		t.Fatalf("commands = %+v, want one operator open", cmds)
	}
	if len(out.Results) != 1 || out.Results[0].ID != "op-1" || out.Results[0].Status != Completed {
		t.Fatalf("results = %+v, want op-1 completed", out.Results)
	}

	// The temperature loop would close the vent at 20.0 °C, but the operator's hold wins.
	out = c.Step(t0.Add(10*time.Minute), in)
	if cmds := only(out.Commands, "vent"); len(cmds) != 0 {
		t.Errorf("commands during hold = %+v, want none", cmds)
	}
	out = c.Step(t0.Add(31*time.Minute), in)
	if cmds := only(out.Commands, "vent"); len(cmds) != 1 || cmds[0].Action != Close {
		t.Errorf("commands after hold = %+v, want one close", cmds)
	}
}

func TestSubmitSupersede(t *testing.T) {
	c := mustNew(t, testConfig(t))
	c.Step(t0, Inputs{Weather: fairWeather()})
	c.Submit(t0, cmdAt("op-1", "blanket", RollUp))
	c.Submit(t0, cmdAt("op-2", "blanket", RollDown))

	out := c.Step(t0.Add(time.Second), Inputs{Weather: fairWeather()})
	if len(out.Results) == 0 || out.Results[0].ID != "op-1" || out.Results[0].Status != Superseded {
		t.Errorf("results = %+v, want op-1 superseded first", out.Results)
	}
}

func TestControllerCommandIDs(t *testing.T) {
	c := mustNew(t, testConfig(t))
	out := c.Step(t0, Inputs{Weather: fairWeather()})
	if len(out.Commands) != 2 {
		t.Fatalf("startup commands = %+v, want a vent close and a blanket move", out.Commands)
	}
	seen := map[string]bool{}
	for _, cmd := range out.Commands {
		if seen[cmd.ID] || cmd.ID == "" {
			t.Errorf("command id %q is empty or repeated", cmd.ID)
		}
		seen[cmd.ID] = true
		if !cmd.Expires.Equal(t0.Add(DefaultLifetime)) {
			t.Errorf("command %s expires %v, want %v", cmd.ID, cmd.Expires, t0.Add(DefaultLifetime))
		}
		if cmd.Expired(t0) {
			t.Errorf("command %s is expired when issued", cmd.ID)
		}
		if !cmd.Expired(t0.Add(DefaultLifetime)) {
			t.Errorf("command %s is not expired at its expiry", cmd.ID)
		}
	}
}
