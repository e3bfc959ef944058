package poll_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus/client"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
	"github.com/shuxiang/shuxiang/iot/poll"
	"github.com/shuxiang/shuxiang/iot/profile"
)

// A soil probe polled once through a simulated Modbus TCP device, with its
// values printed by the sink.
func ExampleScheduler() {
	p, err := profile.Parse(strings.NewReader(`
model: probe
vendor: example
fields:
  - {name: moisture, function: 3, address: 0, type: uint16, scale: 0.1, decimals: 1, unit: "%"}
  - {name: temperature, function: 3, address: 1, type: int16, scale: 0.1, decimals: 1, unit: "°C"}
`))
	if err != nil {
		log.Fatal(err)
	}
	prog, err := p.Compile()
	if err != nil {
		log.Fatal(err)
	}

	var table modbussim.Table
	table.SetHolding(0, 312, 0xFFEC) // 31.2 % and -2.0 °C
	sim := modbussim.New(modbussim.TCP, &modbussim.Device{Unit: 1, Registers: &table})
	if err := sim.Listen("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer sim.Close()

	ctx, cancel := context.WithCancel(context.Background())
	sink := poll.SinkFunc(func(r *poll.Reading) {
		for i, v := range r.Values {
			fmt.Printf("%s %s %s\n", prog.Field(i).Name, prog.AppendValue(nil, i, v), prog.Field(i).Unit)
		}
		fmt.Println(r.Outcome, r.Requests, "request")
		cancel()
	})
	tr := &client.TCPTransporter{Address: sim.Addr(), Timeout: time.Second}
	defer tr.Close()
	s, err := poll.New([]poll.Device{{
		ID: "probe-1", Reader: client.NewTCP(tr, 1), Program: prog, Interval: time.Hour,
	}}, sink, poll.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if err := s.Run(ctx); err != nil {
		log.Fatal(err)
	}
	// Output:
	// moisture 31.2 %
	// temperature -2.0 °C
	// success 1 request
}
