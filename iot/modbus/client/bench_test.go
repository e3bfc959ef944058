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
		if _, err := c.Read(b.Context(), modbus.ReadHoldingRegisters, 0, 10); err != nil {
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
		if _, err := c.Read(b.Context(), modbus.ReadHoldingRegisters, 0, 10); err != nil {
			b.Fatal(err)
		}
	}
}

// tenFields returns 10 one-register fields at addresses 0, 1, 2, 4, 5, 6, 8,
// 9, 10 and 12, as a device profile with a few unused registers lists them.
func tenFields() []Field {
	var fields []Field
	for a := uint16(0); len(fields) < 10; a++ {
		if a%4 != 3 {
			fields = append(fields, Field{modbus.ReadHoldingRegisters, a, 1})
		}
	}
	return fields
}

func BenchmarkNewPlan(b *testing.B) {
	fields := tenFields()
	b.ReportAllocs()
	var p *Plan
	for b.Loop() {
		var err error
		if p, err = NewPlan(fields, Limits{MaxGap: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(p.Saved()), "requests-saved/plan")
}

// BenchmarkPollPlanTCP polls the 10 fields of tenFields, which batching
// reads in one request instead of 10.
func BenchmarkPollPlanTCP(b *testing.B) {
	sim := startSim(b, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: testTable()})
	c := NewTCP(&TCPTransporter{Address: sim.Addr(), Timeout: slowTimeout}, 1)
	p, err := NewPlan(tenFields(), Limits{MaxGap: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var st ReadStats
	for b.Loop() {
		if _, st = c.ReadPlan(b.Context(), p); st.Failed != 0 {
			b.Fatalf("%d requests failed", st.Failed)
		}
	}
	b.ReportMetric(float64(st.Requests), "requests/poll")
	b.ReportMetric(float64(p.Saved()), "requests-saved/poll")
}
