package land

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// TransferCodeForm is the layout of a [TransferContractCode], which shows what the code
// is built on. The zero value is no valid form.
type TransferCodeForm uint8

// The transfer contract code forms.
const (
	// TransferFormContractor is the 18-digit form: the [ContractorCode] of the
	// contractor who transfers the land.
	TransferFormContractor TransferCodeForm = iota + 1
	// TransferFormContract is the 19-character form: the [ContractCode] of the contract
	// under which the transferred land is held.
	TransferFormContract
)

// String returns "contractor form" or "contract form".
func (f TransferCodeForm) String() string {
	switch f {
	case TransferFormContractor:
		return "contractor form"
	case TransferFormContract:
		return "contract form"
	}
	return "TransferCodeForm(" + strconv.Itoa(int(f)) + ")"
}

// Len returns the number of characters of a code in form f: 18, 19, or 0 for a form that
// is not valid.
func (f TransferCodeForm) Len() int {
	switch f {
	case TransferFormContractor:
		return contractorLength
	case TransferFormContract:
		return contractLength
	}
	return 0
}

// TransferContractCode is the code of a land transfer contract (流转合同). It comes in
// two forms (see [TransferCodeForm]): 18 digits that form the transferring contractor's
// [ContractorCode], or 19 characters that form the [ContractCode] of the contract under
// which the land is held. [TransferContractCode.Validate] checks the code as a contractor
// code or a contract code.
//
// NOTE: GB/T 35958-2018 defines no layout for transfer contract codes. Register
// databases declare the field with 18 or 19 characters, and the two forms above are the
// layouts of that width that this type accepts.
//
// The zero value is the empty string, which is not a valid code. A TransferContractCode
// is safe for concurrent use.
type TransferContractCode string

// ParseTransferContractCode parses an 18- or 19-character transfer contract code.
// It returns a *[CodeError] if s is not valid.
func ParseTransferContractCode(s string) (TransferContractCode, error) {
	if err := TransferContractCode(s).Validate(); err != nil {
		return "", err
	}
	return TransferContractCode(s), nil
}

// TransferCode returns the transfer contract code in the contractor form for a transfer
// by c. It returns a *[CodeError] if c is not valid.
func (c ContractorCode) TransferCode() (TransferContractCode, error) {
	if err := c.Validate(); err != nil {
		return "", err
	}
	return TransferContractCode(c), nil
}

// TransferCode returns the transfer contract code in the contract form for a transfer
// of land held under c. It returns a *[CodeError] if c is not valid.
func (c ContractCode) TransferCode() (TransferContractCode, error) {
	if err := c.Validate(); err != nil {
		return "", err
	}
	return TransferContractCode(c), nil
}

// Validate returns a *[CodeError] unless c is a valid transfer contract code.
func (c TransferContractCode) Validate() error {
	return invalid(TransferContractCodeKind, string(c), transferFault(string(c)))
}

func transferFault(s string) string {
	switch len(s) {
	case contractorLength:
		return contractorFault(s)
	case contractLength:
		return contractFault(s)
	}
	if n := utf8.RuneCountInString(s); n != contractorLength && n != contractLength {
		return fmt.Sprintf("want 18 characters (contractor form) or 19 (contract form), got %d", n)
	}
	// The byte length differs from the character count, so s contains a character that
	// is not ASCII. The layout check names it.
	return layoutFault(s, contractLayout[:utf8.RuneCountInString(s)])
}

// String returns c as a string.
func (c TransferContractCode) String() string { return string(c) }

// MarshalText returns c unchanged. The zero TransferContractCode marshals as empty text.
func (c TransferContractCode) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText parses text with [ParseTransferContractCode]. Empty text sets the zero
// value.
func (c *TransferContractCode) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = ""
		return nil
	}
	code, err := ParseTransferContractCode(string(text))
	if err != nil {
		return err
	}
	*c = code
	return nil
}

// Form returns the form of c, or 0 if c is not valid.
func (c TransferContractCode) Form() TransferCodeForm {
	if transferFault(string(c)) != "" {
		return 0
	}
	if len(c) == contractorLength {
		return TransferFormContractor
	}
	return TransferFormContract
}

// Contractor returns the code of the transferring contractor, the first 18 digits of c in
// either form, or "" if c is not valid.
func (c TransferContractCode) Contractor() ContractorCode {
	if c.Form() == 0 {
		return ""
	}
	return ContractorCode(c[:contractorLength])
}

// Issuer returns the first 14 digits of c, the code of the issuer of the transferred
// land, or "" if c is not valid.
func (c TransferContractCode) Issuer() IssuerCode {
	return c.Contractor().Issuer()
}

// Contract returns the contract code that c is built on and true for a code in the
// contract form. It returns "" and false for the contractor form and if c is not valid.
func (c TransferContractCode) Contract() (ContractCode, bool) {
	if c.Form() != TransferFormContract {
		return "", false
	}
	return ContractCode(c), true
}
