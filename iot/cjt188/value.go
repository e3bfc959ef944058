package cjt188

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shuxiang/shuxiang/water/metering"
)

// Unit is a unit code (单位代号) of CJ/T 188-2004, sent after each quantity.
// [UnitCelsius] and [UnitHour] are not codes of the standard: they mark
// fields whose unit the layout fixes.
type Unit uint8

// Unit codes of CJ/T 188-2004.
const (
	UnitJ       Unit = 0x01
	UnitWh      Unit = 0x02
	UnitKWh     Unit = 0x05
	UnitMWh     Unit = 0x08
	UnitMWh100  Unit = 0x0A // hundreds of MWh
	UnitKJ      Unit = 0x0B
	UnitMJ      Unit = 0x0E
	UnitGJ      Unit = 0x11
	UnitGJ100   Unit = 0x13 // hundreds of GJ
	UnitW       Unit = 0x14
	UnitKW      Unit = 0x17
	UnitMW      Unit = 0x1A
	UnitL       Unit = 0x29
	UnitM3      Unit = 0x2C // cubic metres
	UnitLPerH   Unit = 0x32
	UnitM3PerH  Unit = 0x35
	UnitCelsius Unit = 0xF0 // degrees Celsius, fixed by the layout
	UnitHour    Unit = 0xF1 // hours, fixed by the layout
)

// String returns the unit symbol, such as "m³", or the code in hex.
func (u Unit) String() string {
	if s := unitSymbol(u); s != "" {
		return s
	}
	return "unit " + hexByte(byte(u))
}

func unitSymbol(u Unit) string {
	switch u {
	case UnitJ:
		return "J"
	case UnitWh:
		return "Wh"
	case UnitKWh:
		return "kWh"
	case UnitMWh:
		return "MWh"
	case UnitMWh100:
		return "MWh×100"
	case UnitKJ:
		return "kJ"
	case UnitMJ:
		return "MJ"
	case UnitGJ:
		return "GJ"
	case UnitGJ100:
		return "GJ×100"
	case UnitW:
		return "W"
	case UnitKW:
		return "kW"
	case UnitMW:
		return "MW"
	case UnitL:
		return "L"
	case UnitM3:
		return "m³"
	case UnitLPerH:
		return "L/h"
	case UnitM3PerH:
		return "m³/h"
	case UnitCelsius:
		return "°C"
	case UnitHour:
		return "h"
	}
	return ""
}

// Quantity is the physical quantity that a unit measures.
type Quantity uint8

const (
	QuantityUnknown  Quantity = iota // a unit of none of the kinds below, such as °C or h
	QuantityEnergy                   // heat or electric energy: J, Wh and their multiples
	QuantityPower                    // power: W, kW, MW
	QuantityVolume                   // volume: L, m³
	QuantityFlowRate                 // volume per time: L/h, m³/h
)

// Quantity returns what u measures.
func (u Unit) Quantity() Quantity {
	switch u {
	case UnitJ, UnitWh, UnitKWh, UnitMWh, UnitMWh100, UnitKJ, UnitMJ, UnitGJ, UnitGJ100:
		return QuantityEnergy
	case UnitW, UnitKW, UnitMW:
		return QuantityPower
	case UnitL, UnitM3:
		return QuantityVolume
	case UnitLPerH, UnitM3PerH:
		return QuantityFlowRate
	}
	return QuantityUnknown
}

// Value is a fixed-point number, Int × 10^-Scale in Unit: 1000.10 m³ is
// Value{Int: 100010, Scale: 2, Unit: UnitM3}. Absent is set when the meter
// sent all 0xFF bytes, which CJ/T 188 meters use for a quantity they do not
// support; Int is then 0.
type Value struct {
	Int    int64
	Scale  uint8
	Unit   Unit
	Absent bool
}

// String returns the value with its decimals and unit, such as "5959.00 m³",
// or "absent".
func (v Value) String() string {
	if v.Absent {
		return "absent"
	}
	return string(v.AppendDecimal(nil)) + " " + v.Unit.String()
}

// AppendDecimal appends the number without its unit, with exactly Scale
// decimals, and returns the extended buffer.
func (v Value) AppendDecimal(dst []byte) []byte {
	n := v.Int
	if n < 0 {
		dst = append(dst, '-')
		n = -n
	}
	var digits [24]byte
	d := strconv.AppendInt(digits[:0], n, 10)
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

// Volume returns v in m³: a value in litres keeps its digits and gains three
// decimals, so the conversion is exact. It reports false for other units and
// absent values.
func (v Value) Volume() (Value, bool) {
	switch {
	case v.Absent:
		return Value{}, false
	case v.Unit == UnitM3:
		return v, true
	case v.Unit == UnitL:
		return Value{Int: v.Int, Scale: v.Scale + 3, Unit: UnitM3}, true
	}
	return Value{}, false
}

// Reading converts a volume to a [metering.Reading] in m³ with the meter's
// fixed-point scale ([metering.MeterConfig.Scale]), for the dense meter id
// and Unix second t. It fails for absent values, other units, negative values
// and digits that do not fit the scale exactly.
func (v Value) Reading(meter uint32, t int64, scale uint8) (metering.Reading, error) {
	m3, ok := v.Volume()
	if !ok {
		return metering.Reading{}, fmt.Errorf("cjt188: value %v is not a volume", v)
	}
	n := m3.Int
	for s := m3.Scale; s < scale; s++ {
		n *= 10 // at most 8 BCD digits, so no overflow below scale 10
	}
	for s := m3.Scale; s > scale; s-- {
		if n%10 != 0 {
			return metering.Reading{}, fmt.Errorf("cjt188: value %v does not fit scale %d exactly", v, scale)
		}
		n /= 10
	}
	if n < 0 || n > metering.MaxValue {
		return metering.Reading{}, fmt.Errorf("cjt188: value %v out of range for a meter reading", v)
	}
	return metering.Reading{Meter: meter, Time: t, Value: n}, nil
}

// Clock is a meter's date and time of day without time zone.
type Clock struct {
	Year   uint16
	Month  uint8
	Day    uint8
	Hour   uint8
	Minute uint8
	Second uint8
}

// Time returns c as a time in loc, the meter's zone.
func (c Clock) Time(loc *time.Location) time.Time {
	return time.Date(int(c.Year), time.Month(c.Month), int(c.Day),
		int(c.Hour), int(c.Minute), int(c.Second), 0, loc)
}

// ClockOf returns the date and time of t in its own location.
func ClockOf(t time.Time) Clock {
	return Clock{Year: uint16(t.Year()), Month: uint8(t.Month()), Day: uint8(t.Day()),
		Hour: uint8(t.Hour()), Minute: uint8(t.Minute()), Second: uint8(t.Second())}
}

// String returns c as "2006-01-02 15:04:05".
func (c Clock) String() string {
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d",
		c.Year, c.Month, c.Day, c.Hour, c.Minute, c.Second)
}
