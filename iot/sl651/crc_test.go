package sl651

import (
	"math/rand/v2"
	"testing"
)

// crcBitwise is the bit-at-a-time CRC-16/MODBUS of SL 651-2014 appendix H.
func crcBitwise(p []byte) uint16 {
	c := uint16(0xFFFF)
	for _, b := range p {
		c ^= uint16(b)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ 0xA001
			} else {
				c >>= 1
			}
		}
	}
	return c
}

func TestCRCMatchesBitwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 100 {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte(rng.Uint32())
		}
		if got, want := CRC(p), crcBitwise(p); got != want {
			t.Fatalf("length %d: got %04X, want %04X", n, got, want)
		}
	}
}

func TestCRCCheckValue(t *testing.T) {
	// The CRC-16/MODBUS check value of "123456789".
	if got := CRC([]byte("123456789")); got != 0x4B37 {
		t.Errorf("got %04X, want 4B37", got)
	}
}
