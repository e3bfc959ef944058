package profile

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// Encode appends the registers that carry v in field i to dst, in the
// field's byte order, and returns the extended slice. It is the inverse of
// decoding: an integer field's raw value is (v.Int − Offset) / Scale, with
// Scale and Offset in units of 10^-Decimals, and Encode rejects a value that
// gives no exact integer or does not fit the type. A float field writes
// (v.Float − Offset) / Scale, rounded to float32 for a float32 field, and
// Encode rejects a finite value beyond the float32 range. A bit field in a
// coil appends [modbus.CoilOn] or [modbus.CoilOff], the value of an FC 5
// request. Encode does not check Access, so a simulator can encode read-only
// fields too. Use [Program.AppendString] for strings.
func (p *Program) Encode(dst []uint16, i int, v Value) ([]uint16, error) {
	f, err := p.fieldAt(i)
	if err != nil {
		return dst, err
	}
	var raw uint64
	switch {
	case f.Type == Bit:
		return encodeBit(dst, f, v.Int)
	case f.Type == String:
		return dst, fmt.Errorf("profile: field %s is a string; use EncodeString", f.Name)
	case f.Type.isFloat():
		raw, err = floatRaw(f, v.Float)
		if err != nil {
			return dst, err
		}
	default:
		raw, err = intRaw(f, v.Int)
		if err != nil {
			return dst, err
		}
	}
	return appendRaw(dst, f, raw), nil
}

// EncodeRaw appends the registers that carry the raw bits raw in field i,
// without scaling: the inverse of [Value.Raw]. Bits above the type's width
// must be zero.
func (p *Program) EncodeRaw(dst []uint16, i int, raw uint64) ([]uint16, error) {
	f, err := p.fieldAt(i)
	if err != nil {
		return dst, err
	}
	if f.Type == Bit || f.Type == String {
		return dst, fmt.Errorf("profile: field %s is of type %s; use Encode or EncodeString", f.Name, f.Type)
	}
	if w := f.Type.bitsWide(); w < 64 && raw>>w != 0 {
		return dst, fmt.Errorf("profile: field %s: raw value %#x does not fit in %d bits", f.Name, raw, w)
	}
	return appendRaw(dst, f, raw), nil
}

func (p *Program) fieldAt(i int) (*Field, error) {
	if i < 0 || i >= len(p.fields) {
		return nil, fmt.Errorf("profile: field index %d out of range; the profile has %d fields", i, len(p.fields))
	}
	return &p.fields[i], nil
}

func encodeBit(dst []uint16, f *Field, v int64) ([]uint16, error) {
	if v != 0 && v != 1 {
		return dst, fmt.Errorf("profile: field %s: bit value %d; want 0 or 1", f.Name, v)
	}
	if f.inRegister() {
		return append(dst, uint16(v)<<f.Bit), nil
	}
	if v == 1 {
		return append(dst, modbus.CoilOn), nil
	}
	return append(dst, modbus.CoilOff), nil
}

// intRaw inverts raw × mul + add = v exactly, and checks the range of the
// raw value. The common case stays in int64 and allocates nothing. When
// v − add overflows an int64 (a uint64 raw value above 2^63 − 1) or the
// value is rejected, it computes in big integers.
func intRaw(f *Field, v int64) (uint64, error) {
	mul, add := f.intScale()
	diff := v - add
	overflow := (add < 0 && diff < v) || (add > 0 && diff > v) || (diff == math.MinInt64 && mul == -1)
	if !overflow && diff%mul == 0 {
		raw := diff / mul
		if lo, hi, ok := f.Type.rawRange64(); ok && raw >= lo && raw <= hi {
			return uint64(raw) & widthMask(f.Type), nil
		}
	}
	return intRawBig(f, v, mul, add)
}

// rawRange64 returns the range of raw values of t that an int64 holds: all
// of them except the uint64 values above 2^63 − 1. ok is false for a type
// that is not an integer.
func (t DataType) rawRange64() (lo, hi int64, ok bool) {
	switch t {
	case Int16:
		return math.MinInt16, math.MaxInt16, true
	case Uint16:
		return 0, math.MaxUint16, true
	case Int32:
		return math.MinInt32, math.MaxInt32, true
	case Uint32:
		return 0, math.MaxUint32, true
	case Int64:
		return math.MinInt64, math.MaxInt64, true
	case Uint64:
		return 0, math.MaxInt64, true
	}
	return 0, 0, false
}

// intRawBig is intRaw in big integers, which also builds its errors.
func intRawBig(f *Field, v, mul, add int64) (uint64, error) {
	diff := new(big.Int).Sub(big.NewInt(v), big.NewInt(add))
	step := big.NewInt(absInt64(mul))
	below := new(big.Int).Mod(diff, step) // Euclidean: 0 <= below < step
	if below.Sign() != 0 {
		lower := new(big.Int).Sub(big.NewInt(v), below)
		upper := new(big.Int).Add(lower, step)
		return 0, fmt.Errorf("profile: field %s: value %s is not a multiple of scale %s from offset %s; "+
			"the nearest values it can write are %s and %s", f.Name, f.format(v), f.scaleText(), f.Offset,
			f.formatBig(lower), f.formatBig(upper))
	}
	raw := diff.Quo(diff, big.NewInt(mul))
	lo, hi := f.Type.rawRange()
	if raw.Cmp(lo) < 0 || raw.Cmp(hi) > 0 {
		return 0, fmt.Errorf("profile: field %s: value %s needs raw value %s, outside the %s range %s to %s",
			f.Name, f.format(v), raw, f.Type, lo, hi)
	}
	if raw.Sign() < 0 {
		return uint64(raw.Int64()) & widthMask(f.Type), nil
	}
	return raw.Uint64(), nil
}

// rawRange returns the smallest and largest raw value of an integer type.
func (t DataType) rawRange() (lo, hi *big.Int) {
	width := uint(t.bitsWide())
	one := big.NewInt(1)
	if !t.signed() {
		return big.NewInt(0), new(big.Int).Sub(new(big.Int).Lsh(one, width), one)
	}
	half := new(big.Int).Lsh(one, width-1)
	return new(big.Int).Neg(half), new(big.Int).Sub(half, one)
}

func absInt64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func widthMask(t DataType) uint64 {
	if w := t.bitsWide(); w < 64 {
		return 1<<w - 1
	}
	return math.MaxUint64
}

func (f *Field) scaleText() string {
	if f.Scale.IsZero() {
		return "1"
	}
	return f.Scale.String()
}

// format writes a fixed-point value of f as a decimal.
func (f *Field) format(v int64) string {
	return Decimal{Coef: v, Places: uint8(f.Decimals)}.String()
}

// formatBig writes a fixed-point value of f that may not fit in an int64.
func (f *Field) formatBig(v *big.Int) string {
	if v.IsInt64() {
		return f.format(v.Int64())
	}
	digits := new(big.Int).Abs(v).String()
	sign := ""
	if v.Sign() < 0 {
		sign = "-"
	}
	if f.Decimals == 0 {
		return sign + digits
	}
	for len(digits) <= f.Decimals {
		digits = "0" + digits
	}
	cut := len(digits) - f.Decimals
	return sign + digits[:cut] + "." + digits[cut:]
}

// floatRaw returns the bits of (v − Offset) / Scale. It rejects a finite
// result that float32 cannot hold, which would otherwise become ±Inf, but
// writes NaN and ±Inf as they are.
func floatRaw(f *Field, v float64) (uint64, error) {
	x := v
	if off := f.Offset.Float64(); off != 0 {
		x -= off
	}
	if !f.Scale.IsZero() {
		if s := f.Scale.Float64(); s != 1 {
			x /= s
		}
	}
	if f.Type != Float32 {
		return math.Float64bits(x), nil
	}
	narrow := float32(x)
	if math.IsInf(float64(narrow), 0) && !math.IsInf(x, 0) {
		return 0, fmt.Errorf("profile: field %s: value %g is outside the float32 range ±%g after scale and offset",
			f.Name, v, math.MaxFloat32)
	}
	return uint64(math.Float32bits(narrow)), nil
}

// appendRaw appends the registers of raw in f's byte order.
func appendRaw(dst []uint16, f *Field, raw uint64) []uint16 {
	swapBytes := f.Order == modbus.BADC || f.Order == modbus.DCBA
	swapWords := f.Order == modbus.CDAB || f.Order == modbus.DCBA
	n := f.Type.Registers(0)
	start := len(dst)
	for k := n - 1; k >= 0; k-- {
		w := uint16(raw >> (16 * k))
		if swapBytes {
			w = bits.ReverseBytes16(w)
		}
		dst = append(dst, w)
	}
	if swapWords {
		words := dst[start:]
		for a, b := 0, len(words)-1; a < b; a, b = a+1, b-1 {
			words[a], words[b] = words[b], words[a]
		}
	}
	return dst
}

// EncodeString appends the registers of string field i holding s, padded
// with NUL bytes to the field's length. s longer than the length is
// rejected.
func (p *Program) EncodeString(dst []uint16, i int, s string) ([]uint16, error) {
	f, err := p.fieldAt(i)
	if err != nil {
		return dst, err
	}
	if f.Type != String {
		return dst, fmt.Errorf("profile: field %s is of type %s, not string", f.Name, f.Type)
	}
	if len(s) > f.Length {
		return dst, fmt.Errorf("profile: field %s: string of %d bytes is longer than the field's %d", f.Name, len(s), f.Length)
	}
	swap := f.Order == modbus.BADC || f.Order == modbus.DCBA
	for k := 0; k < f.Type.Registers(f.Length); k++ {
		var hi, lo byte
		if 2*k < len(s) {
			hi = s[2*k]
		}
		if 2*k+1 < len(s) {
			lo = s[2*k+1]
		}
		if swap {
			hi, lo = lo, hi
		}
		dst = append(dst, uint16(hi)<<8|uint16(lo))
	}
	return dst, nil
}

// AppendString appends the text of string field i to dst, read from regs,
// the registers from address addr on, and returns the extended slice.
// Trailing NUL bytes and spaces are dropped.
func (p *Program) AppendString(dst []byte, i int, addr uint16, regs []uint16) ([]byte, error) {
	f, err := p.fieldAt(i)
	if err != nil {
		return dst, err
	}
	if f.Type != String {
		return dst, fmt.Errorf("profile: field %s is of type %s, not string", f.Name, f.Type)
	}
	at := int(f.Address) - int(addr)
	n := f.Type.Registers(f.Length)
	if at < 0 || at+n > len(regs) {
		return dst, fmt.Errorf("profile: field %s at %d-%d is not inside the registers %d-%d",
			f.Name, f.Address, int(f.Address)+n-1, addr, int(addr)+len(regs)-1)
	}
	swap := f.Order == modbus.BADC || f.Order == modbus.DCBA
	start := len(dst)
	for k := range n {
		w := regs[at+k]
		if swap {
			w = bits.ReverseBytes16(w)
		}
		dst = append(dst, byte(w>>8), byte(w))
	}
	text := dst[start : start+f.Length]
	return dst[:start+len(bytes.TrimRight(text, "\x00 "))], nil
}

// AppendBytes appends the wire bytes of regs, two per register with the
// high byte first, as FC 16 sends them.
func AppendBytes(dst []byte, regs []uint16) []byte {
	for _, w := range regs {
		dst = append(dst, byte(w>>8), byte(w))
	}
	return dst
}

// AppendValue appends v of field i as text. An integer field gets a
// decimal with the field's decimal places, a bit 0 or 1, and a float the
// shortest text that reads back as the same float64. A string field, or a
// value whose Status is not OK, appends nothing.
func (p *Program) AppendValue(dst []byte, i int, v Value) []byte {
	if i < 0 || i >= len(p.fields) || v.Status != OK {
		return dst
	}
	f := &p.fields[i]
	switch {
	case f.Type == String:
		return dst
	case f.Type.isFloat():
		return strconv.AppendFloat(dst, v.Float, 'g', -1, 64)
	}
	return appendFixed(dst, v.Int, f.Decimals)
}

// appendFixed appends v × 10^-places as a decimal without allocating.
func appendFixed(dst []byte, v int64, places int) []byte {
	if places == 0 {
		return strconv.AppendInt(dst, v, 10)
	}
	u := absInt(v)
	if v < 0 {
		dst = append(dst, '-')
	}
	p := uint64(pow10[places])
	dst = strconv.AppendUint(dst, u/p, 10)
	dst = append(dst, '.')
	frac := u % p
	for d := p / 10; d > 0; d /= 10 {
		dst = append(dst, byte('0'+frac/d%10))
	}
	return dst
}
