package dlt645_test

import (
	"math/rand/v2"
	"testing"

	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/frame"
)

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
