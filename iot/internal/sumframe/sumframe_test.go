package sumframe_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/internal/sumframe"
)

// layout is a DL/T 645 style header: 68, six address bytes, 68, C and L.
var layout = sumframe.Layout{HeaderLen: 10, MaxData: 200, TagAt: 7, Tags: sumframe.TagSet(0x68)}

// build returns a valid frame with the given data.
func build(data ...byte) []byte {
	b := []byte{0x68, 1, 2, 3, 4, 5, 6, 0x68, 0x91, byte(len(data))}
	b = append(b, data...)
	return append(b, sumframe.Checksum(b), 0x16)
}

func TestFind(t *testing.T) {
	good := build(0x33, 0x34)
	badSum := build(0x33, 0x34)
	badSum[len(badSum)-2]++
	badEnd := build(0x33)
	badEnd[len(badEnd)-1] = 0x17
	tooLong := build()
	tooLong[9] = 201
	// A stray 0x68 whose length would swallow the good frame behind it.
	stray := append([]byte{0x68, 0, 0, 0, 0, 0, 0, 0x68, 0x11, 40}, good...)

	tests := []struct {
		name      string
		in        []byte
		wantStart int
		wantN     int
		want      frame.Status
	}{
		{"good", good, 0, len(good), frame.Found},
		{"after noise", append([]byte{1, 2, 3}, good...), 3, len(good), frame.Found},
		{"no start", []byte{1, 2, 3}, 3, 0, frame.NeedMore},
		{"short header", good[:8], 0, 0, frame.NeedMore},
		{"short data", good[:11], 0, len(good), frame.NeedMore},
		{"bad tag", []byte{0x68, 1, 2, 3, 4, 5, 6, 0x67}, 0, 0, frame.BadHeader},
		{"bad checksum", badSum, 0, len(badSum), frame.BadChecksum},
		{"bad end", badEnd, 0, len(badEnd), frame.BadEnd},
		{"length above max", tooLong, 0, 0, frame.BadLength},
		{"inner frame", stray, 0, 0, frame.BadLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, n, status := layout.Find(tt.in)
			assert.Equal(t, tt.want, status)
			assert.Equal(t, tt.wantStart, start)
			assert.Equal(t, tt.wantN, n)
		})
	}
}

func TestChecksum(t *testing.T) {
	b := make([]byte, 1024)
	var want byte
	for i := range b {
		b[i] = byte(i*7 + 3)
		want += b[i]
	}
	for n := range len(b) + 1 {
		var sum byte
		for _, c := range b[:n] {
			sum += c
		}
		if got := sumframe.Checksum(b[:n]); got != sum {
			t.Fatalf("Checksum of %d bytes = %#x, want %#x", n, got, sum)
		}
	}
	assert.Equal(t, want, sumframe.Checksum(b))
}

func TestTrimPreamble(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want []byte
	}{
		{"none", []byte{0x68, 1}, []byte{0x68, 1}},
		{"four", []byte{0xFE, 0xFE, 0xFE, 0xFE, 0x68}, []byte{0x68}},
		{"seven", []byte{0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0x68}, []byte{0x68}},
		{"only preamble", []byte{0xFE, 0xFE, 0xFE, 0xFE, 0xFE}, []byte{}},
		{"empty", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sumframe.TrimPreamble(tt.in, 0xFE))
		})
	}
}

func FuzzFind(f *testing.F) {
	f.Add(build(0x33, 0x34))
	f.Add(append([]byte{0x68, 0, 0, 0, 0, 0, 0, 0x68, 0x11, 40}, build()...))
	f.Fuzz(func(t *testing.T, b []byte) {
		start, n, status := layout.Find(b)
		if start < 0 || start > len(b) {
			t.Fatalf("start %d outside 0..%d", start, len(b))
		}
		if status == frame.Found {
			if start+n > len(b) || n < layout.MinFrameLen() {
				t.Fatalf("found frame [%d:%d] in %d bytes", start, start+n, len(b))
			}
			if sumframe.Check(b[start:start+n]) != frame.Found {
				t.Fatal("found frame fails Check")
			}
		}
	})
}
