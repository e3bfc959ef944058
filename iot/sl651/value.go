package sl651

import (
	"errors"
	"strconv"
)

// Value is a decimal number in integer fixed point: Int × 10^-Scale, so Int
// 138 with Scale 3 is 0.138. No floating point is used. Valid is false when
// the station sent the invalid-data marker (all bytes FF in the hex form, "M"
// in the ASCII form); Int and Scale are then zero. The zero Value is invalid.
type Value struct {
	Int   int64
	Scale uint8
	Valid bool
}

// NewValue returns the valid value i × 10^-scale.
func NewValue(i int64, scale uint8) Value {
	return Value{Int: i, Scale: scale, Valid: true}
}

// errRescale is returned by [Value.Rescale] when the value cannot be written
// exactly at the requested scale.
var errRescale = errors.New("sl651: value does not fit the scale exactly")

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// Rescale returns the value's integer at scale decimals, such as 138 at
// scale 3 becoming 13800 at scale 5. It returns an error when the value is
// invalid, would lose digits (0.138 at scale 2) or would overflow int64.
func (v Value) Rescale(scale uint8) (int64, error) {
	if !v.Valid {
		return 0, errors.New("sl651: invalid value has no number")
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

const maxInt64 = 1<<63 - 1

// String formats the value with its scale, such as "0.138" or "-1.50", or
// "invalid" when the station sent the invalid marker.
func (v Value) String() string {
	if !v.Valid {
		return "invalid"
	}
	return string(v.appendDecimal(nil))
}

// appendDecimal appends the decimal text of a valid value.
func (v Value) appendDecimal(dst []byte) []byte {
	n := v.Int
	if n < 0 {
		dst = append(dst, '-')
	}
	var digits [24]byte
	u := uint64(n)
	if n < 0 {
		u = uint64(-n)
	}
	d := strconv.AppendUint(digits[:0], u, 10)
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

// MarshalJSON encodes the value as an exact JSON number, such as 0.138, or
// null when it is invalid.
func (v Value) MarshalJSON() ([]byte, error) {
	if !v.Valid {
		return []byte("null"), nil
	}
	return v.appendDecimal(nil), nil
}

// ParseValue parses a decimal such as "-1.50" into a value whose scale is
// the number of digits after the point. "M" is the invalid marker of the
// ASCII form.
func ParseValue(s string) (Value, error) {
	if s == "M" {
		return Value{}, nil
	}
	neg := len(s) > 0 && s[0] == '-'
	if neg || (len(s) > 0 && s[0] == '+') {
		s = s[1:]
	}
	var v Value
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && !point:
			point = true
		case c >= '0' && c <= '9':
			if digits == 18 {
				return Value{}, errors.New("sl651: decimal " + strconv.Quote(s) + " has more than 18 digits")
			}
			v.Int = v.Int*10 + int64(c-'0')
			digits++
			if point {
				v.Scale++
			}
		default:
			return Value{}, errors.New("sl651: invalid decimal " + strconv.Quote(s))
		}
	}
	if digits == 0 {
		return Value{}, errors.New("sl651: invalid decimal " + strconv.Quote(s))
	}
	if neg {
		v.Int = -v.Int
	}
	v.Valid = true
	return v, nil
}
