package frame_test

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// collect feeds input in chunks of the given sizes (cycled) and returns the
// frames, copied, and the final counters.
func collect(s *frame.Stream, input []byte, chunks []int) ([][]byte, frame.Stats) {
	var frames [][]byte
	for i := 0; len(input) > 0; i++ {
		size := len(input)
		if len(chunks) > 0 {
			size = min(max(chunks[i%len(chunks)], 1), len(input))
		}
		part := input[:size]
		input = input[size:]
		for len(part) > 0 {
			n := s.Feed(part)
			part = part[n:]
			for {
				f, ok := s.Next()
				if !ok {
					break
				}
				frames = append(frames, bytes.Clone(f))
			}
		}
	}
	return frames, s.Stats()
}

func concat(parts ...[]byte) []byte {
	return bytes.Join(parts, nil)
}

func TestStreamFrames(t *testing.T) {
	a := toyFrame(1, 2, 3)
	b := toyFrame(9)
	bad := toyFrame(4, 5)
	bad[len(bad)-2]++ // wrong checksum
	tests := []struct {
		name   string
		input  []byte
		want   [][]byte
		stats  frame.Stats
		chunks []int
	}{
		{
			name:  "one frame",
			input: a,
			want:  [][]byte{a},
			stats: frame.Stats{Frames: 1, FrameBytes: 8},
		},
		{
			name:   "split byte by byte",
			input:  concat(a, b),
			want:   [][]byte{a, b},
			stats:  frame.Stats{Frames: 2, FrameBytes: 14},
			chunks: []int{1},
		},
		{
			name:  "preamble and noise",
			input: concat([]byte{0xFE, 0xFE, 0x00, 0x11}, a, []byte{0xFE}, b),
			want:  [][]byte{a, b},
			stats: frame.Stats{Frames: 2, FrameBytes: 14, Preamble: 3, Noise: 2},
		},
		{
			name:  "bad checksum resync",
			input: concat(bad, a),
			want:  [][]byte{a},
			// The second 0x68 of the bad frame is a false start too, and its
			// next byte is not 0x68.
			stats: frame.Stats{Frames: 1, FrameBytes: 8, Noise: 5, BadChecksum: 1, BadHeader: 1},
		},
		{
			name:  "frame inside false start",
			input: concat([]byte{0x68, 0x02, 0x68}, a),
			want:  [][]byte{a},
			// 68 02 68 claims 7 bytes and ends inside a, so it fails on its
			// end byte, then 02 is noise and the next 68 68 pair fails too.
			stats:  frame.Stats{Frames: 1, FrameBytes: 8, Noise: 1, BadEnd: 1, BadHeader: 1},
			chunks: []int{2, 3},
		},
		{
			name:  "zero length",
			input: concat([]byte{0x68, 0x00, 0x68}, b),
			want:  [][]byte{b},
			stats: frame.Stats{Frames: 1, FrameBytes: 6, Noise: 1, BadLength: 1, BadHeader: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := frame.NewStream(toy{}, 0)
			got, stats := collect(s, tt.input, tt.chunks)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.stats, stats)
			assert.Zero(t, s.Buffered())
		})
	}
}

func TestStreamPartialFrameStaysBuffered(t *testing.T) {
	s := frame.NewStream(toy{}, 0)
	a := toyFrame(1, 2, 3)
	frames, stats := collect(s, a[:5], nil)
	assert.Empty(t, frames)
	assert.Equal(t, 5, s.Buffered())
	assert.Zero(t, stats.Skipped())

	frames, _ = collect(s, a[5:], nil)
	assert.Equal(t, [][]byte{a}, frames)
}

func TestStreamFrameLongerThanBuffer(t *testing.T) {
	s := frame.NewStream(toy{}, frame.MinSize)
	long := toyFrame(make([]byte, 200)...)
	short := toyFrame(7)
	frames, stats := collect(s, concat(long, short), []int{17})
	assert.Equal(t, [][]byte{short}, frames)
	assert.Equal(t, uint64(1), stats.BadLength, "the long frame's start byte")
	assert.Equal(t, uint64(len(long)), stats.Skipped())
}

func TestStreamOverflowWithoutLength(t *testing.T) {
	s := frame.NewStream(delimited, frame.MinSize)
	garbage := concat([]byte{0x02}, bytes.Repeat([]byte{0x55}, 3*frame.MinSize))
	good := []byte{0x02, 0x41, 0x03}
	frames, stats := collect(s, concat(garbage, good), []int{10})
	assert.Equal(t, [][]byte{good}, frames)
	assert.Equal(t, uint64(1), stats.Overflow, "only the unterminated start byte")
	assert.Equal(t, uint64(len(garbage)), stats.Skipped())
	assert.LessOrEqual(t, s.Buffered(), frame.MinSize)
}

func TestStreamGarbageStaysBounded(t *testing.T) {
	s := frame.NewStream(toy{}, 128)
	garbage := bytes.Repeat([]byte{0x68, 0x40}, 10_000)
	frames, stats := collect(s, garbage, []int{333})
	assert.Empty(t, frames)
	assert.LessOrEqual(t, s.Buffered(), 128)
	assert.Equal(t, uint64(len(garbage)-s.Buffered()), stats.Skipped())
}

func TestStreamReadFrame(t *testing.T) {
	a, b := toyFrame(1, 2), toyFrame(3)
	input := concat([]byte{0xFE, 0xFE}, a, b, a[:4])
	r := iotest.OneByteReader(bytes.NewReader(input))
	s := frame.NewStream(toy{}, 0)

	got, err := s.ReadFrame(r)
	require.NoError(t, err)
	assert.Equal(t, a, got)
	got, err = s.ReadFrame(r)
	require.NoError(t, err)
	assert.Equal(t, b, got)
	_, err = s.ReadFrame(r)
	assert.ErrorIs(t, err, io.EOF)
	assert.Equal(t, 4, s.Buffered())
	assert.Equal(t, uint64(2), s.Stats().Preamble)
}

func TestStreamReadFrameDataWithError(t *testing.T) {
	a := toyFrame(5)
	s := frame.NewStream(toy{}, 0)
	r := iotest.DataErrReader(bytes.NewReader(a))

	got, err := s.ReadFrame(r)
	require.NoError(t, err, "the frame comes before the error")
	assert.Equal(t, a, got)
	_, err = s.ReadFrame(r)
	assert.ErrorIs(t, err, io.EOF)
}

type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, nil }

func TestStreamReadFrameNoProgress(t *testing.T) {
	s := frame.NewStream(toy{}, 0)
	_, err := s.ReadFrame(emptyReader{})
	assert.True(t, errors.Is(err, io.ErrNoProgress), "got %v, want io.ErrNoProgress", err)
}

func TestStreamReset(t *testing.T) {
	s := frame.NewStream(toy{}, 0)
	collect(s, []byte{0xFE, 0x68, 0x01}, nil)
	s.Reset()
	assert.Zero(t, s.Buffered())
	assert.Equal(t, frame.Stats{}, s.Stats())
}

// A protocol that breaks the contract must not make the stream panic or spin.
func TestStreamToleratesBrokenProtocol(t *testing.T) {
	tests := []struct {
		name string
		find frame.ProtocolFunc
	}{
		{"negative start", func([]byte) (int, int, frame.Status) { return -5, 0, frame.BadHeader }},
		{"start past end", func(b []byte) (int, int, frame.Status) { return len(b) + 9, 0, frame.Found }},
		{"empty frame", func([]byte) (int, int, frame.Status) { return 0, 0, frame.Found }},
		{"frame past end", func(b []byte) (int, int, frame.Status) { return 0, len(b) + 1, frame.Found }},
		{"unknown status", func([]byte) (int, int, frame.Status) { return 0, 1, frame.Status(99) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := frame.NewStream(tt.find, 0)
			input := bytes.Repeat([]byte{1, 2, 3}, 50)
			_, stats := collect(s, input, []int{7})
			assert.Equal(t, uint64(len(input)), stats.Skipped()+uint64(s.Buffered()))
		})
	}
}

func TestStatusString(t *testing.T) {
	assert.Equal(t, "bad checksum", frame.BadChecksum.String())
	assert.Equal(t, "unknown status", frame.Status(200).String())
	assert.True(t, frame.BadEnd.Bad())
	assert.False(t, frame.NeedMore.Bad())
}

func TestStatsAdd(t *testing.T) {
	total := frame.Stats{Frames: 1, Noise: 2}
	total.Add(frame.Stats{Frames: 3, Overflow: 4, BadHeader: 5})
	assert.Equal(t, frame.Stats{Frames: 4, Noise: 2, Overflow: 4, BadHeader: 5}, total)
	assert.Equal(t, uint64(11), total.Skipped())
}

func TestStreamDiscard(t *testing.T) {
	s := frame.NewStream(toy{}, 0)
	collect(s, []byte{0xFE, 0x68, 0x01, 0x68}, nil)
	assert.Equal(t, 3, s.Discard())
	assert.Zero(t, s.Buffered())
	assert.Equal(t, frame.Stats{Preamble: 1, Noise: 3}, s.Stats())
}
