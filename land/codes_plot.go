package land

import "fmt"

// PlotCode is the 19-digit code of a contracted plot (承包地块), GB/T 35958-2018: the
// 14-digit [IssuerCode] of the collective that owns the plot and a 5-digit sequence
// number, 00001-99999, unique within the issuer. Sequence 00000 is rejected. A plot
// keeps its code for its lifetime (one code per plot), so a retired code is not reused:
// see [Allocator].
//
// The zero value is the empty string, which is not a valid code. A PlotCode is safe for
// concurrent use.
type PlotCode string

const plotLength = 19

// ParsePlotCode parses a 19-digit plot code. It does not allocate for a valid code.
// It returns a *[CodeError] if s is not valid.
func ParsePlotCode(s string) (PlotCode, error) {
	if err := PlotCode(s).Validate(); err != nil {
		return "", err
	}
	return PlotCode(s), nil
}

// NewPlotCode returns the code of plot number seq (1-99999) of issuer. It returns a
// *[CodeError] if issuer is not valid or seq is out of range.
func NewPlotCode(issuer IssuerCode, seq int) (PlotCode, error) {
	if err := issuer.Validate(); err != nil {
		return "", err
	}
	code := joinSequence(string(issuer), seq, 5)
	if seq < 1 || seq > 99999 {
		return "", invalid(PlotCodeKind, code, fmt.Sprintf("plot sequence %d, want 1-99999", seq))
	}
	return PlotCode(code), nil
}

// Validate returns a *[CodeError] unless c is a valid plot code.
func (c PlotCode) Validate() error {
	return invalid(PlotCodeKind, string(c), plotFault(string(c)))
}

func plotFault(s string) string {
	if r := layoutFault(s, allDigits[:plotLength]); r != "" {
		return r
	}
	if r := issuerPartsFault(s); r != "" {
		return r
	}
	if isZeros(s[issuerLength:]) {
		return "plot sequence 00000, want 00001-99999"
	}
	return ""
}

// String returns c as a string.
func (c PlotCode) String() string { return string(c) }

// MarshalText returns c unchanged. The zero PlotCode marshals as empty text.
func (c PlotCode) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText parses text with [ParsePlotCode]. Empty text sets the zero value.
func (c *PlotCode) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = ""
		return nil
	}
	code, err := ParsePlotCode(string(text))
	if err != nil {
		return err
	}
	*c = code
	return nil
}

func (c PlotCode) valid() bool { return plotFault(string(c)) == "" }

// Issuer returns the first 14 digits of c, the code of its issuer, or "" if c is not
// valid.
func (c PlotCode) Issuer() IssuerCode {
	if !c.valid() {
		return ""
	}
	return IssuerCode(c[:issuerLength])
}

// Sequence returns the 5-digit sequence number of c (1-99999), or 0 if c is not valid.
func (c PlotCode) Sequence() int {
	if !c.valid() {
		return 0
	}
	return digitsValue(string(c[issuerLength:]))
}

// CheckIssuer returns a *[CodeError] unless c is valid and belongs to issuer, that is,
// unless its first 14 digits are issuer. Registers list the issuer of each plot beside
// the plot code, so an import checks that the two agree.
func (c PlotCode) CheckIssuer(issuer IssuerCode) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if got := c.Issuer(); got != issuer {
		return invalid(PlotCodeKind, string(c),
			fmt.Sprintf("issuer part %s, want issuer %q", got, issuer))
	}
	return nil
}
