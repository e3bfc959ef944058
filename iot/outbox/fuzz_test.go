package outbox

import (
	"bytes"
	"testing"
)

// FuzzDecodeRecord checks that the segment record decoder never panics,
// never reads past its input, and that what it accepts encodes back to the
// same bytes.
func FuzzDecodeRecord(f *testing.F) {
	f.Add(appendRecord(nil, 1, 1_750_000_000_000_000_000, []byte("reading")))
	f.Add(appendRecord(nil, 1<<63, -1, nil))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
	f.Add(make([]byte, recordHeaderSize))
	f.Add(appendRecord(nil, 7, 0, bytes.Repeat([]byte{0xaa}, 300))[:100])
	f.Fuzz(func(t *testing.T, b []byte) {
		rec, n, err := decodeRecord(b)
		if err != nil {
			if n != 0 {
				t.Fatalf("error %v with size %d", err, n)
			}
			return
		}
		if n > len(b) || n < recordHeaderSize {
			t.Fatalf("size %d for input of %d bytes", n, len(b))
		}
		again := appendRecord(nil, rec.seq, rec.unixNano, rec.payload)
		if !bytes.Equal(again, b[:n]) {
			t.Fatalf("re-encoded record differs:\n got %x\nwant %x", again, b[:n])
		}
	})
}
