package sl651_test

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/iot/sl651"
)

func ExampleDecode() {
	frame, _ := hex.DecodeString("7E7E010010100001A00032002B02000C200724172349F1F1001010000148F0F020072417232019000130221900004039230000055038121268038397")
	m, err := sl651.Decode(frame)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Header.Function, m.Header.Station, m.StationType)
	fmt.Println("observed", m.ObservedAt.Format(time.DateTime))
	for _, e := range m.Elements {
		fmt.Printf("%s %s %s (%s)\n", e.ID, e.Value, e.ID.Unit(), e.ID.Name())
	}
	// Output:
	// 0x32 timed report 0010100001 H river
	// observed 2020-07-24 17:23:00
	// PJ 13.0 mm (current rainfall)
	// PN05 4.0 mm (5-minute rainfall)
	// Z 0.550 m (instantaneous water level)
	// VT 12.68 V (supply voltage)
}

func ExampleMessage_AppendFrame() {
	cst := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 7, 1, 8, 0, 0, 0, cst)
	station, _ := sl651.ParseAddress("0012345678")
	m := sl651.Message{
		Header: sl651.Header{Direction: sl651.Up, Center: 1, Station: station, Function: sl651.TimedReport},
		Serial: 1, SendTime: at, Station: station, StationType: sl651.Groundwater, ObservedAt: at,
		Elements: []sl651.Element{
			{ID: sl651.GroundwaterDepth, Value: sl651.NewValue(1523, 2), ObservedAt: at},
			{ID: sl651.WaterLevel, Value: sl651.NewValue(-1234, 3), ObservedAt: at},
		},
	}
	frame, err := m.AppendFrame(nil, sl651.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%X\n", frame)
	// Output:
	// 7E7E0100123456780000320023020001260701080000F1F1001234567847F0F026070108000E1A001523392BFF0000123403B99E
}

func ExampleAck() {
	frame, _ := hex.DecodeString("7E7E010010100001A00032002B02000C200724172349F1F1001010000148F0F020072417232019000130221900004039230000055038121268038397")
	m, _ := sl651.Decode(frame)
	if sl651.NeedsAck(m.Header.Function) {
		ack := sl651.Ack(m, m.SendTime.Add(time.Second), sl651.EOT)
		out, _ := ack.AppendFrame(nil, sl651.Options{})
		fmt.Printf("%X\n", out)
	}
	// Output:
	// 7E7E001010000101A00032800802000C200724172350048A9D
}
