package control

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/solar"
)

func TestVentDeadbandAndMinTimes(t *testing.T) {
	// Band 18.0–28.0 °C, deadband 2.0 °C, 5 min minimum open and closed times.
	type step struct {
		at     time.Duration
		inside DeciCelsius
		valid  bool
		open   bool
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"opens at max", []step{
			{0, 279, true, false},
			{5 * time.Minute, 279, true, false},
			{6 * time.Minute, 280, true, true},
		}},
		{"startup close counts as closed", []step{
			{0, 200, true, false},
			{time.Minute, 300, true, false},
			{5 * time.Minute, 300, true, true},
		}},
		{"stays open inside deadband", []step{
			{0, 285, true, true},
			{10 * time.Minute, 261, true, true},
			{11 * time.Minute, 260, true, false},
		}},
		{"min open time", []step{
			{0, 300, true, true},
			{time.Minute, 200, true, true},
			{5*time.Minute - time.Second, 200, true, true},
			{5 * time.Minute, 200, true, false},
		}},
		{"min closed time", []step{
			{0, 300, true, true},
			{5 * time.Minute, 200, true, false},
			{6 * time.Minute, 300, true, false},
			{10 * time.Minute, 300, true, true},
		}},
		{"missing reading holds", []step{
			{0, 300, true, true},
			{10 * time.Minute, 0, false, true},
			{11 * time.Minute, 100, true, false},
		}},
		{"startup below band", []step{
			{0, 150, true, false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, testConfig(t))
			for i, s := range tt.steps {
				out := c.Step(t0.Add(s.at), Inputs{
					Weather: fairWeather(), Inside: s.inside, InsideValid: s.valid,
				})
				v, _ := c.Vent("vent")
				if v.Open != s.open {
					t.Errorf("step %d at %v, %d: open = %v, want %v", i, s.at, s.inside, v.Open, s.open)
				}
				for _, cmd := range only(out.Commands, "vent") {
					wantCause := CauseTemperature
					if i == 0 && cmd.Action == Close {
						wantCause = CauseStartup
					}
					if i == 0 && cmd.Action == Open {
						wantCause = CauseTemperature
					}
					if cmd.Cause != wantCause {
						t.Errorf("step %d: cause = %v, want %v", i, cmd.Cause, wantCause)
					}
				}
			}
		})
	}
}

func TestVentStartupCommand(t *testing.T) {
	c := mustNew(t, testConfig(t))
	out := c.Step(t0, Inputs{Weather: fairWeather()})
	cmds := only(out.Commands, "vent")
	if len(cmds) != 1 || cmds[0].Action != Close || cmds[0].Cause != CauseStartup {
		t.Errorf("commands = %+v, want one startup close", cmds)
	}
	out = c.Step(t0.Add(time.Second), Inputs{Weather: fairWeather()})
	if cmds := only(out.Commands, "vent"); len(cmds) != 0 {
		t.Errorf("second step commands = %+v, want none", cmds)
	}
}

func TestNewRejectsConfig(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"nil zone", func(c *Config) { c.Zone = nil }},
		{"latitude 95", func(c *Config) { c.Place.Lat = 95 }},
		{"empty vent name", func(c *Config) { c.Vents = []string{""} }},
		{"duplicate name", func(c *Config) { c.Vents = []string{"blanket"} }},
		{"no max run time", func(c *Config) { c.Blankets[0].MaxRunTime = 0 }},
		{"zero deadband", func(c *Config) { c.Climate.Deadband = 0 }},
		{"min above max", func(c *Config) { c.Climate.Min = 300 }},
		{"negative min open", func(c *Config) { c.Climate.MinOpen = -time.Second }},
		{"negative hold-off", func(c *Config) { c.Weather.HoldOff = -time.Second }},
		{"negative lifetime", func(c *Config) { c.Commands.Lifetime = -time.Second }},
		{"negative clock skew", func(c *Config) { c.Commands.MaxClockSkew = -time.Second }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			tt.edit(&cfg)
			if _, err := New(cfg); err == nil {
				t.Error("New returned no error")
			}
		})
	}
}

func TestNewRejectsScheduleOffsets(t *testing.T) {
	mohe := solar.Place{Lon: 122.5, Lat: 52.97}
	tests := []struct {
		name     string
		edit     func(*Config)
		contains []string // empty when New must accept the config
	}{
		{"up 48h", func(c *Config) { c.Schedule.UpOffset = 48 * time.Hour },
			[]string{"UpOffset 48h0m0s", "-4h0m0s to 4h0m0s"}},
		{"down -5h", func(c *Config) { c.Schedule.DownOffset = -5 * time.Hour },
			[]string{"DownOffset -5h0m0s", "-4h0m0s to 4h0m0s"}},
		{"limits", func(c *Config) {
			c.Schedule.UpOffset, c.Schedule.DownOffset = 4*time.Hour, -4*time.Hour
		}, nil},
		{"empty window in winter", func(c *Config) {
			c.Place, c.Zone = mohe, mustZone(t, "Asia/Shanghai")
			c.Schedule.UpOffset, c.Schedule.DownOffset = 4*time.Hour, -4*time.Hour
		}, []string{"2026-12-21", "empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			tt.edit(&cfg)
			_, err := New(cfg)
			if len(tt.contains) == 0 {
				if err != nil {
					t.Errorf("New = %v, want no error", err)
				}
				return
			}
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("New = %v, want ErrConfig", err)
			}
			for _, want := range tt.contains {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("New = %q, want it to contain %q", err, want)
				}
			}
		})
	}
}

func TestStatusStrings(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{Open.String(), "open"},
		{Action(99).String(), "Action(99)"},
		{CauseMaxRunTime.String(), "max run time"},
		{Cause(99).String(), "Cause(99)"},
		{Superseded.String(), "superseded"},
		{Status(99).String(), "Status(99)"},
		{ReasonRetained.String(), "retained message"},
		{Reason(99).String(), "Reason(99)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
}
