package modbus

import (
	"encoding/binary"
	"strconv"
)

// Frame limits of Modbus RTU, from the Modbus over Serial Line specification
// V1.02 and the Modbus Application Protocol Specification V1.1b3.
const (
	// MinFrameLen is the length in bytes of the shortest frame, an exception
	// reply: unit, function, exception code and CRC.
	MinFrameLen = 5
	// MaxFrameLen is the length in bytes of the longest RTU frame.
	MaxFrameLen = 256
	// MaxDataLen is the longest data field in bytes: 125 registers in a
	// read reply.
	MaxDataLen = 250
	// MaxUnit is the highest server address. 0 is broadcast, and 248-255
	// are reserved.
	MaxUnit = 247

	MaxReadBits       = 2000 // coils or inputs in one FC 1 or 2 request
	MaxReadRegisters  = 125  // registers in one FC 3 or 4 request
	MaxWriteBits      = 1968 // coils in one FC 15 request
	MaxWriteRegisters = 123  // registers in one FC 16 request
)

// Coil values of a write single coil (FC 5) request and reply.
const (
	CoilOn  uint16 = 0xFF00
	CoilOff uint16 = 0x0000
)

// Frame is one Modbus RTU frame (ADU): unit address, PDU and CRC. Which
// fields are set depends on the function and the direction:
//
//	function   request                      reply
//	1, 2       Address, Quantity            Data (coil bytes)
//	3, 4       Address, Quantity            Data (registers), Quantity
//	5, 6       Address, Value               Address, Value (an echo)
//	15, 16     Address, Quantity, Data      Address, Quantity
//
// An exception reply sets Function and Exception only. In an FC 3 or 4 reply,
// Quantity is the number of registers in Data. In an FC 1 or 2 reply it is 0,
// because such a reply carries a byte count and not the number of bits that
// the request read. Decoding copies the data, so a Frame does not alias its input and can
// be reused to decode without allocating. The zero value is an empty frame.
type Frame struct {
	Unit      uint8 // server address, 0 (broadcast) to 247
	Function  FunctionCode
	Direction Direction
	Exception ExceptionCode // nonzero in an exception reply
	Address   uint16        // first coil or register, counted from 0
	Quantity  uint16        // coils or registers
	Value     uint16        // the value of an FC 5 or 6 frame
	n         uint8
	data      [MaxDataLen]byte
}

// Data returns the coil bytes or register values of the frame as sent: coil
// bytes with the first coil in bit 0, and registers high byte first. It
// aliases f.
func (f *Frame) Data() []byte { return f.data[:f.n] }

// SetData sets the data field to a copy of b.
func (f *Frame) SetData(b []byte) error {
	if len(b) > MaxDataLen {
		return frameError("data", -1, strconv.Itoa(len(b))+" bytes", "at most 250", ErrLength)
	}
	f.n = uint8(copy(f.data[:], b))
	return nil
}

// SetRegisters sets the data field to the registers v, high byte first, and
// Quantity to len(v).
func (f *Frame) SetRegisters(v []uint16) error {
	if 2*len(v) > MaxDataLen {
		return frameError("data", -1, strconv.Itoa(len(v))+" registers", "at most 125", ErrLength)
	}
	for i, w := range v {
		binary.BigEndian.PutUint16(f.data[2*i:], w)
	}
	f.n, f.Quantity = uint8(2*len(v)), uint16(len(v))
	return nil
}

// SetCoils sets the data field to the bits v, the first in bit 0 of the
// first byte and unused high bits zero, and Quantity to len(v).
func (f *Frame) SetCoils(v []bool) error {
	n := (len(v) + 7) / 8
	if n > MaxDataLen {
		return frameError("data", -1, strconv.Itoa(len(v))+" coils", "at most 2000", ErrLength)
	}
	clear(f.data[:n])
	for i, on := range v {
		if on {
			f.data[i/8] |= 1 << (i % 8)
		}
	}
	f.n, f.Quantity = uint8(n), uint16(len(v))
	return nil
}

// Register returns register i of the data field. i must be below
// len(f.Data())/2.
func (f *Frame) Register(i int) uint16 {
	return binary.BigEndian.Uint16(f.Data()[2*i:])
}

// Coil reports whether bit i of the data field is set. i must be below
// 8*len(f.Data()).
func (f *Frame) Coil(i int) bool {
	return f.Data()[i/8]>>(i%8)&1 != 0
}

// Err returns an [*ExceptionError] for an exception reply and nil otherwise.
func (f *Frame) Err() error {
	if f.Exception == 0 {
		return nil
	}
	return &ExceptionError{Unit: f.Unit, Function: f.Function, Code: f.Exception}
}

// ReplyLen returns the length in bytes of the normal reply to the request f,
// or 0 when f is not a request of a known function. An exception reply is
// [MinFrameLen] bytes long instead.
func (f *Frame) ReplyLen() int {
	if f.Direction != Request {
		return 0
	}
	q := int(f.Quantity)
	switch {
	case f.Function.readsBits():
		return 5 + (q+7)/8
	case f.Function.readsRegisters():
		return 5 + 2*q
	case f.Function.Known():
		return 8
	}
	return 0
}

// AppendBinary appends the frame with its CRC to dst and returns the
// extended buffer. It checks the frame as [Frame.Decode] would and appends
// nothing when the frame is invalid. f.Direction must be Request or Reply.
func (f *Frame) AppendBinary(dst []byte) ([]byte, error) {
	if f.Direction != Request && f.Direction != Reply {
		return dst, frameError("direction", -1, f.Direction.String(), "request or reply", ErrValue)
	}
	if f.Direction == Request && f.Exception != 0 {
		return dst, frameError("exception code", -1, hexByte(byte(f.Exception)), "0 in a request", ErrValue)
	}
	start := len(dst)
	dst = append(dst, f.Unit)
	fc := f.Function
	switch {
	case f.Direction == Reply && f.Exception != 0:
		dst = append(dst, byte(fc)|exceptionBit, byte(f.Exception))
	case f.Direction == Reply && (fc.readsBits() || fc.readsRegisters()):
		dst = append(dst, byte(fc), f.n)
		dst = append(dst, f.Data()...)
	case fc == WriteSingleCoil || fc == WriteSingleRegister:
		dst = append(dst, byte(fc))
		dst = binary.BigEndian.AppendUint16(dst, f.Address)
		dst = binary.BigEndian.AppendUint16(dst, f.Value)
	case f.Direction == Request && (fc == WriteMultipleCoils || fc == WriteMultipleRegisters):
		dst = append(dst, byte(fc))
		dst = binary.BigEndian.AppendUint16(dst, f.Address)
		dst = binary.BigEndian.AppendUint16(dst, f.Quantity)
		dst = append(dst, f.n)
		dst = append(dst, f.Data()...)
	default:
		// Requests of FC 1-4 and replies of FC 15 and 16; an unknown
		// function fails the check below.
		dst = append(dst, byte(fc))
		dst = binary.BigEndian.AppendUint16(dst, f.Address)
		dst = binary.BigEndian.AppendUint16(dst, f.Quantity)
	}
	crc := CRC(dst[start:])
	dst = append(dst, byte(crc), byte(crc>>8))

	var check Frame
	if err := check.decodeChecked(dst[start:], f.Direction); err != nil {
		return dst[:start], err
	}
	return dst, nil
}
