package land

import "fmt"

// ContractingMethod is the letter that ends a [ContractCode]: how the contractor obtained
// the land. The zero value is no valid method.
type ContractingMethod byte

// The contracting methods of GB/T 35958-2018.
const (
	// FamilyContracting (家庭承包) is contracting by the households of the collective.
	FamilyContracting ContractingMethod = 'J'
	// OtherContracting (其他方式承包) is contracting by tender, auction or open
	// negotiation, which the Rural Land Contracting Law (article 3) allows for land
	// such as barren hills, gullies and beaches that suits no family contracting.
	OtherContracting ContractingMethod = 'Q'
)

// String returns "family contracting" or "other contracting".
func (m ContractingMethod) String() string {
	switch m {
	case FamilyContracting:
		return "family contracting"
	case OtherContracting:
		return "other contracting"
	}
	return unknownLetter("ContractingMethod", byte(m))
}

// ContractCode is the 19-character code of a land contract (承包合同), GB/T 35958-2018:
// the 18-digit [ContractorCode] of the contractor and the letter of the
// [ContractingMethod], J or Q in upper case. The register of the contracting right
// (登记簿) and the certificate (农村土地承包经营权证) carry the same code as the contract.
//
// The zero value is the empty string, which is not a valid code. A ContractCode is safe
// for concurrent use.
type ContractCode string

const (
	contractLength = 19
	contractLayout = "DDDDDDDDDDDDDDDDDDL"
)

// ParseContractCode parses a 19-character contract code.
// It returns a *[CodeError] if s is not valid.
func ParseContractCode(s string) (ContractCode, error) {
	if err := ContractCode(s).Validate(); err != nil {
		return "", err
	}
	return ContractCode(s), nil
}

// NewContractCode returns the code of the contract of contractor by method. It returns a
// *[CodeError] if contractor is not valid or method is neither J nor Q.
func NewContractCode(contractor ContractorCode, method ContractingMethod) (ContractCode, error) {
	if err := contractor.Validate(); err != nil {
		return "", err
	}
	code := string(contractor) + string(rune(method))
	if r := methodFault(byte(method)); r != "" {
		return "", invalid(ContractCodeKind, code, r)
	}
	return ContractCode(code), nil
}

// Validate returns a *[CodeError] unless c is a valid contract code.
func (c ContractCode) Validate() error {
	return invalid(ContractCodeKind, string(c), contractFault(string(c)))
}

func contractFault(s string) string {
	if r := layoutFault(s, contractLayout); r != "" {
		return r
	}
	if r := contractorPartsFault(s); r != "" {
		return r
	}
	return methodFault(s[contractorLength])
}

func methodFault(letter byte) string {
	if m := ContractingMethod(letter); m == FamilyContracting || m == OtherContracting {
		return ""
	}
	return fmt.Sprintf("contracting method %q, want J (family contracting) or Q (other contracting)",
		rune(letter))
}

// String returns c as a string.
func (c ContractCode) String() string { return string(c) }

// MarshalText returns c unchanged. The zero ContractCode marshals as empty text.
func (c ContractCode) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText parses text with [ParseContractCode]. Empty text sets the zero value.
func (c *ContractCode) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = ""
		return nil
	}
	code, err := ParseContractCode(string(text))
	if err != nil {
		return err
	}
	*c = code
	return nil
}

func (c ContractCode) valid() bool { return contractFault(string(c)) == "" }

// Contractor returns the first 18 digits of c, the code of its contractor, or "" if c
// is not valid.
func (c ContractCode) Contractor() ContractorCode {
	if !c.valid() {
		return ""
	}
	return ContractorCode(c[:contractorLength])
}

// Issuer returns the first 14 digits of c, the code of its issuer, or "" if c is not
// valid.
func (c ContractCode) Issuer() IssuerCode {
	if !c.valid() {
		return ""
	}
	return IssuerCode(c[:issuerLength])
}

// Method returns the contracting method of c, or 0 if c is not valid.
func (c ContractCode) Method() ContractingMethod {
	if !c.valid() {
		return 0
	}
	return ContractingMethod(c[contractorLength])
}

// CheckContractor returns a *[CodeError] unless c is valid and belongs to contractor,
// that is, unless its first 18 digits are contractor.
func (c ContractCode) CheckContractor(contractor ContractorCode) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if got := c.Contractor(); got != contractor {
		return invalid(ContractCodeKind, string(c),
			fmt.Sprintf("contractor part %s, want contractor %q", got, contractor))
	}
	return nil
}
