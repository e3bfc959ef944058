package dlt645

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shuxiang/shuxiang/water/metering"
)

// Unit is the physical unit of a [Value].
type Unit uint8

const (
	// UnitNone marks a dimensionless value: a power factor or an event count.
	UnitNone    Unit = iota
	UnitKWh          // active energy, kilowatt-hours
	UnitKvarh        // reactive energy, kilovar-hours
	UnitKVAh         // apparent energy, kilovolt-ampere-hours
	UnitKW           // active power, kilowatts
	UnitKvar         // reactive power, kilovars
	UnitKVA          // apparent power, kilovolt-amperes
	UnitV            // voltage, volts
	UnitA            // current, amperes
	UnitHz           // frequency, hertz
	UnitCelsius      // temperature, degrees Celsius
	UnitDegree       // phase angle, degrees
	UnitMinute       // duration, minutes
)

var unitNames = [...]string{
	UnitNone:    "",
	UnitKWh:     "kWh",
	UnitKvarh:   "kvarh",
	UnitKVAh:    "kVAh",
	UnitKW:      "kW",
	UnitKvar:    "kvar",
	UnitKVA:     "kVA",
	UnitV:       "V",
	UnitA:       "A",
	UnitHz:      "Hz",
	UnitCelsius: "°C",
	UnitDegree:  "°",
	UnitMinute:  "min",
}

// String returns the unit symbol, such as "kWh", or "" for [UnitNone].
func (u Unit) String() string {
	if int(u) < len(unitNames) {
		return unitNames[u]
	}
	return "unit(" + strconv.Itoa(int(u)) + ")"
}

// Value is a fixed-point number, Int × 10^-Scale in Unit: 0.06 kWh is
// Value{Int: 6, Scale: 2, Unit: UnitKWh}. The zero value is 0 without unit.
type Value struct {
	Int   int64
	Scale uint8
	Unit  Unit
}

// String returns the value with its decimals and unit, such as "-0.2512 kW".
func (v Value) String() string {
	b := v.AppendDecimal(make([]byte, 0, 24))
	if v.Unit != UnitNone {
		b = append(b, ' ')
		b = append(b, v.Unit.String()...)
	}
	return string(b)
}

// AppendDecimal appends the number without its unit, with exactly Scale
// decimals ("0.06", "-4.999", "17"), and returns the extended buffer.
func (v Value) AppendDecimal(dst []byte) []byte {
	n := v.Int
	if n < 0 {
		dst = append(dst, '-')
	}
	var digits [24]byte
	d := strconv.AppendUint(digits[:0], absUint(n), 10)
	scale := int(v.Scale)
	if scale == 0 {
		return append(dst, d...)
	}
	if len(d) <= scale {
		dst = append(dst, '0', '.')
		for range scale - len(d) {
			dst = append(dst, '0')
		}
		return append(dst, d...)
	}
	whole := len(d) - scale
	dst = append(dst, d[:whole]...)
	dst = append(dst, '.')
	return append(dst, d[whole:]...)
}

func absUint(n int64) uint64 {
	if n < 0 {
		return uint64(-(n + 1)) + 1
	}
	return uint64(n)
}

// Rescale returns Int expressed with scale decimals instead of Scale. It
// reports false when that would drop non-zero digits or overflow int64.
func (v Value) Rescale(scale uint8) (int64, bool) {
	n := v.Int
	for s := v.Scale; s < scale; s++ {
		if n > maxInt64/10 || n < -maxInt64/10 {
			return 0, false
		}
		n *= 10
	}
	for s := v.Scale; s > scale; s-- {
		if n%10 != 0 {
			return 0, false
		}
		n /= 10
	}
	return n, true
}

const maxInt64 = 1<<63 - 1

// Reading converts v to a [metering.Reading] of the dense meter id, taken at
// Unix second t, with the meter's fixed-point scale (its
// [metering.MeterConfig.Scale]). It fails when v is negative or its digits do
// not fit that scale exactly.
func (v Value) Reading(meter uint32, t int64, scale uint8) (metering.Reading, error) {
	n, ok := v.Rescale(scale)
	if !ok {
		return metering.Reading{}, fmt.Errorf("dlt645: value %v does not fit scale %d exactly", v, scale)
	}
	if n < 0 || n > metering.MaxValue {
		return metering.Reading{}, fmt.Errorf("dlt645: value %v out of range for a meter reading", v)
	}
	return metering.Reading{Meter: meter, Time: t, Value: n}, nil
}

// Clock is a meter's calendar date and time of day as its registers hold them,
// without a time zone. Year has four digits (DL/T 645 sends two, taken as
// 2000-2099). Weekday counts from 0 for Sunday. Fields that an item does not
// carry are zero: a time-only item has no date.
type Clock struct {
	Year    uint16
	Month   uint8
	Day     uint8
	Weekday uint8
	Hour    uint8
	Minute  uint8
	Second  uint8
}

// Time returns c as a time in loc, the meter's zone (China Standard Time for
// most meters in China).
func (c Clock) Time(loc *time.Location) time.Time {
	return time.Date(int(c.Year), time.Month(c.Month), int(c.Day),
		int(c.Hour), int(c.Minute), int(c.Second), 0, loc)
}

// ClockOf returns the date and time of t in its own location, with the
// weekday set. Years outside 2000-2099 cannot be sent and are rejected later
// by the encoders.
func ClockOf(t time.Time) Clock {
	return Clock{
		Year:    uint16(t.Year()),
		Month:   uint8(t.Month()),
		Day:     uint8(t.Day()),
		Weekday: uint8(t.Weekday()),
		Hour:    uint8(t.Hour()),
		Minute:  uint8(t.Minute()),
		Second:  uint8(t.Second()),
	}
}

// String returns c as "2006-01-02 15:04:05".
func (c Clock) String() string {
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d",
		c.Year, c.Month, c.Day, c.Hour, c.Minute, c.Second)
}
