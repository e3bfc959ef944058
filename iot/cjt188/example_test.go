package cjt188_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"net"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/cjt188/cjt188test"
)

func ExampleMessage_UnmarshalBinary() {
	b, _ := hex.DecodeString("FEFE6810454110051533788116901FAA005959002CFFFFFFFF2CFFFFFFFFFFFFFF0000C216")
	var m cjt188.Message
	if err := m.UnmarshalBinary(b); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Type, m.Address, m.DI.Name())
	fmt.Println(m.Reading.Flow, m.Reading.SettlementFlow, m.Status.Valve())
	r, _ := m.Reading.Flow.Reading(42, 1_780_000_000, 3)
	fmt.Println(r.Value)
	// Output:
	// cold water meter 78331505104145 metering data
	// 5959.00 m³ absent open
	// 5959000
}

func ExampleAppendRead() {
	a, _ := cjt188.ParseAddress("00000000000012")
	fmt.Printf("% X\n", cjt188.AppendRead(nil, cjt188.TypeColdWater, a, cjt188.DIReading, 0))
	// Output:
	// 68 10 12 00 00 00 00 00 00 01 03 90 1F 00 3D 16
}

func ExampleClient() {
	meterEnd, clientEnd := net.Pipe()
	a, _ := cjt188.ParseAddress("78331505104145")
	meter := cjt188test.NewMeter(cjt188.TypeColdWater, a, nil)
	go meter.Serve(context.Background(), meterEnd)
	defer clientEnd.Close()

	c := cjt188.NewClient(clientEnd)
	m, err := c.Read(context.Background(), cjt188.TypeColdWater, a, cjt188.DIReading)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Reading.Flow, m.Status.Valve())
	// Output:
	// 1234.56 m³ open
}
