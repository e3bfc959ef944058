package modbus_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

var allOrders = []modbus.ByteOrder{modbus.ABCD, modbus.CDAB, modbus.BADC, modbus.DCBA}

func TestByteOrderDecode(t *testing.T) {
	// 0x0102030405060708 and 0x01020304 spelt in each order.
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
			assert.Equal(t, uint16(0x0102), tt.order.Uint16(mustHex(t, tt.wire16)))
			assert.Equal(t, uint32(0x01020304), tt.order.Uint32(mustHex(t, tt.wire32)))
			assert.Equal(t, uint64(0x0102030405060708), tt.order.Uint64(mustHex(t, tt.wire64)))

			b := make([]byte, 8)
			tt.order.PutUint16(b, 0x0102)
			assert.Equal(t, mustHex(t, tt.wire16), b[:2])
			tt.order.PutUint32(b, 0x01020304)
			assert.Equal(t, mustHex(t, tt.wire32), b[:4])
			tt.order.PutUint64(b, 0x0102030405060708)
			assert.Equal(t, mustHex(t, tt.wire64), b)
		})
	}
}

func TestByteOrderTypes(t *testing.T) {
	tests := []struct {
		name  string
		order modbus.ByteOrder
		wire  string
		check func(t *testing.T, o modbus.ByteOrder, b []byte)
	}{
		{"int16", modbus.ABCD, "FF85", func(t *testing.T, o modbus.ByteOrder, b []byte) {
			assert.Equal(t, int16(-123), o.Int16(b))
		}},
		{"int16 byte swap", modbus.BADC, "85FF", func(t *testing.T, o modbus.ByteOrder, b []byte) {
			assert.Equal(t, int16(-123), o.Int16(b))
		}},
		{"int32 word swap", modbus.CDAB, "FFFEFFFF", func(t *testing.T, o modbus.ByteOrder, b []byte) {
			assert.Equal(t, int32(-2), o.Int32(b))
		}},
		{"int64 little-endian", modbus.DCBA, "FEFFFFFFFFFFFFFF", func(t *testing.T, o modbus.ByteOrder, b []byte) {
			assert.Equal(t, int64(-2), o.Int64(b))
		}},
		{"float32", modbus.ABCD, "41A00000", func(t *testing.T, o modbus.ByteOrder, b []byte) {
			assert.Equal(t, float32(20), o.Float32(b))
		}},
		{"float32 word swap", modbus.CDAB, "806B4212", func(t *testing.T, o modbus.ByteOrder, b []byte) {
			assert.Equal(t, uint32(0x4212806B), math.Float32bits(o.Float32(b)))
			assert.InDelta(t, 36.625, o.Float32(b), 0.0005) // 36.62541
		}},
		{"float64", modbus.ABCD, "400921FB54442D18", func(t *testing.T, o modbus.ByteOrder, b []byte) {
			assert.Equal(t, math.Pi, o.Float64(b))
		}},
		{"float64 word swap", modbus.GHEFCDAB, "2D185444 21FB4009", func(t *testing.T, o modbus.ByteOrder, b []byte) {
			assert.Equal(t, math.Pi, o.Float64(b))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, tt.order, mustHex(t, tt.wire))
		})
	}
}

func TestByteOrderRoundTrip(t *testing.T) {
	b := make([]byte, 8)
	for _, o := range allOrders {
		t.Run(o.String(), func(t *testing.T) {
			for _, v := range []int16{0, 1, -1, math.MinInt16, math.MaxInt16, 0x1234} {
				o.PutInt16(b, v)
				assert.Equal(t, v, o.Int16(b))
			}
			for _, v := range []int32{0, -1, math.MinInt32, math.MaxInt32, 0x12345678} {
				o.PutInt32(b, v)
				assert.Equal(t, v, o.Int32(b))
				o.PutUint32(b, uint32(v))
				assert.Equal(t, uint32(v), o.Uint32(b))
			}
			for _, v := range []int64{0, -1, math.MinInt64, math.MaxInt64, 0x123456789ABCDEF0} {
				o.PutInt64(b, v)
				assert.Equal(t, v, o.Int64(b))
				o.PutUint64(b, uint64(v))
				assert.Equal(t, uint64(v), o.Uint64(b))
			}
			for _, v := range []float32{0, -0.5, 36.625, math.MaxFloat32, math.SmallestNonzeroFloat32} {
				o.PutFloat32(b, v)
				assert.Equal(t, v, o.Float32(b))
			}
			for _, v := range []float64{0, -0.5, math.Pi, math.MaxFloat64, math.SmallestNonzeroFloat64} {
				o.PutFloat64(b, v)
				assert.Equal(t, v, o.Float64(b))
			}
			nan := math.Float32frombits(0x7FC00001)
			o.PutFloat32(b, nan)
			assert.Equal(t, uint32(0x7FC00001), math.Float32bits(o.Float32(b)), "NaN payload kept")
		})
	}
}

func TestParseByteOrder(t *testing.T) {
	tests := map[string]modbus.ByteOrder{
		"ABCD": modbus.ABCD, "abcdefgh": modbus.ABCD, "1234": modbus.ABCD, "12345678": modbus.ABCD,
		"big-endian": modbus.ABCD, "Big Endian": modbus.ABCD, "BE": modbus.ABCD, "AB": modbus.ABCD,
		"CDAB": modbus.CDAB, "GHEFCDAB": modbus.CDAB, "3412": modbus.CDAB, "78563412": modbus.CDAB,
		"word-swap": modbus.CDAB, "word_swap": modbus.CDAB, "swap words": modbus.CDAB,
		"BADC": modbus.BADC, "BADCFEHG": modbus.BADC, "2143": modbus.BADC, "21436587": modbus.BADC,
		"byte-swap": modbus.BADC, "BA": modbus.BADC, "big-endian byte swap": modbus.BADC,
		"DCBA": modbus.DCBA, "HGFEDCBA": modbus.DCBA, "4321": modbus.DCBA, "87654321": modbus.DCBA,
		"little-endian": modbus.DCBA, "LE": modbus.DCBA, "word-byte-swap": modbus.DCBA,
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := modbus.ParseByteOrder(name)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	for _, name := range []string{"", "ABDC", "little-endian byte swap", "middle-endian", "swap"} {
		t.Run("reject "+name, func(t *testing.T) {
			_, err := modbus.ParseByteOrder(name)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "want ABCD, CDAB, BADC or DCBA")
		})
	}
}

func TestByteOrderNames(t *testing.T) {
	assert.Equal(t, "GHEFCDAB", modbus.CDAB.Name(8))
	assert.Equal(t, "BA", modbus.DCBA.Name(2))
	assert.Equal(t, "BADC", modbus.BADC.Name(4))
	assert.Equal(t, "ByteOrder(7)", modbus.ByteOrder(7).String())
}

func TestByteOrderText(t *testing.T) {
	var cfg struct {
		Order modbus.ByteOrder `json:"order"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"order":"word-swap"}`), &cfg))
	assert.Equal(t, modbus.CDAB, cfg.Order)
	out, err := json.Marshal(cfg)
	require.NoError(t, err)
	assert.JSONEq(t, `{"order":"CDAB"}`, string(out))

	assert.Error(t, json.Unmarshal([]byte(`{"order":"sideways"}`), &cfg))
	_, err = modbus.ByteOrder(9).MarshalText()
	assert.Error(t, err)
}

func TestByteOrderAllocs(t *testing.T) {
	b := mustHex(t, "806B4212806B4212")
	var sink float64
	allocs := testing.AllocsPerRun(100, func() {
		for _, o := range allOrders {
			sink += float64(o.Float32(b)) + o.Float64(b) + float64(o.Int16(b))
		}
	})
	assert.Zero(t, allocs)
	_ = sink
}
