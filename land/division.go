package land

import (
	"fmt"
	"strconv"
	"strings"
)

// DivisionCode is an administrative division code. A province, prefecture or county has
// the 6 digits that GB/T 2260 assigns, two for each level. A township has 9 digits: the
// county code and a 3-digit township number (GB/T 10114). A village has 12 digits: the
// township code and a 3-digit village number.
//
// [DivisionCode.Validate] checks the structure, not a list of divisions in force: the
// province must be one of the 34 GB/T 2260 province codes, a prefecture segment of 00
// must be followed by a county segment of 00, and township and village numbers run from
// 001 to 999. A township or village must lie under a county or under a prefecture-level
// city without counties (441900, 442000), not directly under a province code.
//
// The zero value is the empty string, which is not a valid code. A DivisionCode is an
// immutable string, safe for concurrent use.
type DivisionCode string

// DivisionLevel is the level of a [DivisionCode]. The zero value means no valid level.
type DivisionLevel uint8

// The division levels, from the largest to the smallest area.
const (
	DivisionProvince   DivisionLevel = iota + 1 // 6 digits ending in 0000
	DivisionPrefecture                          // 6 digits ending in 00
	DivisionCounty                              // 6 digits, last two not 00
	DivisionTownship                            // 9 digits
	DivisionVillage                             // 12 digits
)

// String returns the level in lower case, such as "county".
func (l DivisionLevel) String() string {
	switch l {
	case DivisionProvince:
		return "province"
	case DivisionPrefecture:
		return "prefecture"
	case DivisionCounty:
		return "county"
	case DivisionTownship:
		return "township"
	case DivisionVillage:
		return "village"
	}
	return "DivisionLevel(" + strconv.Itoa(int(l)) + ")"
}

// ParseDivisionCode parses a 6-, 9- or 12-digit administrative division code.
// It returns a *[CodeError] if s is not valid.
func ParseDivisionCode(s string) (DivisionCode, error) {
	if err := DivisionCode(s).Validate(); err != nil {
		return "", err
	}
	return DivisionCode(s), nil
}

// Validate returns a *[CodeError] unless d is a valid division code.
func (d DivisionCode) Validate() error {
	return invalid(DivisionCodeKind, string(d), divisionFault(string(d)))
}

func divisionFault(s string) string {
	n := len(s)
	if (n != 6 && n != 9 && n != 12) || !isDigitsOnly(s) {
		return describeDivisionFault(s)
	}
	if r := gbt2260Fault(s[:6]); r != "" {
		return r
	}
	if n == 6 {
		return ""
	}
	if isZeros(s[2:6]) {
		return fmt.Sprintf("%s is a province code, want a county code before the township number", s[:6])
	}
	if isZeros(s[6:9]) {
		return "township 000, want 001-999"
	}
	if n == 12 && isZeros(s[9:12]) {
		return "village 000, want 001-999 (a township has a 9-digit code)"
	}
	return ""
}

// gbt2260Fault checks a 6-digit code of province, prefecture and county segments.
func gbt2260Fault(s string) string {
	if !isProvince(digitsValue(s[:2])) {
		return fmt.Sprintf("%s: province %s is not a GB/T 2260 province code", s, s[:2])
	}
	if s[2:4] == "00" && s[4:6] != "00" {
		return fmt.Sprintf("%s: county segment %s under prefecture segment 00, want 00", s, s[4:6])
	}
	return ""
}

// countyFault checks the 6-digit county part that opens issuer and real estate unit codes.
// A prefecture-level code is accepted because cities without counties (Dongguan 441900)
// number their townships directly.
func countyFault(s string) string {
	if r := gbt2260Fault(s); r != "" {
		return "county " + r
	}
	if isZeros(s[2:6]) {
		return fmt.Sprintf("county %s is a province code, want a county-level code", s)
	}
	return ""
}

// isProvince reports whether n is a GB/T 2260 province-level code: the 31 provinces,
// autonomous regions and municipalities of the mainland, Taiwan (71), Hong Kong (81) and
// Macao (82).
func isProvince(n int) bool {
	switch n {
	case 11, 12, 13, 14, 15,
		21, 22, 23,
		31, 32, 33, 34, 35, 36, 37,
		41, 42, 43, 44, 45, 46,
		50, 51, 52, 53, 54,
		61, 62, 63, 64, 65,
		71, 81, 82:
		return true
	}
	return false
}

// String returns d as a string.
func (d DivisionCode) String() string { return string(d) }

// MarshalText returns d unchanged. The zero DivisionCode marshals as empty text.
func (d DivisionCode) MarshalText() ([]byte, error) { return []byte(d), nil }

// UnmarshalText parses text with [ParseDivisionCode]. Empty text sets the zero value.
func (d *DivisionCode) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = ""
		return nil
	}
	code, err := ParseDivisionCode(string(text))
	if err != nil {
		return err
	}
	*d = code
	return nil
}

// Level returns the level of d, or 0 if d is not valid.
func (d DivisionCode) Level() DivisionLevel {
	if divisionFault(string(d)) != "" {
		return 0
	}
	switch {
	case len(d) == 12:
		return DivisionVillage
	case len(d) == 9:
		return DivisionTownship
	case isZeros(string(d[2:6])):
		return DivisionProvince
	case isZeros(string(d[4:6])):
		return DivisionPrefecture
	}
	return DivisionCounty
}

// significantDigits returns the number of leading digits that identify a division of
// the level: the province code 650000 is identified by its first 2 digits.
func (l DivisionLevel) significantDigits() int {
	switch l {
	case DivisionProvince:
		return 2
	case DivisionPrefecture:
		return 4
	case DivisionCounty:
		return 6
	case DivisionTownship:
		return 9
	case DivisionVillage:
		return 12
	}
	return 0
}

// Contains reports whether other is d or lies within d: the province 650000 contains
// the county 650102, its townships and their villages. Contains returns false if
// either code is not valid.
func (d DivisionCode) Contains(other DivisionCode) bool {
	digits := d.Level().significantDigits()
	if digits == 0 || other.Level() == 0 {
		return false
	}
	return strings.HasPrefix(string(other), string(d[:digits]))
}

// Parent returns the division directly above d: the township of a village, the county
// of a township, the prefecture of a county and the province of a prefecture. It
// returns "" for a province and for a code that is not valid. The parent of a township
// of a city without counties is the prefecture-level city code itself.
func (d DivisionCode) Parent() DivisionCode {
	switch d.Level() {
	case DivisionVillage:
		return d[:9]
	case DivisionTownship:
		return d[:6]
	case DivisionCounty:
		return d[:4] + "00"
	case DivisionPrefecture:
		return d[:2] + "0000"
	}
	return ""
}

// Child returns the township number n (1-999) of a county-level code, or the village
// number n (1-999) of a township code. It returns a *[CodeError] if d is a province,
// a village or not valid, or if n is out of range.
func (d DivisionCode) Child(n int) (DivisionCode, error) {
	level := d.Level()
	switch level {
	case DivisionPrefecture, DivisionCounty, DivisionTownship:
	case DivisionProvince, DivisionVillage:
		return "", invalid(DivisionCodeKind, string(d),
			fmt.Sprintf("a %s has no numbered child division, want a county or township code", level))
	default:
		return "", d.Validate()
	}
	child := joinSequence(string(d), n, 3)
	if n < 1 || n > 999 {
		return "", invalid(DivisionCodeKind, child, fmt.Sprintf("child number %d, want 1-999", n))
	}
	return DivisionCode(child), nil
}

func isDigitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// describeDivisionFault names the first character that is not a digit, or else the length.
func describeDivisionFault(s string) string {
	i := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return fmt.Sprintf("character %d is %q, want a digit 0-9", i+1, r)
		}
		i++
	}
	return fmt.Sprintf("want 6, 9 or 12 digits, got %d", i)
}
