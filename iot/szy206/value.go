package szy206

import (
	"errors"
	"strconv"
)

// Value is a decimal number in integer fixed point: Int × 10^-Scale, so Int
// 5900 with Scale 3 is 5.900. No floating point is used. Valid is false when
// the terminal sent the no-data marker (every byte AA); Int and Scale are
// then zero. The zero Value is invalid.
type Value struct {
	Int   int64
	Scale uint8
	Valid bool
}

// NewValue returns the valid value i × 10^-scale.
func NewValue(i int64, scale uint8) Value {
	return Value{Int: i, Scale: scale, Valid: true}
}

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

const maxInt64 = 1<<63 - 1

var errRescale = errors.New("szy206: value does not fit the scale exactly")

// Rescale returns the value's integer at scale decimals, such as 5900 at
// scale 3 becoming 590 at scale 2. It returns an error when the value is
// invalid, would lose digits or would overflow int64.
func (v Value) Rescale(scale uint8) (int64, error) {
	if !v.Valid {
		return 0, errors.New("szy206: value without data has no number")
	}
	if scale == v.Scale {
		return v.Int, nil
	}
	if int(scale) >= len(pow10) || int(v.Scale) >= len(pow10) {
		return 0, errRescale
	}
	if scale > v.Scale {
		f := pow10[scale-v.Scale]
		if v.Int > maxInt64/f || v.Int < -maxInt64/f {
			return 0, errRescale
		}
		return v.Int * f, nil
	}
	f := pow10[v.Scale-scale]
	if v.Int%f != 0 {
		return 0, errRescale
	}
	return v.Int / f, nil
}

// String formats the value with its scale, such as "5.900", or "no data".
func (v Value) String() string {
	if !v.Valid {
		return "no data"
	}
	return string(v.appendDecimal(nil))
}

func (v Value) appendDecimal(dst []byte) []byte {
	u := uint64(v.Int)
	if v.Int < 0 {
		dst = append(dst, '-')
		u = uint64(-v.Int)
	}
	d := strconv.AppendUint(nil, u, 10)
	scale := int(v.Scale)
	for len(d) <= scale {
		d = append([]byte{'0'}, d...)
	}
	dst = append(dst, d[:len(d)-scale]...)
	if scale > 0 {
		dst = append(dst, '.')
		dst = append(dst, d[len(d)-scale:]...)
	}
	return dst
}

// MarshalJSON encodes the value as an exact JSON number, such as 5.900, or
// null when there is no data.
func (v Value) MarshalJSON() ([]byte, error) {
	if !v.Valid {
		return []byte("null"), nil
	}
	return v.appendDecimal(nil), nil
}
