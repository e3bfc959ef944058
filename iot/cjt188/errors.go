package cjt188

import (
	"errors"
	"strconv"
	"strings"
)

// Categories of [FieldError], for errors.Is.
var (
	// ErrFormat is a frame whose start byte 0x68 or end byte 0x16 is missing.
	ErrFormat = errors.New("invalid frame")
	// ErrLength is a length field that disagrees with the bytes present or
	// with the layout that the data identifier and meter type require.
	ErrLength = errors.New("invalid length")
	// ErrChecksum is a checksum that is not the sum of the frame bytes.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrNotBCD is a digit field with a nibble above 9.
	ErrNotBCD = errors.New("not BCD")
	// ErrRange is a field whose digits are valid but whose value is
	// impossible, such as month 13 or a volume in kWh.
	ErrRange = errors.New("value out of range")
	// ErrUnknown is a meter type, control code or unit code that CJ/T 188-2004
	// does not define.
	ErrUnknown = errors.New("unknown code")
)

// FieldError reports a frame that cannot be decoded and the field at fault.
// Offset counts from the 0x68 start byte, after any preamble, and is -1 when
// the fault is not at one place. errors.Is matches Err, one of [ErrFormat],
// [ErrLength], [ErrChecksum], [ErrNotBCD], [ErrRange] and [ErrUnknown].
type FieldError struct {
	Field  string // field name, such as "checksum", "unit" or "month"
	Offset int
	Got    string // the value found
	Want   string // the valid values
	Err    error
}

// Error returns "cjt188: FIELD at byte OFFSET: got GOT, want WANT: CATEGORY".
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("cjt188: ")
	b.WriteString(e.Field)
	if e.Offset >= 0 {
		b.WriteString(" at byte ")
		b.WriteString(strconv.Itoa(e.Offset))
	}
	if e.Got != "" {
		b.WriteString(": got ")
		b.WriteString(e.Got)
	}
	if e.Want != "" {
		b.WriteString(", want ")
		b.WriteString(e.Want)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the category of the error.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldError(field string, offset int, got, want string, err error) *FieldError {
	return &FieldError{Field: field, Offset: offset, Got: got, Want: want, Err: err}
}

func hexByte(b byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{'0', 'x', digits[b>>4], digits[b&0x0F]})
}

// AbnormalError is a meter's abnormal reply (bit 6 of the control code set)
// with the status word it sent.
type AbnormalError struct {
	Type     MeterType
	Address  Address
	Function Function
	Status   Status
}

// Error returns "cjt188: meter ADDRESS rejected FUNCTION: status ST".
func (e *AbnormalError) Error() string {
	return "cjt188: meter " + e.Address.String() + " rejected " + e.Function.String() +
		": status " + e.Status.String()
}
