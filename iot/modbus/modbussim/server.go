package modbussim

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/modbus"
)

// Mode is the framing a [Server] speaks.
type Mode uint8

const (
	// TCP is Modbus TCP: an MBAP header and a PDU, without CRC.
	TCP Mode = iota
	// RTU is Modbus RTU frames with CRC carried over a TCP connection, as
	// serial servers and DTUs pass the bytes of an RS-485 bus.
	RTU
)

// String returns "tcp" or "rtu".
func (m Mode) String() string {
	if m == RTU {
		return "rtu"
	}
	return "tcp"
}

// Fault is a misbehaviour applied to the next requests, queued by
// [Server.Inject]. The zero Fault changes nothing.
type Fault struct {
	// Requests is the number of requests the fault applies to. Zero means 1.
	Requests int
	// Delay holds the reply back by this long, on top of the device's
	// turnaround, so that a client with a shorter timeout gets it late.
	Delay time.Duration
	// Drop closes the connection instead of replying, as a device reboot
	// does.
	Drop bool
	// Silent sends no reply.
	Silent bool
	// Exception, if nonzero, turns the reply into an exception reply with this
	// code.
	Exception modbus.ExceptionCode
	// Garbage is sent in front of the reply.
	Garbage []byte
	// Split sends the first Split bytes of the reply, waits SplitPause and
	// then sends the rest.
	Split      int
	SplitPause time.Duration
}

// Server is a simulated Modbus slave or gateway holding one or more devices.
type Server struct {
	mode    Mode
	devices map[uint8]*Device
	lowest  *Device

	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]struct{}
	faults []Fault
	closed bool
	wg     sync.WaitGroup

	requests atomic.Uint64
	ignored  atomic.Uint64
}

// New returns a server in mode holding devices. It serves nothing until
// [Server.Listen] or [Server.DialDTU] is called.
func New(mode Mode, devices ...*Device) *Server {
	s := &Server{mode: mode, devices: make(map[uint8]*Device), conns: make(map[net.Conn]struct{})}
	for _, d := range devices {
		s.devices[d.Unit] = d
		if s.lowest == nil || d.Unit < s.lowest.Unit {
			s.lowest = d
		}
	}
	return s
}

// Listen starts serving on the TCP address addr, such as "127.0.0.1:0", and
// returns at once. [Server.Addr] returns the address bound.
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("modbussim: listen on %s: %w", addr, err)
	}
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	s.wg.Add(1)
	go s.accept(ln)
	return nil
}

// Addr returns the address the server listens on, or "" before Listen.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Requests returns the number of requests received, whether replied to or not.
func (s *Server) Requests() uint64 { return s.requests.Load() }

// Ignored returns the number of RTU requests ignored because they arrived
// during a device's [Device.Rest] time.
func (s *Server) Ignored() uint64 { return s.ignored.Load() }

// Inject queues faults for the next requests, in order.
func (s *Server) Inject(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range faults {
		f.Requests = max(f.Requests, 1)
		s.faults = append(s.faults, f)
	}
}

// DropConnections closes every open connection, as a device reboot does.
// The listener stays open, so clients can connect again.
func (s *Server) DropConnections() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
}

// Noise writes b to every open connection, as interference on a bus puts
// bytes between frames.
func (s *Server) Noise(b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Write(b)
	}
}

// Close stops the listener, closes every connection and waits for the
// server's goroutines to end.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	var err error
	if s.ln != nil {
		err = s.ln.Close()
	}
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}

// DTU is the identity a simulated DTU sends after dialling a gateway.
type DTU struct {
	// Registration is sent once, right after the connection opens.
	Registration []byte
	// Heartbeat is sent every Interval while the connection is open. Empty
	// or a zero Interval sends none.
	Heartbeat []byte
	Interval  time.Duration
}

// DialDTU dials the gateway at addr as a 4G DTU does, sends d's registration
// packet and then replies to RTU requests on the connection, sending heartbeats
// between them, until ctx ends or the connection closes. The server must be
// in RTU mode.
func (s *Server) DialDTU(ctx context.Context, addr string, d DTU) error {
	if s.mode != RTU {
		return errors.New("modbussim: DialDTU needs a server in RTU mode")
	}
	var dialer net.Dialer
	c, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("modbussim: dial gateway %s: %w", addr, err)
	}
	if !s.track(c) {
		c.Close()
		return net.ErrClosed
	}
	defer s.untrack(c)
	var writeMu sync.Mutex
	if _, err := c.Write(d.Registration); err != nil {
		return fmt.Errorf("modbussim: send registration: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if len(d.Heartbeat) > 0 && d.Interval > 0 {
		done := make(chan struct{})
		defer close(done)
		go heartbeat(c, &writeMu, d, done)
	}
	return s.serveRTU(c, &writeMu)
}

func heartbeat(c net.Conn, mu *sync.Mutex, d DTU, done <-chan struct{}) {
	t := time.NewTicker(d.Interval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			mu.Lock()
			_, err := c.Write(d.Heartbeat)
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

func (s *Server) accept(ln net.Listener) {
	defer s.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		if !s.track(c) {
			c.Close()
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.untrack(c)
			var mu sync.Mutex
			if s.mode == RTU {
				s.serveRTU(c, &mu)
			} else {
				s.serveTCP(c)
			}
		}()
	}
}

func (s *Server) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *Server) untrack(c net.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// nextFault removes and returns the fault for the next request.
func (s *Server) nextFault() Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return Fault{}
	}
	f := s.faults[0]
	s.faults[0].Requests--
	if s.faults[0].Requests == 0 {
		s.faults = s.faults[1:]
	}
	return f
}

func (s *Server) device(unit uint8) *Device {
	if d, ok := s.devices[unit]; ok {
		return d
	}
	if s.mode == TCP && (unit == 0 || unit == 0xFF) {
		return s.lowest
	}
	return nil
}

// serveTCP replies to Modbus TCP requests on c until it closes.
func (s *Server) serveTCP(c net.Conn) error {
	var head [7]byte
	var pdu [260]byte
	var req, rep modbus.Frame
	rtu := make([]byte, 0, modbus.MaxFrameLen)
	for {
		if _, err := io.ReadFull(c, head[:]); err != nil {
			return err
		}
		n := int(binary.BigEndian.Uint16(head[4:])) - 1
		if n < 1 || n > len(pdu) {
			return fmt.Errorf("modbussim: MBAP length %d out of range 2-253", n+1)
		}
		if _, err := io.ReadFull(c, pdu[:n]); err != nil {
			return err
		}
		s.requests.Add(1)
		// Decode the PDU as an RTU frame to reuse the RTU decoder. Unit 0
		// and 255, which Modbus TCP clients send to a device that is not
		// behind a gateway, take the address of the device they reach.
		unit := head[6]
		if d := s.device(unit); d != nil {
			unit = d.Unit
		}
		rtu = append(rtu[:0], unit)
		rtu = modbus.AppendCRC(append(rtu, pdu[:n]...))
		if !s.reply(&req, &rep, rtu, unit, modbus.FunctionCode(pdu[0])) {
			continue
		}
		out, ok := s.encodeTCP(head, &rep)
		if !ok {
			continue
		}
		if err := s.send(c, nil, out, s.device(rep.Unit)); err != nil {
			return err
		}
	}
}

// reply decodes the request rtu into req and fills rep with the reply. It
// returns false when no device replies.
func (s *Server) reply(req, rep *modbus.Frame, rtu []byte, unit uint8, fc modbus.FunctionCode) bool {
	d := s.device(unit)
	if err := req.Decode(rtu, modbus.Request); err != nil {
		code := modbus.IllegalDataValue
		if !fc.Known() {
			code = modbus.IllegalFunction
		}
		*rep = modbus.Frame{Unit: unit, Function: fc & 0x7F, Direction: modbus.Reply, Exception: code}
		return d != nil || s.mode == TCP
	}
	if d == nil {
		if s.mode == RTU {
			return false
		}
		*rep = modbus.Frame{Unit: unit, Function: fc, Direction: modbus.Reply,
			Exception: modbus.GatewayTargetDeviceFailedToRespond}
		return true
	}
	d.answer(req, rep)
	return true
}

func (s *Server) encodeTCP(head [7]byte, rep *modbus.Frame) ([]byte, bool) {
	b, err := rep.AppendBinary(make([]byte, 6, 6+modbus.MaxFrameLen))
	if err != nil {
		return nil, false
	}
	b = b[:len(b)-2] // the CRC
	copy(b, head[:4])
	b[6] = head[6]
	binary.BigEndian.PutUint16(b[4:], uint16(len(b)-6))
	return b, true
}

// serveRTU replies to RTU requests on c until it closes. writeMu serialises
// writes with a heartbeat goroutine.
func (s *Server) serveRTU(c net.Conn, writeMu *sync.Mutex) error {
	stream := frame.NewStream(modbus.Protocol{Direction: modbus.Request}, 2*modbus.MaxFrameLen)
	var req, rep modbus.Frame
	var buf [modbus.MaxFrameLen]byte
	var lastReply time.Time
	for {
		n, err := c.Read(buf[:])
		if err != nil {
			return err
		}
		arrived := time.Now()
		for p := buf[:n]; len(p) > 0; {
			k := stream.Feed(p)
			p = p[k:]
			for {
				b, ok := stream.Next()
				if !ok {
					break
				}
				s.requests.Add(1)
				d := s.device(b[0])
				if d != nil && d.Rest > 0 && arrived.Sub(lastReply) < d.Rest {
					s.ignored.Add(1)
					continue
				}
				if !s.reply(&req, &rep, b, b[0], modbus.FunctionCode(b[1])) {
					continue
				}
				out, err := rep.AppendBinary(nil)
				if err != nil {
					continue
				}
				if err := s.send(c, writeMu, out, d); err != nil {
					return err
				}
				lastReply = time.Now()
			}
		}
	}
}

// send writes the reply out to c after the device's turnaround, applying
// the next fault.
func (s *Server) send(c net.Conn, writeMu *sync.Mutex, out []byte, d *Device) error {
	f := s.nextFault()
	if d != nil {
		time.Sleep(d.Turnaround)
	}
	time.Sleep(f.Delay)
	switch {
	case f.Drop:
		c.Close()
		return net.ErrClosed
	case f.Silent:
		return nil
	}
	if f.Exception != 0 {
		out = s.exception(out, f.Exception)
	}
	if writeMu != nil {
		writeMu.Lock()
		defer writeMu.Unlock()
	}
	if len(f.Garbage) > 0 {
		if _, err := c.Write(f.Garbage); err != nil {
			return err
		}
	}
	if f.Split > 0 && f.Split < len(out) {
		if _, err := c.Write(out[:f.Split]); err != nil {
			return err
		}
		time.Sleep(f.SplitPause)
		out = out[f.Split:]
	}
	_, err := c.Write(out)
	return err
}

// exception rewrites the reply out as an exception reply with code.
func (s *Server) exception(out []byte, code modbus.ExceptionCode) []byte {
	if s.mode == TCP {
		b := append(out[:7:7], out[7]|0x80, byte(code))
		binary.BigEndian.PutUint16(b[4:], 3)
		return b
	}
	return modbus.AppendCRC(append(out[:1:1], out[1]|0x80, byte(code)))
}
