package modbus

import (
	"errors"
	"strconv"
	"strings"
)

// Categories of [FrameError], for errors.Is.
var (
	// ErrCRC is a frame whose last two bytes are not its CRC-16/MODBUS.
	ErrCRC = errors.New("CRC mismatch")
	// ErrLength is a frame whose size, byte count or quantity disagree with
	// each other or with the limits of the function.
	ErrLength = errors.New("invalid length")
	// ErrFunction is a function code that this package does not decode.
	ErrFunction = errors.New("unknown function code")
	// ErrValue is a field whose value the specification forbids, such as a
	// reserved unit address or a coil value other than 0x0000 and 0xFF00.
	ErrValue = errors.New("invalid value")
)

// FrameError reports a frame that cannot be decoded or built and the field
// at fault. Offset counts from the unit address, the first byte of the frame,
// and is -1 when the fault is not at one place. errors.Is matches Err, one of
// [ErrCRC], [ErrLength], [ErrFunction] and [ErrValue].
type FrameError struct {
	Field  string // field name, such as "crc", "byte count" or "quantity"
	Offset int
	Got    string // the value found, such as "97 B8" for a CRC as sent
	Want   string // the valid values, such as "1-125"
	Err    error
}

// Error returns "modbus: FIELD at byte OFFSET: got GOT, want WANT: CATEGORY".
func (e *FrameError) Error() string {
	var b strings.Builder
	b.WriteString("modbus: ")
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
func (e *FrameError) Unwrap() error { return e.Err }

func frameError(field string, offset int, got, want string, err error) *FrameError {
	return &FrameError{Field: field, Offset: offset, Got: got, Want: want, Err: err}
}

// crcError names the CRC found and the correct one, both in the order they
// are sent, low byte first.
func crcError(b []byte) *FrameError {
	n := len(b) - 2
	crc := CRC(b[:n])
	return frameError("crc", n, hexPair(b[n], b[n+1]), hexPair(byte(crc), byte(crc>>8))+" (low byte first)", ErrCRC)
}

func hexPair(lo, hi byte) string {
	return hexByte(lo)[2:] + " " + hexByte(hi)[2:]
}

func hexWord(v uint16) string {
	return "0x" + hexByte(byte(v >> 8))[2:] + hexByte(byte(v))[2:]
}

// ExceptionError is a server's exception reply: the server received the
// request and rejected it with Code. [Frame.Err] returns it.
type ExceptionError struct {
	Unit     uint8
	Function FunctionCode
	Code     ExceptionCode
}

// Error returns "modbus: unit UNIT rejected FUNCTION: exception CODE NAME".
func (e *ExceptionError) Error() string {
	return "modbus: unit " + strconv.Itoa(int(e.Unit)) + " rejected " + e.Function.String() +
		": exception " + e.Code.String()
}
