package modbus

import (
	"encoding/binary"
	"strconv"
)

// Decode decodes the RTU frame b, whose direction is dir, into f. With
// dir Unknown the direction is guessed by [Classify]: where both directions
// fit, Decode takes the request when it is valid and the reply otherwise.
//
// It checks, in this order, the frame size, the CRC, the unit address, the
// function code, the sizes (frame length, byte count and quantity against
// each other and the function's limits) and the values (coil states,
// exception codes). The first field at fault is named in a [*FrameError].
// An exception reply decodes without error; [Frame.Err] returns it as an
// error. Nothing may follow the CRC.
func (f *Frame) Decode(b []byte, dir Direction) error {
	f.reset()
	if dir > Reply {
		return frameError("direction", -1, dir.String(), "unknown, request or reply", ErrValue)
	}
	if len(b) < MinFrameLen || len(b) > MaxFrameLen {
		return frameError("length", -1, strconv.Itoa(len(b))+" bytes", "5-256 bytes", ErrLength)
	}
	if !crcOK(b) {
		return crcError(b)
	}
	return f.decodeChecked(b, dir)
}

// Classify guesses the direction of the RTU frame b from its function code
// and length, and reports whether the other direction fits too. It returns
// Unknown when neither fits or the function is unknown. It reads neither the
// CRC nor the values.
//
// Two cases are ambiguous, and in both Classify returns Request and true. A
// reply to FC 5 or 6 repeats its request byte for byte. An 8-byte FC 1 or 2
// frame whose third byte is 3 is a request, or a reply with 3 data bytes (17
// to 24 bits). For the latter, [Frame.Decode] falls back to the reply when
// the request's quantity is invalid. Every other frame of a known
// function fits at most one direction, and an exception reply (function code
// with bit 0x80 set) is always a reply.
func Classify(b []byte) (dir Direction, ambiguous bool) {
	if len(b) < 2 {
		return Unknown, false
	}
	if b[1]&exceptionBit != 0 {
		return Reply, false
	}
	n, fc := len(b), FunctionCode(b[1])
	switch {
	case fc.readsBits() || fc.readsRegisters():
		// A register reply has an even byte count, so 8 bytes (a byte
		// count of 3) is a request.
		reply := n >= 3 && n == 5+int(b[2])
		if n == 8 {
			return Request, reply && fc.readsBits()
		}
		if reply {
			return Reply, false
		}
	case fc == WriteSingleCoil || fc == WriteSingleRegister:
		if n == 8 {
			return Request, true
		}
	case fc == WriteMultipleCoils || fc == WriteMultipleRegisters:
		if n == 8 {
			return Reply, false
		}
		if n >= 7 && n == 9+int(b[6]) {
			return Request, false
		}
	}
	return Unknown, false
}

func (f *Frame) reset() {
	f.Unit, f.Function, f.Direction, f.Exception = 0, 0, Unknown, 0
	f.Address, f.Quantity, f.Value, f.n = 0, 0, 0, 0
}

// decodeChecked decodes b, whose size and CRC are valid, with dir Unknown,
// Request or Reply.
func (f *Frame) decodeChecked(b []byte, dir Direction) error {
	if b[0] > MaxUnit {
		return frameError("unit", 0, strconv.Itoa(int(b[0])), "0-247 (248-255 are reserved)", ErrValue)
	}
	if b[1]&exceptionBit != 0 {
		return f.decodeException(b, dir)
	}
	if !FunctionCode(b[1]).Known() {
		return frameError("function", 1, hexByte(b[1]), "0x01-0x06, 0x0F, 0x10 or an exception reply", ErrFunction)
	}
	if dir != Unknown {
		return f.decodeAs(b, dir)
	}

	guess, ambiguous := Classify(b)
	if guess == Unknown {
		return frameError("length", -1, strconv.Itoa(len(b))+" bytes", wantLength(b), ErrLength)
	}
	err := f.decodeAs(b, guess)
	if err != nil && ambiguous && guess == Request && f.decodeAs(b, Reply) == nil {
		return nil
	}
	return err
}

// wantLength describes the lengths a frame of b's function may have.
func wantLength(b []byte) string {
	fc := FunctionCode(b[1])
	switch {
	case fc.readsBits() || fc.readsRegisters():
		return "8 for a request or " + strconv.Itoa(5+int(b[2])) + " for a reply with byte count " +
			strconv.Itoa(int(b[2]))
	case (fc == WriteMultipleCoils || fc == WriteMultipleRegisters) && len(b) < 7:
		return "8 for a reply or at least 10 for a request"
	case fc == WriteMultipleCoils || fc == WriteMultipleRegisters:
		return "8 for a reply or " + strconv.Itoa(9+int(b[6])) + " for a request with byte count " +
			strconv.Itoa(int(b[6]))
	}
	return "8"
}

func (f *Frame) decodeAs(b []byte, dir Direction) error {
	f.reset()
	fc := FunctionCode(b[1])
	if dir == Reply && b[0] == 0 {
		return frameError("unit", 0, "0 (broadcast)", "1-247: a server does not reply to a broadcast", ErrValue)
	}
	var err error
	switch {
	case fc == WriteSingleCoil || fc == WriteSingleRegister:
		err = f.decodeSingle(b)
	case dir == Request && (fc.readsBits() || fc.readsRegisters()):
		err = f.decodeReadRequest(b)
	case dir == Request:
		err = f.decodeWriteRequest(b)
	case fc.readsBits() || fc.readsRegisters():
		err = f.decodeReadReply(b)
	default:
		err = f.decodeWriteReply(b)
	}
	if err != nil {
		f.reset()
		return err
	}
	f.Unit, f.Function, f.Direction = b[0], fc, dir
	return nil
}

func checkSize(b []byte, want int) error {
	if len(b) != want {
		return frameError("length", -1, strconv.Itoa(len(b))+" bytes", strconv.Itoa(want)+" bytes", ErrLength)
	}
	return nil
}

// checkQuantity checks the quantity at b[4:6] against 1..limit.
func checkQuantity(b []byte, limit int) (uint16, error) {
	q := binary.BigEndian.Uint16(b[4:])
	if q == 0 || int(q) > limit {
		return q, frameError("quantity", 4, strconv.Itoa(int(q)), "1-"+strconv.Itoa(limit), ErrLength)
	}
	return q, nil
}

// quantityLimit returns the largest quantity of coils or registers that one
// request of function fc may carry.
func quantityLimit(fc FunctionCode) int {
	switch fc {
	case ReadCoils, ReadDiscreteInputs:
		return MaxReadBits
	case WriteMultipleCoils:
		return MaxWriteBits
	case WriteMultipleRegisters:
		return MaxWriteRegisters
	}
	return MaxReadRegisters
}

// decodeSingle decodes FC 5 and 6 frames, whose request and reply have the
// same layout.
func (f *Frame) decodeSingle(b []byte) error {
	if err := checkSize(b, 8); err != nil {
		return err
	}
	v := binary.BigEndian.Uint16(b[4:])
	if FunctionCode(b[1]) == WriteSingleCoil && v != CoilOn && v != CoilOff {
		return frameError("value", 4, hexWord(v), "0xFF00 (on) or 0x0000 (off)", ErrValue)
	}
	f.Address, f.Value = binary.BigEndian.Uint16(b[2:]), v
	return nil
}

func (f *Frame) decodeReadRequest(b []byte) error {
	if err := checkSize(b, 8); err != nil {
		return err
	}
	if b[0] == 0 {
		return frameError("unit", 0, "0 (broadcast)", "1-247: a broadcast request must be a write", ErrValue)
	}
	q, err := checkQuantity(b, quantityLimit(FunctionCode(b[1])))
	if err != nil {
		return err
	}
	f.Address, f.Quantity = binary.BigEndian.Uint16(b[2:]), q
	return nil
}

func (f *Frame) decodeWriteRequest(b []byte) error {
	if len(b) < 10 {
		return frameError("length", -1, strconv.Itoa(len(b))+" bytes", "at least 10", ErrLength)
	}
	count := int(b[6])
	if len(b) != 9+count {
		return frameError("byte count", 6, strconv.Itoa(count),
			strconv.Itoa(len(b)-9)+" for a frame of "+strconv.Itoa(len(b))+" bytes", ErrLength)
	}
	fc := FunctionCode(b[1])
	q, err := checkQuantity(b, quantityLimit(fc))
	if err != nil {
		return err
	}
	if want := writeByteCount(fc, q); count != want {
		return frameError("byte count", 6, strconv.Itoa(count),
			strconv.Itoa(want)+" for quantity "+strconv.Itoa(int(q)), ErrLength)
	}
	f.Address, f.Quantity = binary.BigEndian.Uint16(b[2:]), q
	f.n = uint8(copy(f.data[:], b[7:7+count]))
	return nil
}

// writeByteCount returns the byte count of an FC 15 or 16 request of q coils
// or registers.
func writeByteCount(fc FunctionCode, q uint16) int {
	if fc == WriteMultipleCoils {
		return (int(q) + 7) / 8
	}
	return 2 * int(q)
}

func (f *Frame) decodeReadReply(b []byte) error {
	count := int(b[2])
	if len(b) != 5+count {
		return frameError("byte count", 2, strconv.Itoa(count),
			strconv.Itoa(len(b)-5)+" for a frame of "+strconv.Itoa(len(b))+" bytes", ErrLength)
	}
	registers := FunctionCode(b[1]).readsRegisters()
	switch {
	case count == 0:
		return frameError("byte count", 2, "0", "1-250", ErrLength)
	case registers && count%2 != 0:
		return frameError("byte count", 2, strconv.Itoa(count), "an even number, 2 bytes a register", ErrLength)
	}
	f.n = uint8(copy(f.data[:], b[3:3+count]))
	if registers {
		f.Quantity = uint16(count / 2)
	}
	return nil
}

func (f *Frame) decodeWriteReply(b []byte) error {
	if err := checkSize(b, 8); err != nil {
		return err
	}
	q, err := checkQuantity(b, quantityLimit(FunctionCode(b[1])))
	if err != nil {
		return err
	}
	f.Address, f.Quantity = binary.BigEndian.Uint16(b[2:]), q
	return nil
}

func (f *Frame) decodeException(b []byte, dir Direction) error {
	f.reset()
	fc := FunctionCode(b[1] &^ exceptionBit)
	switch {
	case dir == Request:
		return frameError("function", 1, hexByte(b[1]), "below 0x80: a request has no exception bit", ErrFunction)
	case fc == 0:
		return frameError("function", 1, hexByte(b[1]), "0x81-0xFF", ErrFunction)
	case len(b) != MinFrameLen:
		return frameError("length", -1, strconv.Itoa(len(b))+" bytes", "5 bytes for an exception reply", ErrLength)
	case b[0] == 0:
		return frameError("unit", 0, "0 (broadcast)", "1-247: a server does not reply to a broadcast", ErrValue)
	case !ExceptionCode(b[2]).Known():
		return frameError("exception code", 2, hexByte(b[2]), "0x01-0x06, 0x08, 0x0A or 0x0B", ErrValue)
	}
	f.Unit, f.Function, f.Direction, f.Exception = b[0], fc, Reply, ExceptionCode(b[2])
	return nil
}
