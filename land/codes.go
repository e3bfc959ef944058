package land

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// CodeKind names a code type of this package in a [CodeError].
type CodeKind uint8

// The code kinds, one per code type.
const (
	DivisionCodeKind         CodeKind = iota + 1 // [DivisionCode]
	IssuerCodeKind                               // [IssuerCode]
	ContractorCodeKind                           // [ContractorCode]
	PlotCodeKind                                 // [PlotCode]
	ContractCodeKind                             // [ContractCode]
	TransferContractCodeKind                     // [TransferContractCode]
	RealEstateUnitCodeKind                       // [RealEstateUnitCode]
)

// String returns the kind as it reads in error messages, such as "plot code".
func (k CodeKind) String() string {
	switch k {
	case DivisionCodeKind:
		return "division code"
	case IssuerCodeKind:
		return "issuer code"
	case ContractorCodeKind:
		return "contractor code"
	case PlotCodeKind:
		return "plot code"
	case ContractCodeKind:
		return "contract code"
	case TransferContractCodeKind:
		return "transfer contract code"
	case RealEstateUnitCodeKind:
		return "real estate unit code"
	}
	return "CodeKind(" + strconv.Itoa(int(k)) + ")"
}

// CodeError reports a code that fails validation. Every Parse function, Validate method,
// constructor and UnmarshalText method of the code types returns a *CodeError for bad input.
type CodeError struct {
	// Kind is the code type that was expected.
	Kind CodeKind
	// Value is the code as given. For a constructor it is the code that the parts would
	// form, such as the issuer code followed by the out-of-range sequence number.
	Value string
	// Reason names the rule that Value breaks and what would be valid, such as
	// "want 19 digits, got 18".
	Reason string
}

// maxQuotedValue is the number of bytes of [CodeError.Value] that Error quotes, so that a
// huge input does not produce a huge message.
const maxQuotedValue = 64

// Error returns the message "land: invalid <kind> <value>: <reason>". A Value longer than
// 64 bytes is cut at a character boundary and marked with "...".
func (e *CodeError) Error() string {
	value := e.Value
	if len(value) > maxQuotedValue {
		cut := maxQuotedValue
		for cut > 0 && !utf8.RuneStart(value[cut]) {
			cut--
		}
		value = value[:cut] + "..."
	}
	return fmt.Sprintf("land: invalid %s %q: %s", e.Kind, value, e.Reason)
}

// invalid returns a *CodeError as an error, or nil when reason is empty, so that callers
// never return a typed nil pointer inside a non-nil error.
func invalid(kind CodeKind, value, reason string) error {
	if reason == "" {
		return nil
	}
	return &CodeError{Kind: kind, Value: value, Reason: reason}
}

// Layouts give the character class expected at each position of a code: 'D' is an ASCII
// digit and 'L' an ASCII letter of either case. Letters are checked against the letters
// a code allows in a second step, so that a lower-case 'j' gets a message naming J and Q.
const (
	digitClass  = 'D'
	letterClass = 'L'

	// allDigits is sliced to the length of an all-digit code.
	allDigits = "DDDDDDDDDDDDDDDDDDDDDDDDDDDD"
)

func fitsClass(c, class byte) bool {
	if class == digitClass {
		return '0' <= c && c <= '9'
	}
	return ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z')
}

// layoutFault returns "" when s matches layout and otherwise a reason naming the length
// or the first character that is out of place. It allocates only when s does not match.
func layoutFault(s, layout string) string {
	if len(s) == len(layout) && fitsLayout(s, layout) {
		return ""
	}
	return describeLayoutFault(s, layout)
}

// fitsLayout reports whether each byte of s fits the class at its position in layout,
// which has the length of s. It is the hot path of every parser.
func fitsLayout(s, layout string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if layout[i] == digitClass {
			if c-'0' > 9 {
				return false
			}
		} else if (c|0x20)-'a' > 'z'-'a' {
			return false
		}
	}
	return true
}

// describeLayoutFault counts characters (runes, not bytes) so that a code typed with a
// full-width digit gets "character 5 is '６'" and not a length complaint.
func describeLayoutFault(s, layout string) string {
	if n := utf8.RuneCountInString(s); n != len(layout) {
		return fmt.Sprintf("want %d %s, got %d", len(layout), layoutNoun(layout), n)
	}
	i := 0
	for _, r := range s {
		class := layout[i]
		if r >= utf8.RuneSelf || !fitsClass(byte(r), class) {
			return fmt.Sprintf("character %d is %q, want %s", i+1, r, classNoun(class))
		}
		i++
	}
	return ""
}

func layoutNoun(layout string) string {
	if layout == allDigits[:len(layout)] {
		return "digits"
	}
	return "characters"
}

func classNoun(class byte) string {
	if class == digitClass {
		return "a digit 0-9"
	}
	return "a letter A-Z"
}

// digitsValue returns the number that the ASCII digits s spell. The caller has checked s.
func digitsValue(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isZeros(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' {
			return false
		}
	}
	return true
}

// joinSequence returns prefix followed by n in decimal, zero-padded to width digits.
// A negative or too large n comes out longer than width, which the caller's check rejects.
func joinSequence(prefix string, n, width int) string {
	digits := strconv.Itoa(n)
	if n < 0 {
		return prefix + digits
	}
	for len(digits) < width {
		digits = "0" + digits
	}
	return prefix + digits
}
