package sl651

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestPackedBCDMatchesLoop compares the SWAR decoder of short numbers
// with the byte loop of decodeNumber, on random data that is mostly BCD.
func TestPackedBCDMatchesLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		size := 1 + rng.IntN(8)
		b := make([]byte, size)
		for i := range b {
			b[i] = toBCD(rng.IntN(100))
			if rng.IntN(8) == 0 {
				b[i] = byte(rng.Uint32()) // a nibble may be 10 to 15
			}
		}
		if b[0] == 0xFF {
			continue // negative or invalid, which the SWAR path leaves alone
		}
		var word [8]byte
		copy(word[8-size:], b)
		got, ok := packedBCD(binary.BigEndian.Uint64(word[:]))
		want, status, _ := decodeNumber(b)
		if ok != (status == numberOK) {
			t.Fatalf("%X: SWAR ok %v, loop status %d", b, ok, status)
		}
		if ok && int64(got) != want {
			t.Fatalf("%X: got %d, want %d", b, got, want)
		}
	}
}
