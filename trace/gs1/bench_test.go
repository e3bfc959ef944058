package gs1

import (
	"net/url"
	"testing"
)

const (
	benchGTIN          = "09520123456788"
	benchElementString = "\x1d010952012345678810ABC123\x1d17261231" + "21SERIAL0001"
	benchBracketed     = "(01)09520123456788(10)ABC123(17)261231(21)SERIAL0001"
	benchDigitalLink   = "https://id.gs1.org/01/09520123456788/10/ABC123/21/SERIAL0001?17=261231"
	benchScanData      = "]d2010952012345678810ABC123\x1d17261231" + "21SERIAL0001"
)

func BenchmarkHasValidCheckDigit(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if !HasValidCheckDigit(benchGTIN) {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkValidateGTIN(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := ValidateGTIN(benchGTIN); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseElementString(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchElementString)))
	for b.Loop() {
		if _, err := ParseElementString(benchElementString); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseBracketed(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchBracketed)))
	for b.Loop() {
		if _, err := ParseBracketed(benchBracketed); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDigitalLink(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchDigitalLink)))
	for b.Loop() {
		if _, err := ParseDigitalLink(benchDigitalLink); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkURLParse is the baseline for BenchmarkParseDigitalLink: the
// standard library's URI parser on the same URI, which checks far less.
func BenchmarkURLParse(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchDigitalLink)))
	for b.Loop() {
		u, err := url.Parse(benchDigitalLink)
		if err != nil {
			b.Fatal(err)
		}
		_ = u.Query()
	}
}

func BenchmarkParseScanData(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchScanData)))
	for b.Loop() {
		if _, err := ParseScanData(benchScanData); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildDigitalLink(b *testing.B) {
	es, err := ParseBracketed(benchBracketed)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildDigitalLink("https://example.com", es); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEventHashDigitalLink(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EventHashDigitalLink(benchDigitalLink); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHotPathAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts need a full run")
	}
	checks := []struct {
		name string
		max  float64
		fn   func()
	}{
		{"HasValidCheckDigit", 0, func() { _ = HasValidCheckDigit(benchGTIN) }},
		{"ValidateGTIN", 0, func() { _ = ValidateGTIN(benchGTIN) }},
		{"ParseElementString", 1, func() { _, _ = ParseElementString(benchElementString) }},
		{"ParseDigitalLink", 1, func() { _, _ = ParseDigitalLink(benchDigitalLink) }},
		{"ParseBracketed", 1, func() { _, _ = ParseBracketed(benchBracketed) }},
		{"ParseScanData", 1, func() { _, _ = ParseScanData(benchScanData) }},
	}
	for _, c := range checks {
		if got := testing.AllocsPerRun(100, c.fn); got > c.max {
			t.Errorf("%s: %v allocations per run, want at most %v", c.name, got, c.max)
		}
	}
}
