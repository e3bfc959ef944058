package alarm

import (
	"errors"
	"fmt"
	"strconv"
)

// maxScale is the largest scale a point may have: 10^18 is the largest power of ten
// that fits an int64.
const maxScale = 18

// Decimal is an exact decimal number written in a rule file, such as 35.5 or -0.25.
// It is decoded from a JSON number or a JSON string without passing through floating
// point, and converted to a point's fixed-point scale when the rule is compiled. The
// zero value is an absent number.
type Decimal struct {
	units  int64 // the digits as an integer: 35.5 is 355
	places uint8 // decimal places: 35.5 has 1
	valid  bool  // whether a number was given
}

// Dec returns the decimal units × 10^-places, so Dec(355, 1) is 35.5. It panics
// when places exceeds 18, which is a programming error.
func Dec(units int64, places uint8) Decimal {
	if places > maxScale {
		panic("alarm: Dec places above 18")
	}
	return Decimal{units: units, places: places, valid: true}
}

// ParseDecimal parses an optional sign, digits and an optional fraction, such as
// "-12.50". It rejects exponents and more than 18 digits.
func ParseDecimal(s string) (Decimal, error) {
	var d Decimal
	digits := s
	neg := false
	if len(digits) > 0 && (digits[0] == '-' || digits[0] == '+') {
		neg = digits[0] == '-'
		digits = digits[1:]
	}
	seenDigit, seenPoint := false, false
	count := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		switch {
		case c == '.' && !seenPoint:
			seenPoint = true
		case c >= '0' && c <= '9':
			seenDigit = true
			if d.units == 0 && c == '0' && !seenPoint {
				continue // leading zeros carry no precision
			}
			count++
			if count > maxScale {
				return Decimal{}, fmt.Errorf("alarm: number %q has more than %d digits; "+
					"write it with fewer digits", s, maxScale)
			}
			d.units = d.units*10 + int64(c-'0')
			if seenPoint {
				d.places++
			}
		case c == 'e' || c == 'E':
			return Decimal{}, fmt.Errorf("alarm: number %q has an exponent; "+
				"write it in plain decimal form, such as 1500 or 0.015", s)
		default:
			return Decimal{}, fmt.Errorf("alarm: number %q is not a decimal number, "+
				"such as 35.5 or -2", s)
		}
	}
	if !seenDigit {
		return Decimal{}, fmt.Errorf("alarm: number %q has no digits; "+
			"write a decimal number, such as 35.5 or -2", s)
	}
	if neg {
		d.units = -d.units
	}
	d.valid = true
	return d, nil
}

// IsZero reports whether d is absent, which differs from a given 0.
func (d Decimal) IsZero() bool { return !d.valid }

// String formats d with its own decimal places, such as "35.50", or "" when absent.
func (d Decimal) String() string {
	if !d.valid {
		return ""
	}
	return string(appendFixed(nil, d.units, d.places))
}

// MarshalJSON encodes d as a JSON number, or null when absent.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if !d.valid {
		return []byte("null"), nil
	}
	return appendFixed(nil, d.units, d.places), nil
}

// UnmarshalJSON decodes a JSON number or a JSON string that contains one. Null leaves
// d absent.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	text := string(b)
	if text == "null" {
		*d = Decimal{}
		return nil
	}
	if len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"' {
		unquoted, err := strconv.Unquote(text)
		if err != nil {
			return fmt.Errorf("alarm: invalid JSON string %s: %w", text, err)
		}
		text = unquoted
	}
	v, err := ParseDecimal(text)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

var errScale = errors.New("more decimal places than the point's scale")

// at returns d in fixed point with the given scale: 35.5 at scale 2 is 3550. It fails
// when d has non-zero digits beyond scale or the result does not fit an int64.
func (d Decimal) at(scale uint8) (int64, error) {
	units := d.units
	places := d.places
	for places > scale {
		if units%10 != 0 {
			return 0, errScale
		}
		units /= 10
		places--
	}
	for ; places < scale; places++ {
		if units > maxInt64/10 || units < -maxInt64/10 {
			return 0, errors.New("value does not fit a 64-bit integer at the point's scale")
		}
		units *= 10
	}
	return units, nil
}

// appendFixed formats units × 10^-places in plain decimal form.
func appendFixed(dst []byte, units int64, places uint8) []byte {
	if units < 0 {
		dst = append(dst, '-')
	}
	var digits [24]byte
	raw := strconv.AppendUint(digits[:0], absUint(units), 10)
	for len(raw) <= int(places) {
		raw = append([]byte{'0'}, raw...)
	}
	whole := len(raw) - int(places)
	dst = append(dst, raw[:whole]...)
	if places > 0 {
		dst = append(dst, '.')
		dst = append(dst, raw[whole:]...)
	}
	return dst
}

func absUint(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}
