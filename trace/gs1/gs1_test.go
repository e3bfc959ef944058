package gs1

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGTIN14(t *testing.T) {
	tests := []struct {
		in, want string
		reason   Reason
	}{
		{"02345673", "00000002345673", 0},
		{"416000336108", "00416000336108", 0},
		{"9780345418913", "09780345418913", 0},
		{"09780345418913", "09780345418913", 0},
		{"9780345418914", "", IncorrectCheckDigit},
		{"978034541891", "", IncorrectCheckDigit},
		{"97803454189", "", ValueTooShort},
		{"097803454189130", "", ValueTooLong},
		{"978034541891X", "", NonDigit},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := GTIN14(tt.in)
			if tt.reason != 0 {
				assert.ErrorIs(t, err, tt.reason)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestKeyValidate(t *testing.T) {
	tests := []struct {
		key   Key
		value string
		ok    bool
	}{
		{SSCC, "106141411234567897", true},
		{SSCC, "106141411234567898", false},
		{GTIN, "9520123456788", true},
		{GTIN, "09520123456788", true},
		{GLN, "9520614141234", false},
		{GLN, "4012345000054", true},
		{GSRN, "401234598765400000", true},
		{GIAI, "4012345ABC345", true},
		{GIAI, "40A2345ABC345", false},
		{GMN, "1987654Ad4X4bL5ttr2310c2K", true},
		{GMN, "1987654Ad4X4bL5ttr2310cXK", false},
		{GRAI, "04012345000221334455", true},
		{GRAI, "14012345000221334455", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.key)+"/"+tt.value, func(t *testing.T) {
			err := tt.key.Validate(tt.value)
			assert.Equal(t, tt.ok, err == nil, "%s.Validate(%q): %v", tt.key.AI().Title, tt.value, err)
		})
	}
}

func TestYearCenturyRule(t *testing.T) {
	tests := []struct{ yy, ref, want int }{
		{26, 2026, 2026},
		{76, 2026, 2076},
		{77, 2026, 1977},
		{0, 2026, 2000},
		{99, 2026, 1999},
		{75, 2026, 2075},
		{49, 2099, 2149},
		{50, 2099, 2050},
		{48, 2099, 2148},
		{0, 2099, 2100},
		{60, 2010, 2060},
		{61, 2010, 1961},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Year(tt.yy, tt.ref), "Year(%d, %d)", tt.yy, tt.ref)
	}
}

func TestParseDate(t *testing.T) {
	ref := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	d, dayGiven, err := ParseDate("261231", ref)
	require.NoError(t, err)
	assert.True(t, dayGiven)
	assert.Equal(t, "2026-12-31", d.Format(time.DateOnly))

	d, dayGiven, err = ParseDate("280200", ref)
	require.NoError(t, err)
	assert.False(t, dayGiven, "DD=00 means no day")
	assert.Equal(t, "2028-02-29", d.Format(time.DateOnly), "last day of a leap February")

	_, _, err = ParseDate("270229", ref)
	assert.ErrorIs(t, err, IllegalDay)
	_, _, err = ParseDate("271301", ref)
	assert.ErrorIs(t, err, IllegalMonth)
	_, _, err = ParseDate("2712", ref)
	assert.ErrorIs(t, err, ValueTooShort)
}

func TestCenturyRuleInValidation(t *testing.T) {
	// 000229 is 29 February 2000 in 2026 but 29 February 2100, which does
	// not exist, from 2050 on.
	p := Parser{Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }}
	assert.NoError(t, p.ValidateValue("17", "000229"))
	p.Now = func() time.Time { return time.Date(2060, 1, 1, 0, 0, 0, 0, time.UTC) }
	assert.ErrorIs(t, p.ValidateValue("17", "000229"), IllegalDay)
}

func TestErrorNamesAIValueAndReason(t *testing.T) {
	_, err := ParseBracketed("(01)09520123456789(17)261231")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "01", e.AI)
	assert.Equal(t, "09520123456789", e.Value)
	assert.Equal(t, IncorrectCheckDigit, e.Reason)
	assert.Equal(t, 13, e.Pos)
	assert.Equal(t, `gs1: (01) "09520123456789": incorrect check digit at byte 13: check digit should be 8`, err.Error())
	assert.True(t, errors.Is(err, IncorrectCheckDigit))
	assert.False(t, errors.Is(err, NonDigit))
}

func TestElementsRoundTrip(t *testing.T) {
	in := `(01)09520123456788(10)AB\(1)2(17)261231(21)X/Y`
	es, err := ParseBracketed(in)
	require.NoError(t, err)
	assert.Equal(t, Elements{{"01", "09520123456788"}, {"10", "AB(1)2"}, {"17", "261231"}, {"21", "X/Y"}}, es)
	assert.Equal(t, in, es.String())

	raw := es.AppendElementString(nil, GS)
	assert.Equal(t, "\x1d0109520123456788"+"10AB(1)2\x1d"+"17261231"+"21X/Y", string(raw))
	again, err := ParseElementString(string(raw))
	require.NoError(t, err)
	assert.Equal(t, es, again)

	v, ok := es.Get("17")
	assert.True(t, ok)
	assert.Equal(t, "261231", v)
}

func TestUnknownAIs(t *testing.T) {
	_, err := ParseBracketed("(01)09520123456788(89)X")
	assert.ErrorIs(t, err, UnknownAI)

	p := Parser{PermitUnknownAIs: true}
	es, err := p.ParseBracketed("(01)09520123456788(89)X")
	require.NoError(t, err)
	assert.Equal(t, "(01)09520123456788(89)X", es.String())

	es, err = p.ParseElementString("^01095201234567883338030333")
	require.NoError(t, err, "3338 has the predefined length of its prefix 33")
	assert.Equal(t, Elements{{"01", "09520123456788"}, {"3338", "030333"}}, es)

	for _, code := range []string{"011", "800", "80", "399", "2367", "4199"} {
		_, err := p.ParseBracketed("(" + code + ")1")
		assert.ErrorIs(t, err, UnknownAI, "(%s) clashes with the length of known AIs", code)
	}
}

func TestDigitalLinkParts(t *testing.T) {
	d, err := ParseDigitalLink("https://example.com/products/01/09520123456788/10/ABC%2F1/21/12345?17=261231&linkType=gs1:pip#top")
	require.NoError(t, err)
	assert.Equal(t, "https://example.com/products", d.Stem)
	assert.Equal(t, Element{"01", "09520123456788"}, d.Key())
	assert.Equal(t, Elements{{"10", "ABC/1"}, {"21", "12345"}}, d.Qualifiers())
	assert.Equal(t, Elements{{"17", "261231"}}, d.Attributes())
	assert.Equal(t, []string{"linkType=gs1:pip"}, d.Params)
	assert.Equal(t, "top", d.Fragment)
	assert.Equal(t, "https://example.com/products/01/09520123456788/10/ABC%2F1/21/12345?17=261231&linkType=gs1:pip#top", d.String())
}

func TestCanonicalDigitalLink(t *testing.T) {
	tests := []struct {
		name, in, want string
		p              Parser
	}{
		{"stem and query order", "HTTP://brand.example/x/01/09520123456788/21/S1?3103=000195&17=261231&linkType=all",
			"https://id.gs1.org/01/09520123456788/21/S1?17=261231&3103=000195", Parser{}},
		{"legacy GTIN-13 and alphas", "https://example.com/gtin/9520123456788/lot/A1/ser/S1",
			"https://id.gs1.org/01/09520123456788/10/A1/21/S1", Parser{PermitZeroSuppressedGTIN: true, PermitConvenienceAlphas: true}},
		{"unordered qualifiers", "https://example.com/01/09520123456788/21/S1/10/A1",
			"https://id.gs1.org/01/09520123456788/10/A1/21/S1", Parser{SortKeyQualifiers: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.CanonicalDigitalLink(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := CanonicalDigitalLink("https://example.com/01/09520123456788/21/S1/10/A1")
	assert.ErrorIs(t, err, InvalidQualifiers)
}

func TestDigitalLinkRejects(t *testing.T) {
	tests := []struct {
		uri    string
		reason Reason
	}{
		{"https://example.com/01/09520123456788?10=A1", BelongsInPath},
		{"https://example.com/01/09520123456788?8200=x", NotDataAttribute},
		{"https://example.com/01/09520123456788/10/A/10/A", InvalidQualifiers},
		{"https://example.com/01/09520123456788?17=261231&17=261231", DuplicateAI},
		{"ftp://example.com/01/09520123456788", InvalidScheme},
		{"https://ex_ample.com/01/09520123456788", InvalidHost},
		{"https://example.com/01/0952012345678 8", InvalidURI},
		{"https://example.com/99/ABC", NoPrimaryKey},
		{"https://example.com/01/09520123456788/21/A%00", NullCharacter},
		{"https://example.com/01/09520123456788?999=1", UnknownAI},
	}
	for _, tt := range tests {
		t.Run(tt.uri, func(t *testing.T) {
			_, err := ParseDigitalLink(tt.uri)
			assert.ErrorIs(t, err, tt.reason)
		})
	}
}

func TestScanDataDigitalLink(t *testing.T) {
	sd, err := ParseScanData("]Q1https://id.gs1.org/01/09520123456788/10/A1")
	require.NoError(t, err)
	require.NotNil(t, sd.DigitalLink)
	assert.Equal(t, Elements{{"01", "09520123456788"}, {"10", "A1"}}, sd.DigitalLink.Elements)
	assert.Equal(t, QRCode, sd.Symbology)
}

func TestLookup(t *testing.T) {
	a, ok := Lookup("01")
	require.True(t, ok)
	assert.Equal(t, "GTIN", a.Title)
	assert.False(t, a.FNC1)
	assert.True(t, a.PrimaryKey)
	assert.Equal(t, "N14", a.Format())
	assert.Equal(t, [][]string{{"22", "10", "21"}, {"235"}}, a.Qualifiers)

	a, ok = Lookup("253")
	require.True(t, ok)
	assert.Equal(t, "N13 [X..17]", a.Format())
	assert.Equal(t, 13, a.MinLength())
	assert.Equal(t, 30, a.MaxLength())

	_, ok = Lookup("89")
	assert.False(t, ok)
	assert.Greater(t, len(AIs()), 500)
}

func TestReasonStrings(t *testing.T) {
	for r := Reason(1); r < 120; r++ {
		s := r.String()
		if strings.HasPrefix(s, "reason ") {
			continue
		}
		capitalised := s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z'
		assert.False(t, capitalised, "%d: %q starts lowercase or with an acronym", r, s)
		assert.False(t, strings.HasSuffix(s, "."), "%q has no final stop", s)
	}
}
