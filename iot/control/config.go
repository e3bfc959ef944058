package control

import (
	"errors"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/iot/solar"
)

// Config describes one greenhouse. Zero durations and limits take the defaults named on
// each field. [New] fills them in and rejects invalid values.
type Config struct {
	// Place is the greenhouse site; Zone is the time zone whose civil date the schedule
	// follows, such as Asia/Shanghai or Asia/Urumqi. Zone is required.
	Place solar.Place
	Zone  *time.Location

	// Vents and Blankets name the actuators. Names must be unique across both.
	Vents    []string
	Blankets []BlanketConfig

	Schedule Schedule
	Climate  Climate
	Weather  WeatherLimits
	Commands CommandPolicy
}

// BlanketConfig describes one thermal blanket motor.
type BlanketConfig struct {
	Target string
	// MaxRunTime is the longest the motor may run in one move before it is stopped and
	// the blanket is marked faulted. Required: set it a little above the measured time for
	// a full travel.
	//
	// NOTE: a move ends normally only at a limit switch reported in [BlanketFeedback]. A
	// motor whose limit switches are not reported stops at MaxRunTime on every move and is
	// marked faulted each time.
	MaxRunTime time.Duration
}

// Schedule sets when the blankets roll up and down.
type Schedule struct {
	// UpOffset is added to sunrise and DownOffset to sunset; either may be negative.
	// Blankets are usually rolled up some time after sunrise and down before sunset.
	// Each must lie within ±[MaxScheduleOffset], and on the solstices the roll-up time
	// must come before the roll-down time.
	UpOffset   time.Duration
	DownOffset time.Duration

	// Rolling up waits, within the day's window, until the outside light is at least
	// UpMinLight and the outside temperature is at least UpMinTemperature. A guard is off
	// when its Use flag is false. A reading that a guard needs and that is missing holds
	// the blankets down.
	UpMinLight          Lux
	UseUpMinLight       bool
	UpMinTemperature    DeciCelsius
	UseUpMinTemperature bool

	// After solar noon, an outside light below DownBelowLight rolls the blankets down
	// early, and they stay down until the next day. Off when UseDownBelowLight is false.
	DownBelowLight    Lux
	UseDownBelowLight bool
}

// Climate sets the temperature band that the vents hold.
type Climate struct {
	// Min and Max bound the crop's band. A vent opens when the inside temperature
	// reaches Max and closes when it falls to Max-Deadband, or to Min, whichever is
	// higher.
	Min, Max DeciCelsius
	// Deadband must be positive.
	Deadband DeciCelsius
	// MinOpen and MinClosed are the least times a vent stays open or closed before the
	// temperature loop changes it again. Interlocks ignore MinOpen.
	MinOpen, MinClosed time.Duration
}

// WeatherLimits sets the weather interlock. Rain always closes the vents.
type WeatherLimits struct {
	// MaxWind closes the vents at or above this speed. Default 108 (10.8 m/s).
	MaxWind DeciMetresPerSecond
	// HoldOff is how long the vents stay closed after the rain or wind has ended.
	// Default 10 minutes.
	HoldOff time.Duration
	// IgnoreMissing stops a missing rain or wind reading from tripping the interlock,
	// for a greenhouse without a weather station. By default a missing reading closes
	// the vents.
	IgnoreMissing bool
}

// CommandPolicy sets how operator commands are checked and how long the controller's own
// commands live.
type CommandPolicy struct {
	// MaxAge rejects a command issued longer ago than this. Default 1 minute.
	MaxAge time.Duration
	// MaxLifetime rejects a command whose expiry lies further ahead than this.
	// Default 10 minutes.
	MaxLifetime time.Duration
	// MaxClockSkew rejects a command issued further than this after the current time,
	// allowing for a sender whose clock runs slightly ahead. Default 5 s.
	MaxClockSkew time.Duration
	// Lifetime is the expiry given to the controller's own commands. Default 30 s.
	Lifetime time.Duration
	// ManualHold is how long an operator's vent command overrides the temperature loop.
	// Default 30 minutes. An operator's blanket command holds until the next scheduled
	// roll-up or roll-down.
	ManualHold time.Duration
	// IDPrefix starts the ids of the controller's own commands. Default "auto".
	IDPrefix string
}

// Defaults used for zero fields.
const (
	DefaultMaxWind      DeciMetresPerSecond = 108
	DefaultHoldOff                          = 10 * time.Minute
	DefaultMaxAge                           = time.Minute
	DefaultMaxLifetime                      = 10 * time.Minute
	DefaultMaxClockSkew                     = 5 * time.Second
	DefaultLifetime                         = 30 * time.Second
	DefaultManualHold                       = 30 * time.Minute
	DefaultIDPrefix                         = "auto"
)

// MaxScheduleOffset bounds [Schedule].UpOffset and DownOffset in either direction.
// Blankets move within an hour or two of sunrise and sunset, and a larger offset, such
// as a day typed for an hour, would keep them from moving at all.
const MaxScheduleOffset = 4 * time.Hour

// ErrConfig is wrapped by every error that [New] returns.
var ErrConfig = errors.New("control: invalid config")

func (c *Config) fill() {
	fillDuration(&c.Weather.HoldOff, DefaultHoldOff)
	fillDuration(&c.Commands.MaxAge, DefaultMaxAge)
	fillDuration(&c.Commands.MaxLifetime, DefaultMaxLifetime)
	fillDuration(&c.Commands.MaxClockSkew, DefaultMaxClockSkew)
	fillDuration(&c.Commands.Lifetime, DefaultLifetime)
	fillDuration(&c.Commands.ManualHold, DefaultManualHold)
	if c.Weather.MaxWind == 0 {
		c.Weather.MaxWind = DefaultMaxWind
	}
	if c.Commands.IDPrefix == "" {
		c.Commands.IDPrefix = DefaultIDPrefix
	}
}

func fillDuration(d *time.Duration, def time.Duration) {
	if *d == 0 {
		*d = def
	}
}

func (c *Config) validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...))
	}

	if c.Zone == nil {
		bad("Zone is nil; set it from time.LoadLocation, for example Asia/Urumqi")
	}
	if _, err := solar.Compute(solar.Date{Year: 2026, Month: 1, Day: 1}, c.Place, time.UTC); err != nil {
		bad("Place: %v", err)
	}

	seen := make(map[string]bool)
	name := func(kind, target string) {
		switch {
		case target == "":
			bad("%s with an empty target name", kind)
		case seen[target]:
			bad("actuator %q is named twice; give each vent and blanket its own name", target)
		}
		seen[target] = true
	}
	for _, v := range c.Vents {
		name("vent", v)
	}
	for _, b := range c.Blankets {
		name("blanket", b.Target)
		if b.MaxRunTime <= 0 {
			bad("blanket %q: MaxRunTime %v must be positive; set it a little above a full travel",
				b.Target, b.MaxRunTime)
		}
	}

	c.validateSchedule(bad)

	cl := c.Climate
	if len(c.Vents) > 0 {
		if cl.Deadband <= 0 {
			bad("Climate.Deadband %d must be positive (tenths of °C)", cl.Deadband)
		}
		if cl.Min >= cl.Max {
			bad("Climate.Min %d must be below Climate.Max %d (tenths of °C)", cl.Min, cl.Max)
		}
	}
	if cl.MinOpen < 0 || cl.MinClosed < 0 {
		bad("Climate.MinOpen %v and MinClosed %v must not be negative", cl.MinOpen, cl.MinClosed)
	}
	if c.Weather.MaxWind < 0 || c.Weather.HoldOff < 0 {
		bad("Weather.MaxWind %d and HoldOff %v must not be negative",
			c.Weather.MaxWind, c.Weather.HoldOff)
	}

	p := c.Commands
	if p.MaxAge < 0 || p.MaxLifetime < 0 || p.Lifetime < 0 || p.ManualHold < 0 {
		bad("Commands.MaxAge %v, MaxLifetime %v, Lifetime %v and ManualHold %v must not be negative",
			p.MaxAge, p.MaxLifetime, p.Lifetime, p.ManualHold)
	}
	if p.MaxClockSkew < 0 {
		bad("Commands.MaxClockSkew %v must not be negative", p.MaxClockSkew)
	}
	return errors.Join(errs...)
}

// validateSchedule checks the blanket offsets: each within MaxScheduleOffset, and a
// roll-up before the roll-down on both solstices, so the shortest day of the year at the
// place still has a window.
func (c *Config) validateSchedule(bad func(format string, args ...any)) {
	s := c.Schedule
	inRange := true
	for _, off := range []struct {
		name  string
		value time.Duration
	}{{"UpOffset", s.UpOffset}, {"DownOffset", s.DownOffset}} {
		if off.value < -MaxScheduleOffset || off.value > MaxScheduleOffset {
			bad("Schedule.%s %v is outside the allowed range %v to %v", off.name, off.value,
				-MaxScheduleOffset, MaxScheduleOffset)
			inRange = false
		}
	}
	if !inRange || c.Zone == nil || len(c.Blankets) == 0 {
		return
	}
	for _, date := range []solar.Date{{Year: 2026, Month: 6, Day: 21}, {Year: 2026, Month: 12, Day: 21}} {
		day, err := solar.Compute(date, c.Place, c.Zone)
		if err != nil || day.Sun != solar.RiseAndSet {
			continue
		}
		up, down := day.Sunrise.Add(s.UpOffset), day.Sunset.Add(s.DownOffset)
		if !up.Before(down) {
			bad("Schedule: on %s the roll-up at %s (sunrise plus UpOffset %v) is not before "+
				"the roll-down at %s (sunset plus DownOffset %v), so the window is empty: "+
				"shorten UpOffset or DownOffset",
				date, up.In(c.Zone).Format("15:04"), s.UpOffset,
				down.In(c.Zone).Format("15:04"), s.DownOffset)
		}
	}
}
