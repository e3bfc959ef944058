package land

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseContractorCodeValid(t *testing.T) {
	tests := []struct {
		name  string
		input string
		seq   int
		kind  ContractorKind
	}{
		{name: "first household", input: "653130100201030001", seq: 1, kind: ContractorHousehold},
		{name: "household", input: "653130100201030012", seq: 12, kind: ContractorHousehold},
		{name: "last household", input: "653130100201038000", seq: 8000, kind: ContractorHousehold},
		{name: "first individual", input: "653130100201038001", seq: 8001, kind: ContractorIndividual},
		{name: "last individual", input: "653130100201039000", seq: 9000, kind: ContractorIndividual},
		{name: "first unit", input: "653130100201039001", seq: 9001, kind: ContractorUnit},
		{name: "last unit", input: "653130100201039999", seq: 9999, kind: ContractorUnit},
		{name: "township-level issuer", input: "653130100000000007", seq: 7, kind: ContractorHousehold},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseContractorCode(tt.input)

			require.NoError(t, err)
			assert.Equal(t, tt.input, code.String())
			assert.Equal(t, IssuerCode(tt.input[:14]), code.Issuer())
			assert.Equal(t, tt.seq, code.Sequence())
			assert.Equal(t, tt.kind, code.Kind())
		})
	}
}

func TestParseContractorCodeInvalid(t *testing.T) {
	tests := []invalidCase{
		{name: "empty", input: "", reason: "want 18 digits, got 0"},
		{name: "issuer only", input: "65313010020103", reason: "want 18 digits, got 14"},
		{name: "19 digits", input: "6531301002010300120", reason: "want 18 digits, got 19"},
		{name: "contract letter", input: "65313010020103001J", reason: `character 18 is 'J', want a digit 0-9`},
		{name: "sequence 0000", input: "653130100201030000", reason: "contractor sequence 0000, want 0001-8000 (household)"},
		{name: "county 000000", input: "000000100201030012", reason: "county 000000"},
		{name: "township 000", input: "653130000201030012", reason: "township 000"},
		{name: "group under village 000", input: "653130100000030012", reason: "group 03 under village 000"},
		{name: "full-width digit", input: "65313010020103001２", reason: `character 18 is '２'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseContractorCode(tt.input)

			requireCodeError(t, err, ContractorCodeKind, tt.input, tt.reason)
			assert.Empty(t, code)
		})
	}
}

func TestContractorCodeAccessorsOnInvalid(t *testing.T) {
	for _, code := range []ContractorCode{"", "65313010020103", "653130100201030000"} {
		assert.Empty(t, code.Issuer(), "issuer of %q", code)
		assert.Zero(t, code.Sequence(), "sequence of %q", code)
		assert.Zero(t, code.Kind(), "kind of %q", code)
	}
}

func TestNewContractorCode(t *testing.T) {
	tests := []struct {
		seq  int
		want ContractorCode
	}{
		{seq: 1, want: "653130100201030001"},
		{seq: 12, want: testContractor},
		{seq: 8001, want: "653130100201038001"},
		{seq: 9999, want: "653130100201039999"},
	}
	for _, tt := range tests {
		t.Run(string(tt.want), func(t *testing.T) {
			code, err := NewContractorCode(testIssuer, tt.seq)

			require.NoError(t, err)
			assert.Equal(t, tt.want, code)
			assert.Equal(t, tt.seq, code.Sequence())
		})
	}
}

func TestNewContractorCodeInvalid(t *testing.T) {
	tests := []struct {
		name   string
		issuer IssuerCode
		seq    int
		kind   CodeKind
		value  string
		reason string
	}{
		{name: "sequence 0", issuer: testIssuer, seq: 0, kind: ContractorCodeKind,
			value: "653130100201030000", reason: "contractor sequence 0, want 1-9999"},
		{name: "sequence 10000", issuer: testIssuer, seq: 10000, kind: ContractorCodeKind,
			value: "6531301002010310000", reason: "contractor sequence 10000, want 1-9999"},
		{name: "negative sequence", issuer: testIssuer, seq: -5, kind: ContractorCodeKind,
			value: "65313010020103-5", reason: "contractor sequence -5"},
		{name: "invalid issuer", issuer: "65313000020103", seq: 1, kind: IssuerCodeKind,
			value: "65313000020103", reason: "township 000"},
		{name: "zero issuer", issuer: "", seq: 1, kind: IssuerCodeKind,
			value: "", reason: "want 14 digits, got 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := NewContractorCode(tt.issuer, tt.seq)

			requireCodeError(t, err, tt.kind, tt.value, tt.reason)
			assert.Empty(t, code)
		})
	}
}

func TestContractorCodeCheckIssuer(t *testing.T) {
	require.NoError(t, testContractor.CheckIssuer(testIssuer))

	err := testContractor.CheckIssuer(testVillageIssuer)
	requireCodeError(t, err, ContractorCodeKind, string(testContractor),
		`issuer part 65313010020103, want issuer "65313010020100"`)

	err = ContractorCode("653130100201030000").CheckIssuer(testIssuer)
	requireCodeError(t, err, ContractorCodeKind, "653130100201030000", "contractor sequence 0000")
}

func TestContractorKindRange(t *testing.T) {
	tests := []struct {
		kind        ContractorKind
		name        string
		first, last int
	}{
		{kind: ContractorHousehold, name: "household", first: 1, last: 8000},
		{kind: ContractorIndividual, name: "individual", first: 8001, last: 9000},
		{kind: ContractorUnit, name: "unit", first: 9001, last: 9999},
		{kind: ContractorKind(0), name: "ContractorKind(0)", first: 0, last: 0},
		{kind: ContractorKind(4), name: "ContractorKind(4)", first: 0, last: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, last := tt.kind.Range()

			assert.Equal(t, tt.name, tt.kind.String())
			assert.Equal(t, tt.first, first)
			assert.Equal(t, tt.last, last)
		})
	}
}

func TestContractorKindOfCoversEverySequence(t *testing.T) {
	assert.Zero(t, contractorKindOf(0))
	assert.Zero(t, contractorKindOf(10000))
	for seq := 1; seq <= 9999; seq++ {
		kind := contractorKindOf(seq)
		first, last := kind.Range()
		if seq < first || seq > last {
			t.Fatalf("sequence %d: got kind %s with range %d-%d", seq, kind, first, last)
		}
	}
}
