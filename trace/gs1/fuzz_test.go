package gs1

import (
	"strings"
	"testing"
)

// The fuzz tests check that the parsers never panic, and that what they
// accept writes back to a form that parses to the same elements.

func FuzzParseDigitalLink(f *testing.F) {
	for _, s := range []string{
		"https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426",
		"https://a/00/faux/00/006141411234567890",
		"https://example.com/8004/9520614141234567?01=09520123456788&linkType=x#f",
		"HTTPS://[2001:db8::1]/414/9520123456788/254/32a%2Fb",
		"https://a/gtin/12312312312333/ser/ABC%20123?99=A+B",
		"https://a/01//1", "https://a/01/1/", "http:///", "https://a/01/0952012345678%",
	} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, uri string, opts uint8) {
		p := parserFromBits(opts)
		d, err := p.ParseDigitalLink(uri)
		if err != nil {
			return
		}
		if d.PathLen < 1 || d.PathLen > len(d.Elements) {
			t.Fatalf("PathLen %d of %d elements for %q", d.PathLen, len(d.Elements), uri)
		}
		back, err := p.ParseDigitalLink(d.String())
		if err != nil {
			t.Fatalf("%q parsed, but its rewrite %q does not: %v", uri, d.String(), err)
		}
		if back.Elements.String() != d.Elements.String() {
			t.Fatalf("rewrite of %q: got %s, want %s", uri, back.Elements, d.Elements)
		}
		if _, err := p.CanonicalDigitalLink(uri); err != nil {
			t.Fatalf("canonical form of %q: %v", uri, err)
		}
		_, _ = EventHashDigitalLink(uri)
	})
}

func FuzzParseElementString(f *testing.F) {
	for _, s := range []string{
		"^01095201234567881012345^11991225",
		"^0112345678901231235XYZ^10BATCH",
		"\x1d800302112345678900ABC\x1d7007211225",
		"^8110012345612345611110123900000",
		"^4309000000000036000000",
		"^8030abc=^253123456789012812",
		"^", "", "^01", "^^",
	} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, opts uint8) {
		p := parserFromBits(opts)
		es, err := p.ParseElementString(s)
		if err != nil {
			return
		}
		again, err := p.ParseElementString(engineString(es))
		if err != nil {
			t.Fatalf("%q parsed, but its rewrite %q does not: %v", s, engineString(es), err)
		}
		if again.String() != es.String() {
			t.Fatalf("rewrite of %q: got %s, want %s", s, again, es)
		}
		bracketed, err := p.ParseBracketed(es.String())
		if err != nil {
			t.Fatalf("bracketed form %q of %q: %v", es.String(), s, err)
		}
		if bracketed.String() != es.String() {
			t.Fatalf("bracketed form of %q: got %s, want %s", s, bracketed, es)
		}
		if d, err := p.NewDigitalLink("", es); err == nil {
			if _, err := p.ParseDigitalLink(d.String()); err != nil && !p.PermitUnknownAIs {
				t.Fatalf("Digital Link %q of %s does not parse: %v", d.String(), es, err)
			}
		}
	})
}

func FuzzParseBracketed(f *testing.F) {
	for _, s := range []string{
		"(01)12345678901231(10)12345", `(10)12345\(11)991225`, "(17)9(90)217",
		"(3940)1234(3941)9999", "(8030)DIGSIG(253)1234567890128X", "(", "()", "(1)",
	} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, opts uint8) {
		p := parserFromBits(opts)
		es, err := p.ParseBracketed(s)
		if err != nil {
			return
		}
		again, err := p.ParseBracketed(es.String())
		if err != nil || again.String() != es.String() {
			t.Fatalf("rewrite %q of %q: %v, %s", es.String(), s, err, again)
		}
	})
}

func FuzzParseScanData(f *testing.F) {
	for _, s := range []string{
		"]d2011231231231233310ABC123\x1d99TESTING",
		"]C10112312312312333235XYZ\x1d10ABC",
		"]E02112345678900|]e099COMPOSITE\x1d98XYZ",
		"]E402345673", "]Q1https://example.com/01/12312312312333?99=TEST",
		"]Q1\\^TESTING", "]e0", "]XX", "]",
	} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, opts uint8) {
		p := parserFromBits(opts)
		sd, err := p.ParseScanData(s)
		if err != nil {
			return
		}
		if sd.DigitalLink != nil {
			return
		}
		out, err := sd.Encode()
		if err != nil && !p.PermitUnknownAIs {
			t.Fatalf("%q parsed as %+v, but does not encode: %v", s, sd, err)
		}
		if err == nil && sd.Symbology != DataBar && !strings.Contains(s[3:], "\x1d\x1d") {
			back, err := p.ParseScanData(out)
			if err != nil || back.Elements.String() != sd.Elements.String() || back.Text != sd.Text {
				t.Fatalf("%q encodes to %q, which reads back as %+v: %v", s, out, back, err)
			}
		}
	})
}

// parserFromBits sets Parser options from the bits of b.
func parserFromBits(b uint8) Parser {
	return Parser{
		PermitUnknownAIs:           b&1 != 0,
		UnknownAIsAsDataAttributes: b&2 != 0,
		PermitZeroSuppressedGTIN:   b&4 != 0,
		PermitConvenienceAlphas:    b&8 != 0,
		SortKeyQualifiers:          b&16 != 0,
		SkipAssociationChecks:      b&32 != 0,
	}
}
