package sl651

import (
	"testing"
	"time"

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

// decodePackets decodes the SYN frames of multiPacketFrames.
func decodePackets(t *testing.T, frames [][]byte) []Message {
	t.Helper()
	var d Decoder
	ms := make([]Message, len(frames))
	for i, f := range frames {
		require.NoError(t, d.Decode(f, &ms[i]))
	}
	return ms
}

func TestReassemblerRepeatedAfterComplete(t *testing.T) {
	want, frames := multiPacketFrames(t, 32)
	ms := decodePackets(t, frames)
	var r Reassembler
	var got Progress
	for i := range ms {
		p, err := r.AddFrame(ms[i].Header, ms[i].Payload, frames[i])
		require.NoError(t, err)
		if i < len(ms)-1 {
			assert.Equal(t, PacketStored, p.Status, "packet %d", i+1)
		}
		got = p
	}
	require.Equal(t, PacketCompleted, got.Status)
	assert.Equal(t, want.Serial, got.Serial)
	assert.Equal(t, ms[len(ms)-1].Header, got.Joined.Header, "joined header is the last packet's")
	require.Len(t, got.Joined.Frames, len(frames))
	assert.Equal(t, frames[2], got.Joined.Frames[2])
	assert.Zero(t, r.Bytes(), "bytes held after completion")

	again, err := r.AddFrame(ms[1].Header, ms[1].Payload, frames[1])
	require.NoError(t, err)
	assert.Equal(t, PacketRepeated, again.Status)
	assert.Equal(t, want.Serial, again.Serial)
	assert.Zero(t, r.Pending(), "a repeated packet starts no message")
}

func TestReassemblerMissingAfterLastPacket(t *testing.T) {
	_, frames := multiPacketFrames(t, 32)
	ms := decodePackets(t, frames)
	var r Reassembler
	p, err := r.AddFrame(ms[1].Header, ms[1].Payload, nil)
	require.NoError(t, err)
	assert.Nil(t, p.Missing, "missing before the last packet came")
	assert.Zero(t, p.Serial, "serial before packet 1 came")
	p, err = r.AddFrame(ms[4].Header, ms[4].Payload, nil)
	require.NoError(t, err)
	assert.Equal(t, []uint16{1, 3, 4}, p.Missing)
	p, err = r.AddFrame(ms[0].Header, ms[0].Payload, nil)
	require.NoError(t, err)
	assert.Equal(t, []uint16{3, 4}, p.Missing)
	assert.NotZero(t, p.Serial, "serial after packet 1 came")
}

func TestReassemblerExpire(t *testing.T) {
	_, frames := multiPacketFrames(t, 32)
	ms := decodePackets(t, frames)
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	r := Reassembler{Timeout: time.Minute, Now: func() time.Time { return now }}
	_, err := r.AddFrame(ms[0].Header, ms[0].Payload, frames[0])
	require.NoError(t, err)
	deadline, ok := r.Deadline()
	require.True(t, ok)
	assert.Equal(t, now.Add(time.Minute), deadline)
	assert.Positive(t, r.Bytes())

	now = now.Add(30 * time.Second)
	assert.Empty(t, r.Expire(), "expired before the timeout")
	now = now.Add(31 * time.Second)
	dropped := r.Expire()
	require.Len(t, dropped, 1)
	assert.ErrorIs(t, dropped[0], ErrReassembly)
	assert.Equal(t, []uint16{2, 3, 4, 5}, dropped[0].Missing)
	assert.Contains(t, dropped[0].Error(), "packets 2, 3, 4, 5 missing")
	assert.Zero(t, r.Pending())
	assert.Zero(t, r.Bytes())
	_, ok = r.Deadline()
	assert.False(t, ok, "deadline with nothing in progress")
}

func TestReassemblerBoundsBytesOfAllMessages(t *testing.T) {
	_, frames := multiPacketFrames(t, 32)
	ms := decodePackets(t, frames)
	r := Reassembler{MaxBytes: 60}
	_, err := r.AddFrame(ms[0].Header, ms[0].Payload, nil)
	require.NoError(t, err)
	other := ms[1].Header
	other.Station[4]++
	_, err = r.AddFrame(other, ms[1].Payload, nil)
	require.NoError(t, err)
	third := ms[2].Header
	third.Station[4] += 2
	_, err = r.AddFrame(third, ms[2].Payload, nil)
	require.ErrorIs(t, err, ErrReassembly, "a third message over the byte bound")
	assert.Equal(t, 2, r.Pending())
}

func TestAckPacketEncodes(t *testing.T) {
	_, frames := multiPacketFrames(t, 32)
	ms := decodePackets(t, frames)
	ack := AckPacket(ms[2].Header, 7, time.Date(2026, 5, 1, 8, 0, 0, 0, chinaStandardTime))
	b, err := ack.AppendFrame(nil, Options{})
	require.NoError(t, err)
	var d Decoder
	var m Message
	require.NoError(t, d.Decode(b, &m))
	assert.Equal(t, Down, m.Header.Direction)
	assert.Equal(t, ACK, m.Header.End)
	assert.Equal(t, Packet{Total: 5, Seq: 3}, m.Header.Packet)
}
