package land

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseIssuerCodeValid(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		division DivisionCode
		group    int
	}{
		{name: "group", input: "65313010020103", division: testVillage, group: 3},
		{name: "village collective", input: "65313010020100", division: testVillage, group: 0},
		{name: "township collective", input: "65313010000000", division: testTownship, group: 0},
		{name: "group 99", input: "65313010020199", division: testVillage, group: 99},
		{name: "city without counties", input: "44190000320100", division: "441900003201", group: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseIssuerCode(tt.input)

			require.NoError(t, err)
			assert.Equal(t, tt.input, code.String())
			assert.Equal(t, tt.division, code.Division())
			assert.Equal(t, tt.group, code.Group())
			assert.Equal(t, DivisionCode(tt.input[:6]), code.County())
			assert.Equal(t, DivisionCode(tt.input[:9]), code.Township())
			assert.True(t, code.County().Contains(code.Division()))
		})
	}
}

func TestParseIssuerCodeInvalid(t *testing.T) {
	tests := []invalidCase{
		{name: "empty", input: "", reason: "want 14 digits, got 0"},
		{name: "13 digits", input: "6531301002010", reason: "want 14 digits, got 13"},
		{name: "15 digits", input: "653130100201030", reason: "want 14 digits, got 15"},
		{name: "letter", input: "6531301002010A", reason: `character 14 is 'A', want a digit 0-9`},
		{name: "hyphen", input: "653130-10020103", reason: "want 14 digits, got 15"},
		{name: "county 000000", input: "00000010020103", reason: "county 000000: province 00 is not a GB/T 2260 province code"},
		{name: "province as county", input: "65000010020103", reason: "county 650000 is a province code, want a county-level code"},
		{name: "county under prefecture 00", input: "65003010020103", reason: "county segment 30 under prefecture segment 00"},
		{name: "township 000", input: "65313000020103", reason: "township 000, want 001-999"},
		{name: "group under village 000", input: "65313010000003", reason: "group 03 under village 000, want group 00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseIssuerCode(tt.input)

			requireCodeError(t, err, IssuerCodeKind, tt.input, tt.reason)
			assert.Empty(t, code)
		})
	}
}

func TestIssuerCodeAccessorsOnInvalid(t *testing.T) {
	for _, code := range []IssuerCode{"", "6531", "65313000020103", "6531301002010地"} {
		assert.Empty(t, code.County(), "county of %q", code)
		assert.Empty(t, code.Township(), "township of %q", code)
		assert.Empty(t, code.Village(), "village of %q", code)
		assert.Empty(t, code.Division(), "division of %q", code)
		assert.Zero(t, code.Group(), "group of %q", code)
	}
}

func TestIssuerCodeVillage(t *testing.T) {
	assert.Equal(t, testVillage, testIssuer.Village())
	assert.Equal(t, testVillage, testVillageIssuer.Village())
	assert.Empty(t, testTownIssuer.Village())
}

func TestNewIssuerCode(t *testing.T) {
	tests := []struct {
		name     string
		division DivisionCode
		group    int
		want     IssuerCode
	}{
		{name: "group", division: testVillage, group: 3, want: testIssuer},
		{name: "village collective", division: testVillage, group: 0, want: testVillageIssuer},
		{name: "township collective", division: testTownship, group: 0, want: testTownIssuer},
		{name: "group 99", division: testVillage, group: 99, want: "65313010020199"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := NewIssuerCode(tt.division, tt.group)

			require.NoError(t, err)
			assert.Equal(t, tt.want, code)
			assert.Equal(t, tt.division, code.Division())
		})
	}
}

func TestNewIssuerCodeInvalid(t *testing.T) {
	tests := []struct {
		name     string
		division DivisionCode
		group    int
		kind     CodeKind
		value    string
		reason   string
	}{
		{name: "group 100", division: testVillage, group: 100, kind: IssuerCodeKind,
			value: "653130100201100", reason: "group 100, want 0-99"},
		{name: "negative group", division: testVillage, group: -1, kind: IssuerCodeKind,
			value: "653130100201-1", reason: "group -1, want 0-99"},
		{name: "group of township", division: testTownship, group: 2, kind: IssuerCodeKind,
			value: "65313010000002", reason: "group 02 under village 000"},
		{name: "county division", division: testCounty, group: 0, kind: IssuerCodeKind,
			value: "653130", reason: "county division, want a township (9 digits) or village (12 digits)"},
		{name: "invalid division", division: "6531301", group: 0, kind: DivisionCodeKind,
			value: "6531301", reason: "want 6, 9 or 12 digits, got 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := NewIssuerCode(tt.division, tt.group)

			requireCodeError(t, err, tt.kind, tt.value, tt.reason)
			assert.Empty(t, code)
		})
	}
}
