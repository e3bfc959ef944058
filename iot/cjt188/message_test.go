package cjt188_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/cjt188"
)

var meterAddr = cjt188.Address{0x45, 0x41, 0x10, 0x05, 0x15, 0x33, 0x78}

func m3(n int64) cjt188.Value { return cjt188.Value{Int: n, Scale: 2, Unit: cjt188.UnitM3} }

func decode(t testing.TB, b []byte) *cjt188.Message {
	t.Helper()
	var m cjt188.Message
	require.NoError(t, m.UnmarshalBinary(b))
	return &m
}

// rawFrame builds a frame with a valid checksum around data so that tests
// can put impossible content in it.
func rawFrame(t testing.TB, mt cjt188.MeterType, c cjt188.Control, data ...byte) []byte {
	t.Helper()
	f := cjt188.Frame{Type: mt, Address: meterAddr, Control: c}
	require.NoError(t, f.SetData(data))
	b, err := f.AppendBinary(nil)
	require.NoError(t, err)
	return b
}

func heatReading() cjt188.Reading {
	return cjt188.Reading{
		SettlementHeat: cjt188.Value{Int: 4000, Scale: 2, Unit: cjt188.UnitKWh},
		Heat:           cjt188.Value{Int: 4567, Scale: 2, Unit: cjt188.UnitGJ},
		Power:          cjt188.Value{Int: 350, Scale: 2, Unit: cjt188.UnitKW},
		FlowRate:       cjt188.Value{Int: 12500, Scale: 4, Unit: cjt188.UnitM3PerH},
		Flow:           cjt188.Value{Int: 99999999, Scale: 2, Unit: cjt188.UnitL},
		SupplyTemp:     cjt188.Value{Int: 5520, Scale: 2, Unit: cjt188.UnitCelsius},
		ReturnTemp:     cjt188.Value{Scale: 2, Unit: cjt188.UnitCelsius, Absent: true},
		WorkingTime:    cjt188.Value{Int: 8760, Unit: cjt188.UnitHour},
		Time:           cjt188.Clock{Year: 2024, Month: 2, Day: 29, Hour: 23, Minute: 59, Second: 59},
	}
}

func TestReadingRoundTrip(t *testing.T) {
	tests := []struct {
		name      string
		meterType cjt188.MeterType
		reading   cjt188.Reading
		status    cjt188.Status
	}{
		{"cold water", cjt188.TypeColdWater, cjt188.Reading{Flow: m3(100010), SettlementFlow: m3(99000),
			Time: cjt188.Clock{Year: 2026, Month: 7, Day: 1, Hour: 6, Minute: 30}}, 0},
		{"valve closed battery low", cjt188.TypeHotWater, cjt188.Reading{Flow: m3(5),
			SettlementFlow: cjt188.Value{Scale: 2, Absent: true}, TimeAbsent: true},
			cjt188.Status(cjt188.ValveClosed) | cjt188.StatusBatteryLow | 0x0800},
		{"gas in litres", cjt188.TypeGas, cjt188.Reading{Flow: cjt188.Value{Int: 123, Scale: 2, Unit: cjt188.UnitL},
			SettlementFlow: m3(0), TimeAbsent: true}, 0},
		{"heat", cjt188.TypeHeat, heatReading(), cjt188.Status(cjt188.ValveAbnormal)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := cjt188.AppendReadingReply(nil, tt.meterType, meterAddr, 7, &tt.reading, tt.status)
			require.NoError(t, err)
			m := decode(t, b)
			assert.Equal(t, tt.meterType, m.Type)
			assert.Equal(t, cjt188.DIReading, m.DI)
			assert.Equal(t, uint8(7), m.Seq)
			assert.Equal(t, tt.reading, m.Reading)
			assert.Equal(t, tt.status, m.Status)
			assert.True(t, m.HasStatus)

			again, err := m.AppendBinary(nil)
			require.NoError(t, err)
			assert.Equal(t, b, again)
		})
	}
}

func TestRequestRoundTrip(t *testing.T) {
	timeFrame, err := cjt188.AppendWriteTime(nil, cjt188.TypeColdWater, meterAddr, 3,
		cjt188.Clock{Year: 2026, Month: 12, Day: 31, Hour: 23, Minute: 59, Second: 30})
	require.NoError(t, err)
	history := cjt188.Message{DI: cjt188.History(12), Seq: 1,
		Reading: cjt188.Reading{Flow: m3(4242)}}
	history.Type, history.Address, history.Control = cjt188.TypeColdWater, meterAddr, 0x81
	historyFrame, err := history.AppendBinary(nil)
	require.NoError(t, err)
	writeAddr := cjt188.Message{DI: cjt188.DIWriteAddress, NewAddress: cjt188.Address{1, 2, 3, 4, 5, 6, 7}}
	writeAddr.Type, writeAddr.Address, writeAddr.Control = cjt188.TypeAny, cjt188.Wildcard, 0x15
	writeAddrFrame, err := writeAddr.AppendBinary(nil)
	require.NoError(t, err)

	tests := []struct {
		name  string
		frame []byte
		check func(t *testing.T, m *cjt188.Message)
	}{
		{"read", cjt188.AppendRead(nil, cjt188.TypeColdWater, meterAddr, cjt188.DIReading, 9), func(t *testing.T, m *cjt188.Message) {
			assert.Equal(t, cjt188.Control(0x01), m.Control)
			assert.Equal(t, cjt188.DIReading, m.DI)
			assert.Equal(t, uint8(9), m.Seq)
		}},
		{"read address", cjt188.AppendReadAddress(nil, 0), func(t *testing.T, m *cjt188.Message) {
			assert.Equal(t, cjt188.TypeAny, m.Type)
			assert.Equal(t, cjt188.Wildcard, m.Address)
			assert.Equal(t, cjt188.DIAddress, m.DI)
		}},
		{"valve", cjt188.AppendValve(nil, cjt188.TypeColdWater, meterAddr, 2, cjt188.ValveCommandClose), func(t *testing.T, m *cjt188.Message) {
			assert.Equal(t, cjt188.DIValve, m.DI)
			assert.Equal(t, cjt188.ValveCommandClose, m.Valve)
		}},
		{"write time", timeFrame, func(t *testing.T, m *cjt188.Message) {
			assert.Equal(t, cjt188.Clock{Year: 2026, Month: 12, Day: 31, Hour: 23, Minute: 59, Second: 30}, m.Time)
		}},
		{"write address", writeAddrFrame, func(t *testing.T, m *cjt188.Message) {
			assert.Equal(t, cjt188.Address{1, 2, 3, 4, 5, 6, 7}, m.NewAddress)
		}},
		{"history", historyFrame, func(t *testing.T, m *cjt188.Message) {
			assert.Equal(t, cjt188.DI(0xD12B), m.DI)
			assert.Equal(t, "42.42 m³", m.Reading.Flow.String())
		}},
		{"address reply", cjt188.AppendAddressReply(nil, cjt188.TypeGas, meterAddr, 4), func(t *testing.T, m *cjt188.Message) {
			assert.Equal(t, cjt188.Control(0x83), m.Control)
			assert.Equal(t, meterAddr, m.Address)
			assert.False(t, m.EchoAddress)
		}},
		{"write reply", cjt188.AppendWriteReply(nil, cjt188.TypeColdWater, meterAddr, cjt188.DIValve, 2, 1), func(t *testing.T, m *cjt188.Message) {
			assert.True(t, m.HasStatus)
			assert.Equal(t, cjt188.ValveClosed, m.Status.Valve())
		}},
		{"abnormal reply", cjt188.AppendAbnormalReply(nil, cjt188.TypeColdWater, meterAddr, cjt188.FuncRead, 5, 0x0003), func(t *testing.T, m *cjt188.Message) {
			assert.Equal(t, cjt188.Control(0xC1), m.Control)
			var ae *cjt188.AbnormalError
			require.ErrorAs(t, m.Err(), &ae)
			assert.Equal(t, cjt188.ValveAbnormal, ae.Status.Valve())
			assert.Equal(t, "cjt188: meter 78331505104145 rejected read data: status 0300", ae.Error())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := decode(t, tt.frame)
			tt.check(t, m)
			again, err := m.AppendBinary(nil)
			require.NoError(t, err)
			assert.Equal(t, tt.frame, again)
		})
	}
}

func TestSwappedIdentifierRoundTrip(t *testing.T) {
	b := rawFrame(t, cjt188.TypeColdWater, 0x01, 0x1F, 0x90, 0x00)
	m := decode(t, b)
	assert.Equal(t, cjt188.DIReading, m.DI)
	assert.True(t, m.Swapped)
	again, err := m.AppendBinary(nil)
	require.NoError(t, err)
	assert.Equal(t, b, again)
}

func TestAddressEchoRoundTrip(t *testing.T) {
	b := rawFrame(t, cjt188.TypeColdWater, 0x83, append([]byte{0x81, 0x0A, 0x00}, meterAddr[:]...)...)
	m := decode(t, b)
	assert.True(t, m.EchoAddress)
	again, err := m.AppendBinary(nil)
	require.NoError(t, err)
	assert.Equal(t, b, again)
}

func TestUnknownIdentifierKeptRaw(t *testing.T) {
	b := rawFrame(t, cjt188.TypeColdWater, 0x81, 0x82, 0x0B, 0x01, 0x36, 0x02, 0x00, 0x00)
	m := decode(t, b)
	assert.Equal(t, cjt188.DI(0x820B), m.DI)
	assert.Equal(t, []byte{0x36, 0x02, 0x00, 0x00}, m.Rest())
}

func TestMessageRejects(t *testing.T) {
	water := func(flow, settle []byte, clock []byte) []byte {
		out := []byte{0x90, 0x1F, 0x00}
		out = append(out, flow...)
		out = append(out, settle...)
		out = append(out, clock...)
		return append(out, 0x00, 0x00)
	}
	flow := []byte{0x00, 0x10, 0x00, 0x00, 0x2C}
	clock := []byte{0x31, 0x01, 0x22, 0x11, 0x05, 0x15, 0x20}
	tests := []struct {
		name  string
		frame []byte
		field string
		err   error
	}{
		{"flow not BCD", rawFrame(t, 0x10, 0x81, water([]byte{0x00, 0x1A, 0x00, 0x00, 0x2C}, flow, clock)...), "flow", cjt188.ErrNotBCD},
		{"unknown unit", rawFrame(t, 0x10, 0x81, water([]byte{0x00, 0x10, 0x00, 0x00, 0x2D}, flow, clock)...), "flow unit", cjt188.ErrUnknown},
		{"flow in kWh", rawFrame(t, 0x10, 0x81, water([]byte{0x00, 0x10, 0x00, 0x00, 0x05}, flow, clock)...), "flow unit", cjt188.ErrRange},
		{"month 13", rawFrame(t, 0x10, 0x81, water(flow, flow, []byte{0x31, 0x01, 0x22, 0x11, 0x13, 0x15, 0x20})...), "month", cjt188.ErrRange},
		{"April 31", rawFrame(t, 0x10, 0x81, water(flow, flow, []byte{0x31, 0x01, 0x22, 0x31, 0x04, 0x15, 0x20})...), "day", cjt188.ErrRange},
		{"hour 24", rawFrame(t, 0x10, 0x81, water(flow, flow, []byte{0x31, 0x01, 0x24, 0x11, 0x05, 0x15, 0x20})...), "hour", cjt188.ErrRange},
		{"century 19", rawFrame(t, 0x10, 0x81, water(flow, flow, []byte{0x31, 0x01, 0x22, 0x11, 0x05, 0x99, 0x19})...), "year", cjt188.ErrRange},
		{"second not BCD", rawFrame(t, 0x10, 0x81, water(flow, flow, []byte{0x3A, 0x01, 0x22, 0x11, 0x05, 0x15, 0x20})...), "second", cjt188.ErrNotBCD},
		{"water data too short", rawFrame(t, 0x10, 0x81, water(flow, flow, clock)[:21]...), "length", cjt188.ErrLength},
		{"water layout from heat meter", rawFrame(t, 0x20, 0x81, water(flow, flow, clock)...), "length", cjt188.ErrLength},
		{"unknown meter type", rawFrame(t, 0x55, 0x01, 0x90, 0x1F, 0x00), "meter type", cjt188.ErrUnknown},
		{"wildcard type reply", rawFrame(t, 0xAA, 0x83, 0x81, 0x0A, 0x00), "meter type", cjt188.ErrRange},
		{"unknown function", rawFrame(t, 0x10, 0x02, 0x90, 0x1F, 0x00), "control", cjt188.ErrUnknown},
		{"abnormal request", rawFrame(t, 0x10, 0x41, 0x90, 0x1F, 0x00), "control", cjt188.ErrUnknown},
		{"no SER", rawFrame(t, 0x10, 0x01, 0x90, 0x1F), "length", cjt188.ErrLength},
		{"read request with data", rawFrame(t, 0x10, 0x01, 0x90, 0x1F, 0x00, 0x01), "length", cjt188.ErrLength},
		{"abnormal reply length", rawFrame(t, 0x10, 0xC1, 0x00, 0x00), "length", cjt188.ErrLength},
		{"echoed address differs", rawFrame(t, 0x10, 0x83, 0x81, 0x0A, 0x00, 1, 2, 3, 4, 5, 6, 7), "address", cjt188.ErrRange},
		{"valve without command", rawFrame(t, 0x10, 0x04, 0xA0, 0x17, 0x00), "length", cjt188.ErrLength},
		{"write time absent", rawFrame(t, 0x10, 0x04, 0xA0, 0x15, 0x00, 0, 0, 0, 0, 0, 0, 0), "time", cjt188.ErrRange},
		{"history length", rawFrame(t, 0x10, 0x81, 0xD1, 0x20, 0x00, 0x00, 0x00), "length", cjt188.ErrLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m cjt188.Message
			err := m.UnmarshalBinary(tt.frame)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.err)
			var fe *cjt188.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}

func TestFrameRejects(t *testing.T) {
	good := cjt188.AppendRead(nil, cjt188.TypeColdWater, meterAddr, cjt188.DIReading, 0)
	corrupt := func(i int, b byte) []byte {
		out := append([]byte(nil), good...)
		out[i] = b
		return out
	}
	withSum := func(b []byte) []byte {
		var sum byte
		for _, c := range b[:len(b)-2] {
			sum += c
		}
		b[len(b)-2] = sum
		return b
	}
	tests := []struct {
		name  string
		frame []byte
		field string
		err   error
	}{
		{"too short", good[:12], "frame", cjt188.ErrLength},
		{"start byte", corrupt(0, 0x69), "start", cjt188.ErrFormat},
		{"length", corrupt(10, 0x04), "length", cjt188.ErrLength},
		{"end byte", corrupt(len(good)-1, 0x17), "end", cjt188.ErrFormat},
		{"checksum", corrupt(len(good)-2, 0x00), "checksum", cjt188.ErrChecksum},
		{"address not BCD", withSum(corrupt(4, 0x0C)), "address", cjt188.ErrNotBCD},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f cjt188.Frame
			err := f.UnmarshalBinary(tt.frame)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.err)
			var fe *cjt188.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}

func TestEncodeRejectsBadReading(t *testing.T) {
	tests := []struct {
		name string
		r    cjt188.Reading
	}{
		{"too many digits", cjt188.Reading{Flow: m3(100000000), TimeAbsent: true}},
		{"negative", cjt188.Reading{Flow: m3(-1), TimeAbsent: true}},
		{"February 30", cjt188.Reading{Flow: m3(1), Time: cjt188.Clock{Year: 2026, Month: 2, Day: 30}}},
		{"year 1999", cjt188.Reading{Flow: m3(1), Time: cjt188.Clock{Year: 1999, Month: 1, Day: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cjt188.AppendReadingReply(nil, cjt188.TypeColdWater, meterAddr, 0, &tt.r, 0)
			assert.Error(t, err)
		})
	}
}
