package land

import "fmt"

// RealEstateUnitCode is the 28-character real estate unit code (不动产单元代码) of
// GB/T 37346-2019, the code under which a unit is registered. Its parts are:
//
//	positions  1-6   county division code (GB/T 2260)
//	positions  7-9   cadastral zone (地籍区), 3 digits
//	positions 10-12  cadastral subzone (地籍子区), 3 digits
//	position  13     ownership letter of the parcel, see [ParcelOwnership]
//	position  14     right letter of the parcel, see [ParcelRight]
//	positions 15-19  parcel sequence number (宗地顺序号), 00001-99999
//	position  20     fixture letter, see [FixtureKind]
//	positions 21-28  fixture unit number (定着物单元编号), 8 digits
//
// Positions 1-19 are the parcel code (宗地代码 or 宗海代码) that every unit on one parcel
// shares. [RealEstateUnitCode.Validate] checks:
//   - the county part as [IssuerCode] does: a GB/T 2260 structure that is not a province;
//   - zone and subzone are digits, where 000 is accepted;
//   - the ownership letter is G, J or Z and the right letter one of A B C D E F G H L N
//     S W X Y, all in upper case;
//   - A (collective land ownership) and C (homestead) occur only with J, and H (sea area)
//     and G (island) only with G, because sea areas and uninhabited islands are
//     state-owned;
//   - the parcel sequence is not 00000;
//   - the fixture letter is F, L, Q or W; W (no fixture) requires fixture number
//     00000000, F, L and Q require another number, and F (building) requires a building
//     number (positions 21-24) other than 0000.
//
// NOTE: zone and subzone 000 are accepted because this package has no list of the zones
// a county has drawn. The meanings of the right letters E, F, L, N and Y come from
// registry software and summaries of the rules, not from the text of GB/T 37346-2019.
//
// The zero value is the empty string, which is not a valid code. A RealEstateUnitCode is
// safe for concurrent use.
type RealEstateUnitCode string

const (
	realEstateUnitLength = 28
	realEstateUnitLayout = "DDDDDDDDDDDDLLDDDDDLDDDDDDDD"
	parcelCodeLength     = 19
)

// ParseRealEstateUnitCode parses a 28-character real estate unit code.
// It returns a *[CodeError] if s is not valid.
func ParseRealEstateUnitCode(s string) (RealEstateUnitCode, error) {
	if err := RealEstateUnitCode(s).Validate(); err != nil {
		return "", err
	}
	return RealEstateUnitCode(s), nil
}

// Validate returns a *[CodeError] unless c is a valid real estate unit code.
func (c RealEstateUnitCode) Validate() error {
	return invalid(RealEstateUnitCodeKind, string(c), realEstateUnitFault(string(c)))
}

func realEstateUnitFault(s string) string {
	if r := layoutFault(s, realEstateUnitLayout); r != "" {
		return r
	}
	if r := countyFault(s[:6]); r != "" {
		return r
	}
	if r := parcelLettersFault(ParcelOwnership(s[12]), ParcelRight(s[13])); r != "" {
		return r
	}
	if isZeros(s[14:19]) {
		return "parcel sequence 00000, want 00001-99999"
	}
	return fixtureFault(FixtureKind(s[19]), s[20:])
}

func parcelLettersFault(owner ParcelOwnership, right ParcelRight) string {
	if !owner.valid() {
		return fmt.Sprintf("ownership letter %q, want G (state), J (collective) or Z (disputed)", rune(owner))
	}
	if !right.valid() {
		return fmt.Sprintf("right letter %q, want one of A B C D E F G H L N S W X Y", rune(right))
	}
	switch right {
	case RightCollectiveOwnership, RightHomestead:
		if owner != OwnershipCollective {
			return fmt.Sprintf("right %c (%s) with ownership %c, want ownership J", right, right, owner)
		}
	case RightSeaArea, RightIsland:
		if owner != OwnershipState {
			return fmt.Sprintf("right %c (%s) with ownership %c, want ownership G", right, right, owner)
		}
	}
	return ""
}

func fixtureFault(kind FixtureKind, number string) string {
	switch kind {
	case FixtureNone:
		if !isZeros(number) {
			return fmt.Sprintf("fixture number %s with fixture W (none), want 00000000", number)
		}
	case FixtureBuilding, FixtureForest, FixtureOther:
		if isZeros(number) {
			return fmt.Sprintf("fixture number 00000000 with fixture %c (%s), "+
				"want a unit number, or fixture W for a parcel without fixtures", kind, kind)
		}
		if kind == FixtureBuilding && isZeros(number[:4]) {
			return fmt.Sprintf("building number 0000 in fixture number %s, want 0001-9999", number)
		}
	default:
		return fmt.Sprintf("fixture letter %q, want F (building), L (forest), Q (other) or W (none)", rune(kind))
	}
	return ""
}

// String returns c as a string.
func (c RealEstateUnitCode) String() string { return string(c) }

// MarshalText returns c unchanged. The zero RealEstateUnitCode marshals as empty text.
func (c RealEstateUnitCode) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText parses text with [ParseRealEstateUnitCode]. Empty text sets the zero
// value.
func (c *RealEstateUnitCode) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = ""
		return nil
	}
	code, err := ParseRealEstateUnitCode(string(text))
	if err != nil {
		return err
	}
	*c = code
	return nil
}

func (c RealEstateUnitCode) valid() bool { return realEstateUnitFault(string(c)) == "" }

// County returns the 6-digit county division code of c, or "" if c is not valid.
func (c RealEstateUnitCode) County() DivisionCode {
	if !c.valid() {
		return ""
	}
	return DivisionCode(c[:6])
}

// CadastralZone returns the 3-digit cadastral zone of c, or "" if c is not valid.
func (c RealEstateUnitCode) CadastralZone() string {
	if !c.valid() {
		return ""
	}
	return string(c[6:9])
}

// CadastralSubzone returns the 3-digit cadastral subzone of c, or "" if c is not valid.
func (c RealEstateUnitCode) CadastralSubzone() string {
	if !c.valid() {
		return ""
	}
	return string(c[9:12])
}

// Parcel returns the 19-character parcel code of c (county, zone, subzone, the two
// parcel letters and the parcel sequence), or "" if c is not valid.
func (c RealEstateUnitCode) Parcel() string {
	if !c.valid() {
		return ""
	}
	return string(c[:parcelCodeLength])
}

// Ownership returns the ownership letter of the parcel of c, or 0 if c is not valid.
func (c RealEstateUnitCode) Ownership() ParcelOwnership {
	if !c.valid() {
		return 0
	}
	return ParcelOwnership(c[12])
}

// Right returns the right letter of the parcel of c, or 0 if c is not valid.
func (c RealEstateUnitCode) Right() ParcelRight {
	if !c.valid() {
		return 0
	}
	return ParcelRight(c[13])
}

// ParcelSequence returns the parcel sequence number of c (1-99999), or 0 if c is not
// valid.
func (c RealEstateUnitCode) ParcelSequence() int {
	if !c.valid() {
		return 0
	}
	return digitsValue(string(c[14:19]))
}

// Fixture returns the fixture letter of c, or 0 if c is not valid.
func (c RealEstateUnitCode) Fixture() FixtureKind {
	if !c.valid() {
		return 0
	}
	return FixtureKind(c[19])
}

// FixtureNumber returns the 8-digit fixture unit number of c, or "" if c is not valid.
// For a building (F) the first four digits are the building number (幢号) and the last
// four the unit number (户号).
func (c RealEstateUnitCode) FixtureNumber() string {
	if !c.valid() {
		return ""
	}
	return string(c[20:])
}
