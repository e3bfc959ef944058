package cjt188_test

import (
	"encoding/hex"
	"testing"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/frame"
)

// waterReply is a device capture: cold water meter, 5959.00 m³.
var waterReply = []byte{0xFE, 0xFE, 0x68, 0x10, 0x45, 0x41, 0x10, 0x05, 0x15, 0x33, 0x78,
	0x81, 0x16, 0x90, 0x1F, 0xAA, 0x00, 0x59, 0x59, 0x00, 0x2C, 0xFF, 0xFF, 0xFF, 0xFF, 0x2C,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0xC2, 0x16}

func TestDecodeAllocatesNothing(t *testing.T) {
	var m cjt188.Message
	allocs := testing.AllocsPerRun(1000, func() {
		if err := m.UnmarshalBinary(waterReply); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("got %v allocations per decode, want 0", allocs)
	}

	r := heatReading()
	heat, err := cjt188.AppendReadingReply(nil, cjt188.TypeHeat, meterAddr, 1, &r, 0)
	if err != nil {
		t.Fatal(err)
	}
	allocs = testing.AllocsPerRun(1000, func() {
		if err := m.UnmarshalBinary(heat); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("got %v allocations per heat decode, want 0", allocs)
	}
}

func BenchmarkMessageDecode(b *testing.B) {
	var m cjt188.Message
	b.ReportAllocs()
	b.SetBytes(int64(len(waterReply)))
	for b.Loop() {
		if err := m.UnmarshalBinary(waterReply); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}

func BenchmarkMessageDecodeHeat(b *testing.B) {
	r := heatReading()
	reply, err := cjt188.AppendReadingReply(nil, cjt188.TypeHeat, meterAddr, 1, &r, 0)
	if err != nil {
		b.Fatal(err)
	}
	var m cjt188.Message
	b.ReportAllocs()
	for b.Loop() {
		if err := m.UnmarshalBinary(reply); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}

func BenchmarkStreamDecode(b *testing.B) {
	var batch []byte
	for range 64 {
		batch = append(batch, waterReply...)
	}
	s := frame.NewStream(cjt188.Protocol{}, 0)
	var m cjt188.Message
	b.ReportAllocs()
	b.SetBytes(int64(len(batch)))
	frames := 0
	for b.Loop() {
		s.Feed(batch)
		for fr, ok := s.Next(); ok; fr, ok = s.Next() {
			if err := m.UnmarshalBinary(fr); err != nil {
				b.Fatal(err)
			}
			frames++
		}
	}
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
}

func TestDecodeGoldenAllocatesNothing(t *testing.T) {
	for _, g := range readGolden(t) {
		b, err := hex.DecodeString(g[1])
		if err != nil {
			t.Fatal(err)
		}
		var m cjt188.Message
		allocs := testing.AllocsPerRun(100, func() { _ = m.UnmarshalBinary(b) })
		if allocs != 0 {
			t.Errorf("%s: got %v allocations per decode, want 0", g[0], allocs)
		}
	}
}
