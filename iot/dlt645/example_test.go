package dlt645_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"net"

	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/dlt645/dlt645test"
	"github.com/shuxiang/shuxiang/iot/frame"
)

// A transparent DTU forwards a meter's reply; decode it.
func ExampleMessage_UnmarshalBinary() {
	b, _ := hex.DecodeString("FEFEFEFE68111111111111689108333334339C353333D316")
	var m dlt645.Message
	if err := m.UnmarshalBinary(b); err != nil {
		fmt.Println(err)
		return
	}
	v := m.Item.Value()
	fmt.Println(m.Address, m.DI, m.DI.Name())
	fmt.Println(v, v.Int, v.Scale)
	// Output:
	// 111111111111 00010000 forward active energy
	// 2.69 kWh 269 2
}

// Impossible content is rejected even when the checksum passes.
func ExampleMessage_UnmarshalBinary_rejected() {
	b, _ := hex.DecodeString("FEFEFEFE689999999999996808065844354567897A16")
	var m dlt645.Message
	fmt.Println(m.UnmarshalBinary(b))
	// Output:
	// dlt645: month at byte 14: got 34, want 1-12: value out of range
}

func ExampleAppendReadRequest() {
	a, _ := dlt645.ParseAddress("000000000161")
	b := dlt645.AppendReadRequest(nil, a, dlt645.DIForwardActiveEnergy)
	fmt.Printf("% X\n", b)
	// Output:
	// 68 61 01 00 00 00 00 68 11 04 33 33 34 33 14 16
}

// A centre station cuts the byte stream of a DTU connection into frames.
func ExampleProtocol() {
	stream := frame.NewStream(dlt645.Protocol{}, 0)
	in, _ := hex.DecodeString("00FEFE68610100000000689106333339353438091668")
	stream.Feed(in)
	for fr, ok := stream.Next(); ok; fr, ok = stream.Next() {
		var m dlt645.Message
		if err := m.UnmarshalBinary(fr); err == nil {
			fmt.Println(m.DI.Name(), m.Item.Value())
		}
	}
	fmt.Println(stream.Stats().Preamble, "preamble bytes,", stream.Buffered(), "byte kept")
	// Output:
	// total power factor 0.501
	// 2 preamble bytes, 1 byte kept
}

func ExampleClient() {
	meterEnd, clientEnd := net.Pipe()
	meter := dlt645test.NewMeter(dlt645.Address{0x01, 0x00, 0x00, 0x00, 0x00, 0x00}, nil)
	go meter.Serve(context.Background(), meterEnd)
	defer clientEnd.Close()

	c := dlt645.NewClient(clientEnd)
	m, err := c.Read(context.Background(), dlt645.Wildcard, dlt645.DIVoltages)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Address, m.Item.Values())
	// Output:
	// 000000000001 [220.1 V 219.8 V 221.0 V]
}
