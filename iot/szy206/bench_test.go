package szy206

import (
	"testing"
)

func TestDecodeReportAllocatesNothing(t *testing.T) {
	f := mustHex(t, flowReport)
	d := NewDecoder(Options{})
	var m Message
	allocs := testing.AllocsPerRun(1000, func() {
		if err := d.Decode(f, &m); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("got %v allocations per decode, want 0", allocs)
	}
}

func BenchmarkDecodeFlowReport(b *testing.B) {
	f := mustHex(b, flowReport)
	d := NewDecoder(Options{})
	var m Message
	b.ReportAllocs()
	b.SetBytes(int64(len(f)))
	for b.Loop() {
		if err := d.Decode(f, &m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}

func BenchmarkAppendFlowReport(b *testing.B) {
	m, err := Decode(mustHex(b, flowReport))
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		if buf, err = m.AppendFrame(buf[:0], Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
