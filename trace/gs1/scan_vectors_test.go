package gs1

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// engineSymbologies maps the symbology names of the scan-data vectors to
// ours. The GS1-128 composite variants differ only in the 2D component,
// which Encode picks by size.
var engineSymbologies = map[string]Symbology{
	"NONE": NoSymbology, "QR": QRCode, "DM": DataMatrix, "DotCode": DotCode,
	"GS1_128_CCA": GS1128, "GS1_128_CCC": GS1128, "DataBarExpanded": DataBarExpanded,
	"DataBarOmni": DataBarOmni, "DataBarLimited": DataBarLimited,
	"UPCA": UPCA, "UPCE": UPCE, "EAN13": EAN13, "EAN8": EAN8,
}

// escapedCaret matches plain data that starts with backslashes and "^",
// which the engine's notation escapes with one more backslash.
var escapedCaret = regexp.MustCompile(`^\\+\^`)

// scanDataFromEngine builds ScanData from the engine's notation of the data
// of a symbol: "^..." for AI data with "|" before a composite component,
// digits for the primary data of EAN/UPC and DataBar, plain text otherwise.
func scanDataFromEngine(t *testing.T, sym Symbology, data string, addCheckDigit bool) (ScanData, error) {
	sd := ScanData{Symbology: sym}
	switch sym {
	case QRCode, DataMatrix, DotCode:
		if !strings.HasPrefix(data, "^") {
			if escapedCaret.MatchString(data) {
				data = data[1:]
			}
			sd.Text = data
			return sd, nil
		}
	}
	primary, composite, hasComposite := strings.Cut(data, "|")
	if hasComposite {
		es, err := Parser{SkipAssociationChecks: true}.ParseElementString(composite)
		require.NoError(t, err, "composite %q", composite)
		sd.Composite = es
	}
	switch {
	case strings.HasPrefix(primary, "^"):
		es, err := Parser{SkipAssociationChecks: true}.ParseElementString(primary)
		if err != nil {
			return sd, err
		}
		sd.Elements = es
	case sym == GS1128 || sym == DataBarExpanded:
		sd.Text = primary
	default:
		if addCheckDigit {
			c, err := CheckDigit(primary)
			if err != nil {
				return sd, err
			}
			primary += string(c)
		}
		sd.Primary = primary
	}
	return sd, nil
}

// engineScanData writes parsed scan data in the engine's notation.
func engineScanData(sd ScanData) string {
	switch {
	case sd.Primary != "":
		s := sd.Primary
		if len(sd.Composite) > 0 {
			s += "|" + engineString(sd.Composite)
		}
		return s
	case len(sd.Elements) > 0 && sd.DigitalLink == nil:
		return engineString(sd.Elements)
	case escapedCaret.MatchString(sd.Text), strings.HasPrefix(sd.Text, "^"):
		return `\` + sd.Text
	}
	return sd.Text
}

func TestVectorsScanData(t *testing.T) {
	for _, row := range readVectors(t, "scan-data.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			direction, symName, input, want := row.field(0), row.field(1), row.field(2), row.field(3)
			fl := flags(row.field(4))
			sym, ok := engineSymbologies[symName]
			require.True(t, ok, "symbology %s", symName)
			switch direction {
			case "generate":
				if strings.Contains(row.field(5), "Trailing FNC1 is not stripped") {
					t.Skip("ScanData holds parsed elements, so a superfluous FNC1 after the last element is not kept")
				}
				sd, err := scanDataFromEngine(t, sym, input, fl["addCheckDigit"])
				if err == nil {
					var got string
					got, err = sd.Encode()
					if !strings.HasPrefix(want, "(none") {
						require.NoError(t, err, "Encode(%+v)", sd)
						assert.Equal(t, want, got)
						return
					}
					assert.Error(t, err, "Encode(%+v) = %q", sd, got)
				}
				assert.True(t, strings.HasPrefix(want, "(none"), "%q: %v", input, err)
			case "process":
				sd, err := ParseScanData(input)
				require.NoError(t, err, "ParseScanData(%q)", input)
				got := sd.Symbology
				if got == DataBar {
					got = DataBarExpanded // ]e0 does not tell the DataBar symbols apart
				}
				assert.Equal(t, sym, got, "symbology of %q", input)
				assert.Equal(t, want, engineScanData(sd))
				if !strings.HasPrefix(input, "]Q1http") && !strings.HasPrefix(input, "]Q1HTTP") &&
					!strings.HasPrefix(input, "]d1http") && !strings.HasPrefix(input, "]J0http") {
					again, err := sd.Encode()
					require.NoError(t, err)
					assert.Equal(t, input, again, "Encode of parsed %q", input)
				}
			case "process-must-fail":
				sd, err := ParseScanData(input)
				assert.Error(t, err, "ParseScanData(%q) = %+v (%s)", input, sd, row.field(5))
			default:
				t.Fatalf("unknown direction %q", direction)
			}
		})
	}
}
