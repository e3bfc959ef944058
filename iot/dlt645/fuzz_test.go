package dlt645_test

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/frame"
)

// addSeeds adds the public frames (when present) and testdata/frames.hex.
func addSeeds(f *testing.F) {
	for hexFrame := range realFrames {
		b, _ := hex.DecodeString(hexFrame)
		f.Add(b)
	}
	for _, g := range readGolden(f) {
		b, _ := hex.DecodeString(g[1])
		f.Add(b)
	}
}

// FuzzDecodeMessage checks that decoding never panics and that a message
// that decodes encodes to a frame that decodes to the same message.
func FuzzDecodeMessage(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var m dlt645.Message
		if err := m.UnmarshalBinary(b); err != nil {
			return
		}
		out, err := m.AppendBinary(nil)
		if err != nil {
			t.Fatalf("AppendBinary of a decoded message: %v", err)
		}
		var again dlt645.Message
		if err := again.UnmarshalBinary(out); err != nil {
			t.Fatalf("decoding the re-encoded frame % X: %v", out, err)
		}
		if again.Address != m.Address || again.Control != m.Control || again.DI != m.DI ||
			again.Seq != m.Seq || again.Status != m.Status || again.Item != m.Item {
			t.Fatalf("got %+v after a round trip, want %+v", again, m)
		}
	})
}

// FuzzFind checks that the stream protocol finds the same frames in any
// split and that every frame it returns decodes as a Frame.
func FuzzFind(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		whole := frame.NewStream(dlt645.Protocol{}, 512)
		split := frame.NewStream(dlt645.Protocol{}, 512)
		var want, got [][]byte
		for p := b; len(p) > 0; {
			n := whole.Feed(p)
			p = p[n:]
			for fr, ok := whole.Next(); ok; fr, ok = whole.Next() {
				want = append(want, bytes.Clone(fr))
				var dec dlt645.Frame
				if err := dec.UnmarshalBinary(fr); err != nil && !isContentError(err) {
					t.Fatalf("found frame % X does not decode: %v", fr, err)
				}
			}
		}
		for i := range b {
			split.Feed(b[i : i+1])
			for fr, ok := split.Next(); ok; fr, ok = split.Next() {
				got = append(got, bytes.Clone(fr))
			}
		}
		if len(got) != len(want) {
			t.Fatalf("got %d frames byte by byte, want %d", len(got), len(want))
		}
		if whole.Stats() != split.Stats() {
			t.Fatalf("got stats %+v byte by byte, want %+v", split.Stats(), whole.Stats())
		}
	})
}

// isContentError reports whether err is about the address or control code,
// which Protocol leaves to the decoder.
func isContentError(err error) bool {
	fe, ok := err.(*dlt645.FieldError)
	return ok && (fe.Field == "address" || fe.Field == "control")
}

func TestFindLongFalseStartYieldsToInnerFrame(t *testing.T) {
	good := dlt645.AppendReadRequest(nil, dlt645.Address{1}, dlt645.DIForwardActiveEnergy)
	// A false start that claims 200 data bytes, then a complete frame.
	input := append([]byte{0x68, 1, 2, 3, 4, 5, 6, 0x68, 0x11, 0xC8}, good...)
	s := frame.NewStream(dlt645.Protocol{}, 0)
	s.Feed(input)
	got, ok := s.Next()
	if !ok || !bytes.Equal(got, good) {
		t.Fatalf("got % X, %v, want the inner frame at once", got, ok)
	}
	if s.Stats().BadLength != 1 {
		t.Errorf("got %+v, want one BadLength false start", s.Stats())
	}
}
