package profile_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/profile"
)

func TestDecodeWireValues(t *testing.T) {
	// 0x01020304 and 0x0102030405060708 spelt in each order, as in the
	// modbus package's byte order tests.
	tests := []struct {
		order  modbus.ByteOrder
		wire16 string
		wire32 string
		wire64 string
	}{
		{modbus.ABCD, "0102", "01020304", "0102030405060708"},
		{modbus.CDAB, "0102", "03040102", "0708050603040102"},
		{modbus.BADC, "0201", "02010403", "0201040306050807"},
		{modbus.DCBA, "0201", "04030201", "0807060504030201"},
	}
	for _, tt := range tests {
		t.Run(tt.order.String(), func(t *testing.T) {
			p := profile.Profile{Model: "m", Vendor: "v", Fields: []profile.Field{
				{Name: "u16", Function: modbus.ReadInputRegisters, Address: 0, Type: profile.Uint16, Order: tt.order},
				{Name: "u32", Function: modbus.ReadInputRegisters, Address: 1, Type: profile.Uint32, Order: tt.order},
				{Name: "u64", Function: modbus.ReadInputRegisters, Address: 3, Type: profile.Uint64, Order: tt.order},
			}}
			prog, err := p.Compile()
			require.NoError(t, err)
			out := make([]profile.Value, prog.Len())
			data := mustHex(t, tt.wire16+tt.wire32+tt.wire64)
			n, err := prog.DecodeBytes(modbus.ReadInputRegisters, 0, data, out)
			require.NoError(t, err)
			assert.Equal(t, 3, n)
			assert.Equal(t, int64(0x0102), out[0].Int)
			assert.Equal(t, int64(0x01020304), out[1].Int)
			assert.Equal(t, int64(0x0102030405060708), out[2].Int)
		})
	}
}

func TestDecodeWeatherStation(t *testing.T) {
	p, err := profile.LoadShipped("weather-station")
	require.NoError(t, err)
	prog, err := p.Compile()
	require.NoError(t, err)

	// 65.3 %RH, -12.5 °C, 1013.2 hPa, 120,000 lx, 3.2 m/s, 270°, 1.2 mm.
	wire := mustHex(t, "028D FF83 2794 0001D4C0 0020 010E 000C")
	out := make([]profile.Value, prog.Len())
	n, err := prog.DecodeBytes(modbus.ReadHoldingRegisters, 0, wire, out)
	require.NoError(t, err)
	assert.Equal(t, 7, n)

	want := map[string]string{
		"air_humidity": "65.3", "air_temperature": "-12.5", "air_pressure": "1013.2",
		"illuminance": "120000", "wind_speed": "3.2", "wind_direction": "270", "rainfall": "1.2",
	}
	for name, text := range want {
		i, ok := prog.Index(name)
		require.True(t, ok, name)
		assert.Equal(t, profile.OK, out[i].Status, name)
		assert.Equal(t, text, string(prog.AppendValue(nil, i, out[i])), name)
	}
	clear, _ := prog.Index("rainfall_clear")
	assert.Equal(t, profile.NotRead, out[clear].Status, "a write-only field outside the block")
}

func TestDecodeNoReading(t *testing.T) {
	prog := compileOne(t, profile.Field{
		Type: profile.Int16, Scale: mustDecimal(t, "0.1"), Decimals: 1, NoReading: []uint64{0x7FFF, 0x8000},
	})
	tests := []struct {
		reg    uint16
		status profile.Status
		value  int64
	}{
		{0x7FFF, profile.NoReading, 0},
		{0x8000, profile.NoReading, 0},
		{0x7FFE, profile.OK, 32766},
		{0x8001, profile.OK, -32767},
	}
	for _, tt := range tests {
		got := decodeOne(t, prog, []uint16{tt.reg})
		assert.Equal(t, tt.status, got.Status, "register %#x", tt.reg)
		assert.Equal(t, tt.value, got.Int, "register %#x", tt.reg)
		assert.Equal(t, uint64(tt.reg), got.Raw, "register %#x", tt.reg)
	}
}

func TestDecodePartialBlock(t *testing.T) {
	p := profile.Profile{Model: "m", Vendor: "v", Fields: []profile.Field{
		{Name: "a", Function: modbus.ReadHoldingRegisters, Address: 10, Type: profile.Uint16},
		{Name: "b", Function: modbus.ReadHoldingRegisters, Address: 11, Type: profile.Uint32},
		{Name: "c", Function: modbus.ReadHoldingRegisters, Address: 13, Type: profile.Uint16},
		{Name: "d", Function: modbus.ReadInputRegisters, Address: 11, Type: profile.Uint16},
	}}
	prog, err := p.Compile()
	require.NoError(t, err)

	tests := []struct {
		name   string
		addr   uint16
		regs   []uint16
		status [4]profile.Status
	}{
		{"whole", 10, []uint16{1, 2, 3, 4}, [4]profile.Status{profile.OK, profile.OK, profile.OK, profile.NotRead}},
		{"cuts b", 10, []uint16{1, 2}, [4]profile.Status{profile.OK, profile.NotRead, profile.NotRead, profile.NotRead}},
		{"starts inside b", 12, []uint16{3, 4}, [4]profile.Status{profile.NotRead, profile.NotRead, profile.OK, profile.NotRead}},
		{"wider than the fields", 0, make([]uint16, 100), [4]profile.Status{profile.OK, profile.OK, profile.OK, profile.NotRead}},
		{"empty", 10, nil, [4]profile.Status{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := make([]profile.Value, prog.Len())
			_, err := prog.DecodeRegisters(modbus.ReadHoldingRegisters, tt.addr, tt.regs, out)
			require.NoError(t, err)
			for i, want := range tt.status {
				assert.Equal(t, want, out[i].Status, "field %s", prog.Field(i).Name)
			}
		})
	}
}

func TestDecodeBitsAndRegisterBits(t *testing.T) {
	p, err := profile.LoadShipped("insect-lamp")
	require.NoError(t, err)
	prog, err := p.Compile()
	require.NoError(t, err)
	out := make([]profile.Value, prog.Len())

	// Battery 12.84 V, panel 18.00 V, status with the rain bit set.
	_, err = prog.DecodeRegisters(modbus.ReadInputRegisters, 0, []uint16{1284, 1800, 0b010}, out)
	require.NoError(t, err)
	_, err = prog.DecodeBits(modbus.ReadCoils, 0, 1, []byte{0x01}, out)
	require.NoError(t, err)

	want := map[string]string{
		"battery_voltage": "12.84", "panel_voltage": "18.00", "status": "2",
		"grid_fault": "0", "raining": "1", "tray_full": "0", "lamp_on": "1",
	}
	for name, text := range want {
		i, _ := prog.Index(name)
		assert.Equal(t, text, string(prog.AppendValue(nil, i, out[i])), name)
	}
	daylight, _ := prog.Index("daylight")
	assert.Equal(t, profile.NotRead, out[daylight].Status)
}

func TestDecodeCounterLowWordFirst(t *testing.T) {
	p, err := profile.LoadShipped("insect-lamp")
	require.NoError(t, err)
	prog, err := p.Compile()
	require.NoError(t, err)
	out := make([]profile.Value, prog.Len())
	// 70,000 insects today (0x00011170) sent low word first.
	_, err = prog.DecodeRegisters(modbus.ReadHoldingRegisters, 0, []uint16{0x1170, 0x0001, 0, 0}, out)
	require.NoError(t, err)
	i, _ := prog.Index("insects_today")
	assert.Equal(t, int64(70000), out[i].Int)
}

func TestDecodeMeterFloats(t *testing.T) {
	p, err := profile.LoadShipped("electricity-meter")
	require.NoError(t, err)
	prog, err := p.Compile()
	require.NoError(t, err)
	out := make([]profile.Value, prog.Len())

	regs := make([]uint16, 0, 18)
	for _, f := range []float32{230.5, 229.75, 231, 5.5, 0, 4.25, 2.5, 0.98, 50} {
		b := math.Float32bits(f)
		regs = append(regs, uint16(b>>16), uint16(b))
	}
	_, err = prog.DecodeRegisters(modbus.ReadInputRegisters, 0, regs, out)
	require.NoError(t, err)
	power, _ := prog.Index("active_power")
	assert.Equal(t, 2500.0, out[power].Float, "2.5 kW × 1000")
	freq, _ := prog.Index("frequency")
	assert.Equal(t, 50.0, out[freq].Float)

	// 123,456.78 kWh import as 32-bit fixed point, and the serial number.
	hold := []uint16{0x00BC, 0x614E}
	_, err = prog.DecodeRegisters(modbus.ReadHoldingRegisters, 0x0100, hold, out)
	require.NoError(t, err)
	imp, _ := prog.Index("import_energy")
	assert.Equal(t, "123456.78", string(prog.AppendValue(nil, imp, out[imp])))

	serial, _ := prog.Index("serial_number")
	regsSN, err := prog.EncodeString(nil, serial, "SX2026")
	require.NoError(t, err)
	text, err := prog.AppendString(nil, serial, 0x0120, regsSN)
	require.NoError(t, err)
	assert.Equal(t, "SX2026", string(text))
}

func TestDecodeOutOfRange(t *testing.T) {
	prog := compileOne(t, profile.Field{Type: profile.Uint64, Scale: mustDecimal(t, "10")})
	got := decodeOne(t, prog, []uint16{0x7FFF, 0xFFFF, 0xFFFF, 0xFFFF})
	assert.Equal(t, profile.OutOfRange, got.Status)
	assert.Equal(t, uint64(math.MaxInt64), got.Raw)
}

func TestDecodeErrors(t *testing.T) {
	prog := compileOne(t, profile.Field{Type: profile.Uint16})
	out := make([]profile.Value, 1)
	_, err := prog.DecodeRegisters(modbus.ReadHoldingRegisters, 0, []uint16{1}, nil)
	assert.ErrorIs(t, err, profile.ErrShortOutput)
	_, err = prog.DecodeRegisters(modbus.ReadCoils, 0, []uint16{1}, out)
	assert.ErrorContains(t, err, "DecodeBits")
	_, err = prog.DecodeBytes(modbus.ReadHoldingRegisters, 0, []byte{1, 2, 3}, out)
	assert.ErrorContains(t, err, "even length")
	_, err = prog.DecodeBits(modbus.ReadCoils, 0, 9, []byte{1}, out)
	assert.ErrorContains(t, err, "9 bits need 2 data bytes")
	_, err = prog.DecodeBits(modbus.ReadHoldingRegisters, 0, 1, []byte{1}, out)
	assert.ErrorContains(t, err, "DecodeRegisters")
}
