package profile_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/profile"
)

var integerTypes = []struct {
	typ      profile.DataType
	bits     int
	signed   bool
	readWire func(o modbus.ByteOrder, b []byte) uint64
}{
	{profile.Int16, 16, true, func(o modbus.ByteOrder, b []byte) uint64 { return uint64(o.Uint16(b)) }},
	{profile.Uint16, 16, false, func(o modbus.ByteOrder, b []byte) uint64 { return uint64(o.Uint16(b)) }},
	{profile.Int32, 32, true, func(o modbus.ByteOrder, b []byte) uint64 { return uint64(o.Uint32(b)) }},
	{profile.Uint32, 32, false, func(o modbus.ByteOrder, b []byte) uint64 { return uint64(o.Uint32(b)) }},
	{profile.Int64, 64, true, func(o modbus.ByteOrder, b []byte) uint64 { return o.Uint64(b) }},
	{profile.Uint64, 64, false, func(o modbus.ByteOrder, b []byte) uint64 { return o.Uint64(b) }},
}

// scalings are the scale, offset and decimals combinations every integer
// type is tested with: none, the common 0.1 with an offset, a scale finer
// than the decimals, and a negative scale.
var scalings = []struct {
	name          string
	scale, offset string
	decimals      int
	mul, add      int64 // scale and offset × 10^decimals
}{
	{"identity", "", "", 0, 1, 0},
	{"tenths offset", "0.1", "-40", 1, 1, -400},
	{"finer decimals", "0.01", "0.5", 3, 10, 500},
	{"negative scale", "-2", "7", 0, -2, 7},
}

// edgeRaws returns the raw edge values of a type of the given width: 0, ±1,
// the minimum and maximum and their neighbours, as raw bits.
func edgeRaws(bits int, signed bool) []uint64 {
	mask := uint64(math.MaxUint64)
	if bits < 64 {
		mask = 1<<bits - 1
	}
	top := uint64(1) << (bits - 1)
	raws := []uint64{0, 1, 2, mask, mask - 1, top, top - 1, top + 1}
	if signed {
		minusOne, minusTwo := int64(-1), int64(-2)
		raws = append(raws, uint64(minusOne)&mask, uint64(minusTwo)&mask)
	}
	return raws
}

func randomRaws(r *rand.Rand, bits, n int) []uint64 {
	raws := make([]uint64, n)
	for i := range raws {
		raws[i] = r.Uint64()
		if bits < 64 {
			raws[i] &= 1<<bits - 1
		}
	}
	return raws
}

// signedRaw returns raw as the integer it means in a type of the width.
func signedRaw(raw uint64, bits int, signed bool) *big.Int {
	if !signed {
		return new(big.Int).SetUint64(raw)
	}
	shift := 64 - bits
	return big.NewInt(int64(raw<<shift) >> shift)
}

func TestRoundTripIntegers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, it := range integerTypes {
		for _, order := range allOrders {
			for _, sc := range scalings {
				name := it.typ.String() + "/" + order.Name(it.bits/8) + "/" + sc.name
				t.Run(name, func(t *testing.T) {
					prog := compileOne(t, profile.Field{
						Address: 100, Type: it.typ, Order: order,
						Scale: mustDecimal(t, sc.scale), Offset: mustDecimal(t, sc.offset), Decimals: sc.decimals,
					})
					raws := append(edgeRaws(it.bits, it.signed), randomRaws(r, it.bits, 500)...)
					for _, raw := range raws {
						checkIntegerRoundTrip(t, prog, it.bits, it.signed, it.readWire, order, sc.mul, sc.add, raw)
					}
				})
			}
		}
	}
}

func checkIntegerRoundTrip(t *testing.T, prog *profile.Program, bits int, signed bool,
	readWire func(modbus.ByteOrder, []byte) uint64, order modbus.ByteOrder, mul, add int64, raw uint64) {
	t.Helper()
	regs, err := prog.EncodeRaw(nil, 0, raw)
	require.NoError(t, err)
	require.Len(t, regs, bits/16)
	// The wire bytes must read back as raw through the modbus package's
	// own byte order code, which is written independently of this one.
	require.Equal(t, raw, readWire(order, profile.AppendBytes(nil, regs)), "raw %#x", raw)

	got := decodeOne(t, prog, regs)
	require.Equal(t, raw, got.Raw)
	want := signedRaw(raw, bits, signed)
	want.Mul(want, big.NewInt(mul)).Add(want, big.NewInt(add))
	if !want.IsInt64() {
		require.Equal(t, profile.OutOfRange, got.Status, "raw %#x", raw)
		return
	}
	require.Equal(t, profile.OK, got.Status, "raw %#x", raw)
	require.Equal(t, want.Int64(), got.Int, "raw %#x", raw)

	// decode(encode(x)) == x, and the encoding is the same registers.
	again, err := prog.Encode(nil, 0, got)
	require.NoError(t, err, "value %d", got.Int)
	require.Equal(t, regs, again, "value %d", got.Int)
	assert.Equal(t, got, decodeOne(t, prog, again))
}

func TestRoundTripFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	edges := []uint32{
		0, 0x80000000, // +0, -0
		math.Float32bits(math.MaxFloat32), math.Float32bits(-math.MaxFloat32),
		math.Float32bits(math.SmallestNonzeroFloat32), 0x007FFFFF, // smallest and largest subnormal
		0x7F800000, 0xFF800000, // ±Inf
		math.Float32bits(20.5), math.Float32bits(-273.15),
	}
	for _, order := range allOrders {
		t.Run(order.String(), func(t *testing.T) {
			prog := compileOne(t, profile.Field{Address: 7, Type: profile.Float32, Order: order})
			raws := append([]uint32(nil), edges...)
			for range 2000 {
				raws = append(raws, r.Uint32())
			}
			for _, raw := range raws {
				regs, err := prog.EncodeRaw(nil, 0, uint64(raw))
				require.NoError(t, err)
				require.Equal(t, raw, order.Uint32(profile.AppendBytes(nil, regs)))
				got := decodeOne(t, prog, regs)
				require.Equal(t, uint64(raw), got.Raw)
				f := math.Float32frombits(raw)
				if f != f {
					checkNaN32(t, prog, got, raw)
					continue
				}
				require.Equal(t, float64(f), got.Float)
				require.Equal(t, math.Signbit(float64(f)), math.Signbit(got.Float), "sign of %#x", raw)
				again, err := prog.Encode(nil, 0, got)
				require.NoError(t, err)
				require.Equal(t, regs, again, "bits %#x", raw)
			}
		})
	}
}

// checkNaN32 checks the documented NaN rule of float32 fields. Float is a
// NaN and Raw keeps the exact bits. Encoding Float gives a NaN with the
// same sign and payload, but a signalling NaN may come back quiet (bit 22
// set), because the conversion from float32 to float64 quiets it.
func checkNaN32(t *testing.T, prog *profile.Program, got profile.Value, raw uint32) {
	t.Helper()
	require.True(t, math.IsNaN(got.Float), "bits %#x", raw)
	regs, err := prog.Encode(nil, 0, got)
	require.NoError(t, err)
	back := decodeOne(t, prog, regs)
	const quiet = 1 << 22
	assert.Equal(t, raw|quiet, uint32(back.Raw)|quiet, "bits %#x", raw)
	exact, err := prog.EncodeRaw(nil, 0, got.Raw)
	require.NoError(t, err)
	assert.Equal(t, uint64(raw), decodeOne(t, prog, exact).Raw)
}

func TestRoundTripFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	edges := []uint64{
		0, 1 << 63,
		math.Float64bits(math.MaxFloat64), math.Float64bits(-math.MaxFloat64),
		1, 0x000FFFFFFFFFFFFF,
		0x7FF0000000000000, 0xFFF0000000000000,
		0x7FF8000000000001, // quiet NaN with a payload
		0x7FF0000000000001, // signalling NaN
		0xFFF8DEADBEEF0000, // negative NaN with a payload
		math.Float64bits(math.Pi),
	}
	for _, order := range allOrders {
		t.Run(order.Name(8), func(t *testing.T) {
			prog := compileOne(t, profile.Field{Address: 7, Type: profile.Float64, Order: order})
			raws := append(append([]uint64(nil), edges...), randomRaws(r, 64, 2000)...)
			for _, raw := range raws {
				regs, err := prog.EncodeRaw(nil, 0, raw)
				require.NoError(t, err)
				require.Equal(t, raw, order.Uint64(profile.AppendBytes(nil, regs)))
				got := decodeOne(t, prog, regs)
				require.Equal(t, raw, got.Raw)
				// Without scale and offset a float64 passes through
				// untouched, so NaN payloads and -0 survive exactly.
				require.Equal(t, raw, math.Float64bits(got.Float), "bits %#x", raw)
				again, err := prog.Encode(nil, 0, got)
				require.NoError(t, err)
				require.Equal(t, regs, again, "bits %#x", raw)
			}
		})
	}
}

func TestRoundTripScaledFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, typ := range []profile.DataType{profile.Float32, profile.Float64} {
		t.Run(typ.String(), func(t *testing.T) {
			prog := compileOne(t, profile.Field{Type: typ, Scale: mustDecimal(t, "1000"), Offset: mustDecimal(t, "-5")})
			for range 1000 {
				x := r.Float64()*2e6 - 1e6
				regs, err := prog.Encode(nil, 0, profile.Value{Float: x})
				require.NoError(t, err)
				got := decodeOne(t, prog, regs).Float
				// Scaling in floats rounds: the value comes back within the
				// register type's precision, not bit for bit.
				tolerance := math.Abs(x) * 1e-15
				if typ == profile.Float32 {
					tolerance = math.Abs(x)*1e-7 + 1000*1e-7
				}
				assert.InDelta(t, x, got, tolerance)
			}
			// Scale alone keeps the sign of zero: -0 / 1000 × 1000 is -0.
			scaleOnly := compileOne(t, profile.Field{Type: typ, Scale: mustDecimal(t, "1000")})
			negZero, err := scaleOnly.Encode(nil, 0, profile.Value{Float: math.Copysign(0, -1)})
			require.NoError(t, err)
			assert.True(t, math.Signbit(decodeOne(t, scaleOnly, negZero).Float), "-0 lost its sign")
		})
	}
}

func TestRoundTripStrings(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, order := range allOrders {
		for _, length := range []int{1, 2, 7, 16} {
			t.Run(order.Name(2)+"/"+string(rune('0'+length%10)), func(t *testing.T) {
				prog := compileOne(t, profile.Field{Address: 3, Type: profile.String, Length: length, Order: order})
				for range 200 {
					text := randomText(r, r.IntN(length+1))
					regs, err := prog.EncodeString(nil, 0, text)
					require.NoError(t, err)
					require.Len(t, regs, (length+1)/2)
					got, err := prog.AppendString(nil, 0, 3, regs)
					require.NoError(t, err)
					assert.Equal(t, text, string(got))
				}
			})
		}
	}
}

// randomText returns printable ASCII that does not end in a space, since
// decoding drops trailing spaces and NUL padding.
func randomText(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('!' + r.IntN('~'-'!'+1))
	}
	return string(b)
}

func TestRoundTripBits(t *testing.T) {
	tests := []struct {
		name  string
		field profile.Field
	}{
		{"coil", profile.Field{Function: modbus.ReadCoils, Address: 9, Type: profile.Bit}},
		{"register bit 0", profile.Field{Address: 9, Type: profile.Bit}},
		{"register bit 15", profile.Field{Address: 9, Type: profile.Bit, Bit: 15}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := compileOne(t, tt.field)
			for _, bit := range []int64{0, 1} {
				regs, err := prog.Encode(nil, 0, profile.Value{Int: bit})
				require.NoError(t, err)
				var got profile.Value
				if tt.field.Function == modbus.ReadCoils {
					// FC 5 carries 0xFF00 or 0x0000; a read returns one bit.
					out := make([]profile.Value, 1)
					_, err = prog.DecodeBits(modbus.ReadCoils, 9, 1, []byte{byte(bit)}, out)
					require.NoError(t, err)
					got = out[0]
					assert.Equal(t, map[int64]uint16{0: modbus.CoilOff, 1: modbus.CoilOn}[bit], regs[0])
				} else {
					got = decodeOne(t, prog, regs)
				}
				assert.Equal(t, profile.Value{Int: bit, Raw: uint64(bit), Status: profile.OK}, got)
			}
		})
	}
}
