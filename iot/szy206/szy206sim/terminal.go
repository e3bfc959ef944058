package szy206sim

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// Terminal is a fake SZY 206-2016 or SL/T 427-2021 water-resource
// monitoring terminal on a TCP connection, such as a well's intake meter.
// It logs in with a link check, self-reports its flow and accumulated water
// (AFN C0H, function 3) every Interval with a time label, sends a heartbeat
// every Heartbeat, and replies to the centre's queries and commands. With
// Confirm it waits for the centre's confirmation of each report and sends
// it again with a lower frame count (FCB) when none comes. Set the fields
// before calling Serve or Dial; a Terminal serves one connection at a time.
type Terminal struct {
	// Address is the terminal address.
	Address szy206.Address
	// Variant is the frame variant, such as szy206.SLT427(); the zero value
	// is SZY 206-2016 with 5-byte time labels.
	Variant szy206.Variant
	// Interval is the time between self-reports, 1 minute when zero.
	Interval time.Duration
	// Heartbeat is the time between link checks, none when zero.
	Heartbeat time.Duration
	// Confirm makes the terminal wait for confirmations (working mode 1).
	Confirm bool
	// AckTimeout is how long to wait for a confirmation, 5 seconds when zero.
	AckTimeout time.Duration
	// Flow is the instantaneous flow in thousandths of m³/s, 1.000 m³/s when
	// zero; each report adds Flow × Interval to the accumulated water.
	Flow int64
	// Remaining is the remaining water in m³ at the start, for IC card and
	// recharge queries; the accumulated water used is taken from it.
	Remaining int64
	// AlarmLevel is the remaining-water alarm value in m³ at the start (AFN
	// 16H sets it): below it the alarm word carries RemainingWaterAlarm.
	AlarmLevel int64
	// ReportAlarms makes the terminal send a random alarm report (AFN 81H)
	// whenever the remaining-water alarm turns on or off.
	ReportAlarms bool
	// Now returns the current time, time.Now when nil.
	Now func() time.Time
	// Faults makes the terminal misbehave.
	Faults Faults
	// Logger receives one debug line per frame sent; nil discards.
	Logger *slog.Logger

	mu    sync.Mutex
	stats Stats
	st    state
	wake  chan struct{} // signals the serving loop after a card swipe
}

// state holds the values the centre can query and change.
type state struct {
	volume, remaining, recharge, alarmLevel, setPoint int64
	pumpOff, icCardOff, setPointOut                   bool
	alarmOn                                           bool // remaining-water alarm as last reported
	mode                                              szy206.WorkMode
	skew                                              time.Duration
}

// Stats counts what a terminal did.
type Stats struct {
	Reports    int // self-reports sent for the first time
	Resent     int // self-reports sent again for want of a confirmation
	Confirmed  int // self-reports the centre confirmed
	Heartbeats int // link checks sent
	Commands   int // downlink queries and commands replied to
	Alarms     int // alarm reports (AFN 81H) sent
	Swipes     int // IC cards swiped with SwipeCard
	Ignored    int // downlink frames that decoded but needed nothing
	Invalid    int // downlink frames that did not decode
}

// Stats returns the counters so far. It is safe to call from any goroutine.
func (t *Terminal) Stats() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stats
}

func (t *Terminal) count(f func(*Stats)) {
	t.mu.Lock()
	f(&t.stats)
	t.mu.Unlock()
}

// Dial connects to the centre at addr and serves the connection until ctx
// ends or the connection fails.
func (t *Terminal) Dial(ctx context.Context, addr string) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("szy206sim: dial %s: %w", addr, err)
	}
	return t.Serve(ctx, conn)
}

// Serve runs the terminal on conn until ctx ends, when it returns nil, or
// the connection fails. It closes conn.
func (t *Terminal) Serve(ctx context.Context, conn net.Conn) error {
	defer conn.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	t.mu.Lock()
	t.st.remaining, t.st.alarmLevel, t.st.alarmOn = t.Remaining, t.AlarmLevel, false
	t.wake = make(chan struct{}, 1)
	if t.Confirm {
		t.st.mode = szy206.ModeReportConfirm
	}
	t.mu.Unlock()
	in := make(chan szy206.Message, 16)
	readErr := make(chan error, 1)
	go func() { readErr <- t.read(conn, in) }()
	go func() {
		<-ctx.Done()
		conn.Close()
	}()
	err := t.loop(ctx, newWire(conn, t.Faults), in, readErr)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

func (t *Terminal) read(r io.Reader, in chan<- szy206.Message) error {
	stream := frame.NewStream(szy206.Protocol{}, 0)
	d := szy206.NewDecoder(szy206.Options{Variant: t.Variant})
	for {
		f, err := stream.ReadFrame(r)
		if err != nil {
			return err
		}
		var m szy206.Message
		if err := d.Decode(f, &m); err != nil || m.Up() {
			t.count(func(st *Stats) { st.Invalid++ })
			continue
		}
		in <- m.Clone()
	}
}

// pending is a self-report waiting for its confirmation.
type pending struct {
	msg      szy206.Message
	deadline time.Time
}

func (t *Terminal) loop(ctx context.Context, w *wire, in <-chan szy206.Message, readErr <-chan error) error {
	if err := t.link(w, szy206.Login); err != nil {
		return err
	}
	if err := t.reportAlarm(w); err != nil {
		return err
	}
	report := time.NewTicker(t.interval())
	defer report.Stop()
	heartbeat := time.NewTicker(max(t.Heartbeat, time.Hour))
	if t.Heartbeat > 0 {
		heartbeat.Reset(t.Heartbeat)
	}
	defer heartbeat.Stop()
	retry := time.NewTicker(t.ackTimeout() / 4)
	defer retry.Stop()
	var wait *pending
	for {
		var err error
		select {
		case <-ctx.Done():
			return nil
		case err = <-readErr:
			return fmt.Errorf("szy206sim: terminal %s: read: %w", t.Address, err)
		case <-report.C:
			if wait == nil {
				wait, err = t.report(w)
			}
		case <-heartbeat.C:
			if t.Heartbeat > 0 {
				err = t.link(w, szy206.KeepOnline)
			}
		case <-retry.C:
			wait, err = t.retry(w, wait)
		case <-t.wake:
			// A card swipe changed the remaining water: reportAlarm below
			// sends an alarm report if the alarm turned on or off.
		case m := <-in:
			if wait != nil && m.Header.AFN == szy206.SelfReport {
				t.count(func(st *Stats) { st.Confirmed++ })
				wait = nil
				continue
			}
			err = t.handle(w, &m)
		}
		if err == nil {
			err = t.reportAlarm(w)
		}
		if err != nil {
			return err
		}
	}
}

// send encodes m and writes it; report marks self-reports for the faults.
func (t *Terminal) send(w *wire, m *szy206.Message, extra []byte, report bool) error {
	f, err := m.AppendFrame(nil, szy206.Options{Variant: t.Variant})
	if err != nil {
		return fmt.Errorf("szy206sim: terminal %s: build %s: %w", t.Address, m.Header.AFN, err)
	}
	if err := w.Write(f, extra, report); err != nil {
		return fmt.Errorf("szy206sim: terminal %s: write %s: %w", t.Address, m.Header.AFN, err)
	}
	t.log("frame sent", "afn", m.Header.AFN.String())
	return nil
}

// header returns an uplink header for a, with the time label.
func (t *Terminal) header(f szy206.FunctionCode, a szy206.AFN) szy206.Header {
	n := szy206.TimeLabel5
	if t.Variant.TimeLabel == szy206.TimeLabel7 {
		n = szy206.TimeLabel7
	}
	return szy206.Header{Control: szy206.NewControl(true, false, 3, f), Address: t.Address, AFN: a,
		TimeLabel: szy206.NewTimeLabel(n, t.clock(), 10)}
}

func (t *Terminal) link(w *wire, s szy206.LinkState) error {
	m := szy206.Message{Header: t.header(szy206.Command, szy206.LinkCheck), Link: s}
	m.Header.TimeLabel = szy206.TimeLabel{}
	if err := t.send(w, &m, nil, false); err != nil {
		return err
	}
	t.count(func(st *Stats) { st.Heartbeats++ })
	return nil
}

// report sends a self-report of the flow and accumulated water.
func (t *Terminal) report(w *wire) (*pending, error) {
	t.mu.Lock()
	flow := t.flow()
	used := flow * int64(t.interval()/time.Second) / 1000
	t.st.volume += used
	t.st.remaining -= used
	t.mu.Unlock()
	m := t.realtime(szy206.SelfReport)
	var extra []byte
	if t.Faults.Merge {
		hb := szy206.Message{Header: t.header(szy206.Command, szy206.LinkCheck), Link: szy206.KeepOnline}
		hb.Header.TimeLabel = szy206.TimeLabel{}
		extra, _ = hb.AppendFrame(nil, szy206.Options{Variant: t.Variant})
	}
	if err := t.send(w, &m, extra, true); err != nil {
		return nil, err
	}
	t.count(func(st *Stats) { st.Reports++ })
	if !t.Confirm {
		return nil, nil
	}
	return &pending{msg: m, deadline: time.Now().Add(t.ackTimeout())}, nil
}

// retry sends an unconfirmed report again with the next lower FCB, and gives
// it up after FCB 1.
func (t *Terminal) retry(w *wire, p *pending) (*pending, error) {
	if p == nil || time.Now().Before(p.deadline) {
		return p, nil
	}
	c := p.msg.Header.Control
	if c.FCB() <= 1 {
		return nil, nil
	}
	p.msg.Header.Control = szy206.NewControl(true, false, c.FCB()-1, c.Function())
	p.deadline = time.Now().Add(t.ackTimeout())
	if err := t.send(w, &p.msg, nil, true); err != nil {
		return nil, err
	}
	t.count(func(st *Stats) { st.Resent++ })
	return p, nil
}

// realtime returns a report of the flow, volume, alarm and status for a.
func (t *Terminal) realtime(a szy206.AFN) szy206.Message {
	h := t.header(szy206.FlowData, a)
	t.mu.Lock()
	defer t.mu.Unlock()
	m := szy206.Message{Header: h, HasStatus: true,
		Items: []szy206.Item{
			{Quantity: szy206.Flow, Index: 1, Value: szy206.NewValue(t.flow(), 3), Unit: "m³/s"},
			{Quantity: szy206.AccumulatedWater, Index: 1, Value: szy206.NewValue(t.st.volume, 0), Unit: "m³"},
		}}
	m.Alarm, m.Status = t.words()
	return m
}

// words returns the alarm and status words of the state; t.mu is held.
func (t *Terminal) words() (szy206.AlarmWord, szy206.StatusWord) {
	var a szy206.AlarmWord
	s := szy206.StatusWord(t.st.mode)
	if t.Faults.BoxDoorOpen {
		a |= szy206.BoxDoorAlarm
	} else {
		s |= szy206.BoxDoorClosed
	}
	if t.st.remaining < t.st.alarmLevel {
		a |= szy206.RemainingWaterAlarm
	}
	if t.st.pumpOff {
		s |= szy206.PumpOff
	}
	if t.st.icCardOff {
		s |= szy206.ICCardOff
	}
	if t.st.setPointOut {
		s |= szy206.SetPointOut
	}
	return a, s
}

// flow returns the flow in thousandths of m³/s, 0 while the pump is off;
// t.mu is held.
func (t *Terminal) flow() int64 {
	if t.st.pumpOff {
		return 0
	}
	if t.Flow != 0 {
		return t.Flow
	}
	return 1000
}

func (t *Terminal) clock() time.Time {
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	t.mu.Lock()
	skew := t.st.skew
	t.mu.Unlock()
	return t.Faults.clock(now().Add(skew))
}

func (t *Terminal) interval() time.Duration {
	if t.Interval > 0 {
		return t.Interval
	}
	return time.Minute
}

func (t *Terminal) ackTimeout() time.Duration {
	if t.AckTimeout > 0 {
		return t.AckTimeout
	}
	return 5 * time.Second
}

func (t *Terminal) log(msg string, args ...any) {
	if t.Logger != nil {
		t.Logger.Debug(msg, append([]any{"terminal", t.Address.String()}, args...)...)
	}
}
