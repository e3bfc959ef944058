package szy206

import (
	"errors"
	"fmt"
)

// Sentinel errors that a [FieldError] wraps, so that callers can branch with
// errors.Is.
var (
	// ErrChecksum means the CRC does not match the frame's bytes.
	ErrChecksum = errors.New("szy206: CRC mismatch")
	// ErrFormat means the frame passed its CRC but a field is impossible:
	// digits that are not BCD, an impossible date, lengths that disagree.
	ErrFormat = errors.New("szy206: invalid frame content")
	// ErrUnknownFunction means the application function code (AFN) is not
	// defined by SZY 206-2016 and not listed in Variant.RawAFNs.
	ErrUnknownFunction = errors.New("szy206: unknown function code")
	// ErrClock means a time label or clock is implausible, returned only
	// with [Options.StrictClock].
	ErrClock = errors.New("szy206: implausible terminal clock")
)

// FieldError reports the field of a frame that failed to decode, with the
// offending bytes and what would be valid.
type FieldError struct {
	// Field names the field, such as "length", "time label" or "flow".
	Field string
	// Offset is the field's byte offset in the frame, or -1 when unknown.
	Offset int
	// Value is the offending value, usually its bytes in hex.
	Value string
	// Reason states what is wrong and what would be valid.
	Reason string
	// Err is the sentinel the error wraps: ErrChecksum, ErrFormat,
	// ErrUnknownFunction or ErrClock.
	Err error
}

// Error returns "szy206: FIELD at byte N: VALUE: REASON".
func (e *FieldError) Error() string {
	s := "szy206: " + e.Field
	if e.Offset >= 0 {
		s += fmt.Sprintf(" at byte %d", e.Offset)
	}
	if e.Value != "" {
		s += ": " + e.Value
	}
	return s + ": " + e.Reason
}

// Unwrap returns the sentinel error.
func (e *FieldError) Unwrap() error { return e.Err }

// formatError returns a [FieldError] wrapping [ErrFormat] for the bytes b
// at offset off.
func formatError(field string, off int, b []byte, reason string) *FieldError {
	return &FieldError{Field: field, Offset: off, Value: hexString(b), Reason: reason, Err: ErrFormat}
}

// hexString returns b as upper-case hex digits. Unlike fmt it does not make
// b escape, so callers may pass slices of arrays on their stack.
func hexString(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&0x0F]
	}
	return string(out)
}
