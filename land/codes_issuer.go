package land

import "fmt"

// IssuerCode is the 14-digit code of a contract issuer (发包方), the rural collective that
// contracts out its land. GB/T 35958-2018 builds it from a 6-digit county code
// (GB/T 2260), a 3-digit township number, a 3-digit village number and a 2-digit group
// (村民小组) number.
//
// The group number is 00 when the village collective itself is the issuer. The village
// and group numbers are 000 and 00 when a township-level collective is the issuer, so a
// village of 000 with any other group is rejected. Codes of contractors
// ([ContractorCode]) and plots ([PlotCode]) start with the code of their issuer.
//
// [IssuerCode.Validate] checks the county part as [DivisionCode] does, except that a
// province code is rejected, and rejects township 000. The zero value is the empty
// string, which is not a valid code. An IssuerCode is safe for concurrent use.
type IssuerCode string

const issuerLength = 14

// ParseIssuerCode parses a 14-digit contract issuer code.
// It returns a *[CodeError] if s is not valid.
func ParseIssuerCode(s string) (IssuerCode, error) {
	if err := IssuerCode(s).Validate(); err != nil {
		return "", err
	}
	return IssuerCode(s), nil
}

// NewIssuerCode returns the code of the issuer in division with group number group.
// A township code (9 digits) gives a township-level issuer and requires group 0. A
// village code (12 digits) takes groups 0-99, where 0 is the village collective itself.
// It returns a *[CodeError] for any other division or group.
func NewIssuerCode(division DivisionCode, group int) (IssuerCode, error) {
	if err := division.Validate(); err != nil {
		return "", err
	}
	var code string
	switch division.Level() {
	case DivisionTownship:
		code = joinSequence(string(division)+"000", group, 2)
	case DivisionVillage:
		code = joinSequence(string(division), group, 2)
	default:
		return "", invalid(IssuerCodeKind, string(division),
			fmt.Sprintf("%s division, want a township (9 digits) or village (12 digits)", division.Level()))
	}
	if group < 0 || group > 99 {
		return "", invalid(IssuerCodeKind, code, fmt.Sprintf("group %d, want 0-99", group))
	}
	if err := IssuerCode(code).Validate(); err != nil {
		return "", err
	}
	return IssuerCode(code), nil
}

// Validate returns a *[CodeError] unless c is a valid issuer code.
func (c IssuerCode) Validate() error {
	return invalid(IssuerCodeKind, string(c), issuerFault(string(c)))
}

func issuerFault(s string) string {
	if r := layoutFault(s, allDigits[:issuerLength]); r != "" {
		return r
	}
	return issuerPartsFault(s)
}

// issuerPartsFault checks the parts of the first 14 digits of s, which the caller has
// checked to be digits. Contractor and plot codes reuse it for their issuer part.
func issuerPartsFault(s string) string {
	if r := countyFault(s[:6]); r != "" {
		return r
	}
	if isZeros(s[6:9]) {
		return "township 000, want 001-999"
	}
	if isZeros(s[9:12]) && !isZeros(s[12:14]) {
		return fmt.Sprintf("group %s under village 000, want group 00 for a township-level issuer", s[12:14])
	}
	return ""
}

// String returns c as a string.
func (c IssuerCode) String() string { return string(c) }

// MarshalText returns c unchanged. The zero IssuerCode marshals as empty text.
func (c IssuerCode) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText parses text with [ParseIssuerCode]. Empty text sets the zero value.
func (c *IssuerCode) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = ""
		return nil
	}
	code, err := ParseIssuerCode(string(text))
	if err != nil {
		return err
	}
	*c = code
	return nil
}

func (c IssuerCode) valid() bool { return issuerFault(string(c)) == "" }

// County returns the 6-digit county part of c, or "" if c is not valid. For a city
// without counties the part is the prefecture-level city code, so its Level is
// [DivisionPrefecture].
func (c IssuerCode) County() DivisionCode {
	if !c.valid() {
		return ""
	}
	return DivisionCode(c[:6])
}

// Township returns the 9-digit township code of c, or "" if c is not valid.
func (c IssuerCode) Township() DivisionCode {
	if !c.valid() {
		return ""
	}
	return DivisionCode(c[:9])
}

// Village returns the 12-digit village code of c. It returns "" for a township-level
// issuer (village 000) and if c is not valid.
func (c IssuerCode) Village() DivisionCode {
	if !c.valid() || isZeros(string(c[9:12])) {
		return ""
	}
	return DivisionCode(c[:12])
}

// Division returns the smallest division that contains the issuer: its village, or its
// township for a township-level issuer. It returns "" if c is not valid.
func (c IssuerCode) Division() DivisionCode {
	if village := c.Village(); village != "" {
		return village
	}
	return c.Township()
}

// Group returns the group number (0-99) of c, or 0 if c is not valid. Group 0 means that
// the village or township collective itself is the issuer.
func (c IssuerCode) Group() int {
	if !c.valid() {
		return 0
	}
	return digitsValue(string(c[12:14]))
}
