package land

import (
	"fmt"
	"strconv"
)

// ContractorKind is the kind of a contractor (承包方) that GB/T 35958-2018 encodes in the
// range of the contractor's 4-digit sequence number. The values match the contractor
// type codes of NY/T 2539-2016 (1 household, 2 individual, 3 unit). The zero value is
// no valid kind.
type ContractorKind uint8

// The contractor kinds.
const (
	ContractorHousehold  ContractorKind = iota + 1 // 农户, sequence 0001-8000
	ContractorIndividual                           // 个人, sequence 8001-9000
	ContractorUnit                                 // 单位, sequence 9001-9999
)

// String returns the kind in lower case: "household", "individual" or "unit".
func (k ContractorKind) String() string {
	switch k {
	case ContractorHousehold:
		return "household"
	case ContractorIndividual:
		return "individual"
	case ContractorUnit:
		return "unit"
	}
	return "ContractorKind(" + strconv.Itoa(int(k)) + ")"
}

// Range returns the first and last sequence number of the kind, or 0, 0 for a kind that
// is not valid.
func (k ContractorKind) Range() (first, last int) {
	switch k {
	case ContractorHousehold:
		return 1, 8000
	case ContractorIndividual:
		return 8001, 9000
	case ContractorUnit:
		return 9001, 9999
	}
	return 0, 0
}

// contractorKindOf returns the kind whose range contains seq, or 0.
func contractorKindOf(seq int) ContractorKind {
	switch {
	case seq >= 1 && seq <= 8000:
		return ContractorHousehold
	case seq >= 8001 && seq <= 9000:
		return ContractorIndividual
	case seq >= 9001 && seq <= 9999:
		return ContractorUnit
	}
	return 0
}

// ContractorCode is the 18-digit code of a contractor (承包方), GB/T 35958-2018: the
// 14-digit [IssuerCode] of the collective it contracts with and a 4-digit sequence
// number, 0001-8000 for households, 8001-9000 for individuals and 9001-9999 for units
// (see [ContractorKind]). Sequence 0000 is rejected.
//
// The zero value is the empty string, which is not a valid code. A ContractorCode is
// safe for concurrent use.
type ContractorCode string

const contractorLength = 18

// ParseContractorCode parses an 18-digit contractor code.
// It returns a *[CodeError] if s is not valid.
func ParseContractorCode(s string) (ContractorCode, error) {
	if err := ContractorCode(s).Validate(); err != nil {
		return "", err
	}
	return ContractorCode(s), nil
}

// NewContractorCode returns the code of contractor number seq (1-9999) of issuer. The
// kind follows from seq, see [ContractorKind]. It returns a *[CodeError] if issuer is not
// valid or seq is out of range.
func NewContractorCode(issuer IssuerCode, seq int) (ContractorCode, error) {
	if err := issuer.Validate(); err != nil {
		return "", err
	}
	code := joinSequence(string(issuer), seq, 4)
	if contractorKindOf(seq) == 0 {
		return "", invalid(ContractorCodeKind, code,
			fmt.Sprintf("contractor sequence %d, want 1-9999", seq))
	}
	return ContractorCode(code), nil
}

// Validate returns a *[CodeError] unless c is a valid contractor code.
func (c ContractorCode) Validate() error {
	return invalid(ContractorCodeKind, string(c), contractorFault(string(c)))
}

func contractorFault(s string) string {
	if r := layoutFault(s, allDigits[:contractorLength]); r != "" {
		return r
	}
	return contractorPartsFault(s)
}

// contractorPartsFault checks the parts of the first 18 characters of s, which the
// caller has checked to be digits. Contract and transfer codes reuse it.
func contractorPartsFault(s string) string {
	if r := issuerPartsFault(s); r != "" {
		return r
	}
	if isZeros(s[14:18]) {
		return "contractor sequence 0000, want 0001-8000 (household), " +
			"8001-9000 (individual) or 9001-9999 (unit)"
	}
	return ""
}

// String returns c as a string.
func (c ContractorCode) String() string { return string(c) }

// MarshalText returns c unchanged. The zero ContractorCode marshals as empty text.
func (c ContractorCode) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText parses text with [ParseContractorCode]. Empty text sets the zero value.
func (c *ContractorCode) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = ""
		return nil
	}
	code, err := ParseContractorCode(string(text))
	if err != nil {
		return err
	}
	*c = code
	return nil
}

func (c ContractorCode) valid() bool { return contractorFault(string(c)) == "" }

// Issuer returns the first 14 digits of c, the code of its issuer, or "" if c is not
// valid.
func (c ContractorCode) Issuer() IssuerCode {
	if !c.valid() {
		return ""
	}
	return IssuerCode(c[:issuerLength])
}

// Sequence returns the 4-digit sequence number of c (1-9999), or 0 if c is not valid.
func (c ContractorCode) Sequence() int {
	if !c.valid() {
		return 0
	}
	return digitsValue(string(c[issuerLength:]))
}

// Kind returns the contractor kind that the sequence number of c encodes, or 0 if c is
// not valid.
func (c ContractorCode) Kind() ContractorKind {
	return contractorKindOf(c.Sequence())
}

// CheckIssuer returns a *[CodeError] unless c is valid and belongs to issuer, that is,
// unless its first 14 digits are issuer.
func (c ContractorCode) CheckIssuer(issuer IssuerCode) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if got := c.Issuer(); got != issuer {
		return invalid(ContractorCodeKind, string(c),
			fmt.Sprintf("issuer part %s, want issuer %q", got, issuer))
	}
	return nil
}
