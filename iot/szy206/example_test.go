package szy206_test

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/iot/szy206"
)

func ExampleDecode() {
	frame, _ := hex.DecodeString("681A68B35303810D00C00059000000826110000001106000004508090A3516")
	m, err := szy206.Decode(frame)
	if err != nil {
		fmt.Println(err)
		return
	}
	h := m.Header
	fmt.Println(h.AFN, h.Address, h.Control.Function())
	for _, it := range m.Items {
		fmt.Println(it.Quantity, it.Value, it.Unit)
	}
	fmt.Println("alarms", m.Alarm.Names())
	fmt.Println("box door closed", m.Status.Has(szy206.BoxDoorClosed))
	// Output:
	// C0 self-report 530381/13 flow and water volume
	// flow 5.900 m³/s
	// accumulated water 106182 m³
	// alarms [ac_power_lost remaining_water_low]
	// box door closed true
}

func ExampleNewDecoder_slt427() {
	frame, _ := hex.DecodeString("681568B40102030405C05545040020700030151412052600AD16")
	d := szy206.NewDecoder(szy206.Options{Variant: szy206.SLT427()})
	var m szy206.Message
	if err := d.Decode(frame, &m); err != nil {
		fmt.Println(err)
		return
	}
	tl := m.Header.TimeLabel
	fmt.Println(m.Items[0].Quantity, m.Items[0].Value, m.Items[0].Unit)
	fmt.Println(tl.Time(time.Time{}, time.UTC).Format(time.DateTime))
	// Output:
	// velocity 44.555 m/s
	// 2026-05-12 14:15:30
}

func ExampleMessage_AppendFrame() {
	addr, _ := szy206.NewAddress("652301", 42)
	cst := time.FixedZone("CST", 8*3600)
	m := szy206.Message{
		Header: szy206.Header{Control: szy206.NewControl(false, false, 3, szy206.Command), Address: addr,
			AFN: szy206.RemoteStop, Password: 0x1234, HasPassword: true,
			TimeLabel: szy206.NewTimeLabel(szy206.TimeLabel5, time.Date(2026, 7, 1, 8, 0, 0, 0, cst), 5)},
		Unit: 1,
	}
	frame, err := m.AppendFrame(nil, szy206.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%X\n", frame)
	// Output:
	// 680F68306523012A00930112340000080105BA16
}
