package sl651sim

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
)

// Station is a fake SL 651-2014 telemetry station on a TCP connection. It
// sends a timed report (function 0x32) every Interval in mode M2: it waits
// for the centre's confirmation and sends a report again, at most Retries
// times, when none arrives within AckTimeout. It replies to the
// centre's queries and commands: realtime data (0x37), clock query and setting (0x51,
// 0x4A), status (0x46), pump, valve and gate control (0x4C to 0x4E) and
// set-point control (0x4F). With PacketSize set, it sends each timed
// report as a multi-packet message (mode M3): it sends a packet again when
// the centre asks for it with NAK and takes the report as confirmed on EOT
// or ESC. Set the fields before calling Serve or Dial; a Station serves
// one connection at a time.
type Station struct {
	// Center is the centre address in the frames, 1 when zero.
	Center uint8
	// Address is the station address.
	Address sl651.Address
	// Password is the frame password.
	Password uint16
	// Type is the station type, River when zero.
	Type sl651.StationType
	// Interval is the time between timed reports, 1 minute when zero.
	Interval time.Duration
	// AckTimeout is how long to wait for a confirmation, 5 seconds when zero.
	AckTimeout time.Duration
	// Retries is how many times an unconfirmed report is sent again; SL
	// 651-2014 6.3.2.3 requires 2. Negative means none.
	Retries int
	// Now returns the current time, time.Now when nil.
	Now func() time.Time
	// Readings returns the elements of report n (from 1) observed at t. When
	// nil, a water level rising 1 mm per report and a 12.00 V supply.
	Readings func(n int, t time.Time) []sl651.Element
	// PacketSize, when 4 or more, splits every timed report into packets
	// (start SYN) of at most PacketSize body bytes, the 3-byte packet field
	// included. Zero sends single frames.
	PacketSize int
	// Faults makes the station misbehave.
	Faults Faults
	// Logger receives one debug line per report and command; nil discards.
	Logger *slog.Logger

	mu    sync.Mutex
	stats Stats
	state sl651.Switches
	skew  time.Duration
}

// Stats counts what a station did.
type Stats struct {
	Reports  int // timed reports sent for the first time
	Resent   int // reports sent again for want of a confirmation
	Acked    int // reports the centre confirmed
	Unacked  int // reports given up after the retries
	Commands int // downlink queries and commands replied to
	Ignored  int // downlink frames that decoded but needed nothing
	Invalid  int // downlink frames that did not decode
	// Packets counts the packets of multi-packet reports written, repeats
	// and packets sent again included.
	Packets int
	// PacketAcks counts per-packet confirmations (end character ACK).
	PacketAcks int
	// Naks counts packets sent again because the centre asked with NAK.
	Naks int
}

// Stats returns the counters so far. It is safe to call from any goroutine.
func (s *Station) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

func (s *Station) count(f func(*Stats)) {
	s.mu.Lock()
	f(&s.stats)
	s.mu.Unlock()
}

// Dial connects to the centre at addr and serves the connection until ctx
// ends or the connection fails.
func (s *Station) Dial(ctx context.Context, addr string) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("sl651sim: dial %s: %w", addr, err)
	}
	return s.Serve(ctx, conn)
}

// Serve runs the station on conn until ctx ends, when it returns nil, or
// the connection fails. It closes conn.
func (s *Station) Serve(ctx context.Context, conn net.Conn) error {
	defer conn.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan sl651.Message, 16)
	readErr := make(chan error, 1)
	go func() { readErr <- s.read(conn, in) }()
	go func() {
		<-ctx.Done()
		conn.Close()
	}()
	err := s.loop(ctx, newWire(conn, s.Faults), in, readErr)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// read decodes downlink frames into in until the connection fails.
func (s *Station) read(r io.Reader, in chan<- sl651.Message) error {
	stream := frame.NewStream(sl651.Protocol{}, 0)
	var d sl651.Decoder
	for {
		f, err := stream.ReadFrame(r)
		if err != nil {
			return err
		}
		var m sl651.Message
		if err := d.Decode(f, &m); err != nil || m.Header.Direction != sl651.Down {
			s.count(func(st *Stats) { st.Invalid++ })
			continue
		}
		if m.Header.Start == sl651.SYN {
			// A packet confirmation or NAK: its body is serial and time.
			var body sl651.Message
			if err := d.DecodeBody(m.Header, m.Payload, &body); err != nil {
				s.count(func(st *Stats) { st.Invalid++ })
				continue
			}
			m.Serial, m.SendTime = body.Serial, body.SendTime
		}
		in <- m.Clone()
	}
}

// pending is a report waiting for its confirmation.
type pending struct {
	frame    []byte
	packets  [][]byte // the packet frames of a multi-packet report, in sequence order
	serial   uint16
	deadline time.Time
	tries    int
}

func (s *Station) loop(ctx context.Context, w *wire, in <-chan sl651.Message, readErr <-chan error) error {
	ticker := time.NewTicker(s.interval())
	defer ticker.Stop()
	retry := time.NewTicker(s.ackTimeout() / 4)
	defer retry.Stop()
	var wait *pending
	serial, n := uint16(0), 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-readErr:
			return fmt.Errorf("sl651sim: station %s: read: %w", s.Address, err)
		case <-ticker.C:
			if wait != nil {
				continue // one report at a time, as in mode M2
			}
			n++
			serial = serial%65535 + 1
			p, err := s.report(w, n, serial)
			if err != nil {
				return err
			}
			wait = p
		case <-retry.C:
			var err error
			if wait, err = s.retry(w, wait); err != nil {
				return err
			}
		case m := <-in:
			if wait != nil && wait.packets != nil && m.Header.Function == sl651.TimedReport &&
				m.Header.Start == sl651.SYN {
				var err error
				if wait, err = s.packetReply(w, wait, &m); err != nil {
					return err
				}
				continue
			}
			if wait != nil && m.Header.Function == sl651.TimedReport && m.Serial == wait.serial {
				s.count(func(st *Stats) { st.Acked++ })
				wait = nil
				continue
			}
			if err := s.handle(w, &m); err != nil {
				return err
			}
		}
	}
}

// report sends timed report n with serial.
func (s *Station) report(w *wire, n int, serial uint16) (*pending, error) {
	now := s.clock()
	obs := now.Truncate(time.Minute)
	m := sl651.Message{Header: s.header(sl651.Up, sl651.TimedReport, sl651.ETX), Serial: serial, SendTime: now,
		Station: s.Address, StationType: s.stationType(), ObservedAt: obs, Elements: s.readings(n, obs)}
	f, err := m.AppendFrame(nil, sl651.Options{})
	if err != nil {
		return nil, fmt.Errorf("sl651sim: station %s: build report %d: %w", s.Address, n, err)
	}
	if s.PacketSize >= 4 {
		return s.reportPackets(w, &m, f)
	}
	var extra []byte
	if s.Faults.Merge {
		extra = keepAlive(m.Header, serial, now)
	}
	if err := w.Write(f, extra, true); err != nil {
		return nil, fmt.Errorf("sl651sim: station %s: write report: %w", s.Address, err)
	}
	s.count(func(st *Stats) { st.Reports++ })
	s.log("report sent", "serial", serial)
	return &pending{frame: f, serial: serial, deadline: time.Now().Add(s.ackTimeout())}, nil
}

// retry sends an unconfirmed report again or gives it up.
func (s *Station) retry(w *wire, p *pending) (*pending, error) {
	if p == nil || time.Now().Before(p.deadline) {
		return p, nil
	}
	if p.tries >= s.retries() {
		s.count(func(st *Stats) { st.Unacked++ })
		s.log("report not confirmed", "serial", p.serial)
		return nil, nil
	}
	p.tries++
	p.deadline = time.Now().Add(s.ackTimeout())
	if p.packets != nil {
		if err := s.writePackets(w, p.packets, allPackets(len(p.packets))); err != nil {
			return nil, err
		}
		s.count(func(st *Stats) { st.Resent++ })
		return p, nil
	}
	if err := w.Write(p.frame, nil, true); err != nil {
		return nil, fmt.Errorf("sl651sim: station %s: write report: %w", s.Address, err)
	}
	s.count(func(st *Stats) { st.Resent++ })
	return p, nil
}

func (s *Station) header(dir sl651.Direction, f sl651.FunctionCode, end sl651.Control) sl651.Header {
	center := s.Center
	if center == 0 {
		center = 1
	}
	return sl651.Header{Direction: dir, Center: center, Station: s.Address, Password: s.Password,
		Function: f, Start: sl651.STX, End: end}
}

func (s *Station) stationType() sl651.StationType {
	if s.Type == 0 {
		return sl651.River
	}
	return s.Type
}

func (s *Station) readings(n int, t time.Time) []sl651.Element {
	if s.Readings != nil {
		return s.Readings(n, t)
	}
	return []sl651.Element{
		{ID: sl651.WaterLevel, Value: sl651.NewValue(int64(1000+n), 3), ObservedAt: t},
		{ID: sl651.Voltage, Value: sl651.NewValue(1200, 2), ObservedAt: t},
	}
}

func (s *Station) clock() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	s.mu.Lock()
	skew := s.skew
	s.mu.Unlock()
	return s.Faults.clock(now().Add(skew))
}

func (s *Station) interval() time.Duration {
	if s.Interval > 0 {
		return s.Interval
	}
	return time.Minute
}

func (s *Station) ackTimeout() time.Duration {
	if s.AckTimeout > 0 {
		return s.AckTimeout
	}
	return 5 * time.Second
}

func (s *Station) retries() int {
	switch {
	case s.Retries < 0:
		return 0
	case s.Retries == 0:
		return 2
	}
	return s.Retries
}

func (s *Station) log(msg string, args ...any) {
	if s.Logger != nil {
		s.Logger.Debug(msg, append([]any{"station", s.Address.String()}, args...)...)
	}
}
