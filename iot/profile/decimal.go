package profile

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// maxPlaces is the largest number of decimal places a [Decimal] or a field's
// Decimals may have. 10^18 is the largest power of ten in an int64.
const maxPlaces = 18

// pow10 holds 10^0 to 10^18.
var pow10 = [maxPlaces + 1]int64{
	1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// Decimal is an exact decimal number: Coef × 10^-Places. Profiles write
// scale, offset and deadband as decimals so that "0.1" means one tenth and
// not the binary float nearest to it. The zero value is 0.
type Decimal struct {
	Coef   int64 // the digits, signed
	Places uint8 // digits after the decimal point, at most 18
}

var errDecimalSyntax = errors.New("want a plain decimal number such as 0.1, -40 or 12.5")

// ParseDecimal parses a plain decimal number: an optional sign, digits and
// an optional fraction, such as "0.1", "-40" or "+12.50". Exponents, hex,
// "NaN" and "Inf" are rejected. Trailing zeros in the fraction are kept in
// Places, so "12.50" is {1250, 2}.
func ParseDecimal(s string) (Decimal, error) {
	text := strings.TrimSpace(s)
	neg := false
	if text != "" && (text[0] == '-' || text[0] == '+') {
		neg = text[0] == '-'
		text = text[1:]
	}
	whole, frac, hasPoint := strings.Cut(text, ".")
	if whole == "" && frac == "" || hasPoint && frac == "" || !digits(whole) || !digits(frac) {
		return Decimal{}, errDecimalSyntax
	}
	if len(frac) > maxPlaces {
		return Decimal{}, errors.New("more than 18 digits after the decimal point")
	}
	coef, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil && whole+frac != "" {
		return Decimal{}, errors.New("too many digits for a 64-bit decimal")
	}
	if neg {
		coef = -coef
	}
	return Decimal{Coef: coef, Places: uint8(len(frac))}, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsZero reports whether d is 0.
func (d Decimal) IsZero() bool { return d.Coef == 0 }

// String formats d with exactly d.Places digits after the point.
func (d Decimal) String() string {
	s := strconv.FormatInt(d.Coef, 10)
	if d.Places == 0 {
		return s
	}
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	for len(s) <= int(d.Places) {
		s = "0" + s
	}
	cut := len(s) - int(d.Places)
	return sign + s[:cut] + "." + s[cut:]
}

// Scaled returns d × 10^places as an integer. ok is false when that is not
// an integer (d has more decimal places than places) or overflows int64.
func (d Decimal) Scaled(places int) (v int64, ok bool) {
	if places < 0 || places > maxPlaces {
		return 0, false
	}
	shift := places - int(d.Places)
	if shift < 0 {
		p := pow10[-shift]
		if d.Coef%p != 0 {
			return 0, false
		}
		return d.Coef / p, true
	}
	p := pow10[shift]
	v = d.Coef * p
	if d.Coef != 0 && (v/p != d.Coef) {
		return 0, false
	}
	return v, true
}

// Float64 returns the float64 nearest to d.
func (d Decimal) Float64() float64 {
	return float64(d.Coef) / math.Pow10(int(d.Places))
}
