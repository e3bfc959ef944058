package cjt188_test

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/frame"
)

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
		var m cjt188.Message
		if err := m.UnmarshalBinary(b); err != nil {
			return
		}
		out, err := m.AppendBinary(nil)
		if err != nil {
			t.Fatalf("AppendBinary of a decoded message: %v", err)
		}
		var again cjt188.Message
		if err := again.UnmarshalBinary(out); err != nil {
			t.Fatalf("decoding the re-encoded frame % X: %v", out, err)
		}
		if again.Type != m.Type || again.Address != m.Address || again.Control != m.Control ||
			again.DI != m.DI || again.Swapped != m.Swapped || again.Seq != m.Seq ||
			again.Status != m.Status || again.HasStatus != m.HasStatus || again.Reading != m.Reading ||
			again.Valve != m.Valve || again.Time != m.Time || again.NewAddress != m.NewAddress ||
			again.EchoAddress != m.EchoAddress || !bytes.Equal(again.Rest(), m.Rest()) {
			t.Fatalf("got %+v after a round trip, want %+v", again, m)
		}
	})
}

// FuzzFind checks that the stream protocol finds the same frames whether the
// bytes come at once or one by one.
func FuzzFind(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		whole := frame.NewStream(cjt188.Protocol{}, 512)
		split := frame.NewStream(cjt188.Protocol{}, 512)
		var want, got [][]byte
		for p := b; len(p) > 0; {
			n := whole.Feed(p)
			p = p[n:]
			for fr, ok := whole.Next(); ok; fr, ok = whole.Next() {
				want = append(want, bytes.Clone(fr))
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
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("frame %d: got % X byte by byte, want % X", i, got[i], want[i])
			}
		}
		if whole.Stats() != split.Stats() {
			t.Fatalf("got stats %+v byte by byte, want %+v", split.Stats(), whole.Stats())
		}
	})
}
