package client

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"
)

// DTUFormat describes the registration and heartbeat packets of a 4G DTU.
// DTUs of most makers send a configurable registration packet, usually the
// device's id or IMEI in ASCII, right after they connect, and a fixed
// heartbeat packet while idle.
type DTUFormat struct {
	// Prefix, if set, comes before the id in the registration packet.
	Prefix []byte
	// MaxIDLen is the longest id accepted. Zero means 32.
	MaxIDLen int
	// Heartbeat is the heartbeat packet, removed from the byte stream
	// wherever a read starts with it. Empty means the DTU sends none.
	Heartbeat []byte
}

// ErrRegistration is the category of a registration packet that does not
// match its [DTUFormat].
var ErrRegistration = errors.New("invalid DTU registration packet")

// ParseRegistration returns the id carried by the registration packet b: b
// without the prefix and a trailing CR or LF, made of 1 to MaxIDLen ASCII
// letters, digits, '-', '_', '.' or ':'.
func (f DTUFormat) ParseRegistration(b []byte) (string, error) {
	if !bytes.HasPrefix(b, f.Prefix) {
		return "", fmt.Errorf("%w: want prefix % X, got % X", ErrRegistration, f.Prefix, b[:min(len(b), len(f.Prefix))])
	}
	id := bytes.TrimRight(b[len(f.Prefix):], "\r\n")
	maxLen := f.MaxIDLen
	if maxLen <= 0 {
		maxLen = 32
	}
	if len(id) == 0 || len(id) > maxLen {
		return "", fmt.Errorf("%w: id of %d bytes, want 1-%d", ErrRegistration, len(id), maxLen)
	}
	for i, c := range id {
		if !idByte(c) {
			return "", fmt.Errorf("%w: byte 0x%02X at %d of the id, want an ASCII letter, digit, '-', '_', '.' or ':'", ErrRegistration, c, i)
		}
	}
	return string(id), nil
}

func idByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' ||
		c == '-' || c == '_' || c == '.' || c == ':'
}

// StripHeartbeats removes every heartbeat packet that starts at the front of
// b, and returns the rest, aliasing b.
//
// NOTE: a heartbeat is only recognised at the start of a read. A DTU sends
// it between Modbus frames, so it arrives in a TCP segment of its own, but
// one that the network merged behind a reply reaches the reply reader,
// which skips it as bytes that start no reply.
func (f DTUFormat) StripHeartbeats(b []byte) []byte {
	if len(f.Heartbeat) == 0 {
		return b
	}
	for bytes.HasPrefix(b, f.Heartbeat) {
		b = b[len(f.Heartbeat):]
	}
	return b
}

// DTUServer accepts TCP connections from DTUs that dial in, reads each
// one's registration packet and attaches the connection to the [Port] for
// that id. A DTU that connects again replaces its old connection. The zero
// value accepts registration packets that are a bare id and no heartbeats.
type DTUServer struct {
	// Format is the DTUs' packet format.
	Format DTUFormat
	// RegisterTimeout bounds the wait for the registration packet. Zero
	// means 10 s.
	RegisterTimeout time.Duration
	// Timeout is the reply timeout of each Port. Zero means
	// [DefaultTimeout].
	Timeout time.Duration
	// Logger logs registrations and rejected connections. Nil discards.
	Logger *slog.Logger

	mu    sync.Mutex
	ports map[string]*Port
}

// Port returns the Port of the DTU with id, creating it if needed. Requests
// on it fail with [ErrNotConnected] until the DTU registers.
func (s *DTUServer) Port(id string) *Port {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ports == nil {
		s.ports = make(map[string]*Port)
	}
	p, ok := s.ports[id]
	if !ok {
		p = &Port{Timeout: s.Timeout, Silence: Silence(0), name: "DTU " + id}
		s.ports[id] = p
	}
	return p
}

// Serve accepts connections on ln until it fails, as it does when ln is
// closed, and returns that error.
func (s *DTUServer) Serve(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go s.register(c)
	}
}

func (s *DTUServer) register(c net.Conn) {
	log := s.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	wait := s.RegisterTimeout
	if wait <= 0 {
		wait = 10 * time.Second
	}
	c.SetReadDeadline(time.Now().Add(wait))
	var buf [128]byte
	n, err := c.Read(buf[:])
	if err != nil {
		log.Warn("DTU sent no registration packet", "remote", c.RemoteAddr().String(), "err", err)
		c.Close()
		return
	}
	// A heartbeat sent right after the registration can arrive in the same
	// read.
	// NOTE: so an id that ends with the heartbeat bytes loses them.
	packet := buf[:n]
	for hb := s.Format.Heartbeat; len(hb) > 0 && len(packet) > len(hb) && bytes.HasSuffix(packet, hb); {
		packet = packet[:len(packet)-len(hb)]
	}
	id, err := s.Format.ParseRegistration(packet)
	if err != nil {
		log.Warn("DTU registration rejected", "remote", c.RemoteAddr().String(), "err", err)
		c.Close()
		return
	}
	format := s.Format
	l := &netLink{Conn: c, filter: format.StripHeartbeats}
	s.Port(id).attach(l)
	log.Info("DTU registered", "dtu", id, "remote", c.RemoteAddr().String())
}
