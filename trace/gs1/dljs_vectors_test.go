package gs1

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsSkips gives the digital-link.js rows that this package does not run,
// by input, with the reason.
var jsSkips = map[string]string{
	"https://dlnkd.tn.gg/ARHKVAdpQg": "compressed Digital Link URIs are not supported",
	"https://example.com/01/01234565/": "a '/' after the last value is outside GS1 Digital Link URI syntax 1.2 " +
		"and later; digital-link.js follows the older, more permissive grammar",
	"https://example.com/giai/0801234126": "a GIAI (8004) has no check digit and this one fits its format " +
		"X..30 with a numeric company prefix, so the row's expectation that it is invalid does not hold",
	"https://example.com/giai/0801234127": "as for giai/0801234126: GIAIs carry no check digit",
}

func TestVectorsDigitalLinkJS(t *testing.T) {
	for _, row := range readVectors(t, "dl-digital-link-js.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			op, input, want := row.field(0), row.field(1), row.field(2)
			if reason, ok := jsSkips[input]; ok && strings.HasPrefix(op, "isValid") {
				t.Skip(reason)
			}
			p := Parser{PermitZeroSuppressedGTIN: true, PermitConvenienceAlphas: true,
				SortKeyQualifiers: flags(row.field(3))["sortKeyQualifiers"]}
			switch {
			case op == "isValid" || op == "isCheckDigitValid":
				_, err := p.ParseDigitalLink(input)
				assert.Equal(t, want == "true", err == nil, "ParseDigitalLink(%q): %v (%s)", input, err, row.field(4))
			case op == "construct-throws":
				_, err := p.ParseDigitalLink(input)
				assert.Error(t, err, "ParseDigitalLink(%q)", input)
			case op == "setLinkType(test)+toWebUriString":
				// The GTIN-8 of this row has a wrong check digit, which
				// ParseDigitalLink rejects, so the link is built by hand.
				_, err := p.ParseDigitalLink(input)
				assert.ErrorIs(t, err, IncorrectCheckDigit)
				d := DigitalLink{Stem: "https://gs1.evrythng.com", Elements: Elements{{AI: "01", Value: "12345678"}}, PathLen: 1}
				d.Params = append(d.Params, "linkType=test")
				assert.Equal(t, want, d.String())
			case strings.Contains(op, "ompress"), op == "toWebUriString":
				t.Skip("compressed Digital Link URIs are not supported")
			default:
				require.Failf(t, "unknown operation", "%s", op)
			}
		})
	}
}
