package modbus

import "strconv"

// FunctionCode is the function code of a PDU, without the exception bit 0x80.
type FunctionCode uint8

// The function codes this package decodes and builds, from the Modbus
// Application Protocol Specification V1.1b3.
const (
	ReadCoils              FunctionCode = 0x01
	ReadDiscreteInputs     FunctionCode = 0x02
	ReadHoldingRegisters   FunctionCode = 0x03
	ReadInputRegisters     FunctionCode = 0x04
	WriteSingleCoil        FunctionCode = 0x05
	WriteSingleRegister    FunctionCode = 0x06
	WriteMultipleCoils     FunctionCode = 0x0F
	WriteMultipleRegisters FunctionCode = 0x10
)

// exceptionBit is set in the function code of an exception reply.
const exceptionBit = 0x80

var functionNames = [...]string{
	ReadCoils:              "read coils",
	ReadDiscreteInputs:     "read discrete inputs",
	ReadHoldingRegisters:   "read holding registers",
	ReadInputRegisters:     "read input registers",
	WriteSingleCoil:        "write single coil",
	WriteSingleRegister:    "write single register",
	WriteMultipleCoils:     "write multiple coils",
	WriteMultipleRegisters: "write multiple registers",
}

// Known reports whether this package decodes frames of function c.
func (c FunctionCode) Known() bool {
	return int(c) < len(functionNames) && functionNames[c] != ""
}

// String returns the function's name, such as "read holding registers", or
// "function 0x2B" for a code this package does not decode.
func (c FunctionCode) String() string {
	if c.Known() {
		return functionNames[c]
	}
	return "function " + hexByte(byte(c))
}

// readsBits reports whether c reads coils or discrete inputs.
func (c FunctionCode) readsBits() bool { return c == ReadCoils || c == ReadDiscreteInputs }

// readsRegisters reports whether c reads holding or input registers.
func (c FunctionCode) readsRegisters() bool {
	return c == ReadHoldingRegisters || c == ReadInputRegisters
}

// ExceptionCode is the code of an exception reply, which a server sends
// instead of a normal reply when it cannot carry out a request.
type ExceptionCode uint8

// The exception codes of the Modbus Application Protocol Specification
// V1.1b3. Other values are rejected by [Frame.Decode].
const (
	IllegalFunction                    ExceptionCode = 0x01
	IllegalDataAddress                 ExceptionCode = 0x02
	IllegalDataValue                   ExceptionCode = 0x03
	ServerDeviceFailure                ExceptionCode = 0x04
	Acknowledge                        ExceptionCode = 0x05
	ServerDeviceBusy                   ExceptionCode = 0x06
	MemoryParityError                  ExceptionCode = 0x08
	GatewayPathUnavailable             ExceptionCode = 0x0A
	GatewayTargetDeviceFailedToRespond ExceptionCode = 0x0B
)

var exceptionNames = [...]string{
	IllegalFunction:                    "illegal function",
	IllegalDataAddress:                 "illegal data address",
	IllegalDataValue:                   "illegal data value",
	ServerDeviceFailure:                "server device failure",
	Acknowledge:                        "acknowledge",
	ServerDeviceBusy:                   "server device busy",
	MemoryParityError:                  "memory parity error",
	GatewayPathUnavailable:             "gateway path unavailable",
	GatewayTargetDeviceFailedToRespond: "gateway target device failed to respond",
}

// Known reports whether the specification defines code e.
func (e ExceptionCode) Known() bool {
	return int(e) < len(exceptionNames) && exceptionNames[e] != ""
}

// String returns the code and its name, such as "0x02 illegal data address".
func (e ExceptionCode) String() string {
	if e.Known() {
		return hexByte(byte(e)) + " " + exceptionNames[e]
	}
	return hexByte(byte(e)) + " undefined"
}

// Direction is the direction of a frame: a request (client to server) or a
// reply. Modbus RTU frames carry no direction bit, so a decoder of sniffed
// traffic is given the direction or has [Classify] guess it.
type Direction uint8

const (
	// Unknown makes [Frame.Decode] and [Protocol] accept either direction.
	Unknown Direction = iota
	// Request is a frame from the client (master) to a server (slave).
	Request
	// Reply is a frame from a server, normal or exception.
	Reply
)

// String returns "unknown", "request" or "reply".
func (d Direction) String() string {
	switch d {
	case Unknown:
		return "unknown"
	case Request:
		return "request"
	case Reply:
		return "reply"
	}
	return "direction " + strconv.Itoa(int(d))
}

func hexByte(b byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{'0', 'x', digits[b>>4], digits[b&0x0F]})
}
