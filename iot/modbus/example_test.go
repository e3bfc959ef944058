package modbus_test

import (
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/modbus"
)

// A client builds a read request and decodes the reply: three float32
// values in ABCD order.
func Example() {
	req := modbus.Frame{Unit: 1, Function: modbus.ReadHoldingRegisters, Direction: modbus.Request,
		Address: 0x0009, Quantity: 6}
	wire, err := req.AppendBinary(nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("request % X, reply of %d bytes expected\n", wire, req.ReplyLen())

	reply := []byte{0x01, 0x03, 0x0C, 0x41, 0xF0, 0, 0, 0x42, 0x20, 0, 0, 0x42, 0x48, 0, 0, 0x5C, 0xCA}
	var f modbus.Frame
	if err := f.Decode(reply, modbus.Reply); err != nil {
		panic(err)
	}
	for i := 0; i < len(f.Data()); i += 4 {
		fmt.Println(modbus.ABCD.Float32(f.Data()[i:]))
	}
	// Output:
	// request 01 03 00 09 00 06 15 CA, reply of 17 bytes expected
	// 30
	// 40
	// 50
}

// Decoding rejects a frame whose CRC is wrong and names the correct one.
func ExampleFrame_Decode() {
	b := []byte{0x01, 0x03, 0x00, 0x01, 0x00, 0x05, 0xD4, 0x0A}
	var f modbus.Frame
	err := f.Decode(b, modbus.Unknown)
	fmt.Println(errors.Is(err, modbus.ErrCRC))
	fmt.Println(err)
	// Output:
	// true
	// modbus: crc at byte 6: got D4 0A, want D4 09 (low byte first): CRC mismatch
}

// An exception reply decodes, and Err returns the server's refusal.
func ExampleFrame_Err() {
	var f modbus.Frame
	if err := f.Decode([]byte{0x11, 0x83, 0x02, 0xC1, 0x34}, modbus.Reply); err != nil {
		panic(err)
	}
	fmt.Println(f.Err())
	// Output:
	// modbus: unit 17 rejected read holding registers: exception 0x02 illegal data address
}

// A sniffer cuts a captured byte stream into frames and guesses the
// direction of each.
func ExampleProtocol() {
	captured := []byte{
		0xFF,                                           // noise
		0x01, 0x03, 0x00, 0x01, 0x00, 0x01, 0xD5, 0xCA, // request
		0x01, 0x03, 0x02, 0x00, 0x2A, 0x39, 0x9B, // reply
	}
	s := frame.NewStream(modbus.Protocol{}, 512)
	s.Feed(captured)
	for b, ok := s.Next(); ok; b, ok = s.Next() {
		var f modbus.Frame
		if err := f.Decode(b, modbus.Unknown); err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("% X: %v %v\n", b, f.Direction, f.Function)
	}
	fmt.Println("skipped", s.Stats().Skipped())
	// Output:
	// 01 03 00 01 00 01 D5 CA: request read holding registers
	// 01 03 02 00 2A 39 9B: reply read holding registers
	// skipped 1
}

// A profile names the byte order in whatever form its gateway uses.
func ExampleParseByteOrder() {
	o, err := modbus.ParseByteOrder("word-swap")
	if err != nil {
		panic(err)
	}
	fmt.Println(o, o.Name(8), o.Float32([]byte{0x80, 0x6B, 0x42, 0x12}))
	// Output:
	// CDAB GHEFCDAB 36.62541
}
