package profile_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/profile"
)

// benchProgram returns a program of 125 registers of FC 3 holding a mix of
// types in all byte orders: 16-bit values with scale, offset and a
// sentinel, 32-bit integers and floats, and 64-bit values, and the block
// that covers them.
func benchProgram(tb testing.TB) (*profile.Program, []uint16) {
	tb.Helper()
	types := []profile.DataType{
		profile.Int16, profile.Uint16, profile.Int32, profile.Uint32, profile.Float32,
		profile.Int16, profile.Uint16, profile.Int64, profile.Float64,
	}
	var fields []profile.Field
	addr := 0
	for i := 0; ; i++ {
		typ := types[i%len(types)]
		if addr+typ.Registers(0) > modbus.MaxReadRegisters {
			break
		}
		f := profile.Field{
			Name: fmt.Sprintf("f%d", i), Function: modbus.ReadHoldingRegisters, Address: uint16(addr),
			Type: typ, Order: allOrders[i%4],
		}
		if typ == profile.Int16 || typ == profile.Uint16 {
			f.Scale, f.Offset, f.Decimals = mustDecimal(tb, "0.1"), mustDecimal(tb, "-40"), 1
			f.NoReading = []uint64{0x7FFF}
		}
		fields = append(fields, f)
		addr += typ.Registers(0)
	}
	p := profile.Profile{Model: "bench", Vendor: "test", Fields: fields}
	prog, err := p.Compile()
	if err != nil {
		tb.Fatal(err)
	}
	regs := make([]uint16, addr)
	for i := range regs {
		regs[i] = uint16(i*7919 + 13)
	}
	return prog, regs
}

// BenchmarkDecodeRegisters decodes one full 125-register block. The
// values/s metric counts decoded fields.
func BenchmarkDecodeRegisters(b *testing.B) {
	prog, regs := benchProgram(b)
	out := make([]profile.Value, prog.Len())
	b.ReportAllocs()
	n := 0
	cpu := processCPUTime()
	for b.Loop() {
		k, _ := prog.DecodeRegisters(modbus.ReadHoldingRegisters, 0, regs, out)
		n += k
	}
	reportRate(b, n, processCPUTime()-cpu)
}

// reportRate reports decoded values per wall-clock second and per second
// of the process's CPU time. On a shared machine the second is the better
// estimate of what one core does.
func reportRate(b *testing.B, n int, cpu time.Duration) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "values/s")
	if cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "values/cpu-s")
	}
}

// BenchmarkDecodeBytes decodes the same block from its wire bytes.
func BenchmarkDecodeBytes(b *testing.B) {
	prog, regs := benchProgram(b)
	data := profile.AppendBytes(nil, regs)
	out := make([]profile.Value, prog.Len())
	b.ReportAllocs()
	n := 0
	cpu := processCPUTime()
	for b.Loop() {
		k, _ := prog.DecodeBytes(modbus.ReadHoldingRegisters, 0, data, out)
		n += k
	}
	reportRate(b, n, processCPUTime()-cpu)
}

// BenchmarkDecodeWeatherStation decodes the shipped weather station's
// block of eight registers, a typical small poll.
func BenchmarkDecodeWeatherStation(b *testing.B) {
	p, err := profile.LoadShipped("weather-station")
	if err != nil {
		b.Fatal(err)
	}
	prog, err := p.Compile()
	if err != nil {
		b.Fatal(err)
	}
	regs := []uint16{653, 235, 10132, 0, 45000, 32, 270, 12}
	out := make([]profile.Value, prog.Len())
	b.ReportAllocs()
	n := 0
	cpu := processCPUTime()
	for b.Loop() {
		k, _ := prog.DecodeRegisters(modbus.ReadHoldingRegisters, 0, regs, out)
		n += k
	}
	reportRate(b, n, processCPUTime()-cpu)
}

func BenchmarkEncode(b *testing.B) {
	prog, _ := benchProgram(b)
	buf := make([]uint16, 0, 4)
	v := profile.Value{Int: 123}
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = prog.Encode(buf[:0], 1, v)
	}
}

func BenchmarkReport(b *testing.B) {
	prog, _ := benchProgram(b)
	r := prog.NewReporter()
	now := testTime
	b.ReportAllocs()
	i := int64(0)
	for b.Loop() {
		i++
		r.Report(0, profile.Value{Int: i % 7, Status: profile.OK}, now)
	}
}

func TestDecodeAllocatesNothing(t *testing.T) {
	prog, regs := benchProgram(t)
	out := make([]profile.Value, prog.Len())
	data := profile.AppendBytes(nil, regs)
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = prog.DecodeRegisters(modbus.ReadHoldingRegisters, 0, regs, out)
		_, _ = prog.DecodeBytes(modbus.ReadHoldingRegisters, 0, data, out)
	})
	if allocs != 0 {
		t.Errorf("decoding allocates %v times per run, want 0", allocs)
	}
}
