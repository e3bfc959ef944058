package control

import (
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zoneinfo

	"github.com/shuxiang/shuxiang/iot/solar"
)

var urumqi = solar.Place{Lon: 87.6168, Lat: 43.8256}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// testConfig returns a greenhouse in Urumqi with one vent and one blanket.
func testConfig(t testing.TB) Config {
	return Config{
		Place:    urumqi,
		Zone:     mustZone(t, "Asia/Urumqi"),
		Vents:    []string{"vent"},
		Blankets: []BlanketConfig{{Target: "blanket", MaxRunTime: 3 * time.Minute}},
		Schedule: Schedule{UpOffset: 30 * time.Minute, DownOffset: -30 * time.Minute},
		Climate: Climate{
			Min: 180, Max: 280, Deadband: 20,
			MinOpen: 5 * time.Minute, MinClosed: 5 * time.Minute,
		},
	}
}

func mustNew(t testing.TB, cfg Config) *Controller {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fairWeather is dry, calm, bright and mild.
func fairWeather() Weather {
	return Weather{
		RainValid: true, WindValid: true, Wind: 20,
		LightValid: true, Light: 20000,
		TemperatureValid: true, Temperature: 150,
	}
}

// motor simulates a blanket motor that takes two minutes for a full travel and closes a
// limit switch at each end.
type motor struct {
	target   string
	position Permille
	moving   Action
	stuck    bool // never reaches a limit switch
}

const motorSpeed = 1000 / 120 // permille per second

func (m *motor) apply(cmds []Command) {
	for _, cmd := range cmds {
		if cmd.Target != m.target {
			continue
		}
		switch cmd.Action {
		case RollUp, RollDown:
			m.moving = cmd.Action
		case Stop:
			m.moving = ActionNone
		}
	}
}

func (m *motor) advance(d time.Duration) {
	step := Permille(d/time.Second) * motorSpeed
	switch m.moving {
	case RollUp:
		m.position = min(m.position+step, 1000)
	case RollDown:
		m.position = max(m.position-step, 0)
	}
	if m.stuck {
		m.position = min(max(m.position, 1), 999)
	}
}

func (m *motor) feedback() BlanketFeedback {
	return BlanketFeedback{
		Target:     m.target,
		Position:   m.position,
		UpperLimit: m.position >= 1000,
		LowerLimit: m.position <= 0,
	}
}

// event is a command seen while running a controller against simulated actuators.
type event struct {
	at  time.Time
	cmd Command
}

// run steps c from start to end every step with weather from wx and the inside
// temperature from inside, feeding the simulated motor, and returns every command.
func run(c *Controller, m *motor, start, end time.Time, step time.Duration,
	wx func(time.Time) Weather, inside func(time.Time) DeciCelsius) []event {
	var events []event
	for now := start; now.Before(end); now = now.Add(step) {
		in := Inputs{Weather: wx(now), Inside: inside(now), InsideValid: true}
		if m != nil {
			in.Blankets = []BlanketFeedback{m.feedback()}
		}
		out := c.Step(now, in)
		for _, cmd := range out.Commands {
			events = append(events, event{now, cmd})
		}
		if m != nil {
			m.apply(out.Commands)
			m.advance(step)
		}
	}
	return events
}

func filter(events []event, target string, a Action) []event {
	var got []event
	for _, e := range events {
		if e.cmd.Target == target && e.cmd.Action == a {
			got = append(got, e)
		}
	}
	return got
}

func constant[T any](v T) func(time.Time) T {
	return func(time.Time) T { return v }
}

// only returns the commands for target.
func only(cmds []Command, target string) []Command {
	var got []Command
	for _, cmd := range cmds {
		if cmd.Target == target {
			got = append(got, cmd)
		}
	}
	return got
}
