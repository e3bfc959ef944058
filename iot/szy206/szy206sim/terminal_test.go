package szy206sim

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/szy206"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// centre is a minimal centre for the tests: it confirms self-reports,
// records them and the other frames, and can send commands.
type centre struct {
	ln      net.Listener
	opts    szy206.Options
	mu      sync.Mutex
	reports []szy206.Message
	others  []szy206.Message
	rejects int
	conn    net.Conn
	ready   chan struct{}
}

func newCentre(t *testing.T, opts szy206.Options) *centre {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	c := &centre{ln: ln, opts: opts, ready: make(chan struct{})}
	t.Cleanup(func() { ln.Close() })
	go c.serve()
	return c
}

func (c *centre) serve() {
	conn, err := c.ln.Accept()
	if err != nil {
		return
	}
	c.conn = conn
	close(c.ready)
	s := frame.NewStream(szy206.Protocol{}, 0)
	d := szy206.NewDecoder(c.opts)
	for {
		f, err := s.ReadFrame(conn)
		if err != nil {
			return
		}
		var m szy206.Message
		if err := d.Decode(f, &m); err != nil {
			c.mu.Lock()
			c.rejects++
			c.mu.Unlock()
			continue
		}
		c.mu.Lock()
		if m.Header.AFN == szy206.SelfReport {
			c.reports = append(c.reports, m.Clone())
		} else {
			c.others = append(c.others, m.Clone())
		}
		c.mu.Unlock()
		if m.Header.AFN == szy206.SelfReport {
			ack := szy206.Message{Header: szy206.Header{Control: szy206.NewControl(false, false, 3, szy206.Command),
				Address: m.Header.Address, AFN: szy206.SelfReport}}
			b, err := ack.AppendFrame(nil, c.opts)
			if err == nil {
				_, err = conn.Write(b)
			}
			if err != nil {
				return
			}
		}
	}
}

func (c *centre) send(t *testing.T, m szy206.Message) {
	<-c.ready
	b, err := m.AppendFrame(nil, c.opts)
	require.NoError(t, err)
	_, err = c.conn.Write(b)
	require.NoError(t, err)
}

func (c *centre) snapshot() (reports, others []szy206.Message, rejects int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]szy206.Message(nil), c.reports...), append([]szy206.Message(nil), c.others...), c.rejects
}

var testAddress = szy206.Address{0x53, 0x03, 0x81, 0x0D, 0x00}

func run(t *testing.T, term *Terminal, c *centre) func() error {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- term.Dial(ctx, c.ln.Addr().String()) }()
	return func() error {
		cancel()
		return <-done
	}
}

func TestTerminalReportsFlow(t *testing.T) {
	for _, variant := range []szy206.Variant{{}, szy206.SLT427()} {
		c := newCentre(t, szy206.Options{Variant: variant})
		term := &Terminal{Address: testAddress, Variant: variant, Interval: 10 * time.Millisecond,
			Confirm: true, AckTimeout: 200 * time.Millisecond, Flow: 2500}
		stop := run(t, term, c)
		require.Eventually(t, func() bool { return term.Stats().Confirmed >= 3 }, 5*time.Second, 5*time.Millisecond)
		require.NoError(t, stop())
		reports, others, rejects := c.snapshot()
		assert.Zero(t, rejects, "frames the centre rejected")
		require.NotEmpty(t, others, "login")
		assert.Equal(t, szy206.Login, others[0].Link, "first frame logs in")
		r := reports[0]
		require.Len(t, r.Items, 2)
		assert.Equal(t, szy206.NewValue(2500, 3), r.Items[0].Value, "flow")
		wantLabel := uint8(szy206.TimeLabel5)
		if variant.TimeLabel == szy206.TimeLabel7 {
			wantLabel = szy206.TimeLabel7
		}
		assert.Equal(t, wantLabel, r.Header.TimeLabel.Len, "time label length")
	}
}

func TestTerminalMisbehavesAndRecovers(t *testing.T) {
	c := newCentre(t, szy206.Options{})
	term := &Terminal{Address: testAddress, Interval: 5 * time.Millisecond, Confirm: true,
		AckTimeout: 40 * time.Millisecond,
		Faults:     Faults{Split: true, Merge: true, CorruptEvery: 3, GarbageEvery: 2, BoxDoorOpen: true, Seed: 3}}
	stop := run(t, term, c)
	require.Eventually(t, func() bool { return term.Stats().Confirmed >= 5 }, 10*time.Second, 5*time.Millisecond)
	require.NoError(t, stop())
	reports, _, _ := c.snapshot()
	assert.Positive(t, term.Stats().Resent, "corrupted reports are sent again")
	for _, r := range reports {
		assert.True(t, r.Alarm.Has(szy206.BoxDoorAlarm), "box door alarm")
	}
}

func TestTerminalAnswersCommands(t *testing.T) {
	c := newCentre(t, szy206.Options{})
	term := &Terminal{Address: testAddress, Interval: time.Hour, Remaining: 1000}
	stop := run(t, term, c)

	down := func(a szy206.AFN) szy206.Header {
		h := szy206.Header{Control: szy206.NewControl(false, false, 3, szy206.Command), Address: testAddress, AFN: a}
		if a == szy206.SetRecharge || a == szy206.RemoteStop {
			h.Password, h.HasPassword = 0x1234, true
		}
		return h
	}
	for _, m := range []szy206.Message{
		{Header: down(szy206.SetRecharge), Water: szy206.Water{Recharge: szy206.NewValue(500, 0)}},
		{Header: down(szy206.QueryRecharge)},
		{Header: down(szy206.RemoteStop), Unit: 1},
		{Header: down(szy206.QueryStatus)},
		{Header: down(szy206.QueryPump)},
		{Header: down(szy206.QueryRealtime)},
	} {
		c.send(t, m)
	}
	require.Eventually(t, func() bool { _, o, _ := c.snapshot(); return len(o) == 7 }, 5*time.Second, 5*time.Millisecond)
	require.NoError(t, stop())

	_, others, _ := c.snapshot()
	replies := others[1:]
	assert.Equal(t, szy206.NewValue(500, 0), replies[0].Water.Recharge, "recharge echoed")
	assert.Equal(t, szy206.NewValue(1500, 0), replies[1].Water.Remaining, "remaining after recharge")
	assert.Equal(t, uint8(1), replies[2].Unit, "pump stopped")
	assert.True(t, replies[3].Status.Has(szy206.PumpOff), "status shows the pump off")
	assert.True(t, replies[4].Pump.Valid, "pump data")
	assert.Equal(t, szy206.NewValue(0, 2), replies[4].Pump.Current[0], "no current while stopped")
	assert.Equal(t, szy206.NewValue(0, 3), replies[5].Items[0].Value, "no flow while stopped")
}

func TestTerminalReportsCardSwipe(t *testing.T) {
	c := newCentre(t, szy206.Options{})
	term := &Terminal{Address: testAddress, Interval: time.Hour, Remaining: 10, AlarmLevel: 50, ReportAlarms: true}
	stop := run(t, term, c)
	others := func() []szy206.Message { _, o, _ := c.snapshot(); return o }

	// Login, then the alarm report of remaining water below the alarm value.
	require.Eventually(t, func() bool { return len(others()) == 2 }, 5*time.Second, 5*time.Millisecond)
	alarm := others()[1]
	assert.Equal(t, szy206.AlarmReport, alarm.Header.AFN)
	assert.True(t, alarm.Alarm.Has(szy206.RemainingWaterAlarm), "alarm on at 10 m³ of 50")

	require.NoError(t, term.SwipeCard(100))
	require.Eventually(t, func() bool { return len(others()) == 3 }, 5*time.Second, 5*time.Millisecond)
	cleared := others()[2]
	assert.Equal(t, szy206.AlarmReport, cleared.Header.AFN)
	assert.False(t, cleared.Alarm.Has(szy206.RemainingWaterAlarm), "alarm off at 110 m³")

	query := szy206.Header{Control: szy206.NewControl(false, false, 3, szy206.Command), Address: testAddress,
		AFN: szy206.QueryRecharge}
	c.send(t, szy206.Message{Header: query})
	require.Eventually(t, func() bool { return len(others()) == 4 }, 5*time.Second, 5*time.Millisecond)
	reply := others()[3]
	assert.Equal(t, szy206.NewValue(100, 0), reply.Water.Recharge, "card volume as the last recharge")
	assert.Equal(t, szy206.NewValue(110, 0), reply.Water.Remaining, "remaining water after the swipe")

	disable := szy206.Header{Control: szy206.NewControl(false, false, 3, szy206.Command), Address: testAddress,
		AFN: szy206.DisableICCard, Password: 0x1234, HasPassword: true}
	c.send(t, szy206.Message{Header: disable})
	require.Eventually(t, func() bool { return len(others()) == 5 }, 5*time.Second, 5*time.Millisecond)
	require.ErrorIs(t, term.SwipeCard(100), ErrICCardOff)
	require.NoError(t, stop())

	stats := term.Stats()
	assert.Equal(t, 2, stats.Alarms, "alarm reports")
	assert.Equal(t, 1, stats.Swipes, "swipes")
}

func TestSwipeCardRejectsVolume(t *testing.T) {
	term := &Terminal{Address: testAddress}
	assert.Error(t, term.SwipeCard(0))
	assert.Error(t, term.SwipeCard(100_000_000))
	assert.NoError(t, term.SwipeCard(1))
}
