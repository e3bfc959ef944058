package control

import (
	"testing"
	"time"
)

func TestWeatherInterlock(t *testing.T) {
	tests := []struct {
		name          string
		weather       func(*Weather)
		ignoreMissing bool
		want          Cause
	}{
		{"fair", func(*Weather) {}, false, CauseNone},
		{"rain", func(w *Weather) { w.Rain = true }, false, CauseRain},
		{"wind at limit", func(w *Weather) { w.Wind = DefaultMaxWind }, false, CauseWind},
		{"wind below limit", func(w *Weather) { w.Wind = DefaultMaxWind - 1 }, false, CauseNone},
		{"rain and wind", func(w *Weather) { w.Rain, w.Wind = true, 200 }, false, CauseRain},
		{"rain missing", func(w *Weather) { w.RainValid = false }, false, CauseNoWeather},
		{"wind missing", func(w *Weather) { w.WindValid = false }, false, CauseNoWeather},
		{"wind missing ignored", func(w *Weather) { w.WindValid = false }, true, CauseNone},
		{"wind missing ignored but rain", func(w *Weather) { w.WindValid, w.Rain = false, true },
			true, CauseRain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Weather.IgnoreMissing = tt.ignoreMissing
			c := mustNew(t, cfg)
			hot := Inputs{Weather: fairWeather(), Inside: 320, InsideValid: true}
			c.Step(t0, hot) // hot and fair: the vent opens
			if v, _ := c.Vent("vent"); !v.Open {
				t.Fatal("vent did not open at 32.0 °C in fair weather")
			}

			// One minute later, well inside the vent's 5 min minimum open time.
			hot.Weather = fairWeather()
			tt.weather(&hot.Weather)
			out := c.Step(t0.Add(time.Minute), hot)
			if got := c.Interlock(); got != tt.want {
				t.Errorf("Interlock() = %v, want %v", got, tt.want)
			}
			cmds := only(out.Commands, "vent")
			if tt.want == CauseNone {
				if len(cmds) != 0 {
					t.Errorf("commands = %+v, want none", cmds)
				}
				return
			}
			if len(cmds) != 1 || cmds[0].Action != Close || cmds[0].Cause != tt.want {
				t.Errorf("commands = %+v, want one close caused by %v", cmds, tt.want)
			}
		})
	}
}

func TestWeatherInterlockHoldOff(t *testing.T) {
	c := mustNew(t, testConfig(t))
	in := Inputs{Weather: fairWeather(), Inside: 320, InsideValid: true}
	in.Weather.Rain = true
	c.Step(t0, in)
	in.Weather.Rain = false

	steps := []struct {
		after time.Duration
		want  Cause
		open  bool
	}{
		{time.Minute, CauseRain, false},
		{DefaultHoldOff - time.Second, CauseRain, false},
		{DefaultHoldOff, CauseNone, true},
	}
	for _, s := range steps {
		c.Step(t0.Add(s.after), in)
		if got := c.Interlock(); got != s.want {
			t.Errorf("after %v: Interlock() = %v, want %v", s.after, got, s.want)
		}
		if v, _ := c.Vent("vent"); v.Open != s.open {
			t.Errorf("after %v: vent open = %v, want %v", s.after, v.Open, s.open)
		}
	}
}

func TestInterlockSupersedesOperator(t *testing.T) {
	c := mustNew(t, testConfig(t))
	in := Inputs{Weather: fairWeather(), Inside: 200, InsideValid: true}
	c.Step(t0, in)
	c.Submit(t0, cmdAt("op-1", "vent", Open))
	c.Step(t0.Add(time.Second), in)

	c.Submit(t0.Add(2*time.Second), cmdAt("op-2", "vent", Open))
	in.Weather.Wind = 150
	out := c.Step(t0.Add(3*time.Second), in)
	cmds := only(out.Commands, "vent")
	if len(cmds) != 1 || cmds[0].Action != Close || cmds[0].Cause != CauseWind {
		t.Errorf("commands = %+v, want one close caused by wind", cmds)
	}
	var superseded bool
	for _, r := range out.Results {
		if r.ID == "op-2" && r.Status == Superseded && r.Reason == ReasonInterlock {
			superseded = true
		}
	}
	if !superseded {
		t.Errorf("results = %+v, want op-2 superseded by the interlock", out.Results)
	}
}

func TestBlanketMotorInterlocks(t *testing.T) {
	tests := []struct {
		name      string
		stuck     bool // the motor never reaches its limit switch
		noReports bool // the motor's feedback never arrives
		wantCause Cause
		wantFault bool
		wantPos   Permille
	}{
		{"limit switch", false, false, CauseLimitSwitch, false, 1000},
		{"max run time stuck", true, false, CauseMaxRunTime, true, 999},
		{"max run time no feedback", false, true, CauseMaxRunTime, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, testConfig(t))
			m := &motor{target: "blanket", stuck: tt.stuck}
			// At 12:00 Urumqi time the schedule wants the blanket up.
			var stop *event
			for now := t0; now.Before(t0.Add(10 * time.Minute)); now = now.Add(time.Second) {
				in := Inputs{Weather: fairWeather()}
				if !tt.noReports {
					in.Blankets = []BlanketFeedback{m.feedback()}
				}
				out := c.Step(now, in)
				for _, cmd := range only(out.Commands, "blanket") {
					if cmd.Action == Stop && stop == nil {
						stop = &event{now, cmd}
					}
				}
				m.apply(out.Commands)
				m.advance(time.Second)
			}
			if stop == nil {
				t.Fatal("the motor was never stopped")
			}
			if stop.cmd.Cause != tt.wantCause {
				t.Errorf("stop cause = %v, want %v", stop.cmd.Cause, tt.wantCause)
			}
			if tt.wantCause == CauseMaxRunTime && stop.at.Sub(t0) != 3*time.Minute {
				t.Errorf("stopped after %v, want the 3m0s max run time", stop.at.Sub(t0))
			}
			st, _ := c.Blanket("blanket")
			if st.Faulted != tt.wantFault {
				t.Errorf("Faulted = %v, want %v", st.Faulted, tt.wantFault)
			}
			if st.Position != tt.wantPos {
				t.Errorf("Position = %d, want %d", st.Position, tt.wantPos)
			}
			if st.Moving != ActionNone {
				t.Errorf("Moving = %v, want %v", st.Moving, ActionNone)
			}
			if m.moving != ActionNone {
				t.Errorf("simulated motor still moving %v", m.moving)
			}
		})
	}
}

func TestBlanketFaultNeedsOperator(t *testing.T) {
	c := mustNew(t, testConfig(t))
	m := &motor{target: "blanket", stuck: true}
	in := func() Inputs {
		return Inputs{Weather: fairWeather(), Blankets: []BlanketFeedback{m.feedback()}}
	}
	now := t0
	for ; now.Before(t0.Add(5 * time.Minute)); now = now.Add(time.Second) {
		out := c.Step(now, in())
		m.apply(out.Commands)
		m.advance(time.Second)
	}
	if st, _ := c.Blanket("blanket"); !st.Faulted {
		t.Fatal("blanket not faulted after its max run time")
	}

	// A faulted blanket is not driven again by the schedule.
	for ; now.Before(t0.Add(time.Hour)); now = now.Add(time.Second) {
		out := c.Step(now, in())
		if cmds := only(out.Commands, "blanket"); len(cmds) != 0 {
			t.Fatalf("at %v: commands = %+v, want none for a faulted blanket", now, cmds)
		}
	}

	// An operator command clears the fault and moves the motor, which now reaches its
	// limit switch.
	cmd := Command{ID: "op-1", Target: "blanket", Action: RollDown, Issued: now,
		Expires: now.Add(time.Minute)}
	if got := c.Submit(now, cmd); got.Status != Accepted {
		t.Fatalf("submit status = %v, want %v", got.Status, Accepted)
	}
	m.stuck = false
	var result *Result
	for end := now.Add(5 * time.Minute); now.Before(end); now = now.Add(time.Second) {
		out := c.Step(now, in())
		for _, r := range out.Results {
			result = &r
		}
		m.apply(out.Commands)
		m.advance(time.Second)
	}
	if result == nil || result.ID != "op-1" || result.Status != Completed {
		t.Fatalf("result = %+v, want op-1 completed", result)
	}
	if result.Position != 0 {
		t.Errorf("result position = %d, want 0", result.Position)
	}
	if st, _ := c.Blanket("blanket"); st.Faulted || !st.LowerLimit {
		t.Errorf("state = %+v, want not faulted, at the lower limit", st)
	}
}

func TestBlanketReverseStopsFirst(t *testing.T) {
	c := mustNew(t, testConfig(t))
	m := &motor{target: "blanket", position: 500}
	in := func() Inputs {
		return Inputs{Weather: fairWeather(), Blankets: []BlanketFeedback{m.feedback()}}
	}
	out := c.Step(t0, in()) // the schedule rolls the blanket up
	m.apply(out.Commands)
	m.advance(time.Second)
	c.Submit(t0, cmdAt("op-1", "blanket", RollDown))

	var actions []Action
	for now := t0.Add(time.Second); now.Before(t0.Add(5 * time.Second)); now = now.Add(time.Second) {
		out := c.Step(now, in())
		for _, cmd := range only(out.Commands, "blanket") {
			actions = append(actions, cmd.Action)
		}
		m.apply(out.Commands)
		m.advance(time.Second)
	}
	want := []Action{Stop, RollDown}
	if len(actions) != len(want) || actions[0] != want[0] || actions[1] != want[1] {
		t.Errorf("actions = %v, want %v", actions, want)
	}
}
