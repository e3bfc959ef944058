package metering

import (
	"fmt"
	"math"
)

// MaxValue is the largest register value or interval volume a [Reading] may carry, in
// the meter's fixed-point units. It keeps step × 3600 inside int64 in the rate check.
const MaxValue = 1_000_000_000_000_000

// Reading is one observation of a meter register.
type Reading struct {
	// Time is when the meter took the value, in Unix seconds (UTC).
	Time int64
	// Value is the register value (a cumulative counter) or the volume since the
	// previous interval (an interval meter), in the meter's fixed-point units: with
	// [MeterConfig.Scale] 2 a Value of 12345 is 123.45 kWh or m³.
	Value int64
	// Meter is the dense meter id that [Shard.AddMeter] registered; [Registry] maps
	// string meter ids to dense ids.
	Meter uint32
}

// Kind says how a meter's Value is read.
type Kind uint8

const (
	// Cumulative is a counter that only grows, apart from rollover at the register's
	// width and resets: consumption is the positive difference to the previous reading.
	Cumulative Kind = iota
	// Interval is a volume measured over the [MeterConfig.Period] seconds that end at
	// the reading's Time: consumption is the Value itself.
	Interval
)

// String returns "cumulative" or "interval".
func (k Kind) String() string {
	switch k {
	case Cumulative:
		return "cumulative"
	case Interval:
		return "interval"
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// MeterConfig describes one meter register. The zero value is a cumulative counter
// without rollover, rate check or out-of-order window.
type MeterConfig struct {
	// Kind says whether Value is a cumulative counter or an interval volume.
	Kind Kind
	// Scale is the number of decimal places in Value: 2 for hundredths of a kWh, 3 for
	// thousandths of a m³. The package never divides by it; it is kept with the
	// meter so that callers can format Values and snapshots carry it.
	Scale uint8
	// Modulus is the value at which the register rolls over to zero, in Value units. A
	// register that shows 999,999.99 kWh at Scale 2 has Modulus 100,000,000. Zero
	// means the register does not roll over. Values must be below Modulus.
	Modulus int64
	// MaxPerHour is the largest physically possible consumption in one hour, in Value
	// units (a 30 kW pump at Scale 2: 3,000). A step larger than MaxPerHour × elapsed
	// seconds / 3600 is rejected as [Impossible]. Zero disables the check.
	MaxPerHour int64
	// ResetBelow is the value at or under which a drop of a cumulative counter that
	// no rollover explains is taken as a reset or a replaced meter: the reading becomes
	// the new baseline and adds no consumption. A drop to a larger value is rejected as
	// [Backwards]. Zero means only a drop to exactly zero is a reset.
	ResetBelow int64
	// Window is how many seconds a reading may be older than the meter's newest
	// accepted reading and still be placed in time order. Older readings are rejected
	// as [Late]. The placement also needs the neighbouring readings in the shard's
	// history ([Config.History] readings per meter). Zero accepts readings in time
	// order only.
	Window int64
	// Period is the length in seconds of the interval an [Interval] reading covers,
	// used for the MaxPerHour check. Zero skips that check for interval meters.
	Period int64
}

// Validate reports an error naming the first field that is out of range.
func (c MeterConfig) Validate() error {
	switch {
	case c.Kind > Interval:
		return fmt.Errorf("metering: invalid meter kind %d, want Cumulative or Interval", c.Kind)
	case c.Scale > 18:
		return fmt.Errorf("metering: invalid scale %d, want 0 to 18 decimal places", c.Scale)
	case c.Modulus < 0 || c.Modulus > MaxValue+1:
		return fmt.Errorf("metering: invalid modulus %d, want 0 (no rollover) to %d", c.Modulus, int64(MaxValue+1))
	case c.MaxPerHour < 0:
		return fmt.Errorf("metering: invalid max per hour %d, want 0 (no check) or more", c.MaxPerHour)
	case c.ResetBelow < 0:
		return fmt.Errorf("metering: invalid reset threshold %d, want 0 or more", c.ResetBelow)
	case c.Window < 0:
		return fmt.Errorf("metering: invalid window %d s, want 0 or more", c.Window)
	case c.Period < 0:
		return fmt.Errorf("metering: invalid period %d s, want 0 or more", c.Period)
	}
	return nil
}

// class is a [MeterConfig] prepared for the hot path. Meters with equal configs share one.
type class struct {
	cfg MeterConfig
	// limit is the exclusive upper bound of Value: Modulus, or MaxValue+1.
	limit int64
	// dtCap is the elapsed time from which MaxPerHour × dt no longer fits in int64,
	// so any step passes the rate check.
	dtCap int64
}

func newClass(cfg MeterConfig) class {
	c := class{cfg: cfg, limit: MaxValue + 1, dtCap: math.MaxInt64}
	if cfg.Modulus > 0 {
		c.limit = cfg.Modulus
	}
	if cfg.MaxPerHour > 0 {
		c.dtCap = math.MaxInt64 / cfg.MaxPerHour
	}
	return c
}

// tooFast reports whether consumption d in dt seconds exceeds MaxPerHour.
func (c *class) tooFast(d, dt int64) bool {
	return c.cfg.MaxPerHour > 0 && dt < c.dtCap && d*3600 > c.cfg.MaxPerHour*dt
}
