package frame_test

import (
	"bytes"
	"testing"

	"github.com/shuxiang/shuxiang/iot/frame"
)

func TestStreamNextAllocatesNothing(t *testing.T) {
	input := concat([]byte{0xFE, 0xFE}, toyFrame(1, 2, 3), []byte{0x00}, toyFrame(4))
	s := frame.NewStream(toy{}, 0)
	allocs := testing.AllocsPerRun(1000, func() {
		s.Feed(input)
		for {
			if _, ok := s.Next(); !ok {
				break
			}
		}
	})
	if allocs != 0 {
		t.Errorf("got %v allocations per run, want 0", allocs)
	}
}

func BenchmarkStreamNext(b *testing.B) {
	one := concat([]byte{0xFE, 0xFE}, toyFrame(1, 2, 3, 4, 5, 6, 7, 8))
	input := bytes.Repeat(one, 64)
	s := frame.NewStream(toy{}, 0)
	b.ReportAllocs()
	b.SetBytes(int64(len(input)))
	frames := 0
	for b.Loop() {
		s.Feed(input)
		for {
			if _, ok := s.Next(); !ok {
				break
			}
			frames++
		}
	}
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
}
