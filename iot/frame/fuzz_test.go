package frame_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// chunkReader returns its input in pieces whose sizes come from rng.
type chunkReader struct {
	data []byte
	rng  *rand.Rand
	max  int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := min(1+r.rng.IntN(r.max), len(p), len(r.data))
	copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

func readAll(s *frame.Stream, r io.Reader) [][]byte {
	var frames [][]byte
	for {
		f, err := s.ReadFrame(r)
		if err != nil {
			return frames
		}
		frames = append(frames, bytes.Clone(f))
	}
}

// FuzzStreamChunking checks that any split of the same bytes into reads
// yields the same frames and counters, and that every byte is accounted for.
func FuzzStreamChunking(f *testing.F) {
	bad := toyFrame(1, 2)
	bad[4]++
	f.Add(concat([]byte{0xFE, 0xFE}, toyFrame(1, 2, 3), toyFrame(4)), uint64(1), uint8(3))
	f.Add(concat(bad, []byte{0x68, 0x02, 0x68}, toyFrame(8, 9)), uint64(2), uint8(1))
	f.Add(concat([]byte{0x02, 0x55, 0x03, 0x68, 0x01}, toyFrame(0x68, 0x16)), uint64(3), uint8(7))
	f.Add(bytes.Repeat([]byte{0x68, 0x30, 0x68, 0x02}, 40), uint64(4), uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, maxChunk uint8) {
		protocols := []struct {
			name string
			p    frame.Protocol
		}{{"toy", toy{}}, {"delimited", delimited}}
		for _, pc := range protocols {
			for _, size := range []int{frame.MinSize, 1024} {
				whole := frame.NewStream(pc.p, size)
				want, wantStats := collect(whole, data, nil)

				split := frame.NewStream(pc.p, size)
				rng := rand.New(rand.NewPCG(seed, uint64(size)))
				r := &chunkReader{data: data, rng: rng, max: int(maxChunk%32) + 1}
				got := readAll(split, r)
				gotStats := split.Stats()

				if !equalFrames(got, want) {
					t.Fatalf("%s/%d: got %d frames in chunks, want %d as one read",
						pc.name, size, len(got), len(want))
				}
				if gotStats != wantStats {
					t.Fatalf("%s/%d: got stats %+v in chunks, want %+v", pc.name, size,
						gotStats, wantStats)
				}
				accounted := wantStats.FrameBytes + wantStats.Skipped() + uint64(whole.Buffered())
				if accounted != uint64(len(data)) {
					t.Fatalf("%s/%d: got %d bytes accounted for, want %d (stats %+v)",
						pc.name, size, accounted, len(data), wantStats)
				}
				if whole.Buffered() > size {
					t.Fatalf("%s/%d: got %d bytes buffered, want at most %d",
						pc.name, size, whole.Buffered(), size)
				}
			}
		}
	})
}

func equalFrames(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}
