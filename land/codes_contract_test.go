package land

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseContractCodeValid(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		method ContractingMethod
	}{
		{name: "family contracting", input: "653130100201030012J", method: FamilyContracting},
		{name: "other contracting", input: "653130100201039001Q", method: OtherContracting},
		{name: "individual", input: "653130100201038001Q", method: OtherContracting},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseContractCode(tt.input)

			require.NoError(t, err)
			assert.Equal(t, tt.input, code.String())
			assert.Equal(t, ContractorCode(tt.input[:18]), code.Contractor())
			assert.Equal(t, IssuerCode(tt.input[:14]), code.Issuer())
			assert.Equal(t, tt.method, code.Method())
		})
	}
}

func TestParseContractCodeInvalid(t *testing.T) {
	tests := []invalidCase{
		{name: "empty", input: "", reason: "want 19 characters, got 0"},
		{name: "contractor only", input: "653130100201030012", reason: "want 19 characters, got 18"},
		{name: "20 characters", input: "653130100201030012JJ", reason: "want 19 characters, got 20"},
		{name: "plot code", input: "6531301002010300042", reason: `character 19 is '2', want a letter A-Z`},
		{name: "lower-case method", input: "653130100201030012j", reason: `contracting method 'j', want J (family contracting) or Q (other contracting)`},
		{name: "unknown method", input: "653130100201030012X", reason: `contracting method 'X'`},
		{name: "letter in contractor", input: "65313010020103001AJ", reason: `character 18 is 'A', want a digit 0-9`},
		{name: "contractor sequence 0000", input: "653130100201030000J", reason: "contractor sequence 0000"},
		{name: "county 000000", input: "000000100201030012J", reason: "county 000000"},
		{name: "township 000", input: "653130000201030012J", reason: "township 000"},
		{name: "method as full-width letter", input: "653130100201030012Ｊ", reason: `character 19 is 'Ｊ'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseContractCode(tt.input)

			requireCodeError(t, err, ContractCodeKind, tt.input, tt.reason)
			assert.Empty(t, code)
		})
	}
}

func TestContractCodeAccessorsOnInvalid(t *testing.T) {
	for _, code := range []ContractCode{"", "653130100201030012", "653130100201030012X"} {
		assert.Empty(t, code.Contractor(), "contractor of %q", code)
		assert.Empty(t, code.Issuer(), "issuer of %q", code)
		assert.Zero(t, code.Method(), "method of %q", code)
	}
}

func TestNewContractCode(t *testing.T) {
	code, err := NewContractCode(testContractor, FamilyContracting)
	require.NoError(t, err)
	assert.Equal(t, testContract, code)

	code, err = NewContractCode("653130100201039001", OtherContracting)
	require.NoError(t, err)
	assert.Equal(t, ContractCode("653130100201039001Q"), code)
}

func TestNewContractCodeInvalid(t *testing.T) {
	tests := []struct {
		name       string
		contractor ContractorCode
		method     ContractingMethod
		kind       CodeKind
		value      string
		reason     string
	}{
		{name: "zero method", contractor: testContractor, method: 0, kind: ContractCodeKind,
			value: "653130100201030012\x00", reason: `contracting method '\x00'`},
		{name: "lower-case method", contractor: testContractor, method: 'q', kind: ContractCodeKind,
			value: "653130100201030012q", reason: `contracting method 'q'`},
		{name: "invalid contractor", contractor: "653130100201030000", method: FamilyContracting,
			kind: ContractorCodeKind, value: "653130100201030000", reason: "contractor sequence 0000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := NewContractCode(tt.contractor, tt.method)

			requireCodeError(t, err, tt.kind, tt.value, tt.reason)
			assert.Empty(t, code)
		})
	}
}

func TestContractCodeCheckContractor(t *testing.T) {
	require.NoError(t, testContract.CheckContractor(testContractor))

	err := testContract.CheckContractor("653130100201030013")
	requireCodeError(t, err, ContractCodeKind, string(testContract),
		`contractor part 653130100201030012, want contractor "653130100201030013"`)

	err = ContractCode("653130100201030012j").CheckContractor(testContractor)
	requireCodeError(t, err, ContractCodeKind, "653130100201030012j", "contracting method 'j'")
}

func TestContractingMethodString(t *testing.T) {
	assert.Equal(t, "family contracting", FamilyContracting.String())
	assert.Equal(t, "other contracting", OtherContracting.String())
	assert.Equal(t, `ContractingMethod('X')`, ContractingMethod('X').String())
}

func TestParseTransferContractCodeValid(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		form     TransferCodeForm
		contract ContractCode
	}{
		{name: "contractor form", input: "653130100201030012", form: TransferFormContractor},
		{name: "contractor form, unit", input: "653130100201039001", form: TransferFormContractor},
		{name: "contract form", input: "653130100201030012J", form: TransferFormContract, contract: testContract},
		{name: "contract form, other contracting", input: "653130100201039001Q", form: TransferFormContract,
			contract: "653130100201039001Q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseTransferContractCode(tt.input)

			require.NoError(t, err)
			assert.Equal(t, tt.input, code.String())
			assert.Equal(t, tt.form, code.Form())
			assert.Equal(t, len(tt.input), code.Form().Len())
			assert.Equal(t, ContractorCode(tt.input[:18]), code.Contractor())
			assert.Equal(t, IssuerCode(tt.input[:14]), code.Issuer())
			contract, ok := code.Contract()
			assert.Equal(t, tt.contract, contract)
			assert.Equal(t, tt.form == TransferFormContract, ok)
		})
	}
}

func TestParseTransferContractCodeInvalid(t *testing.T) {
	tests := []invalidCase{
		{name: "empty", input: "", reason: "want 18 characters (contractor form) or 19 (contract form), got 0"},
		{name: "17 characters", input: "65313010020103001", reason: "got 17"},
		{name: "20 characters", input: "653130100201030012J0", reason: "got 20"},
		{name: "plot code", input: "6531301002010300042", reason: `character 19 is '2', want a letter A-Z`},
		{name: "lower-case method", input: "653130100201030012j", reason: `contracting method 'j'`},
		{name: "letter in contractor form", input: "65313010020103001J", reason: `character 18 is 'J', want a digit 0-9`},
		{name: "contractor sequence 0000", input: "653130100201030000", reason: "contractor sequence 0000"},
		{name: "county 000000", input: "000000100201030012J", reason: "county 000000"},
		{name: "full-width in 18", input: "65313010020103001２", reason: `character 18 is '２'`},
		{name: "full-width in 19", input: "653130100201030012Ｊ", reason: `character 19 is 'Ｊ'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParseTransferContractCode(tt.input)

			requireCodeError(t, err, TransferContractCodeKind, tt.input, tt.reason)
			assert.Empty(t, code)
			assert.Zero(t, TransferContractCode(tt.input).Form())
			assert.Empty(t, TransferContractCode(tt.input).Contractor())
		})
	}
}

func TestTransferCodeFromContractorAndContract(t *testing.T) {
	fromContractor, err := testContractor.TransferCode()
	require.NoError(t, err)
	assert.Equal(t, TransferFormContractor, fromContractor.Form())
	assert.Equal(t, testContractor, fromContractor.Contractor())

	fromContract, err := testContract.TransferCode()
	require.NoError(t, err)
	assert.Equal(t, TransferFormContract, fromContract.Form())
	contract, ok := fromContract.Contract()
	assert.True(t, ok)
	assert.Equal(t, testContract, contract)

	_, err = ContractorCode("653130100201030000").TransferCode()
	requireCodeError(t, err, ContractorCodeKind, "653130100201030000", "contractor sequence 0000")
	_, err = ContractCode("653130100201030012X").TransferCode()
	requireCodeError(t, err, ContractCodeKind, "653130100201030012X", "contracting method 'X'")
}

func TestTransferCodeFormString(t *testing.T) {
	assert.Equal(t, "contractor form", TransferFormContractor.String())
	assert.Equal(t, "contract form", TransferFormContract.String())
	assert.Equal(t, "TransferCodeForm(0)", TransferCodeForm(0).String())
	assert.Zero(t, TransferCodeForm(0).Len())
}
