package sl651

import (
	"testing"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// multiPacketFrames encodes the picture report of the round-trip cases as
// SYN frames of at most size body bytes.
func multiPacketFrames(t *testing.T, size int) (Message, [][]byte) {
	t.Helper()
	m := report(PictureReport, Element{ID: Picture, Def: 0xF3, Raw: make([]byte, 100)})
	for i := range m.Elements[0].Raw {
		m.Elements[0].Raw[i] = byte(i)
	}
	whole, err := m.AppendFrame(nil, Options{})
	require.NoError(t, err)
	body := whole[headerLen : len(whole)-trailerLen]
	headers, bodies, err := Split(m.Header, body, size)
	require.NoError(t, err)
	frames := make([][]byte, len(headers))
	for i := range headers {
		frames[i], err = AppendFrame(nil, &headers[i], bodies[i])
		require.NoError(t, err)
	}
	return m, frames
}

func TestReassembleOutOfOrderPackets(t *testing.T) {
	want, frames := multiPacketFrames(t, 32)
	require.Len(t, frames, 5) // 116 body bytes in packets of 29
	order := []int{2, 0, 4, 3, 1}
	var r Reassembler
	var d Decoder
	var joined []byte
	var last Header
	for n, i := range order {
		var m Message
		require.NoError(t, d.Decode(frames[i], &m))
		assert.Equal(t, SYN, m.Header.Start)
		body, complete, err := r.Add(m.Header, m.Payload)
		require.NoError(t, err)
		assert.Equal(t, n == len(order)-1, complete, "complete after %d packets", n+1)
		if n == 2 {
			assert.Equal(t, []uint16{2, 4}, r.Missing(m.Header), "missing packets")
		}
		joined, last = body, m.Header
	}
	assert.Equal(t, 0, r.Pending())
	var got Message
	require.NoError(t, d.DecodeBody(last, joined, &got))
	assert.Equal(t, want.Serial, got.Serial)
	assert.Equal(t, want.Station, got.Station)
	require.Len(t, got.Elements, 1)
	assert.Equal(t, want.Elements[0].Raw, got.Elements[0].Raw)
}

func TestReassembleThroughStream(t *testing.T) {
	_, frames := multiPacketFrames(t, 40)
	var input []byte
	for _, f := range frames {
		input = append(input, 0x00, 0x7E)
		input = append(input, f...)
	}
	s := frame.NewStream(Protocol{}, 0)
	s.Feed(input)
	var r Reassembler
	var d Decoder
	completed := 0
	for {
		f, ok := s.Next()
		if !ok {
			break
		}
		var m Message
		require.NoError(t, d.Decode(f, &m))
		_, complete, err := r.Add(m.Header, m.Payload)
		require.NoError(t, err)
		if complete {
			completed++
		}
	}
	assert.Equal(t, 1, completed)
	assert.Equal(t, uint64(len(frames)), s.Stats().Frames)
}

func TestReassemblerLimits(t *testing.T) {
	_, frames := multiPacketFrames(t, 32)
	var d Decoder
	var m Message
	require.NoError(t, d.Decode(frames[0], &m))
	r := Reassembler{MaxBytes: 10}
	_, _, err := r.Add(m.Header, m.Payload)
	require.ErrorIs(t, err, ErrReassembly)
	assert.Equal(t, 0, r.Pending(), "an oversized message is dropped")
	_, _, err = r.Add(Header{Start: STX}, nil)
	require.ErrorIs(t, err, ErrReassembly)
}

func TestSplitRejectsBadSize(t *testing.T) {
	_, _, err := Split(upHeader(PictureReport), make([]byte, 10), 3)
	assert.Error(t, err)
}
