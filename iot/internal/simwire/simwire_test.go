package simwire

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingWriter records every write it is given.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes++
	return c.Buffer.Write(p)
}

func TestWireFaults(t *testing.T) {
	frame := []byte{0x68, 0x03, 0x68, 0x01, 0x02, 0x03, 0xAB, 0x16}
	extra := []byte{0x7E, 0x7E}
	tests := []struct {
		name   string
		opts   Options
		report bool
		want   []byte
	}{
		{"intact", Options{}, true, append(append([]byte{}, frame...), extra...)},
		{"corrupt last byte", Options{CorruptEvery: 1}, true,
			[]byte{0x68, 0x03, 0x68, 0x01, 0x02, 0x03, 0xAB, 0x17, 0x7E, 0x7E}},
		{"corrupt checksum before end byte", Options{CorruptEvery: 1, ChecksumFromEnd: 2}, true,
			[]byte{0x68, 0x03, 0x68, 0x01, 0x02, 0x03, 0xAA, 0x16, 0x7E, 0x7E}},
		{"no corruption of a confirmation", Options{CorruptEvery: 1}, false, append(append([]byte{}, frame...), extra...)},
		{"split keeps the bytes", Options{Split: true}, true, append(append([]byte{}, frame...), extra...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out countingWriter
			w := New(&out, tt.opts, rand.New(rand.NewPCG(1, 2)))
			require.NoError(t, w.Write(frame, extra, tt.report))
			assert.Equal(t, tt.want, out.Bytes())
			if tt.opts.Split {
				assert.Greater(t, out.writes, 1, "writes of a split frame")
			} else {
				assert.Equal(t, 1, out.writes, "writes of a whole frame")
			}
		})
	}
}

func TestWireGarbageBeforeFrame(t *testing.T) {
	frame := []byte{0x7E, 0x7E, 0x01, 0x02}
	var out countingWriter
	w := New(&out, Options{GarbageEvery: 2}, rand.New(rand.NewPCG(3, 4)))
	require.NoError(t, w.Write(frame, nil, true))
	assert.Equal(t, frame, out.Bytes(), "first frame")

	out.Reset()
	require.NoError(t, w.Write(frame, nil, true))
	got := out.Bytes()
	require.Greater(t, len(got), len(frame), "second frame carries noise")
	assert.LessOrEqual(t, len(got), len(frame)+16)
	assert.Equal(t, frame, got[len(got)-len(frame):])
}

func TestClock(t *testing.T) {
	now := time.Date(2026, time.July, 1, 6, 0, 0, 0, time.UTC)
	assert.Equal(t, now.Add(90*time.Second), Clock(now, 90*time.Second, false))
	assert.Equal(t, time.Date(UnsetYear, time.July, 1, 6, 0, 0, 0, time.UTC), Clock(now, 0, true))
}
