package dlt645

import "testing"

func TestRemoveOffsetAllBytes(t *testing.T) {
	src := make([]byte, 256+5)
	for i := range src {
		src[i] = byte(i)
	}
	dst := make([]byte, len(src))
	for n := range len(src) + 1 {
		removeOffset(dst, src[:n])
		for i, c := range src[:n] {
			if dst[i] != c-offset {
				t.Fatalf("n %d: byte %d: got %#x, want %#x", n, i, dst[i], c-offset)
			}
		}
	}
}
