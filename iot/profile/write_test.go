package profile_test

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/profile"
)

// crc16 computes CRC-16/MODBUS bit by bit, apart from the modbus package,
// to check the frames the write path builds.
func crc16(b []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, x := range b {
		crc ^= uint16(x)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xA001
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}

func TestWriteRequestFrames(t *testing.T) {
	writable := profile.Profile{Model: "m", Vendor: "v", Fields: []profile.Field{
		{Name: "setpoint", Function: modbus.ReadHoldingRegisters, Address: 0x20, Type: profile.Float32,
			Order: modbus.CDAB, Access: profile.ReadWrite},
		{Name: "limit", Function: modbus.ReadHoldingRegisters, Address: 0x30, Type: profile.Int32,
			Order: modbus.DCBA, Scale: mustDecimal(t, "0.01"), Decimals: 2, Access: profile.Write},
	}}
	tests := []struct {
		name    string
		profile string // a shipped profile, or "" for writable above
		unit    uint8
		field   string
		value   profile.Value
		wire    string // the RTU frame with its CRC, low byte first
	}{
		{"weather rainfall clear FC 6", "weather-station", 1, "rainfall_clear", profile.Value{Int: 1}, "01 06 0010 0001 49CF"},
		{"lamp on FC 5", "insect-lamp", 1, "lamp_on", profile.Value{Int: 1}, "01 05 0000 FF00 8C3A"},
		{"lamp off FC 5", "insect-lamp", 1, "lamp_on", profile.Value{Int: 0}, "01 05 0000 0000 CDCA"},
		{"greenhouse 25.5 °C FC 6", "greenhouse-controller", 2, "temperature_setpoint", profile.Value{Int: 255},
			"02 06 0120 00FF C98F"},
		{"float32 word swap FC 16", "", 1, "setpoint", profile.Value{Float: 20.5},
			"01 10 0020 0002 04 0000 41A4 C05C"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &writable
			if tt.profile != "" {
				var err error
				p, err = profile.LoadShipped(tt.profile)
				require.NoError(t, err)
			}
			prog, err := p.Compile()
			require.NoError(t, err)
			i, ok := prog.Index(tt.field)
			require.True(t, ok)

			var req modbus.Frame
			require.NoError(t, prog.WriteRequest(&req, tt.unit, i, tt.value))
			got, err := req.AppendBinary(nil)
			require.NoError(t, err)
			want := mustHex(t, tt.wire)
			assert.Equal(t, want, got)
			crc := crc16(want[:len(want)-2])
			assert.Equal(t, []byte{byte(crc), byte(crc >> 8)}, want[len(want)-2:], "CRC in the test table")
		})
	}
}

func TestEncodeWireBytes(t *testing.T) {
	tests := []struct {
		name  string
		field profile.Field
		value profile.Value
		wire  string
	}{
		{"int16 -16.5 °C with offset", profile.Field{Type: profile.Int16, Scale: mustDecimal(t, "0.1"),
			Offset: mustDecimal(t, "-40"), Decimals: 1}, profile.Value{Int: -165}, "00EB"},
		{"int16 byte swap", profile.Field{Type: profile.Int16, Order: modbus.BADC}, profile.Value{Int: -123}, "85FF"},
		{"uint32 ABCD", profile.Field{Type: profile.Uint32}, profile.Value{Int: 0x01020304}, "01020304"},
		{"uint32 CDAB", profile.Field{Type: profile.Uint32, Order: modbus.CDAB}, profile.Value{Int: 0x01020304}, "03040102"},
		{"uint32 BADC", profile.Field{Type: profile.Uint32, Order: modbus.BADC}, profile.Value{Int: 0x01020304}, "02010403"},
		{"uint32 DCBA", profile.Field{Type: profile.Uint32, Order: modbus.DCBA}, profile.Value{Int: 0x01020304}, "04030201"},
		{"int32 -2 CDAB", profile.Field{Type: profile.Int32, Order: modbus.CDAB}, profile.Value{Int: -2}, "FFFEFFFF"},
		{"int64 GHEFCDAB", profile.Field{Type: profile.Int64, Order: modbus.CDAB},
			profile.Value{Int: 0x0102030405060708}, "0708050603040102"},
		{"uint64 HGFEDCBA", profile.Field{Type: profile.Uint64, Order: modbus.DCBA},
			profile.Value{Int: 0x0102030405060708}, "0807060504030201"},
		{"float32 20", profile.Field{Type: profile.Float32}, profile.Value{Float: 20}, "41A00000"},
		{"float64 -1.5 BADCFEHG", profile.Field{Type: profile.Float64, Order: modbus.BADC},
			profile.Value{Float: -1.5}, "F8BF00000000 0000"},
		{"kWh 123456.78", profile.Field{Type: profile.Uint32, Scale: mustDecimal(t, "0.01"), Decimals: 2},
			profile.Value{Int: 12345678}, "00BC614E"},
		{"register bit 3", profile.Field{Type: profile.Bit, Bit: 3}, profile.Value{Int: 1}, "0008"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := compileOne(t, tt.field)
			regs, err := prog.Encode(nil, 0, tt.value)
			require.NoError(t, err)
			assert.Equal(t, mustHex(t, tt.wire), profile.AppendBytes(nil, regs))
		})
	}
}

func TestEncodeStringWire(t *testing.T) {
	tests := []struct {
		order modbus.ByteOrder
		wire  string
	}{
		{modbus.ABCD, "5358 3230 3236 0000"},
		{modbus.CDAB, "5358 3230 3236 0000"},
		{modbus.BADC, "5853 3032 3632 0000"},
		{modbus.DCBA, "5853 3032 3632 0000"},
	}
	for _, tt := range tests {
		t.Run(tt.order.String(), func(t *testing.T) {
			prog := compileOne(t, profile.Field{Type: profile.String, Length: 8, Order: tt.order})
			regs, err := prog.EncodeString(nil, 0, "SX2026")
			require.NoError(t, err)
			assert.Equal(t, mustHex(t, tt.wire), profile.AppendBytes(nil, regs))
		})
	}
}

func TestEncodeRejects(t *testing.T) {
	tenths := profile.Field{Type: profile.Int16, Scale: mustDecimal(t, "0.1"), Decimals: 2}
	tests := []struct {
		name  string
		field profile.Field
		value profile.Value
		want  string
	}{
		{"not a multiple of the scale", tenths, profile.Value{Int: -1655},
			"value -16.55 is not a multiple of scale 0.1 from offset 0; the nearest values it can write are -16.60 and -16.50"},
		{"above int16", tenths, profile.Value{Int: 327680}, "needs raw value 32768, outside the int16 range -32768 to 32767"},
		{"negative uint16", profile.Field{Type: profile.Uint16}, profile.Value{Int: -1}, "outside the uint16 range 0 to 65535"},
		{"bit 2", profile.Field{Type: profile.Bit}, profile.Value{Int: 2}, "bit value 2; want 0 or 1"},
		{"string by Encode", profile.Field{Type: profile.String, Length: 4}, profile.Value{}, "use EncodeString"},
		{"above float32", profile.Field{Type: profile.Float32}, profile.Value{Float: 1e39},
			"value 1e+39 is outside the float32 range"},
		{"below float32 after scale", profile.Field{Type: profile.Float32, Scale: mustDecimal(t, "0.001")},
			profile.Value{Float: -1e36}, "value -1e+36 is outside the float32 range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := compileOne(t, tt.field)
			_, err := prog.Encode(nil, 0, tt.value)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestWriteRequestRejects(t *testing.T) {
	p, err := profile.LoadShipped("weather-station")
	require.NoError(t, err)
	prog, err := p.Compile()
	require.NoError(t, err)
	i, _ := prog.Index("air_temperature")
	var req modbus.Frame
	err = prog.WriteRequest(&req, 1, i, profile.Value{Int: 200})
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "read-only") && strings.Contains(err.Error(), "access: readwrite"), err.Error())

	_, err = prog.Encode(nil, 99, profile.Value{})
	assert.ErrorContains(t, err, "field index 99 out of range")
	_, err = prog.EncodeRaw(nil, i, 0x10000)
	assert.ErrorContains(t, err, "does not fit in 16 bits")

	m, err := profile.LoadShipped("electricity-meter")
	require.NoError(t, err)
	meter, err := m.Compile()
	require.NoError(t, err)
	sn, _ := meter.Index("serial_number")
	_, err = meter.EncodeString(nil, sn, "ABCDEFGHIJKLMN")
	assert.ErrorContains(t, err, "string of 14 bytes is longer than the field's 12")
}

func TestEncodeExtremes(t *testing.T) {
	tests := []struct {
		name  string
		field profile.Field
		value int64
		wire  string
	}{
		{"uint64 top via offset", profile.Field{Type: profile.Uint64, Offset: mustDecimal(t, "-400")},
			math.MaxInt64 - 399, "8000000000000000"},
		{"int64 minimum", profile.Field{Type: profile.Int64}, math.MinInt64, "8000000000000000"},
		{"uint64 2^63 by negative scale", profile.Field{Type: profile.Uint64, Scale: mustDecimal(t, "-1")},
			math.MinInt64, "8000000000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := compileOne(t, tt.field)
			regs, err := prog.Encode(nil, 0, profile.Value{Int: tt.value})
			require.NoError(t, err)
			assert.Equal(t, mustHex(t, tt.wire), profile.AppendBytes(nil, regs))
			assert.Equal(t, tt.value, decodeOne(t, prog, regs).Int)
		})
	}
	prog := compileOne(t, profile.Field{Type: profile.Int64, Scale: mustDecimal(t, "-1")})
	_, err := prog.Encode(nil, 0, profile.Value{Int: math.MinInt64})
	assert.ErrorContains(t, err, "outside the int64 range", "-(-2^63) does not fit an int64")
}

func TestEncodeAllocatesNothing(t *testing.T) {
	prog := compileOne(t, profile.Field{Type: profile.Int32, Scale: mustDecimal(t, "0.1"), Decimals: 1, Order: modbus.CDAB})
	buf := make([]uint16, 0, 4)
	allocs := testing.AllocsPerRun(100, func() {
		buf, _ = prog.Encode(buf[:0], 0, profile.Value{Int: -12345})
	})
	assert.Zero(t, allocs)
}
