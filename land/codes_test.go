package land

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Codes used across the tests. 653130 is Bachu County (GB/T 2260), 100 a town number and
// 201 a village committee number (GB/T 10114 ranges).
const (
	testCounty        = DivisionCode("653130")
	testTownship      = DivisionCode("653130100")
	testVillage       = DivisionCode("653130100201")
	testIssuer        = IssuerCode("65313010020103")
	testVillageIssuer = IssuerCode("65313010020100")
	testTownIssuer    = IssuerCode("65313010000000")
	testContractor    = ContractorCode("653130100201030012")
	testPlot          = PlotCode("6531301002010300042")
	testContract      = ContractCode("653130100201030012J")
	testUnit          = RealEstateUnitCode("653130012003JD00042W00000000")
)

// invalidCase is one rejected input and a part of the reason the error must give.
type invalidCase struct {
	name   string
	input  string
	reason string
}

// requireCodeError checks that err is a *CodeError of kind for value whose reason
// contains reason, and that its message has the documented shape.
func requireCodeError(t *testing.T, err error, kind CodeKind, value, reason string) {
	t.Helper()
	var codeErr *CodeError
	require.ErrorAs(t, err, &codeErr)
	assert.Equal(t, kind, codeErr.Kind, "kind")
	assert.Equal(t, value, codeErr.Value, "value")
	assert.Contains(t, codeErr.Reason, reason, "reason")
	assert.True(t, strings.HasPrefix(err.Error(), "land: invalid "+kind.String()+" "),
		"got message %q, want it to start with the kind", err.Error())
}

func TestCodeErrorMessage(t *testing.T) {
	err := &CodeError{Kind: PlotCodeKind, Value: "653130100201030004", Reason: "want 19 digits, got 18"}

	assert.Equal(t, `land: invalid plot code "653130100201030004": want 19 digits, got 18`, err.Error())
}

func TestCodeErrorMessageCutsLongValue(t *testing.T) {
	err := &CodeError{Kind: PlotCodeKind, Value: strings.Repeat("地", 40), Reason: "too long"}

	msg := err.Error()

	assert.Contains(t, msg, `..."`)
	assert.Less(t, len(msg), 120)
	assert.True(t, strings.HasPrefix(msg, `land: invalid plot code "地地`), "got %q", msg)
}

func TestCodeKindString(t *testing.T) {
	tests := map[CodeKind]string{
		DivisionCodeKind:         "division code",
		IssuerCodeKind:           "issuer code",
		ContractorCodeKind:       "contractor code",
		PlotCodeKind:             "plot code",
		ContractCodeKind:         "contract code",
		TransferContractCodeKind: "transfer contract code",
		RealEstateUnitCodeKind:   "real estate unit code",
		CodeKind(0):              "CodeKind(0)",
	}
	for kind, want := range tests {
		assert.Equal(t, want, kind.String())
	}
}

func TestLayoutFaultNamesCharacter(t *testing.T) {
	tests := []invalidCase{
		{name: "full-width digit", input: "6531３0", reason: `character 5 is '３', want a digit 0-9`},
		{name: "letter", input: "65x130", reason: `character 3 is 'x', want a digit 0-9`},
		{name: "invalid UTF-8", input: "65\xff130", reason: `character 3 is '�'`},
		{name: "short", input: "65313", reason: "want 6 digits, got 5"},
		{name: "long multibyte", input: "6531300地", reason: "want 6 digits, got 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, layoutFault(tt.input, allDigits[:6]), tt.reason)
		})
	}
	assert.Empty(t, layoutFault("653130", allDigits[:6]))
	assert.Equal(t, `character 3 is '1', want a letter A-Z`, layoutFault("AB1", "LLL"))
}

func TestJoinSequence(t *testing.T) {
	assert.Equal(t, "650000042", joinSequence("6500", 42, 5))
	assert.Equal(t, "6500123456", joinSequence("6500", 123456, 5))
	assert.Equal(t, "6500-3", joinSequence("6500", -3, 5))
}

// textCode is the method set that every code type shares.
type textCode interface {
	String() string
	Validate() error
	MarshalText() ([]byte, error)
}

func TestCodesMarshalJSON(t *testing.T) {
	type record struct {
		Division   DivisionCode         `json:"division"`
		Issuer     IssuerCode           `json:"issuer"`
		Contractor ContractorCode       `json:"contractor"`
		Plot       PlotCode             `json:"plot"`
		Contract   ContractCode         `json:"contract"`
		Transfer   TransferContractCode `json:"transfer"`
		Unit       RealEstateUnitCode   `json:"unit"`
	}
	in := record{
		Division:   testVillage,
		Issuer:     testIssuer,
		Contractor: testContractor,
		Plot:       testPlot,
		Contract:   testContract,
		Transfer:   TransferContractCode(testContract),
		Unit:       testUnit,
	}

	data, err := json.Marshal(in)
	require.NoError(t, err)
	var out record
	require.NoError(t, json.Unmarshal(data, &out))

	assert.Equal(t, in, out)
	for _, code := range []textCode{out.Division, out.Issuer, out.Contractor, out.Plot, out.Contract, out.Transfer, out.Unit} {
		assert.NoError(t, code.Validate(), "code %s", code)
	}
}

func TestCodesUnmarshalEmptyIsZero(t *testing.T) {
	plot := testPlot
	require.NoError(t, plot.UnmarshalText(nil))
	assert.Equal(t, PlotCode(""), plot)

	var out struct {
		Plot     PlotCode     `json:"plot"`
		Contract ContractCode `json:"contract"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"plot":"","contract":""}`), &out))
	assert.Empty(t, out.Plot)
	assert.Empty(t, out.Contract)
}

func TestCodesUnmarshalRejectsInvalid(t *testing.T) {
	var out struct {
		Plot PlotCode `json:"plot"`
	}

	err := json.Unmarshal([]byte(`{"plot":"653130100201030004"}`), &out)

	requireCodeError(t, err, PlotCodeKind, "653130100201030004", "want 19 digits, got 18")
	assert.Empty(t, out.Plot)
}

func TestUnmarshalTextEveryType(t *testing.T) {
	tests := []struct {
		name   string
		target interface{ UnmarshalText([]byte) error }
		valid  string
		kind   CodeKind
	}{
		{name: "division", target: new(DivisionCode), valid: string(testVillage), kind: DivisionCodeKind},
		{name: "issuer", target: new(IssuerCode), valid: string(testIssuer), kind: IssuerCodeKind},
		{name: "contractor", target: new(ContractorCode), valid: string(testContractor), kind: ContractorCodeKind},
		{name: "plot", target: new(PlotCode), valid: string(testPlot), kind: PlotCodeKind},
		{name: "contract", target: new(ContractCode), valid: string(testContract), kind: ContractCodeKind},
		{name: "transfer", target: new(TransferContractCode), valid: string(testContractor), kind: TransferContractCodeKind},
		{name: "real estate unit", target: new(RealEstateUnitCode), valid: string(testUnit), kind: RealEstateUnitCodeKind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.target.UnmarshalText([]byte(tt.valid)))
			assert.Equal(t, tt.valid, tt.target.(interface{ String() string }).String())

			err := tt.target.UnmarshalText([]byte("x"))
			requireCodeError(t, err, tt.kind, "x", "")
			assert.Equal(t, tt.valid, tt.target.(interface{ String() string }).String(),
				"a failed UnmarshalText must leave the value unchanged")

			require.NoError(t, tt.target.UnmarshalText(nil))
			assert.Empty(t, tt.target.(interface{ String() string }).String())
		})
	}
}

func TestInvalidReturnsUntypedNil(t *testing.T) {
	err := invalid(PlotCodeKind, "x", "")

	assert.True(t, err == nil, "got %#v, want an untyped nil error", err)
}
