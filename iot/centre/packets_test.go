package centre

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/iot/sl651/sl651sim"
)

// isTimedReport matches the Message events of SL 651 timed reports.
func isTimedReport(e *Event) bool {
	return e.Kind == Message && e.SL651 != nil && e.SL651.Header.Function == sl651.TimedReport
}

func TestMultiPacketReportsArriveOnce(t *testing.T) {
	tests := []struct {
		name   string
		faults sl651sim.Faults
		naks   bool
	}{
		{name: "in order"},
		{name: "shuffled", faults: sl651sim.Faults{ShufflePackets: true, Seed: 1}},
		{name: "lost", faults: sl651sim.Faults{LosePacket: true, Seed: 2}, naks: true},
		{name: "duplicated", faults: sl651sim.Faults{DuplicatePacket: true, Seed: 3}},
		{name: "all faults", faults: sl651sim.Faults{ShufflePackets: true, LosePacket: true,
			DuplicatePacket: true, Split: true, GarbageEvery: 3, Seed: 4}, naks: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder()
			srv, addr := startServer(t, Config{Handler: rec, Protocol: SL651})
			st := &sl651sim.Station{Address: stationAddress(7), Interval: 20 * time.Millisecond,
				AckTimeout: 300 * time.Millisecond, Retries: 5, PacketSize: 12, Faults: tt.faults}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- st.Dial(ctx, addr) }()
			require.Eventually(t, func() bool { return st.Stats().Acked >= 6 },
				20*time.Second, 5*time.Millisecond)
			cancel()
			require.NoError(t, <-done)

			stats := st.Stats()
			require.Eventually(t, func() bool { return rec.count(isTimedReport) >= stats.Acked },
				5*time.Second, 5*time.Millisecond, "every confirmed report arrives")
			serials := map[uint16]int{}
			for _, e := range rec.all() {
				if !isTimedReport(e) {
					continue
				}
				m := e.SL651
				serials[m.Serial]++
				assert.Equal(t, sl651.SYN, m.Header.Start, "serial %d start", m.Serial)
				level, ok := m.Element(sl651.WaterLevel)
				require.True(t, ok, "serial %d has a water level", m.Serial)
				assert.Equal(t, sl651.NewValue(1000+int64(m.Serial), 3), level.Value,
					"serial %d water level", m.Serial)
				assert.Equal(t, m.Header.Packet.Total, uint16(countFrames(t, e.Frame)),
					"serial %d frame holds every packet", m.Serial)
			}
			for serial, n := range serials {
				assert.Equal(t, 1, n, "serial %d arrived %d times", serial, n)
			}
			assert.Zero(t, rec.count(isKind(Invalid)), "invalid events")
			got := srv.Stats()
			assert.Positive(t, got.Packets, "packets counted")
			assert.Equal(t, uint64(len(serials)), got.Joined, "joined messages")
			if tt.naks {
				assert.Positive(t, got.Naks, "missing packets requested")
				assert.Positive(t, stats.Naks, "packets sent again on request")
			}
			assert.Positive(t, stats.PacketAcks, "packets confirmed one by one")
		})
	}
}

// countFrames returns the number of SL 651 frames in b.
func countFrames(t *testing.T, b []byte) int {
	t.Helper()
	s := frame.NewStream(sl651.Protocol{}, 0)
	s.Feed(b)
	n := 0
	for {
		if _, ok := s.Next(); !ok {
			return n
		}
		n++
	}
}

// reportPackets encodes a timed report of station a as SYN frames of at
// most size body bytes.
func reportPackets(t testing.TB, a sl651.Address, serial uint16, size int) [][]byte {
	t.Helper()
	whole := timedReport(t, a, serial, observed, 1234)
	var d sl651.Decoder
	var m sl651.Message
	require.NoError(t, d.Decode(whole, &m))
	headers, bodies, err := sl651.Split(m.Header, whole[14:len(whole)-3], size)
	require.NoError(t, err)
	frames := make([][]byte, len(headers))
	for i := range headers {
		frames[i], err = sl651.AppendFrame(nil, &headers[i], bodies[i])
		require.NoError(t, err)
	}
	return frames
}

// readReply reads the next downlink frame on conn and decodes its header
// and, for a packet reply, its serial number.
func readReply(t *testing.T, conn net.Conn, st *frame.Stream) sl651.Message {
	t.Helper()
	var d sl651.Decoder
	var m sl651.Message
	require.NoError(t, d.Decode(readFrame(t, conn, st), &m))
	if m.Header.Start == sl651.SYN {
		var body sl651.Message
		require.NoError(t, d.DecodeBody(m.Header, m.Payload, &body))
		m.Serial = body.Serial
	}
	return m
}

func TestMultiPacketNakAndRepeat(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, Protocol: SL651})
	conn := dial(t, addr)
	st := frame.NewStream(sl651.Protocol{}, 0)
	packets := reportPackets(t, stationAddress(3), 42, 14)
	require.Len(t, packets, 3)

	send := func(i int) {
		t.Helper()
		_, err := conn.Write(packets[i])
		require.NoError(t, err)
	}
	send(0)
	r := readReply(t, conn, st)
	assert.Equal(t, sl651.ACK, r.Header.End, "packet 1 reply")
	assert.Equal(t, sl651.Packet{Total: 3, Seq: 1}, r.Header.Packet)
	assert.Equal(t, uint16(42), r.Serial)

	send(2)
	r = readReply(t, conn, st)
	assert.Equal(t, sl651.NAK, r.Header.End, "reply to the last packet with packet 2 missing")
	assert.Equal(t, sl651.Packet{Total: 3, Seq: 2}, r.Header.Packet)

	send(1)
	r = readReply(t, conn, st)
	assert.Equal(t, sl651.EOT, r.Header.End, "reply to the completing packet")
	assert.Equal(t, sl651.Packet{Total: 3, Seq: 3}, r.Header.Packet)
	assert.Equal(t, uint16(42), r.Serial)
	e := rec.waitFor(t, isTimedReport)
	assert.Equal(t, uint16(42), e.SL651.Serial)

	send(1) // sent again, as after a lost confirmation
	r = readReply(t, conn, st)
	assert.Equal(t, sl651.EOT, r.Header.End, "reply to a repeated packet")
	assert.Equal(t, uint16(42), r.Serial)
	assert.Equal(t, 1, rec.count(isTimedReport), "the report arrives once")
	assert.Zero(t, srv.Stats().Dropped)
	assert.Equal(t, uint64(1), srv.Stats().Naks)
}

func TestMultiPacketTimeout(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, Protocol: SL651,
		PacketTimeout: 100 * time.Millisecond})
	conn := dial(t, addr)
	st := frame.NewStream(sl651.Protocol{}, 0)
	packets := reportPackets(t, stationAddress(4), 9, 14)
	for i := range 2 {
		_, err := conn.Write(packets[i])
		require.NoError(t, err)
		assert.Equal(t, sl651.ACK, readReply(t, conn, st).Header.End, "packet %d reply", i+1)
	}

	e := rec.waitFor(t, isKind(Invalid))
	var inc *sl651.IncompleteError
	require.True(t, errors.As(e.Err, &inc), "error %v is an IncompleteError", e.Err)
	assert.ErrorIs(t, e.Err, sl651.ErrReassembly)
	assert.Equal(t, []uint16{3}, inc.Missing)
	assert.Equal(t, stationAddress(4).String(), e.Station)
	assert.Equal(t, uint64(1), srv.Stats().Dropped)
	assert.Zero(t, rec.count(isTimedReport))

	// The connection stays open and the next report gets through.
	_, err := conn.Write(timedReport(t, stationAddress(4), 10, observed, 5))
	require.NoError(t, err)
	rec.waitFor(t, isTimedReport)
}

func TestMultiPacketBytesBound(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, Protocol: SL651, PacketBytes: 16})
	conn := dial(t, addr)
	_, err := conn.Write(reportPackets(t, stationAddress(5), 1, 14)[0])
	require.NoError(t, err)
	e := rec.waitFor(t, isKind(Invalid))
	assert.ErrorIs(t, e.Err, sl651.ErrReassembly)
	assert.Equal(t, uint64(1), srv.Stats().Dropped)
}
