package water

import (
	"fmt"
	"unicode/utf8"
)

// maxCodeLength is the longest code or meter id accepted, in bytes.
const maxCodeLength = 40

// WellCode identifies a well or intake in the register, as the county's well census or
// the abstraction permit assigns it. A valid code has 1 to 40 characters from A–Z, a–z,
// 0–9 and - _ . / : and no spaces.
//
// The zero value is the empty string, which is not valid. A WellCode is an immutable
// string, safe for concurrent use.
type WellCode string

// ParseWellCode returns s as a WellCode, or a *[FieldError] if s is not valid.
func ParseWellCode(s string) (WellCode, error) {
	return parseCode[WellCode]("well code", s)
}

// Validate returns a *[FieldError] unless c is a valid well code.
func (c WellCode) Validate() error { return validateCode("well code", string(c)) }

// String returns the code.
func (c WellCode) String() string { return string(c) }

// MarshalText returns the code.
func (c WellCode) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText decodes a code, rejecting invalid text.
func (c *WellCode) UnmarshalText(text []byte) (err error) {
	*c, err = ParseWellCode(string(text))
	return err
}

// FacilityCode identifies a reservoir, canal, gate, measuring point or village supply
// meter in the register. It follows the rules of [WellCode].
type FacilityCode string

// ParseFacilityCode returns s as a FacilityCode, or a *[FieldError] if s is not valid.
func ParseFacilityCode(s string) (FacilityCode, error) {
	return parseCode[FacilityCode]("facility code", s)
}

// Validate returns a *[FieldError] unless c is a valid facility code.
func (c FacilityCode) Validate() error { return validateCode("facility code", string(c)) }

// String returns the code.
func (c FacilityCode) String() string { return string(c) }

// MarshalText returns the code.
func (c FacilityCode) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText decodes a code, rejecting invalid text.
func (c *FacilityCode) UnmarshalText(text []byte) (err error) {
	*c, err = ParseFacilityCode(string(text))
	return err
}

// DistrictCode identifies an irrigation district (灌区), the area a canal system serves.
// Irrigation districts cross administrative divisions, so they have their own codes.
// It follows the rules of [WellCode].
type DistrictCode string

// ParseDistrictCode returns s as a DistrictCode, or a *[FieldError] if s is not valid.
func ParseDistrictCode(s string) (DistrictCode, error) {
	return parseCode[DistrictCode]("district code", s)
}

// Validate returns a *[FieldError] unless c is a valid district code.
func (c DistrictCode) Validate() error { return validateCode("district code", string(c)) }

// String returns the code.
func (c DistrictCode) String() string { return string(c) }

// MarshalText returns the code.
func (c DistrictCode) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText decodes a code, rejecting invalid text.
func (c *DistrictCode) UnmarshalText(text []byte) (err error) {
	*c, err = ParseDistrictCode(string(text))
	return err
}

// MeterID identifies a meter or controller: the device address a telemetry terminal
// reports, or the serial number on its plate. It follows the rules of [WellCode].
type MeterID string

// ParseMeterID returns s as a MeterID, or a *[FieldError] if s is not valid.
func ParseMeterID(s string) (MeterID, error) { return parseCode[MeterID]("meter id", s) }

// Validate returns a *[FieldError] unless id is a valid meter id.
func (id MeterID) Validate() error { return validateCode("meter id", string(id)) }

// String returns the id.
func (id MeterID) String() string { return string(id) }

// MarshalText returns the id.
func (id MeterID) MarshalText() ([]byte, error) { return []byte(id), nil }

// UnmarshalText decodes an id, rejecting invalid text.
func (id *MeterID) UnmarshalText(text []byte) (err error) {
	*id, err = ParseMeterID(string(text))
	return err
}

// parseCode returns s as a T, or "" and a *[FieldError] when s is not a valid code.
func parseCode[T ~string](kind, s string) (T, error) {
	if err := validateCode(kind, s); err != nil {
		return "", err
	}
	return T(s), nil
}

// validateCode returns a *[FieldError] unless s is 1 to 40 code characters.
func validateCode(kind, s string) error {
	reason := codeFault(s)
	if reason == "" {
		return nil
	}
	return &FieldError{Type: kind, Value: s, Reason: reason}
}

// codeFault returns why s is not a code, or "" when it is one. It names the
// first character that is not allowed, counted in characters, so that a
// code with a Chinese character reports that character and not its first
// UTF-8 byte.
func codeFault(s string) string {
	if s == "" {
		return "want 1 to 40 characters, got none"
	}
	for i := 0; i < len(s); i++ {
		if isCodeByte(s[i]) {
			continue
		}
		n := utf8.RuneCountInString(s[:i]) + 1
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return fmt.Sprintf("character %d is the byte 0x%02x, which is not UTF-8; want A-Z, a-z, 0-9, -, _, ., / or :", n, s[i])
		}
		return fmt.Sprintf("character %d is %q, want A-Z, a-z, 0-9, -, _, ., / or :", n, r)
	}
	if len(s) > maxCodeLength {
		return fmt.Sprintf("want at most %d characters, got %d", maxCodeLength, len(s))
	}
	return ""
}

func isCodeByte(b byte) bool {
	switch {
	case b >= '0' && b <= '9', b >= 'A' && b <= 'Z', b >= 'a' && b <= 'z':
		return true
	}
	return b == '-' || b == '_' || b == '.' || b == '/' || b == ':'
}
