package client

import (
	"testing"

	gmodbus "github.com/goburrow/modbus"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

// The benchmarks poll 10 holding registers from the simulator over
// loopback, one round trip per iteration.

func BenchmarkPollTCP(b *testing.B) {
	sim := startSim(b, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: testTable()})
	c := NewTCP(&TCPTransporter{Address: sim.Addr(), Timeout: slowTimeout}, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Read(modbus.ReadHoldingRegisters, 0, 10); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPollGoburrowTCP(b *testing.B) {
	sim := startSim(b, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: testTable()})
	h := gmodbus.NewTCPClientHandler(sim.Addr())
	h.Timeout = slowTimeout
	h.SlaveId = 1
	c := gmodbus.NewClient(h)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ReadHoldingRegisters(0, 10); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPollRTUOverTCP(b *testing.B) {
	sim := startSim(b, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	p := DialRTU(sim.Addr())
	p.Timeout = slowTimeout
	// Loopback has no bus to keep silent.
	p.Silence = 0
	defer p.Close()
	c := NewRTU(p, 1, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Read(modbus.ReadHoldingRegisters, 0, 10); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewPlan(b *testing.B) {
	fields := make([]Field, 10)
	for i := range fields {
		fields[i] = Field{modbus.ReadHoldingRegisters, uint16(3 * i), 2}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewPlan(fields, Limits{MaxGap: 4}); err != nil {
			b.Fatal(err)
		}
	}
}
