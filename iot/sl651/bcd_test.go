package sl651

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestPackedBCDMatchesLoop compares the SWAR and 4-byte decoders of short
// numbers with the byte loop of decodeNumber, on random data that is
// mostly BCD.
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
		if size > 4 {
			continue
		}
		got4, ok4 := packedBCD4(binary.BigEndian.Uint32(word[4:]))
		if ok4 != ok || (ok && got4 != got) {
			t.Fatalf("%X: 4-byte decoder got %d, %v, want %d, %v", b, got4, ok4, got, ok)
		}
	}
}
