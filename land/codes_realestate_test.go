package land

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRealEstateUnitCodeValid(t *testing.T) {
	tests := []struct {
		name      string
		input     string
		ownership ParcelOwnership
		right     ParcelRight
		seq       int
		fixture   FixtureKind
	}{
		{name: "contracted cropland", input: "653130012003JD00042W00000000",
			ownership: OwnershipCollective, right: RightContractedCropland, seq: 42, fixture: FixtureNone},
		{name: "homestead with house", input: "650203001002JC00017F00010001",
			ownership: OwnershipCollective, right: RightHomestead, seq: 17, fixture: FixtureBuilding},
		{name: "collective ownership", input: "653130012003JA00001W00000000",
			ownership: OwnershipCollective, right: RightCollectiveOwnership, seq: 1, fixture: FixtureNone},
		{name: "state construction land", input: "650102005001GB00310F00020103",
			ownership: OwnershipState, right: RightConstructionSurface, seq: 310, fixture: FixtureBuilding},
		{name: "forest on state land", input: "653130020004GL00005L00000001",
			ownership: OwnershipState, right: RightForestUse, seq: 5, fixture: FixtureForest},
		{name: "disputed ownership", input: "653130012003ZW99999Q00000002",
			ownership: OwnershipDisputed, right: RightUndetermined, seq: 99999, fixture: FixtureOther},
		{name: "sea area, zone 000", input: "440304000000GH00001W00000000",
			ownership: OwnershipState, right: RightSeaArea, seq: 1, fixture: FixtureNone},
		{name: "city without counties", input: "441900003001GS00004F00010000",
			ownership: OwnershipState, right: RightConstructionAbove, seq: 4, fixture: FixtureBuilding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseRealEstateUnitCode(tt.input)

			require.NoError(t, err)
			assert.Equal(t, tt.input, code.String())
			assert.Equal(t, DivisionCode(tt.input[:6]), code.County())
			assert.Equal(t, tt.input[6:9], code.CadastralZone())
			assert.Equal(t, tt.input[9:12], code.CadastralSubzone())
			assert.Equal(t, tt.input[:19], code.Parcel())
			assert.Equal(t, tt.ownership, code.Ownership())
			assert.Equal(t, tt.right, code.Right())
			assert.Equal(t, tt.seq, code.ParcelSequence())
			assert.Equal(t, tt.fixture, code.Fixture())
			assert.Equal(t, tt.input[20:], code.FixtureNumber())
		})
	}
}

func TestParseRealEstateUnitCodeInvalid(t *testing.T) {
	tests := []invalidCase{
		{name: "empty", input: "", reason: "want 28 characters, got 0"},
		{name: "27 characters", input: "653130012003JD00042W0000000", reason: "want 28 characters, got 27"},
		{name: "29 characters", input: "653130012003JD00042W000000000", reason: "want 28 characters, got 29"},
		{name: "digit as ownership letter", input: "6531300120031D00042W00000000", reason: `character 13 is '1', want a letter A-Z`},
		{name: "letter in zone", input: "653130O12003JD00042W00000000", reason: `character 7 is 'O', want a digit 0-9`},
		{name: "letter in fixture number", input: "653130012003JD00042F0001000I", reason: `character 28 is 'I', want a digit 0-9`},
		{name: "county 000000", input: "000000012003JD00042W00000000", reason: "county 000000"},
		{name: "province as county", input: "650000012003JD00042W00000000", reason: "county 650000 is a province code"},
		{name: "unknown ownership", input: "653130012003XD00042W00000000", reason: `ownership letter 'X', want G (state), J (collective) or Z (disputed)`},
		{name: "lower-case ownership", input: "653130012003jD00042W00000000", reason: `ownership letter 'j'`},
		{name: "unknown right", input: "653130012003JK00042W00000000", reason: `right letter 'K', want one of A B C D E F G H L N S W X Y`},
		{name: "state collective ownership", input: "653130012003GA00042W00000000", reason: "right A (collective land ownership) with ownership G, want ownership J"},
		{name: "homestead on state land", input: "653130012003GC00042F00010001", reason: "right C (homestead use right) with ownership G, want ownership J"},
		{name: "collective sea area", input: "440304000000JH00001W00000000", reason: "right H (sea area use right) with ownership J, want ownership G"},
		{name: "parcel sequence 00000", input: "653130012003JD00000W00000000", reason: "parcel sequence 00000, want 00001-99999"},
		{name: "unknown fixture", input: "653130012003JD00042X00000000", reason: `fixture letter 'X', want F (building), L (forest), Q (other) or W (none)`},
		{name: "no fixture with number", input: "653130012003JD00042W00000001", reason: "fixture number 00000001 with fixture W (none), want 00000000"},
		{name: "building without number", input: "653130012003JC00042F00000000", reason: "fixture number 00000000 with fixture F (building)"},
		{name: "building 0000", input: "653130012003JC00042F00000001", reason: "building number 0000 in fixture number 00000001, want 0001-9999"},
		{name: "forest without number", input: "653130012003JE00042L00000000", reason: "fixture number 00000000 with fixture L (forest)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseRealEstateUnitCode(tt.input)

			requireCodeError(t, err, RealEstateUnitCodeKind, tt.input, tt.reason)
			assert.Empty(t, code)
		})
	}
}

func TestRealEstateUnitCodeAccessorsOnInvalid(t *testing.T) {
	for _, code := range []RealEstateUnitCode{"", "653130012003JD00042W0000000", "653130012003JD00000W00000000"} {
		assert.Empty(t, code.County(), "county of %q", code)
		assert.Empty(t, code.CadastralZone(), "zone of %q", code)
		assert.Empty(t, code.CadastralSubzone(), "subzone of %q", code)
		assert.Empty(t, code.Parcel(), "parcel of %q", code)
		assert.Zero(t, code.Ownership(), "ownership of %q", code)
		assert.Zero(t, code.Right(), "right of %q", code)
		assert.Zero(t, code.ParcelSequence(), "parcel sequence of %q", code)
		assert.Zero(t, code.Fixture(), "fixture of %q", code)
		assert.Empty(t, code.FixtureNumber(), "fixture number of %q", code)
	}
}

func TestRealEstateLetterStrings(t *testing.T) {
	assert.Equal(t, "collectively owned", OwnershipCollective.String())
	assert.Equal(t, "land contracting right, cultivated land", RightContractedCropland.String())
	assert.Equal(t, "no fixture", FixtureNone.String())
	assert.Equal(t, `ParcelOwnership('X')`, ParcelOwnership('X').String())
	assert.Equal(t, `ParcelRight('K')`, ParcelRight('K').String())
	assert.Equal(t, `FixtureKind('\x00')`, FixtureKind(0).String())
}

func TestParcelRightLettersAllValid(t *testing.T) {
	valid := 0
	for letter := byte('A'); letter <= 'Z'; letter++ {
		right := ParcelRight(letter)
		if !right.valid() {
			assert.Contains(t, right.String(), "ParcelRight(", "letter %c", letter)
			continue
		}
		valid++
		assert.NotContains(t, right.String(), "ParcelRight(", "letter %c needs a description", letter)
	}
	assert.Equal(t, 14, valid)
}
