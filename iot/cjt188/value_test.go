package cjt188_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/water/metering"
)

func TestValueString(t *testing.T) {
	assert.Equal(t, "1000.10 m³", m3(100010).String())
	assert.Equal(t, "0.05 m³", m3(5).String())
	assert.Equal(t, "1.2500 m³/h", cjt188.Value{Int: 12500, Scale: 4, Unit: cjt188.UnitM3PerH}.String())
	assert.Equal(t, "absent", cjt188.Value{Absent: true}.String())
	assert.Equal(t, "7 unit 0x77", cjt188.Value{Int: 7, Unit: 0x77}.String())
}

func TestValueReading(t *testing.T) {
	r, err := m3(595900).Reading(3, 1_780_000_000, 3)
	require.NoError(t, err)
	assert.Equal(t, metering.Reading{Meter: 3, Time: 1_780_000_000, Value: 5959000}, r)

	litres := cjt188.Value{Int: 123456, Scale: 2, Unit: cjt188.UnitL} // 1234.56 L
	r, err = litres.Reading(3, 1, 5)
	require.NoError(t, err)
	assert.Equal(t, int64(123456), r.Value, "1.23456 m³ at scale 5")

	_, err = litres.Reading(3, 1, 3)
	assert.Error(t, err, "scale too coarse")
	_, err = cjt188.Value{Int: 1, Unit: cjt188.UnitKWh}.Reading(3, 1, 2)
	assert.Error(t, err, "not a volume")
	_, err = cjt188.Value{Absent: true, Unit: cjt188.UnitM3}.Reading(3, 1, 2)
	assert.Error(t, err, "absent")
}

func TestStatusBits(t *testing.T) {
	s := cjt188.Status(0x0805) // closed valve, low battery, vendor bit D3 of the second byte
	assert.Equal(t, cjt188.ValveClosed, s.Valve())
	assert.True(t, s.BatteryLow())
	assert.Equal(t, cjt188.Status(0x0800), s.Vendor())
	assert.True(t, s.Magnetic(0x0800))
	assert.False(t, s.Magnetic(0))
	assert.Equal(t, "0508", s.String())
	assert.Equal(t, cjt188.Status(0x10A0), s.Reversed())
	assert.Equal(t, s, s.Reversed().Reversed())
	assert.Equal(t, "abnormal", cjt188.ValveAbnormal.String())
}

func TestMeterType(t *testing.T) {
	assert.Equal(t, "water", cjt188.TypeColdWater.Family())
	assert.Equal(t, "heat", cjt188.TypeCooling.Family())
	assert.Equal(t, "gas meter", cjt188.TypeGas.String())
	assert.Equal(t, "water meter 0x15", cjt188.MeterType(0x15).String())
	assert.Equal(t, "", cjt188.MeterType(0x50).Family())
}

func TestParseAddress(t *testing.T) {
	a, err := cjt188.ParseAddress("78331505104145")
	require.NoError(t, err)
	assert.Equal(t, meterAddr, a)
	assert.Equal(t, "78331505104145", a.String())
	w, err := cjt188.ParseAddress("AAAAAAAAAAAAAA")
	require.NoError(t, err)
	assert.Equal(t, cjt188.Wildcard, w)
	assert.True(t, w.Matches(a))
	_, err = cjt188.ParseAddress("7833150510414")
	assert.Error(t, err)
	_, err = cjt188.ParseAddress("78AA1505104145")
	assert.Error(t, err)
}

func TestDIName(t *testing.T) {
	assert.Equal(t, "metering data", cjt188.DIReading.Name())
	assert.Equal(t, "metering data 3 months back", cjt188.History(3).Name())
	assert.Equal(t, "D122", cjt188.History(3).String())
	assert.Equal(t, "", cjt188.DI(0x1234).Name())
}
