package modbus_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/modbus"
)

func BenchmarkCRC(b *testing.B) {
	for _, n := range []int{6, 64, 254} {
		data := make([]byte, n)
		b.Run(itoa(n)+"B", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(n))
			for b.Loop() {
				modbus.CRC(data)
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	frames := []struct {
		name string
		b    []byte
		dir  modbus.Direction
	}{
		{"request", withCRC(b, "01 03 0001 0005"), modbus.Request},
		{"reply-12B", withCRC(b, "01 03 0C 41F00000 42200000 42480000"), modbus.Reply},
		{"reply-12B-guessed", withCRC(b, "01 03 0C 41F00000 42200000 42480000"), modbus.Unknown},
		{"reply-250B", longReply(b), modbus.Reply},
	}
	for _, fr := range frames {
		b.Run(fr.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(fr.b)))
			var f modbus.Frame
			for b.Loop() {
				if err := f.Decode(fr.b, fr.dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func longReply(tb testing.TB) []byte {
	regs := make([]uint16, 125)
	for i := range regs {
		regs[i] = uint16(i * 263)
	}
	f := modbus.Frame{Unit: 1, Function: modbus.ReadHoldingRegisters, Direction: modbus.Reply}
	if err := f.SetRegisters(regs); err != nil {
		tb.Fatal(err)
	}
	out, err := f.AppendBinary(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkStream measures a request and its reply fed at once, and a
// buffer of random bytes, the worst case for a protocol without start byte.
func BenchmarkStream(b *testing.B) {
	pair := append(withCRC(b, "01 03 0001 0005"), withCRC(b, "01 03 0A 0001 0002 0003 0004 0005")...)
	noise := make([]byte, 256)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	for _, in := range []struct {
		name string
		data []byte
	}{{"request-reply", pair}, {"long-reply", longReply(b)}, {"noise-256B", noise}} {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.data)))
			s := frame.NewStream(modbus.Protocol{}, 512)
			for b.Loop() {
				s.Feed(in.data)
				for _, ok := s.Next(); ok; _, ok = s.Next() {
				}
				s.Discard()
			}
		})
	}
}

func BenchmarkByteOrder(b *testing.B) {
	data := make([]byte, 250)
	for i := range data {
		data[i] = byte(i)
	}
	b.Run("float32-CDAB", func(b *testing.B) {
		b.ReportAllocs()
		// The bits are XORed, not the floats added, so that the loop
		// measures decoding rather than the latency of float additions.
		var sum uint32
		for b.Loop() {
			for i := 0; i+4 <= len(data); i += 4 {
				sum ^= math.Float32bits(modbus.CDAB.Float32(data[i:]))
			}
		}
		b.ReportMetric(float64(b.N*(len(data)/4))/b.Elapsed().Seconds(), "values/s")
		_ = sum
	})
	b.Run("int64-GHEFCDAB", func(b *testing.B) {
		b.ReportAllocs()
		var sum int64
		for b.Loop() {
			for i := 0; i+8 <= len(data); i += 8 {
				sum += modbus.GHEFCDAB.Int64(data[i:])
			}
		}
		b.ReportMetric(float64(b.N*(len(data)/8))/b.Elapsed().Seconds(), "values/s")
		_ = sum
	})
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
