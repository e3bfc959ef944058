package modbus_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// addSeeds adds testdata/frames.tsv and, when present, the public frames.
func addSeeds(f *testing.F) {
	for _, g := range readGolden(f) {
		f.Add(g.frame, uint8(g.dir))
	}
	rows, _ := readPublicRows(f)
	for _, r := range rows {
		f.Add(mustHex(f, r.Hex), uint8(modbus.Unknown))
	}
}

// FuzzDecode checks that decoding never panics and that a frame that
// decodes encodes to the same bytes and decodes to the same frame. Each
// input is tried as it is and with its CRC appended, so that the checks
// behind the CRC are reached too.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte, dir uint8) {
		checkRoundTrip(t, b, modbus.Direction(dir%4))
		checkRoundTrip(t, modbus.AppendCRC(bytes.Clone(b)), modbus.Direction(dir%4))
	})
}

func checkRoundTrip(t *testing.T, b []byte, dir modbus.Direction) {
	var m modbus.Frame
	if err := m.Decode(b, dir); err != nil {
		return
	}
	out, err := m.AppendBinary(nil)
	if err != nil {
		t.Fatalf("AppendBinary of a decoded frame %+v: %v", m, err)
	}
	if !bytes.Equal(out, b) {
		t.Fatalf("re-encoded % X, want % X", out, b)
	}
	var again modbus.Frame
	if err := again.Decode(out, m.Direction); err != nil {
		t.Fatalf("decoding the re-encoded frame % X: %v", out, err)
	}
	if again != m {
		t.Fatalf("got %+v after a round trip, want %+v", again, m)
	}
}

// FuzzFind checks that the stream finds the same frames and counts the
// same bytes however the input is split, and that every frame it returns
// decodes in a direction the protocol accepts.
func FuzzFind(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte, dir uint8) {
		p := modbus.Protocol{Direction: modbus.Direction(dir % 3)}
		want, wantStats := split(p, b, len(b)+1)
		got, gotStats := split(p, b, 1+int(dir)%7)
		if len(got) != len(want) || gotStats != wantStats {
			t.Fatalf("split input gave %d frames %+v, whole gave %d %+v", len(got), gotStats, len(want), wantStats)
		}
		var total uint64
		for i, fr := range want {
			if !bytes.Equal(fr, got[i]) {
				t.Fatalf("frame %d: split % X, whole % X", i, got[i], fr)
			}
			var m modbus.Frame
			if err := m.Decode(fr, p.Direction); err != nil {
				t.Fatalf("found frame % X does not decode: %v", fr, err)
			}
			total += uint64(len(fr))
		}
		if stats := wantStats; total+stats.Skipped() > uint64(len(b)) || stats.FrameBytes != total {
			t.Fatalf("stats %+v for %d input bytes and %d frame bytes", stats, len(b), total)
		}
	})
}

// FuzzByteOrder checks that every order decodes what it encodes, for every
// width, and that the decoders never panic on 8 bytes.
func FuzzByteOrder(f *testing.F) {
	f.Add([]byte{0x80, 0x6B, 0x42, 0x12, 0, 0, 0, 0}, uint8(1))
	f.Add([]byte{0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18}, uint8(0))
	f.Fuzz(func(t *testing.T, b []byte, order uint8) {
		if len(b) < 8 {
			return
		}
		o := modbus.ByteOrder(order % 4)
		out := make([]byte, 8)
		o.PutUint16(out, o.Uint16(b))
		if !bytes.Equal(out[:2], b[:2]) {
			t.Fatalf("%v: 16-bit round trip gave % X from % X", o, out[:2], b[:2])
		}
		o.PutUint32(out, o.Uint32(b))
		if !bytes.Equal(out[:4], b[:4]) {
			t.Fatalf("%v: 32-bit round trip gave % X from % X", o, out[:4], b[:4])
		}
		o.PutUint64(out, o.Uint64(b))
		if !bytes.Equal(out, b[:8]) {
			t.Fatalf("%v: 64-bit round trip gave % X from % X", o, out, b[:8])
		}
		o.PutFloat32(out, o.Float32(b))
		if !bytes.Equal(out[:4], b[:4]) {
			t.Fatalf("%v: float32 round trip gave % X from % X", o, out[:4], b[:4])
		}
		v := o.Float64(b)
		o.PutFloat64(out, v)
		if !bytes.Equal(out, b[:8]) && !math.IsNaN(v) {
			t.Fatalf("%v: float64 round trip gave % X from % X", o, out, b[:8])
		}
		if got, want := o.Uint64(b), modbus.HGFEDCBA.Uint64(b); o == modbus.DCBA && got != want {
			t.Fatalf("DCBA and HGFEDCBA differ: %X, %X", got, want)
		}
	})
}
