package land

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePlotCodeValid(t *testing.T) {
	tests := []struct {
		name  string
		input string
		seq   int
	}{
		{name: "group plot", input: "6531301002010300042", seq: 42},
		{name: "first sequence", input: "6531301002010300001", seq: 1},
		{name: "last sequence", input: "6531301002010399999", seq: 99999},
		{name: "village plot", input: "6531301002010000005", seq: 5},
		{name: "township plot", input: "6531301000000000005", seq: 5},
		{name: "Karamay district", input: "6502030010020100310", seq: 310},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParsePlotCode(tt.input)

			require.NoError(t, err)
			assert.Equal(t, tt.input, code.String())
			assert.Equal(t, IssuerCode(tt.input[:14]), code.Issuer())
			assert.Equal(t, tt.seq, code.Sequence())
			assert.NoError(t, code.Issuer().Validate())
		})
	}
}

func TestParsePlotCodeInvalid(t *testing.T) {
	tests := []invalidCase{
		{name: "empty", input: "", reason: "want 19 digits, got 0"},
		{name: "18 digits", input: "653130100201030004", reason: "want 19 digits, got 18"},
		{name: "20 digits", input: "65313010020103000420", reason: "want 19 digits, got 20"},
		{name: "contract letter", input: "653130100201030012J", reason: `character 19 is 'J', want a digit 0-9`},
		{name: "space inside", input: "65313010020103 0042", reason: `character 15 is ' '`},
		{name: "sequence 00000", input: "6531301002010300000", reason: "plot sequence 00000, want 00001-99999"},
		{name: "county 000000", input: "0000001002010300042", reason: "county 000000"},
		{name: "province as county", input: "6500001002010300042", reason: "county 650000 is a province code"},
		{name: "township 000", input: "6531300002010300042", reason: "township 000, want 001-999"},
		{name: "group under village 000", input: "6531301000000300042", reason: "group 03 under village 000"},
		{name: "full-width digits", input: "６５３１３０１００２０１０３０００４２", reason: `character 1 is '６'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := ParsePlotCode(tt.input)

			requireCodeError(t, err, PlotCodeKind, tt.input, tt.reason)
			assert.Empty(t, code)
		})
	}
}

func TestPlotCodeAccessorsOnInvalid(t *testing.T) {
	for _, code := range []PlotCode{"", "6531", "6531301002010300000", "653130100201030004x"} {
		assert.Empty(t, code.Issuer(), "issuer of %q", code)
		assert.Zero(t, code.Sequence(), "sequence of %q", code)
	}
}

func TestNewPlotCode(t *testing.T) {
	tests := []struct {
		issuer IssuerCode
		seq    int
		want   PlotCode
	}{
		{issuer: testIssuer, seq: 42, want: testPlot},
		{issuer: testIssuer, seq: 1, want: "6531301002010300001"},
		{issuer: testIssuer, seq: 99999, want: "6531301002010399999"},
		{issuer: testTownIssuer, seq: 5, want: "6531301000000000005"},
	}
	for _, tt := range tests {
		t.Run(string(tt.want), func(t *testing.T) {
			code, err := NewPlotCode(tt.issuer, tt.seq)

			require.NoError(t, err)
			assert.Equal(t, tt.want, code)
			assert.Equal(t, tt.issuer, code.Issuer())
			assert.Equal(t, tt.seq, code.Sequence())
		})
	}
}

func TestNewPlotCodeInvalid(t *testing.T) {
	tests := []struct {
		name   string
		issuer IssuerCode
		seq    int
		kind   CodeKind
		value  string
		reason string
	}{
		{name: "sequence 0", issuer: testIssuer, seq: 0, kind: PlotCodeKind,
			value: "6531301002010300000", reason: "plot sequence 0, want 1-99999"},
		{name: "sequence 100000", issuer: testIssuer, seq: 100000, kind: PlotCodeKind,
			value: "65313010020103100000", reason: "plot sequence 100000, want 1-99999"},
		{name: "negative sequence", issuer: testIssuer, seq: -1, kind: PlotCodeKind,
			value: "65313010020103-1", reason: "plot sequence -1, want 1-99999"},
		{name: "invalid issuer", issuer: "00000010020103", seq: 1, kind: IssuerCodeKind,
			value: "00000010020103", reason: "county 000000"},
		{name: "short issuer", issuer: "6531301002010", seq: 1, kind: IssuerCodeKind,
			value: "6531301002010", reason: "want 14 digits, got 13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := NewPlotCode(tt.issuer, tt.seq)

			requireCodeError(t, err, tt.kind, tt.value, tt.reason)
			assert.Empty(t, code)
		})
	}
}

func TestPlotCodeCheckIssuer(t *testing.T) {
	require.NoError(t, testPlot.CheckIssuer(testIssuer))

	err := testPlot.CheckIssuer(testVillageIssuer)
	requireCodeError(t, err, PlotCodeKind, string(testPlot),
		`issuer part 65313010020103, want issuer "65313010020100"`)

	err = testPlot.CheckIssuer("")
	requireCodeError(t, err, PlotCodeKind, string(testPlot), `want issuer ""`)

	err = PlotCode("653130100201030004").CheckIssuer(testIssuer)
	requireCodeError(t, err, PlotCodeKind, "653130100201030004", "want 19 digits, got 18")
}
