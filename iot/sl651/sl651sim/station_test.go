package sl651sim

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// centre is a minimal centre for the tests: it confirms timed reports,
// records their serials and the other frames, and can send commands.
type centre struct {
	ln      net.Listener
	mu      sync.Mutex
	serials map[uint16]int
	replies []sl651.Message
	rejects int
	conn    net.Conn
	ready   chan struct{}
}

func newCentre(t *testing.T) *centre {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	c := &centre{ln: ln, serials: map[uint16]int{}, ready: make(chan struct{})}
	t.Cleanup(func() { ln.Close() })
	go c.serve(t)
	return c
}

func (c *centre) serve(t *testing.T) {
	conn, err := c.ln.Accept()
	if err != nil {
		return
	}
	c.conn = conn
	close(c.ready)
	s := frame.NewStream(sl651.Protocol{}, 0)
	var d sl651.Decoder
	for {
		f, err := s.ReadFrame(conn)
		if err != nil {
			return
		}
		var m sl651.Message
		if err := d.Decode(f, &m); err != nil {
			c.mu.Lock()
			c.rejects++
			c.mu.Unlock()
			continue
		}
		c.mu.Lock()
		switch m.Header.Function {
		case sl651.TimedReport:
			c.serials[m.Serial]++
		case sl651.KeepAlive:
		default:
			c.replies = append(c.replies, m.Clone())
		}
		c.mu.Unlock()
		if m.Header.Function == sl651.TimedReport {
			ack := sl651.Ack(&m, time.Now(), sl651.EOT)
			b, err := ack.AppendFrame(nil, sl651.Options{})
			if err == nil {
				_, err = conn.Write(b)
			}
			if err != nil {
				return
			}
		}
	}
}

func (c *centre) send(t *testing.T, m sl651.Message) {
	<-c.ready
	b, err := m.AppendFrame(nil, sl651.Options{})
	require.NoError(t, err)
	_, err = c.conn.Write(b)
	require.NoError(t, err)
}

func (c *centre) snapshot() (map[uint16]int, []sl651.Message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	serials := make(map[uint16]int, len(c.serials))
	for k, v := range c.serials {
		serials[k] = v
	}
	return serials, append([]sl651.Message(nil), c.replies...)
}

var testAddress = sl651.Address{0x00, 0x10, 0x10, 0x00, 0x01}

func runStation(t *testing.T, st *Station, c *centre) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- st.Dial(ctx, c.ln.Addr().String()) }()
	return func() error {
		cancel()
		return <-done
	}
}

func TestStationReportsAreConfirmed(t *testing.T) {
	c := newCentre(t)
	st := &Station{Address: testAddress, Interval: 10 * time.Millisecond, AckTimeout: 200 * time.Millisecond}
	stop := runStation(t, st, c)
	require.Eventually(t, func() bool { return st.Stats().Acked >= 5 }, 5*time.Second, 5*time.Millisecond)
	require.NoError(t, stop())
	serials, _ := c.snapshot()
	for serial, n := range serials {
		assert.Equal(t, 1, n, "serial %d arrived %d times", serial, n)
	}
	assert.Zero(t, st.Stats().Invalid, "invalid downlink frames")
}

func TestStationMisbehavesAndRecovers(t *testing.T) {
	c := newCentre(t)
	st := &Station{Address: testAddress, Interval: 5 * time.Millisecond, AckTimeout: 40 * time.Millisecond,
		Retries: 3, Faults: Faults{Split: true, Merge: true, CorruptEvery: 2, GarbageEvery: 3, Seed: 7}}
	stop := runStation(t, st, c)
	require.Eventually(t, func() bool { return st.Stats().Acked >= 5 }, 10*time.Second, 5*time.Millisecond)
	require.NoError(t, stop())
	stats := st.Stats()
	assert.Positive(t, stats.Resent, "corrupted reports are sent again")
	serials, _ := c.snapshot()
	for serial, n := range serials {
		assert.Equal(t, 1, n, "serial %d arrived %d times", serial, n)
	}
	assert.GreaterOrEqual(t, len(serials), stats.Acked, "every confirmed report arrived")
}

func TestStationAnswersCommands(t *testing.T) {
	c := newCentre(t)
	st := &Station{Address: testAddress, Interval: time.Hour}
	stop := runStation(t, st, c)
	down := sl651.Header{Direction: sl651.Down, Center: 1, Station: testAddress, End: sl651.ENQ}
	now := time.Now()
	for _, m := range []sl651.Message{
		{Header: withFunction(down, sl651.QueryRealtime), SendTime: now},
		{Header: withFunction(down, sl651.PumpControl), SendTime: now,
			Switches: sl651.Switches{Count: 8, States: []byte{0x03}}},
		{Header: withFunction(down, sl651.QueryStatus), SendTime: now},
		{Header: withFunction(down, sl651.SetClock), SendTime: now.Add(time.Hour)},
	} {
		c.send(t, m)
	}
	require.Eventually(t, func() bool { _, r := c.snapshot(); return len(r) == 4 }, 5*time.Second, 5*time.Millisecond)
	require.NoError(t, stop())
	_, replies := c.snapshot()
	realtime := replies[0]
	assert.Equal(t, sl651.QueryRealtime, realtime.Header.Function)
	_, ok := realtime.Element(sl651.WaterLevel)
	assert.True(t, ok, "realtime reply has a water level")
	pump := replies[1]
	assert.True(t, pump.Switches.On(1), "pump 1 on")
	assert.True(t, pump.Switches.On(2), "pump 2 on")
	assert.False(t, pump.Switches.On(3), "pump 3 off")
	status, ok := replies[2].Status()
	require.True(t, ok, "status reply has the status word")
	assert.False(t, status.Has(sl651.PumpStopped), "a pump runs")
	assert.WithinDuration(t, now.Add(time.Hour), replies[3].SendTime, 5*time.Second, "clock set")
}

func withFunction(h sl651.Header, f sl651.FunctionCode) sl651.Header {
	h.Function = f
	return h
}

func TestStationUnsetClock(t *testing.T) {
	c := newCentre(t)
	st := &Station{Address: testAddress, Interval: 10 * time.Millisecond, Faults: Faults{UnsetClock: true}}
	stop := runStation(t, st, c)
	require.Eventually(t, func() bool { return st.Stats().Acked >= 1 }, 5*time.Second, 5*time.Millisecond)
	require.NoError(t, stop())
	_ = c
}

// packetCentre is a minimal centre for multi-packet reports: it joins the
// packets with a Reassembler, replies ACK, NAK for the first missing
// packet once the last came, and EOT on completion, and records the
// serial numbers of the joined reports.
type packetCentre struct {
	ln      net.Listener
	mu      sync.Mutex
	serials map[uint16]int
}

func newPacketCentre(t *testing.T) *packetCentre {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	c := &packetCentre{ln: ln, serials: map[uint16]int{}}
	t.Cleanup(func() { ln.Close() })
	go c.serve()
	return c
}

func (c *packetCentre) serve() {
	conn, err := c.ln.Accept()
	if err != nil {
		return
	}
	defer conn.Close()
	s := frame.NewStream(sl651.Protocol{}, 0)
	var d sl651.Decoder
	var r sl651.Reassembler
	for {
		f, err := s.ReadFrame(conn)
		if err != nil {
			return
		}
		var m sl651.Message
		if err := d.Decode(f, &m); err != nil || m.Header.Start != sl651.SYN {
			continue
		}
		p, err := r.AddFrame(m.Header, m.Payload, nil)
		if err != nil {
			continue
		}
		reply := sl651.AckPacket(m.Header, p.Serial, time.Now())
		switch {
		case p.Status == sl651.PacketCompleted:
			var joined sl651.Message
			if d.DecodeBody(p.Joined.Header, p.Joined.Body, &joined) == nil {
				c.mu.Lock()
				c.serials[joined.Serial]++
				c.mu.Unlock()
			}
			reply = sl651.Ack(&joined, time.Now(), sl651.EOT)
		case p.Status == sl651.PacketRepeated:
			last := sl651.Message{Header: m.Header, Serial: p.Serial}
			reply = sl651.Ack(&last, time.Now(), sl651.EOT)
		case len(p.Missing) > 0:
			reply = sl651.Nak(m.Header, p.Serial, time.Now(), p.Missing[0])
		}
		b, err := reply.AppendFrame(nil, sl651.Options{})
		if err == nil {
			_, err = conn.Write(b)
		}
		if err != nil {
			return
		}
	}
}

func TestStationSendsPackets(t *testing.T) {
	c := newPacketCentre(t)
	st := &Station{Address: testAddress, Interval: 10 * time.Millisecond, AckTimeout: 200 * time.Millisecond,
		Retries: 5, PacketSize: 10,
		Faults: Faults{ShufflePackets: true, LosePacket: true, DuplicatePacket: true, Seed: 9}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- st.Dial(ctx, c.ln.Addr().String()) }()
	require.Eventually(t, func() bool { return st.Stats().Acked >= 5 }, 10*time.Second, 5*time.Millisecond)
	cancel()
	require.NoError(t, <-done)

	stats := st.Stats()
	assert.Positive(t, stats.Naks, "lost packets sent again on NAK")
	assert.Positive(t, stats.PacketAcks, "packets confirmed one by one")
	assert.Greater(t, stats.Packets, stats.Reports, "reports went in several packets")
	c.mu.Lock()
	defer c.mu.Unlock()
	assert.GreaterOrEqual(t, len(c.serials), stats.Acked, "every confirmed report was joined")
	for serial, n := range c.serials {
		assert.Equal(t, 1, n, "serial %d joined %d times", serial, n)
	}
}
