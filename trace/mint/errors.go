package mint

import (
	"errors"
	"fmt"
)

// Sentinel errors that a [CodeError] wraps, so that callers can branch with errors.Is.
var (
	// ErrSymbol means the input contains a character that is not a Crockford base32
	// symbol or a hyphen, or a check-only symbol outside the check position.
	ErrSymbol = errors.New("mint: invalid symbol")
	// ErrLength means the input does not have 16 symbols, hyphens aside.
	ErrLength = errors.New("mint: wrong number of symbols")
	// ErrCheck means the check symbol does not match the other symbols: a symbol was
	// mistyped or two neighbours were swapped.
	ErrCheck = errors.New("mint: check symbol mismatch")
	// ErrKeyVersion means the keyring holds no key of the version that the code's first
	// symbol names.
	ErrKeyVersion = errors.New("mint: unknown key version")
	// ErrTag means the code decrypts to a block whose redundant bits are wrong: the code
	// was forged, or it has errors that the check symbol cannot catch.
	ErrTag = errors.New("mint: tag mismatch")
)

// CodeError reports why a code failed to parse or verify.
type CodeError struct {
	// Input is the code as given.
	Input string
	// Offset is the byte offset in Input of the offending character, or -1 when the
	// error concerns the whole code.
	Offset int
	// Reason states what is wrong and what would be valid.
	Reason string
	// Err is the sentinel that the error wraps: ErrSymbol, ErrLength, ErrCheck,
	// ErrKeyVersion or ErrTag.
	Err error
}

// Error returns "mint: code INPUT[ at byte N]: REASON".
func (e *CodeError) Error() string {
	s := fmt.Sprintf("mint: code %q", e.Input)
	if e.Offset >= 0 {
		s += fmt.Sprintf(" at byte %d", e.Offset)
	}
	return s + ": " + e.Reason
}

// Unwrap returns the sentinel error.
func (e *CodeError) Unwrap() error { return e.Err }

func symbolError(input string, offset int) *CodeError {
	return &CodeError{
		Input:  input,
		Offset: offset,
		Reason: fmt.Sprintf("%q is not a Crockford base32 symbol; use 0-9 and A-Z without U "+
			"(O reads as 0, I and L as 1) and hyphens", runeAt(input, offset)),
		Err: ErrSymbol,
	}
}

func checkOnlyError(input string, offset int) *CodeError {
	return &CodeError{
		Input:  input,
		Offset: offset,
		Reason: fmt.Sprintf("%q may stand only in the check position, the last symbol",
			runeAt(input, offset)),
		Err: ErrSymbol,
	}
}

func lengthError(input string, n int) *CodeError {
	return &CodeError{
		Input:  input,
		Offset: -1,
		Reason: fmt.Sprintf("has %d symbols, want %d (hyphens aside)", n, Len),
		Err:    ErrLength,
	}
}

func checkError(input string, check byte) *CodeError {
	return &CodeError{
		Input:  input,
		Offset: -1,
		Reason: checkReasons[symbolValues[check]%checkModulus],
		Err:    ErrCheck,
	}
}

// checkReasons holds the Reason of a check symbol mismatch for each check value, so
// that rejecting a mistyped code does not format a message.
var checkReasons = buildCheckReasons()

func buildCheckReasons() [checkModulus]string {
	var reasons [checkModulus]string
	for v := range reasons {
		reasons[v] = fmt.Sprintf("check symbol %q does not match the other symbols; "+
			"look for a mistyped symbol or two swapped neighbours", alphabet[v])
	}
	return reasons
}

func keyVersionError(c Code) *CodeError {
	return &CodeError{
		Input:  c.Grouped(),
		Offset: -1,
		Reason: fmt.Sprintf("key version %d is not in the keyring; add its key or "+
			"treat the code as not issued here", c.Version()),
		Err: ErrKeyVersion,
	}
}

func tagError(c Code) *CodeError {
	return &CodeError{
		Input:  c.Grouped(),
		Offset: -1,
		Reason: "decrypts to an invalid block; the code is forged or has more than " +
			"one mistyped symbol",
		Err: ErrTag,
	}
}

func unparsedError(c Code, offset int) *CodeError {
	return &CodeError{
		Input:  string(c[:]),
		Offset: offset,
		Reason: "is not a code that Parse returned; parse the input first",
		Err:    ErrSymbol,
	}
}
