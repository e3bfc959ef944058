package trace

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shuxiang/shuxiang/land"
)

// EarTag is the 15-digit number of a livestock ear tag (畜禽标识编码), as Article 8 of the
// Measures for the Administration of Livestock Identification and Breeding Records
// (畜禽标识和养殖档案管理办法, Ministry of Agriculture order 67 of 2006) defines it. It is
// a species code digit (1 pig, 2 cattle, 3 sheep and goats), the 6-digit GB/T 2260 code
// of the county that issued the tag, and an 8-digit serial number within that county,
// printed as species-county-serial. The tag also carries a barcode of its own, which this
// type does not model.
//
// The zero value is the empty string, which is not valid. An EarTag is an immutable
// string, safe for concurrent use.
type EarTag string

// Species is the animal kind of an [EarTag]. Its values are the species code digits.
type Species uint8

// The species with ear tag codes.
const (
	SpeciesUnknown Species = iota
	Pig                    // 猪, code 1
	Cattle                 // 牛, code 2
	Sheep                  // 羊 (sheep and goats), code 3
)

var speciesNames = []string{"unknown", "pig", "cattle", "sheep"}

// ParseSpecies returns the species named s ("pig", "cattle", "sheep").
func ParseSpecies(s string) (Species, error) { return parseEnum[Species]("species", speciesNames, s) }

// String returns the species name used by [ParseSpecies].
func (s Species) String() string { return enumName("Species", speciesNames, s) }

// Validate reports an error unless s is pig, cattle or sheep.
func (s Species) Validate() error { return validateEnum("species", speciesNames, s) }

// MarshalText encodes s as its name.
func (s Species) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a species name.
func (s *Species) UnmarshalText(text []byte) error {
	v, err := ParseSpecies(string(text))
	*s = v
	return err
}

// MaxEarTagSerial is the largest serial number of an ear tag within its county.
const MaxEarTagSerial = 99_999_999

// NewEarTag returns the ear tag of the species, county and serial number.
func NewEarTag(species Species, county land.DivisionCode, serial int) (EarTag, error) {
	if err := species.Validate(); err != nil {
		return "", err
	}
	if serial < 0 || serial > MaxEarTagSerial {
		return "", fmt.Errorf("trace: invalid ear tag serial %d, want 0 to %d", serial, MaxEarTagSerial)
	}
	t := EarTag(fmt.Sprintf("%d%s%08d", species, county, serial))
	if err := t.Validate(); err != nil {
		return "", err
	}
	return t, nil
}

// ParseEarTag returns s as an EarTag after [EarTag.Validate]. It accepts the printed
// form with hyphens or spaces between the parts, such as 1-654202-00000001.
func ParseEarTag(s string) (EarTag, error) {
	t := EarTag(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(s)))
	if err := t.Validate(); err != nil {
		return "", err
	}
	return t, nil
}

// Validate reports an error unless t has 15 digits, a known species code and a valid
// county-level division code.
func (t EarTag) Validate() error {
	s := string(t)
	if len(s) != 15 {
		return fmt.Errorf("trace: invalid ear tag %q: has %d characters, want 15 digits", s, len(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return fmt.Errorf("trace: invalid ear tag %q: %q at position %d, want digits only", s, s[i], i+1)
		}
	}
	if Species(s[0]-'0').Validate() != nil {
		return fmt.Errorf("trace: invalid ear tag %q: species code %c, want 1 (pig), 2 (cattle) or 3 (sheep)",
			s, s[0])
	}
	county := land.DivisionCode(s[1:7])
	if err := county.Validate(); err != nil {
		return fmt.Errorf("trace: invalid ear tag %q: county: %w", s, err)
	}
	if level := county.Level(); level != land.DivisionCounty && level != land.DivisionPrefecture {
		return fmt.Errorf("trace: invalid ear tag %q: division %s is a %s, want a county-level code",
			s, county, level)
	}
	return nil
}

// Species returns the species of t, or SpeciesUnknown when t is too short.
func (t EarTag) Species() Species {
	if len(t) == 0 || t[0] < '1' || t[0] > '3' {
		return SpeciesUnknown
	}
	return Species(t[0] - '0')
}

// County returns the county code of t, or "" when t is too short.
func (t EarTag) County() land.DivisionCode {
	if len(t) < 7 {
		return ""
	}
	return land.DivisionCode(t[1:7])
}

// Serial returns the serial number of t within its county, or -1 when t is not valid.
func (t EarTag) Serial() int {
	if len(t) != 15 {
		return -1
	}
	n, err := strconv.Atoi(string(t[7:]))
	if err != nil {
		return -1
	}
	return n
}

// Printed returns t in its printed form species-county-serial, such as 1-654202-00000001.
func (t EarTag) Printed() string {
	if len(t) != 15 {
		return string(t)
	}
	return string(t[:1]) + "-" + string(t[1:7]) + "-" + string(t[7:])
}

// String returns the 15 digits.
func (t EarTag) String() string { return string(t) }
