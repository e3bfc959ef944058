package land

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Sinks keep the compiler from dropping the parse calls in benchmarks.
var (
	sinkError error
	sinkCode  string
	sinkBool  bool
)

func TestParseValidCodesDoNotAllocate(t *testing.T) {
	parsers := map[string]func(){
		"division": func() { c, err := ParseDivisionCode(string(testVillage)); sinkCode, sinkError = string(c), err },
		"issuer":   func() { c, err := ParseIssuerCode(string(testIssuer)); sinkCode, sinkError = string(c), err },
		"contractor": func() {
			c, err := ParseContractorCode(string(testContractor))
			sinkCode, sinkError = string(c), err
		},
		"plot":     func() { c, err := ParsePlotCode(string(testPlot)); sinkCode, sinkError = string(c), err },
		"contract": func() { c, err := ParseContractCode(string(testContract)); sinkCode, sinkError = string(c), err },
		"transfer": func() {
			c, err := ParseTransferContractCode(string(testContract))
			sinkCode, sinkError = string(c), err
		},
		"real estate unit": func() {
			c, err := ParseRealEstateUnitCode(string(testUnit))
			sinkCode, sinkError = string(c), err
		},
		"plot accessors": func() { sinkCode = string(testPlot.Issuer().Division()) },
		"contains":       func() { sinkBool = testCounty.Contains(testVillage) },
	}
	for name, parse := range parsers {
		t.Run(name, func(t *testing.T) {
			assert.Zero(t, testing.AllocsPerRun(100, parse))
			assert.NoError(t, sinkError)
		})
	}
}

func BenchmarkParseDivisionCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkError = ParseDivisionCode(string(testVillage))
	}
}

func BenchmarkParseIssuerCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkError = ParseIssuerCode(string(testIssuer))
	}
}

func BenchmarkParseContractorCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkError = ParseContractorCode(string(testContractor))
	}
}

func BenchmarkParsePlotCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkError = ParsePlotCode(string(testPlot))
	}
}

func BenchmarkParsePlotCodeInvalid(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkError = ParsePlotCode("6531301002010300000")
	}
}

func BenchmarkParseContractCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkError = ParseContractCode(string(testContract))
	}
}

func BenchmarkParseTransferContractCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkError = ParseTransferContractCode(string(testContract))
	}
}

func BenchmarkParseRealEstateUnitCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkError = ParseRealEstateUnitCode(string(testUnit))
	}
}

func BenchmarkPlotCodeIssuer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkCode = string(testPlot.Issuer())
	}
}
