package land

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDivisionCodeValid(t *testing.T) {
	tests := []struct {
		name  string
		input string
		level DivisionLevel
	}{
		{name: "province", input: "650000", level: DivisionProvince},
		{name: "prefecture", input: "653100", level: DivisionPrefecture},
		{name: "county", input: "653130", level: DivisionCounty},
		{name: "municipality district", input: "110101", level: DivisionCounty},
		{name: "city without counties", input: "441900", level: DivisionPrefecture},
		{name: "township", input: "653130100", level: DivisionTownship},
		{name: "township of city without counties", input: "441900003", level: DivisionTownship},
		{name: "village", input: "653130100201", level: DivisionVillage},
		{name: "Macao", input: "820000", level: DivisionProvince},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseDivisionCode(tt.input)

			require.NoError(t, err)
			assert.Equal(t, tt.input, code.String())
			assert.Equal(t, tt.level, code.Level())
		})
	}
}

func TestParseDivisionCodeInvalid(t *testing.T) {
	tests := []invalidCase{
		{name: "empty", input: "", reason: "want 6, 9 or 12 digits, got 0"},
		{name: "7 digits", input: "6531301", reason: "want 6, 9 or 12 digits, got 7"},
		{name: "13 digits", input: "6531301002011", reason: "want 6, 9 or 12 digits, got 13"},
		{name: "letter", input: "65313A", reason: `character 6 is 'A', want a digit 0-9`},
		{name: "letter with wrong length", input: "65A", reason: `character 3 is 'A'`},
		{name: "full-width digit", input: "６53130", reason: `character 1 is '６'`},
		{name: "space", input: "653130 ", reason: `character 7 is ' '`},
		{name: "all zeros", input: "000000", reason: "province 00 is not a GB/T 2260 province code"},
		{name: "unknown province", input: "661001", reason: "province 66 is not a GB/T 2260 province code"},
		{name: "county under prefecture 00", input: "650030", reason: "county segment 30 under prefecture segment 00, want 00"},
		{name: "township under province", input: "650000100", reason: "650000 is a province code"},
		{name: "township 000", input: "653130000", reason: "township 000, want 001-999"},
		{name: "village 000", input: "653130100000", reason: "village 000, want 001-999"},
		{name: "village under bad county", input: "000000100201", reason: "province 00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseDivisionCode(tt.input)

			requireCodeError(t, err, DivisionCodeKind, tt.input, tt.reason)
			assert.Empty(t, code)
			assert.Zero(t, DivisionCode(tt.input).Level())
		})
	}
}

func TestDivisionCodeContains(t *testing.T) {
	tests := []struct {
		name  string
		outer DivisionCode
		inner DivisionCode
		want  bool
	}{
		{name: "province contains county", outer: "650000", inner: "653130", want: true},
		{name: "province contains village", outer: "650000", inner: "653130100201", want: true},
		{name: "prefecture contains county", outer: "653100", inner: "653130", want: true},
		{name: "county contains township", outer: "653130", inner: "653130100", want: true},
		{name: "township contains village", outer: "653130100", inner: "653130100201", want: true},
		{name: "code contains itself", outer: "653130", inner: "653130", want: true},
		{name: "city contains its township", outer: "441900", inner: "441900003", want: true},
		{name: "county not in other prefecture", outer: "653200", inner: "653130", want: false},
		{name: "county does not contain province", outer: "653130", inner: "650000", want: false},
		{name: "village does not contain township", outer: "653130100201", inner: "653130100", want: false},
		{name: "sibling townships", outer: "653130100", inner: "653130101201", want: false},
		{name: "invalid outer", outer: "65", inner: "653130", want: false},
		{name: "invalid inner", outer: "650000", inner: "6531", want: false},
		{name: "zero values", outer: "", inner: "", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.outer.Contains(tt.inner))
		})
	}
}

func TestDivisionCodeParent(t *testing.T) {
	tests := []struct {
		code DivisionCode
		want DivisionCode
	}{
		{code: "653130100201", want: "653130100"},
		{code: "653130100", want: "653130"},
		{code: "653130", want: "653100"},
		{code: "653100", want: "650000"},
		{code: "650000", want: ""},
		{code: "441900003", want: "441900"},
		{code: "bad", want: ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			got := tt.code.Parent()

			assert.Equal(t, tt.want, got)
			if got != "" {
				assert.True(t, got.Contains(tt.code), "parent %s must contain %s", got, tt.code)
			}
		})
	}
}

func TestDivisionCodeChild(t *testing.T) {
	township, err := testCounty.Child(100)
	require.NoError(t, err)
	assert.Equal(t, testTownship, township)

	village, err := township.Child(201)
	require.NoError(t, err)
	assert.Equal(t, testVillage, village)

	cityTownship, err := DivisionCode("441900").Child(3)
	require.NoError(t, err)
	assert.Equal(t, DivisionCode("441900003"), cityTownship)
}

func TestDivisionCodeChildInvalid(t *testing.T) {
	tests := []struct {
		name   string
		parent DivisionCode
		n      int
		value  string
		reason string
	}{
		{name: "number 0", parent: testCounty, n: 0, value: "653130000", reason: "child number 0, want 1-999"},
		{name: "number 1000", parent: testTownship, n: 1000, value: "6531301001000", reason: "child number 1000, want 1-999"},
		{name: "negative number", parent: testCounty, n: -1, value: "653130-1", reason: "child number -1"},
		{name: "province", parent: "650000", n: 1, value: "650000", reason: "a province has no numbered child division"},
		{name: "village", parent: testVillage, n: 1, value: string(testVillage), reason: "a village has no numbered child"},
		{name: "invalid parent", parent: "6531", n: 1, value: "6531", reason: "want 6, 9 or 12 digits, got 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := tt.parent.Child(tt.n)

			requireCodeError(t, err, DivisionCodeKind, tt.value, tt.reason)
			assert.Empty(t, code)
		})
	}
}

func TestDivisionLevelString(t *testing.T) {
	tests := map[DivisionLevel]string{
		DivisionProvince:   "province",
		DivisionPrefecture: "prefecture",
		DivisionCounty:     "county",
		DivisionTownship:   "township",
		DivisionVillage:    "village",
		DivisionLevel(0):   "DivisionLevel(0)",
	}
	for level, want := range tests {
		assert.Equal(t, want, level.String())
	}
}
