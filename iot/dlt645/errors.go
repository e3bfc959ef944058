package dlt645

import (
	"errors"
	"strconv"
	"strings"
)

// Categories of [FieldError], for errors.Is.
var (
	// ErrFormat is a frame whose start bytes, second 0x68 or end byte 0x16 are
	// missing.
	ErrFormat = errors.New("invalid frame")
	// ErrLength is a length field that disagrees with the bytes present or with
	// what the control code and data identifier require.
	ErrLength = errors.New("invalid length")
	// ErrChecksum is a checksum that is not the sum of the frame bytes.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrNotBCD is a digit field with a nibble above 9.
	ErrNotBCD = errors.New("not BCD")
	// ErrRange is a field whose digits are valid but whose value is impossible,
	// such as month 34 or a power factor above 1.
	ErrRange = errors.New("value out of range")
	// ErrUnknown is a control code or function the standard does not define.
	ErrUnknown = errors.New("unknown code")
)

// FieldError reports a frame that cannot be decoded and the field at fault.
// Offset counts from the first 0x68 of the frame, after any preamble, and is
// -1 when the fault is not at one place. errors.Is matches Err, one of
// [ErrFormat], [ErrLength], [ErrChecksum], [ErrNotBCD], [ErrRange] and
// [ErrUnknown].
type FieldError struct {
	Field  string // field name, such as "checksum", "month" or "control"
	Offset int
	Got    string // the value found, such as "0x34"
	Want   string // the valid values, such as "1-12"
	Err    error
}

// Error returns "dlt645: FIELD at byte OFFSET: got GOT, want WANT: CATEGORY".
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("dlt645: ")
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

// ErrorStatus is the error status word (错误信息字) of an abnormal reply. Each
// bit names one reason, as DL/T 645-2007 defines them; bit 7 is reserved.
type ErrorStatus uint8

const (
	StatusOther        ErrorStatus = 1 << iota // other error (其他错误)
	StatusNoData                               // no requested data (无请求数据)
	StatusUnauthorized                         // wrong password or not authorised (密码错/未授权)
	StatusBaudRate                             // baud rate cannot be changed (通信速率不能更改)
	StatusYearZones                            // too many time zones a year (年时区数超)
	StatusDayPeriods                           // too many periods a day (日时段数超)
	StatusTariffs                              // too many tariffs (费率数超)
)

var statusNames = [...]string{
	"other error",
	"no requested data",
	"unauthorized",
	"baud rate cannot be changed",
	"too many year time zones",
	"too many day periods",
	"too many tariffs",
	"reserved bit 7",
}

// String lists the set bits in words, joined by ", ", or returns "none".
func (s ErrorStatus) String() string {
	if s == 0 {
		return "none"
	}
	var parts []string
	for i, name := range statusNames {
		if s&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	return strings.Join(parts, ", ")
}

// AbnormalError is a meter's abnormal reply (D6 of the control code set): the
// meter received the request and refused it, for the reasons in Status.
type AbnormalError struct {
	Address  Address
	Function Function
	Status   ErrorStatus
}

// Error returns "dlt645: meter ADDRESS rejected FUNCTION: STATUS".
func (e *AbnormalError) Error() string {
	return "dlt645: meter " + e.Address.String() + " rejected " + e.Function.String() +
		": " + e.Status.String()
}
