package dlt645_test

import (
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/frame"
)

// energyReply is a read reply of forward active energy, 2.69 kWh, with
// four preamble bytes, as meters send it.
var energyReply = []byte{0xFE, 0xFE, 0xFE, 0xFE, 0x68, 0x11, 0x11, 0x11, 0x11, 0x11,
	0x11, 0x68, 0x91, 0x08, 0x33, 0x33, 0x34, 0x33, 0x9C, 0x35, 0x33, 0x33, 0xD3, 0x16}

func TestDecodeAllocatesNothing(t *testing.T) {
	var m dlt645.Message
	allocs := testing.AllocsPerRun(1000, func() {
		if err := m.UnmarshalBinary(energyReply); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("got %v allocations per decode, want 0", allocs)
	}
	if got := m.Item.Value().String(); got != "2.69 kWh" {
		t.Errorf("got %s, want 2.69 kWh", got)
	}
}

func BenchmarkMessageDecode(b *testing.B) {
	var m dlt645.Message
	b.ReportAllocs()
	b.SetBytes(int64(len(energyReply)))
	for b.Loop() {
		if err := m.UnmarshalBinary(energyReply); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}

func BenchmarkMessageDecodeVoltages(b *testing.B) {
	frame := []byte{0x68, 0x14, 0x01, 0x00, 0x31, 0x82, 0x21, 0x68, 0x91, 0x0A, 0x33, 0x32,
		0x34, 0x35, 0x34, 0x55, 0xCC, 0x54, 0x38, 0x56, 0x59, 0x16}
	var m dlt645.Message
	b.ReportAllocs()
	for b.Loop() {
		if err := m.UnmarshalBinary(frame); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}

// BenchmarkStreamDecode frames and decodes 64 replies per batch, as a
// centre station reads them from one connection.
func BenchmarkStreamDecode(b *testing.B) {
	var batch []byte
	for range 64 {
		batch = append(batch, energyReply...)
	}
	s := frame.NewStream(dlt645.Protocol{}, 0)
	var m dlt645.Message
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

func BenchmarkAppendReadRequest(b *testing.B) {
	buf := make([]byte, 0, 64)
	a := dlt645.Address{0x11, 0x11, 0x11, 0x11, 0x11, 0x11}
	b.ReportAllocs()
	for b.Loop() {
		buf = dlt645.AppendReadRequest(buf[:0], a, dlt645.DIForwardActiveEnergy)
	}
}

func TestDecodeGoldenAllocatesNothing(t *testing.T) {
	for _, g := range readGolden(t) {
		b, err := hex.DecodeString(g[1])
		if err != nil {
			t.Fatal(err)
		}
		var m dlt645.Message
		allocs := testing.AllocsPerRun(100, func() { _ = m.UnmarshalBinary(b) })
		if allocs != 0 {
			t.Errorf("%s: got %v allocations per decode, want 0", g[0], allocs)
		}
	}
}

// BenchmarkStreamGarbage frames noise in which a third of the bytes are
// 0x68 and a fifth 0x16, the worst case for the false-start checks.
func BenchmarkStreamGarbage(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 8192)
	for i := range garbage {
		garbage[i] = byte(rng.IntN(256))
		if rng.IntN(3) == 0 {
			garbage[i] = 0x68
		}
		if rng.IntN(5) == 0 {
			garbage[i] = 0x16
		}
	}
	s := frame.NewStream(dlt645.Protocol{}, 0)
	b.SetBytes(int64(len(garbage)))
	for b.Loop() {
		for i := 0; i < len(garbage); i += 64 {
			s.Feed(garbage[i : i+64])
			for _, ok := s.Next(); ok; _, ok = s.Next() {
			}
		}
	}
}
