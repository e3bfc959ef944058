package gs1

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVectorsDigitalLinkParse(t *testing.T) {
	for _, row := range readVectors(t, "dl-parse.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			valid, uri, want := row.field(0) == "valid", row.field(1), row.field(2)
			p := parserFor(t, row.field(3))
			d, err := p.ParseDigitalLink(uri)
			if !valid {
				assert.Error(t, err, "ParseDigitalLink(%q) = %v (%s)", uri, d.Elements, row.field(4))
				return
			}
			require.NoError(t, err, "ParseDigitalLink(%q)", uri)
			assert.Equal(t, want, engineString(d.Elements))
		})
	}
}

func TestVectorsDigitalLinkGenerate(t *testing.T) {
	for _, row := range readVectors(t, "dl-generate.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			valid, stem, input, want := row.field(0) == "valid", row.field(1), row.field(2), row.field(3)
			if strings.HasPrefix(stem, "(default") {
				stem = ""
			}
			p := parserFor(t, row.field(4))
			es, err := p.ParseBracketed(input)
			require.NoError(t, err, "ParseBracketed(%q)", input)
			d, err := p.NewDigitalLink(stem, es)
			if !valid {
				assert.Error(t, err, "NewDigitalLink(%q, %q) = %s (%s)", stem, input, d, row.field(5))
				return
			}
			require.NoError(t, err, "NewDigitalLink(%q, %q)", stem, input)
			assert.Equal(t, want, d.String())

			back, err := p.ParseDigitalLink(d.String())
			require.NoError(t, err, "ParseDigitalLink(%q)", d.String())
			assert.Equal(t, d.Elements, back.Elements, "round trip of %s", d)
		})
	}
}

func TestVectorsPercentEncoding(t *testing.T) {
	for _, row := range readVectors(t, "dl-percent-encoding.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			direction, input, inPath, inQuery := row.field(0), row.field(1), row.field(2), row.field(3)
			switch direction {
			case "escape":
				assert.Equal(t, inPath, PathEscape(input), "PathEscape(%q)", input)
				assert.Equal(t, inQuery, QueryEscape(input), "QueryEscape(%q)", input)
			case "unescape":
				got, err := PathUnescape(input)
				require.NoError(t, err)
				assert.Equal(t, inPath, got, "PathUnescape(%q)", input)
				got, err = QueryUnescape(input)
				require.NoError(t, err)
				assert.Equal(t, inQuery, got, "QueryUnescape(%q)", input)
			default:
				t.Fatalf("unknown direction %q", direction)
			}
		})
	}
}

func TestVectorsEventHashDigitalLink(t *testing.T) {
	for _, row := range readVectors(t, "dl-epc-to-canonical.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			input, want := row.field(0), row.field(1)
			if strings.HasPrefix(input, "urn:epc:") {
				t.Skip("EPC URNs are converted by trace/epcis, not by this package")
			}
			got, err := EventHashDigitalLink(input)
			if strings.HasPrefix(want, "(none") {
				assert.Error(t, err, "EventHashDigitalLink(%q) = %q (%s)", input, got, row.field(2))
				return
			}
			require.NoError(t, err, "EventHashDigitalLink(%q)", input)
			assert.Equal(t, want, got)
		})
	}
}
