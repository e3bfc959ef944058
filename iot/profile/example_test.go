package profile_test

import (
	"fmt"
	"strings"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/profile"
)

func Example() {
	const doc = `
model: th-1
vendor: generic
fields:
  - name: humidity
    function: 3
    address: 0
    type: uint16
    scale: 0.1
    decimals: 1
    unit: "%RH"
  - name: temperature
    function: 3
    address: 1
    type: int16
    scale: 0.1
    decimals: 1
    unit: "°C"
    no_reading: [0x7FFF]
`
	p, err := profile.Parse(strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := p.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range prog.Blocks(0, 0) {
		fmt.Printf("read FC %d from %d, %d registers\n", b.Function, b.Address, b.Count)
	}

	// The reply's registers: 65.3 %RH and -12.5 °C.
	values := make([]profile.Value, prog.Len())
	if _, err := prog.DecodeRegisters(modbus.ReadHoldingRegisters, 0, []uint16{653, 0xFF83}, values); err != nil {
		fmt.Println(err)
		return
	}
	for i, v := range values {
		f := prog.Field(i)
		fmt.Printf("%s = %s %s\n", f.Name, prog.AppendValue(nil, i, v), f.Unit)
	}
	// Output:
	// read FC 3 from 0, 2 registers
	// humidity = 65.3 %RH
	// temperature = -12.5 °C
}

func ExampleProgram_WriteRequest() {
	p, err := profile.LoadShipped("greenhouse-controller")
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := p.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	i, _ := prog.Index("temperature_setpoint")

	// 25.5 °C in units of 0.1 °C, written to unit 2.
	var req modbus.Frame
	if err := prog.WriteRequest(&req, 2, i, profile.Value{Int: 255}); err != nil {
		fmt.Println(err)
		return
	}
	frame, err := req.AppendBinary(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("% X\n", frame)
	// Output:
	// 02 06 01 20 00 FF C9 8F
}

func ExampleReporter() {
	p := profile.Profile{Model: "m", Vendor: "generic", Fields: []profile.Field{{
		Name: "soil_moisture", Function: modbus.ReadInputRegisters, Type: profile.Uint16,
		Scale: profile.Decimal{Coef: 1, Places: 1}, Decimals: 1,
		Deadband: profile.Decimal{Coef: 5, Places: 1}, // 0.5 %VWC
	}}}
	prog, err := p.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	r := prog.NewReporter()
	for _, raw := range []int64{300, 303, 305, 299} {
		v := profile.Value{Int: raw, Status: profile.OK}
		fmt.Println(string(prog.AppendValue(nil, 0, v)), r.Report(0, v, testTime))
	}
	// Output:
	// 30.0 true
	// 30.3 false
	// 30.5 true
	// 29.9 true
}
