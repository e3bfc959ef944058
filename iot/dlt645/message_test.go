package dlt645_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/dlt645"
)

const meter = "000000000161"

func numberItem(t *testing.T, di dlt645.DI, vs ...dlt645.Value) dlt645.Item {
	t.Helper()
	var it dlt645.Item
	require.NoError(t, it.SetValues(di, vs...))
	return it
}

func kwh(n int64) dlt645.Value   { return dlt645.Value{Int: n, Scale: 2, Unit: dlt645.UnitKWh} }
func volts(n int64) dlt645.Value { return dlt645.Value{Int: n, Scale: 1, Unit: dlt645.UnitV} }
func amps(n int64) dlt645.Value  { return dlt645.Value{Int: n, Scale: 3, Unit: dlt645.UnitA} }
func kw(n int64) dlt645.Value    { return dlt645.Value{Int: n, Scale: 4, Unit: dlt645.UnitKW} }
func pf(n int64) dlt645.Value    { return dlt645.Value{Int: n, Scale: 3} }
func count(n int64) dlt645.Value { return dlt645.Value{Int: n} }

func TestMessageRoundTrip(t *testing.T) {
	a := mustAddress(t, meter)
	reply := dlt645.ControlReply | dlt645.Control(dlt645.FuncRead)
	clockItem := func(k dlt645.Kind, c dlt645.Clock, di dlt645.DI) dlt645.Item {
		return dlt645.Item{DI: di, Kind: k, Clock: c}
	}
	textItem := func(di dlt645.DI, k dlt645.Kind, s string) dlt645.Item {
		var it dlt645.Item
		require.NoError(t, it.SetText(di, k, []byte(s)))
		return it
	}
	tests := []struct {
		name string
		msg  dlt645.Message
	}{
		{"energy", dlt645.Message{DI: dlt645.DIForwardActiveEnergy,
			Item: numberItem(t, dlt645.DIForwardActiveEnergy, kwh(99999999))}},
		{"combined energy negative", dlt645.Message{DI: dlt645.DICombinedActiveEnergy,
			Item: numberItem(t, dlt645.DICombinedActiveEnergy, kwh(-79999999))}},
		{"energy tariff block", dlt645.Message{DI: dlt645.DIForwardEnergyBlock,
			Item: numberItem(t, dlt645.DIForwardEnergyBlock, kwh(500), kwh(100), kwh(200), kwh(150), kwh(50))}},
		{"voltages", dlt645.Message{DI: dlt645.DIVoltages,
			Item: numberItem(t, dlt645.DIVoltages, volts(2201), volts(2199), volts(2305))}},
		{"current negative", dlt645.Message{DI: dlt645.DICurrentB,
			Item: numberItem(t, dlt645.DICurrentB, amps(-4999))}},
		{"currents", dlt645.Message{DI: dlt645.DICurrents,
			Item: numberItem(t, dlt645.DICurrents, amps(1), amps(-2), amps(799999))}},
		{"active powers", dlt645.Message{DI: dlt645.DIActivePowers,
			Item: numberItem(t, dlt645.DIActivePowers, kw(2512), kw(-1), kw(0), kw(799999))}},
		{"power factor", dlt645.Message{DI: dlt645.DIPowerFactor,
			Item: numberItem(t, dlt645.DIPowerFactor, pf(-1000))}},
		{"frequency", dlt645.Message{DI: dlt645.DIFrequency,
			Item: numberItem(t, dlt645.DIFrequency, dlt645.Value{Int: 5003, Scale: 2, Unit: dlt645.UnitHz})}},
		{"temperature below zero", dlt645.Message{DI: dlt645.DITemperature,
			Item: numberItem(t, dlt645.DITemperature, dlt645.Value{Int: -125, Scale: 1, Unit: dlt645.UnitCelsius})}},
		{"meter cover count", dlt645.Message{DI: dlt645.DIMeterCoverOpenCount,
			Item: numberItem(t, dlt645.DIMeterCoverOpenCount, count(12))}},
		{"terminal cover count", dlt645.Message{DI: dlt645.DITerminalCoverCount,
			Item: numberItem(t, dlt645.DITerminalCoverCount, count(999999))}},
		{"date", dlt645.Message{DI: dlt645.DIDate,
			Item: clockItem(dlt645.KindDate, dlt645.Clock{Year: 2024, Month: 2, Day: 29, Weekday: 4}, dlt645.DIDate)}},
		{"time", dlt645.Message{DI: dlt645.DITime,
			Item: clockItem(dlt645.KindTime, dlt645.Clock{Hour: 23, Minute: 59, Second: 58}, dlt645.DITime)}},
		{"meter number", dlt645.Message{DI: dlt645.DIMeterNumber,
			Item: dlt645.Item{DI: dlt645.DIMeterNumber, Kind: dlt645.KindAddress, Address: mustAddress(t, "123456789012")}}},
		{"rated voltage", dlt645.Message{DI: dlt645.DIRatedVoltage,
			Item: textItem(dlt645.DIRatedVoltage, dlt645.KindText, "220V\x00\x00")}},
		{"unknown identifier", dlt645.Message{DI: 0x04000501,
			Item: textItem(0x04000501, dlt645.KindRaw, "\x01\x02")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := tt.msg
			msg.Address, msg.Control = a, reply
			b, err := msg.AppendBinary(nil)
			require.NoError(t, err)
			got := decode(t, b)
			assert.Equal(t, msg.DI, got.DI)
			assert.Equal(t, msg.Item, got.Item)

			built, err := dlt645.AppendReadReply(nil, a, &msg.Item, false)
			require.NoError(t, err)
			assert.Equal(t, b, built, "AppendReadReply")
		})
	}
}

func TestRequestRoundTrip(t *testing.T) {
	a := mustAddress(t, meter)
	newAddr := mustAddress(t, "131078563412")
	sync := dlt645.Clock{Year: 2026, Month: 7, Day: 1, Hour: 6, Minute: 30, Second: 5}
	timeFrame, err := dlt645.AppendBroadcastTime(nil, sync)
	require.NoError(t, err)
	writeAddr, err := dlt645.AppendWriteAddress(nil, newAddr)
	require.NoError(t, err)

	tests := []struct {
		name  string
		frame []byte
		check func(t *testing.T, m *dlt645.Message)
	}{
		{"read", dlt645.AppendReadRequest(nil, a, dlt645.DIVoltageA), func(t *testing.T, m *dlt645.Message) {
			assert.Equal(t, dlt645.Control(0x11), m.Control)
			assert.Equal(t, a, m.Address)
			assert.Equal(t, dlt645.DIVoltageA, m.DI)
		}},
		{"read follow-up", dlt645.AppendReadFollowUp(nil, a, dlt645.DIForwardEnergyBlock, 2), func(t *testing.T, m *dlt645.Message) {
			assert.Equal(t, dlt645.Control(0x12), m.Control)
			assert.Equal(t, dlt645.DIForwardEnergyBlock, m.DI)
			assert.Equal(t, uint8(2), m.Seq)
		}},
		{"read address", dlt645.AppendReadAddress(nil), func(t *testing.T, m *dlt645.Message) {
			assert.Equal(t, dlt645.Control(0x13), m.Control)
			assert.Equal(t, dlt645.Wildcard, m.Address)
		}},
		{"write address", writeAddr, func(t *testing.T, m *dlt645.Message) {
			assert.Equal(t, dlt645.Control(0x15), m.Control)
			assert.Equal(t, newAddr, m.Item.Address)
		}},
		{"broadcast time", timeFrame, func(t *testing.T, m *dlt645.Message) {
			assert.Equal(t, dlt645.Control(0x08), m.Control)
			assert.True(t, m.Address.IsBroadcast())
			assert.Equal(t, sync, m.Item.Clock)
		}},
		{"address reply", dlt645.AppendAddressReply(nil, a), func(t *testing.T, m *dlt645.Message) {
			assert.Equal(t, dlt645.Control(0x93), m.Control)
			assert.Equal(t, a, m.Item.Address)
		}},
		{"abnormal reply", dlt645.AppendAbnormalReply(nil, a, dlt645.FuncRead, dlt645.StatusNoData|dlt645.StatusUnauthorized), func(t *testing.T, m *dlt645.Message) {
			assert.Equal(t, dlt645.Control(0xD1), m.Control)
			var ae *dlt645.AbnormalError
			require.ErrorAs(t, m.Err(), &ae)
			assert.Equal(t, dlt645.StatusNoData|dlt645.StatusUnauthorized, ae.Status)
			assert.Equal(t, "dlt645: meter 000000000161 rejected read data: no requested data, unauthorized", ae.Error())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := decode(t, tt.frame)
			tt.check(t, m)
			again, err := m.AppendBinary(nil)
			require.NoError(t, err)
			assert.Equal(t, tt.frame, again, "Message.AppendBinary")
		})
	}
}

func TestFollowUpReplyRoundTrip(t *testing.T) {
	m := dlt645.Message{DI: dlt645.DIForwardActiveEnergy, Seq: 3,
		Item: numberItem(t, dlt645.DIForwardActiveEnergy, kwh(6))}
	m.Address = mustAddress(t, meter)
	m.Control = dlt645.ControlReply | dlt645.ControlFollowUp | dlt645.Control(dlt645.FuncReadFollowUp)
	b, err := m.AppendBinary(nil)
	require.NoError(t, err)
	got := decode(t, b)
	assert.Equal(t, uint8(3), got.Seq)
	assert.True(t, got.Control.FollowUp())
	assert.Equal(t, m.Item, got.Item)
}

func TestWriteRepliesRoundTrip(t *testing.T) {
	for _, c := range []dlt645.Control{0x94, 0x95, 0x96, 0x99, 0x9A, 0x9B, 0x9C} {
		t.Run(c.String(), func(t *testing.T) {
			b := rawFrame(t, meter, c)
			m := decode(t, b)
			again, err := m.AppendBinary(nil)
			require.NoError(t, err)
			assert.Equal(t, b, again)
		})
	}
}

func TestMessageRejects(t *testing.T) {
	reply := dlt645.Control(0x91)
	energy := []byte{0x00, 0x00, 0x01, 0x00}
	date := []byte{0x01, 0x01, 0x00, 0x04}
	timeDI := []byte{0x02, 0x01, 0x00, 0x04}
	tests := []struct {
		name  string
		frame []byte
		field string
		err   error
	}{
		{"nibble above nine", rawFrame(t, meter, reply, append(energy, 0x00, 0x00, 0x0E, 0x00)...), "forward active energy", dlt645.ErrNotBCD},
		{"month 13", rawFrame(t, meter, reply, append(date, 0x01, 0x01, 0x13, 0x24)...), "month", dlt645.ErrRange},
		{"February 30", rawFrame(t, meter, reply, append(date, 0x01, 0x30, 0x02, 0x24)...), "day", dlt645.ErrRange},
		{"February 29 2023", rawFrame(t, meter, reply, append(date, 0x01, 0x29, 0x02, 0x23)...), "day", dlt645.ErrRange},
		{"weekday 7", rawFrame(t, meter, reply, append(date, 0x07, 0x01, 0x01, 0x24)...), "weekday", dlt645.ErrRange},
		{"hour 24", rawFrame(t, meter, reply, append(timeDI, 0x00, 0x00, 0x24)...), "hour", dlt645.ErrRange},
		{"minute 60", rawFrame(t, meter, reply, append(timeDI, 0x00, 0x60, 0x12)...), "minute", dlt645.ErrRange},
		{"energy too short", rawFrame(t, meter, reply, append(energy, 0x00, 0x00, 0x00)...), "forward active energy", dlt645.ErrLength},
		{"voltage block too short", rawFrame(t, meter, reply, 0x00, 0xFF, 0x01, 0x02, 0x20, 0x22, 0x20, 0x22), "voltage", dlt645.ErrLength},
		{"power factor above one", rawFrame(t, meter, reply, 0x00, 0x00, 0x06, 0x02, 0x01, 0x10), "power factor", dlt645.ErrRange},
		{"unknown function", rawFrame(t, meter, 0x1F), "control", dlt645.ErrUnknown},
		{"abnormal request", rawFrame(t, meter, 0x51, energy...), "control", dlt645.ErrUnknown},
		{"reply to broadcast time", rawFrame(t, meter, 0x88), "control", dlt645.ErrUnknown},
		{"follow-up on write reply", rawFrame(t, meter, 0xB4), "control", dlt645.ErrUnknown},
		{"read to broadcast", rawFrame(t, "999999999999", 0x11, energy...), "address", dlt645.ErrRange},
		{"time sync to one meter", rawFrame(t, meter, 0x08, 0, 0, 0, 1, 1, 0x24), "address", dlt645.ErrRange},
		{"wildcard reply", rawFrame(t, "AAAAAAAAAA61", reply, energy...), "address", dlt645.ErrNotBCD},
		{"read request length", rawFrame(t, meter, 0x11, 0x00, 0x00), "length", dlt645.ErrLength},
		{"abnormal reply length", rawFrame(t, meter, 0xD1, 0x02, 0x00), "length", dlt645.ErrLength},
		{"write reply with data", rawFrame(t, meter, 0x94, 0x00), "length", dlt645.ErrLength},
		{"address reply differs", rawFrame(t, meter, 0x93, 0x62, 0x01, 0, 0, 0, 0), "address", dlt645.ErrRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m dlt645.Message
			err := m.UnmarshalBinary(tt.frame)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.err)
			var fe *dlt645.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}

func TestFrameRejects(t *testing.T) {
	good := dlt645.AppendReadRequest(nil, mustAddress(t, meter), dlt645.DIForwardActiveEnergy)
	corrupt := func(i int, b byte) []byte {
		out := append([]byte(nil), good...)
		out[i] = b
		return out
	}
	tests := []struct {
		name  string
		frame []byte
		field string
		err   error
	}{
		{"too short", good[:11], "frame", dlt645.ErrLength},
		{"first start byte", corrupt(0, 0x69), "start", dlt645.ErrFormat},
		{"second start byte", corrupt(7, 0x69), "start", dlt645.ErrFormat},
		{"length too long", corrupt(9, 0x05), "length", dlt645.ErrLength},
		{"length above limit", corrupt(9, 0xC9), "length", dlt645.ErrLength},
		{"trailing byte", append(append([]byte(nil), good...), 0x00), "length", dlt645.ErrLength},
		{"checksum", corrupt(len(good)-2, good[len(good)-2]+1), "checksum", dlt645.ErrChecksum},
		{"end byte", corrupt(len(good)-1, 0x17), "end", dlt645.ErrFormat},
		{"address not BCD", withSum(corrupt(3, 0x4B)), "address", dlt645.ErrNotBCD},
		{"wildcard in the middle", withSum(corrupt(2, 0xAA)), "address", dlt645.ErrNotBCD},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f dlt645.Frame
			err := f.UnmarshalBinary(tt.frame)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.err)
			var fe *dlt645.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}

func TestFieldErrorMessage(t *testing.T) {
	var m dlt645.Message
	err := m.UnmarshalBinary(rawFrame(t, "999999999999", 0x08, 0x25, 0x11, 0x02, 0x12, 0x34, 0x56))
	require.Error(t, err)
	assert.Equal(t, "dlt645: month at byte 14: got 34, want 1-12: value out of range", err.Error())
}

func TestEncodeRejectsBadValues(t *testing.T) {
	a := mustAddress(t, meter)
	tests := []struct {
		name string
		item dlt645.Item
	}{
		{"too many digits", numberItem(t, dlt645.DIForwardActiveEnergy, kwh(100000000))},
		{"negative unsigned", numberItem(t, dlt645.DIForwardActiveEnergy, kwh(-1))},
		{"finer scale", numberItem(t, dlt645.DIForwardActiveEnergy, dlt645.Value{Int: 1, Scale: 3, Unit: dlt645.UnitKWh})},
		{"wrong unit", numberItem(t, dlt645.DIForwardActiveEnergy, volts(1))},
		{"wrong count", numberItem(t, dlt645.DIVoltages, volts(1))},
		{"power factor above one", numberItem(t, dlt645.DIPowerFactor, pf(1001))},
		{"month 13", dlt645.Item{DI: dlt645.DIDate, Kind: dlt645.KindDate, Clock: dlt645.Clock{Year: 2024, Month: 13, Day: 1}}},
		{"year 1999", dlt645.Item{DI: dlt645.DIDate, Kind: dlt645.KindDate, Clock: dlt645.Clock{Year: 1999, Month: 1, Day: 1}}},
		{"kind mismatch", dlt645.Item{DI: dlt645.DIDate, Kind: dlt645.KindTime}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dlt645.AppendReadReply(nil, a, &tt.item, false)
			assert.Error(t, err)
		})
	}
}

func TestRescaledValueEncodes(t *testing.T) {
	it := numberItem(t, dlt645.DIForwardActiveEnergy, dlt645.Value{Int: 6, Scale: 0, Unit: dlt645.UnitKWh})
	b, err := dlt645.AppendReadReply(nil, mustAddress(t, meter), &it, false)
	require.NoError(t, err)
	assert.Equal(t, "6.00 kWh", decode(t, b).Item.Value().String())
}
