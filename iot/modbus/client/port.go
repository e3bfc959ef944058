package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	gmodbus "github.com/goburrow/modbus"
	"github.com/goburrow/serial"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// ErrNotConnected is returned by a [Port] of a [DTUServer] while its DTU has
// no open connection.
var ErrNotConnected = errors.New("modbus rtu: DTU not connected")

// Port is one RTU bus: a serial port, a TCP connection to a serial server or
// DTU, or a connection a DTU opened. All units on the bus share the Port,
// and its lock lets one request and its reply at a time on the wire,
// whatever unit they address. A Port is safe for concurrent use.
//
// Before each request the Port waits until the line has been silent for
// Silence, and for the addressed device's turnaround delay, since the end of
// the previous frame, and discards pending input. It reads the reply by the
// length that the request implies, or 5 bytes when the function code has
// the exception bit 0x80 set. Bytes in front that do not start a reply
// from the addressed unit with a valid CRC are skipped. After a timeout, the
// next request first discards input until the line has been quiet for
// Timeout, so that the late reply is not taken for the next one. An I/O
// error closes the link, and the next request opens it again. A Port sends
// requests of function codes 1 to 6, 15 and 16 and rejects others.
//
// A [Client] request whose context ends while it waits for the lock, or for
// the silence before it, is not sent. One whose context ends after it was
// sent stops waiting for its reply and releases the lock as at a timeout.
// The device may still reply, so the next request on the bus still keeps
// the silence and its own device's turnaround, counted from the moment the
// wait ended, and first discards input until the line has been quiet for
// Timeout. A request whose write over TCP is cut off part-way closes the
// link. A write to a serial port is not interrupted.
type Port struct {
	// Timeout bounds each request's round trip. Zero means
	// [DefaultTimeout].
	Timeout time.Duration
	// Silence is the minimum idle time between frames, 3.5 character times.
	// [OpenSerial] sets it from the baud rate.
	Silence time.Duration

	name string
	open func(ctx context.Context) (link, error)

	lock    busLock // held for each request, and guards the fields below
	link    link
	lastEnd time.Time
	late    bool // the last request timed out or was abandoned
	buf     [2 * modbus.MaxFrameLen]byte
	stats   PortStats
}

// PortStats counts the events of a [Port].
type PortStats struct {
	Requests  uint64 // requests sent
	Timeouts  uint64 // requests without a reply in time
	Abandoned uint64 // requests sent whose context ended before the reply
	Flushed   uint64 // bytes discarded before a request
	Skipped   uint64 // bytes skipped in front of a reply
	Opens     uint64 // times the link was opened or attached
}

// Silence returns 3.5 character times of 11 bits at baud, or 1.75 ms above
// 19200 baud, as the Modbus over Serial Line specification V1.02, clause
// 2.5.1.1, fixes it.
func Silence(baud int) time.Duration {
	if baud <= 0 || baud > 19200 {
		return 1750 * time.Microsecond
	}
	return time.Duration(38_500_000/baud) * time.Microsecond
}

// SerialConfig configures a serial port for [OpenSerial].
type SerialConfig struct {
	// Device is the port's path, such as "/dev/ttyUSB0".
	Device string
	// BaudRate is in bit/s. Zero means 9600.
	BaudRate int
	// Parity is "N", "E" (the Modbus default) or "O". Empty means "E".
	Parity string
	// StopBits is 1 or 2. Zero means 1.
	StopBits int
	// RS485 enables the kernel's RS-485 direction control.
	RS485 serial.RS485Config
}

// OpenSerial returns a Port on a serial port. The port opens at the first
// request and again after an I/O error.
func OpenSerial(cfg SerialConfig) *Port {
	baud := cfg.BaudRate
	if baud == 0 {
		baud = 9600
	}
	parity := cfg.Parity
	if parity == "" {
		parity = "E"
	}
	p := &Port{Silence: Silence(baud), name: cfg.Device}
	sc := serial.Config{
		Address:  cfg.Device,
		BaudRate: baud,
		DataBits: 8,
		StopBits: max(cfg.StopBits, 1),
		Parity:   parity,
		// Each read waits one silence at most, so a read that times out
		// has seen the line idle for that long.
		Timeout: p.Silence,
		RS485:   cfg.RS485,
	}
	p.open = func(context.Context) (link, error) {
		sp, err := serial.Open(&sc)
		if err != nil {
			return nil, fmt.Errorf("open serial port %s: %w", cfg.Device, err)
		}
		return &serialLink{Port: sp}, nil
	}
	return p
}

// DialRTU returns a Port that carries RTU frames over TCP to address, a
// serial server or DTU in transparent mode. It dials at the first request
// and again after an I/O error.
func DialRTU(address string) *Port {
	p := &Port{Silence: Silence(0), name: address}
	p.open = func(ctx context.Context) (link, error) {
		d := net.Dialer{Timeout: p.timeout()}
		c, err := d.DialContext(ctx, "tcp", address)
		if err != nil {
			return nil, fmt.Errorf("dial %s: %w", address, err)
		}
		return &netLink{Conn: c}, nil
	}
	return p
}

// Transporter returns a goburrow Transporter that sends RTU frames on p for
// a device that needs turnaround of idle bus time before each request, on
// top of p.Silence.
func (p *Port) Transporter(turnaround time.Duration) gmodbus.Transporter {
	return unitTransporter{p, turnaround}
}

type unitTransporter struct {
	port       *Port
	turnaround time.Duration
}

func (u unitTransporter) Send(req []byte) ([]byte, error) {
	return u.port.send(context.Background(), req, u.turnaround)
}

func (u unitTransporter) sendContext(ctx context.Context, req []byte) ([]byte, error) {
	return u.port.send(ctx, req, u.turnaround)
}

// Send implements goburrow's Transporter with no turnaround delay. Send has
// no context, so Timeout alone bounds it.
func (p *Port) Send(req []byte) ([]byte, error) { return p.send(context.Background(), req, 0) }

// Stats returns the port's counters. It waits for the request in progress.
func (p *Port) Stats() PortStats {
	p.lock.lock()
	defer p.lock.unlock()
	return p.stats
}

// Close closes the link. The next request opens it again.
func (p *Port) Close() error {
	p.lock.lock()
	defer p.lock.unlock()
	return p.closeLocked()
}

func (p *Port) closeLocked() error {
	if p.link == nil {
		return nil
	}
	err := p.link.Close()
	p.link = nil
	return err
}

// attach makes l the port's link, closing the one before.
func (p *Port) attach(l link) {
	p.lock.lock()
	defer p.lock.unlock()
	p.closeLocked()
	p.link = l
	p.late = false
	p.stats.Opens++
}

func (p *Port) timeout() time.Duration {
	if p.Timeout <= 0 {
		return DefaultTimeout
	}
	return p.Timeout
}

func (p *Port) send(ctx context.Context, req []byte, turnaround time.Duration) ([]byte, error) {
	var f modbus.Frame
	if err := f.Decode(req, modbus.Request); err != nil {
		return nil, fmt.Errorf("modbus rtu: invalid request: %w", err)
	}
	if f.Unit == 0 {
		return nil, errors.New("modbus rtu: broadcast (unit 0) gets no reply; use a unit of 1-247")
	}
	if err := p.lock.lockContext(ctx); err != nil {
		return nil, fmt.Errorf("modbus rtu: %s unit %d: waiting for the bus: %w", p.name, f.Unit, err)
	}
	defer p.lock.unlock()
	rep, err := p.exchange(ctx, req, &f, turnaround)
	if err != nil {
		return nil, fmt.Errorf("modbus rtu: %s unit %d: %w", p.name, f.Unit, err)
	}
	return rep, nil
}

func (p *Port) exchange(ctx context.Context, req []byte, f *modbus.Frame, turnaround time.Duration) ([]byte, error) {
	if err := p.openLocked(ctx); err != nil {
		return nil, err
	}
	l := p.link
	defer l.release(l.watch(ctx))
	if err := p.prepare(ctx, turnaround); err != nil {
		if ctx.Err() != nil {
			// Nothing was sent, so the link stays as it was.
			return nil, ctx.Err()
		}
		p.closeLocked()
		return nil, err
	}
	if n, err := l.Write(req); err != nil {
		if n == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		p.stats.Requests++
		p.closeLocked()
		return nil, err
	}
	p.stats.Requests++
	deadline, ctxDeadline := replyDeadline(ctx, p.timeout())
	rep, err := p.readReply(ctx, f, deadline)
	p.lastEnd = time.Now()
	switch {
	case err == errTimeout:
		// The device may still reply, so the next request drains first.
		p.late = true
		err = waitError(ctx, err, ctxDeadline)
		if err == errTimeout {
			p.stats.Timeouts++
		} else {
			p.stats.Abandoned++
		}
	case err != nil:
		p.closeLocked()
	}
	return rep, err
}

// openLocked opens the link if it is closed.
func (p *Port) openLocked(ctx context.Context) error {
	if p.link != nil {
		return nil
	}
	if p.open == nil {
		return ErrNotConnected
	}
	l, err := p.open(ctx)
	if err != nil {
		return err
	}
	p.link, p.late = l, false
	p.stats.Opens++
	return nil
}

// prepare waits for the silence before a request and discards pending
// input. It returns ctx's error if ctx ends first.
func (p *Port) prepare(ctx context.Context, turnaround time.Duration) error {
	wait := max(p.Silence, turnaround)
	if err := sleepContext(ctx, time.Until(p.lastEnd.Add(wait))); err != nil {
		return err
	}
	// NOTE: RTU replies carry no transaction id, so a reply that comes
	// later than this quiet time can still be taken for the next one. Its
	// unit, function and length must match too, which narrows but does not
	// close the gap.
	quiet := time.Duration(0)
	if p.late {
		quiet = p.timeout()
	}
	n, err := p.link.drain(ctx, quiet)
	p.stats.Flushed += uint64(n)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	p.late = false
	return nil
}

// readReply reads the reply to the request f into p.buf and returns a copy.
// It returns errTimeout when deadline passes or ctx ends first.
func (p *Port) readReply(ctx context.Context, f *modbus.Frame, deadline time.Time) ([]byte, error) {
	want := f.ReplyLen()
	have := 0
	for {
		start, n := p.findReply(p.buf[:have], f, want)
		if n > 0 {
			p.stats.Skipped += uint64(start)
			return append([]byte(nil), p.buf[start:start+n]...), nil
		}
		if start > 0 {
			p.stats.Skipped += uint64(start)
			have = copy(p.buf[:], p.buf[start:have])
		}
		got, err := p.link.readBy(ctx, p.buf[have:], deadline)
		have += got
		if err != nil {
			return nil, err
		}
	}
}

// findReply looks for the reply to f in b, which is want bytes long or 5
// for an exception. It returns the offset of the first byte that may start
// the reply and the reply's length, 0 while incomplete.
func (p *Port) findReply(b []byte, f *modbus.Frame, want int) (start, n int) {
	fc := byte(f.Function)
	for ; start+2 <= len(b); start++ {
		if b[start] != f.Unit {
			continue
		}
		var size int
		switch b[start+1] {
		case fc | 0x80:
			size = modbus.MinFrameLen
		case fc:
			size = want
		default:
			continue
		}
		if start+size > len(b) {
			return start, 0
		}
		var r modbus.Frame
		if r.Decode(b[start:start+size], modbus.Reply) == nil && matches(&r, f) {
			return start, size
		}
	}
	return start, 0
}

// matches reports whether the decoded reply r is the reply to the request f.
func matches(r, f *modbus.Frame) bool {
	if r.Exception != 0 {
		return true
	}
	switch f.Function {
	case modbus.ReadHoldingRegisters, modbus.ReadInputRegisters:
		return r.Quantity == f.Quantity
	case modbus.WriteSingleCoil, modbus.WriteSingleRegister:
		return r.Address == f.Address && r.Value == f.Value
	case modbus.WriteMultipleCoils, modbus.WriteMultipleRegisters:
		return r.Address == f.Address && r.Quantity == f.Quantity
	}
	return true
}
