package uplink

import (
	"bytes"
	"encoding/binary"
	"net"
	"sync"
	"time"
)

// MQTT 3.1.1 control packet types (OASIS MQTT Version 3.1.1, section 2.2.1).
const (
	packetPublish = 3
	packetPuback  = 4
)

// keepBytes is how much of each packet body the scanner keeps: enough for a
// PUBLISH's topic (at most 165 bytes with names of 64 characters), its packet
// identifier and the sequence number at the start of the envelope.
const keepBytes = 320

// packetScanner splits a byte stream into MQTT control packets (fixed header,
// remaining length of 1 to 4 bytes, body) and passes the first keepBytes of
// each body to onPacket. Bytes may arrive split in any way. After a malformed
// remaining length it stops and ignores the rest of the stream.
type packetScanner struct {
	onPacket func(header byte, body []byte, bodyLen int)

	state     int // 0 fixed header byte, 1 remaining length, 2 body
	header    byte
	length    int
	lenBytes  int
	remaining int
	keep      []byte
	broken    bool
}

func (s *packetScanner) feed(p []byte) {
	for len(p) > 0 && !s.broken {
		switch s.state {
		case 0:
			s.header = p[0]
			p = p[1:]
			s.state, s.length, s.lenBytes = 1, 0, 0
		case 1:
			b := p[0]
			p = p[1:]
			s.length |= int(b&0x7f) << (7 * s.lenBytes)
			s.lenBytes++
			if b&0x80 != 0 {
				if s.lenBytes == 4 {
					s.broken = true // a remaining length has at most 4 bytes (section 2.2.3)
				}
				continue
			}
			s.remaining, s.keep = s.length, s.keep[:0]
			s.state = 2
			if s.remaining == 0 {
				s.emit()
			}
		case 2:
			n := min(s.remaining, len(p))
			if room := keepBytes - len(s.keep); room > 0 {
				s.keep = append(s.keep, p[:min(n, room)]...)
			}
			p = p[n:]
			s.remaining -= n
			if s.remaining == 0 {
				s.emit()
			}
		}
	}
}

func (s *packetScanner) emit() {
	s.state = 0
	if s.onPacket != nil {
		s.onPacket(s.header, s.keep, s.length)
	}
}

// publishSeq returns the packet identifier of a QoS 1 PUBLISH and the
// outbox sequence number at the start of its envelope. ok is false for other
// packets and for publishes that carry no envelope, such as the birth message.
func publishSeq(header byte, body []byte) (id uint16, seq uint64, ok bool) {
	if header>>4 != packetPublish || (header>>1)&3 != 1 || len(body) < 2 {
		return 0, 0, false
	}
	topicLen := int(binary.BigEndian.Uint16(body))
	if len(body) < 4+topicLen {
		return 0, 0, false
	}
	id = binary.BigEndian.Uint16(body[2+topicLen:])
	payload := body[4+topicLen:]
	if !bytes.HasPrefix(payload, []byte(envelopePrefix)) {
		return 0, 0, false
	}
	digits := payload[len(envelopePrefix):]
	n := 0
	for ; n < len(digits) && n < 20 && digits[n] >= '0' && digits[n] <= '9'; n++ {
		seq = seq*10 + uint64(digits[n]-'0')
	}
	if n == 0 || n == len(digits) || digits[n] != ',' {
		return 0, 0, false
	}
	return id, seq, true
}

// tracker matches each PUBACK a broker sends on one connection with the
// PUBLISH of the same packet identifier written on that connection, and so
// with an outbox sequence number. A PUBACK read from the socket is proof
// that the broker has the message, and a paho token is not (see the package
// documentation).
type tracker struct {
	onAck func(seq uint64)

	mu      sync.Mutex
	pending map[uint16]uint64 // packet identifier to sequence number
	lastAck time.Time         // time of the last PUBACK, or of the first publish after it
}

func newTracker(onAck func(seq uint64)) *tracker {
	return &tracker{onAck: onAck, pending: make(map[uint16]uint64)}
}

func (t *tracker) outgoing(header byte, body []byte, _ int) {
	id, seq, ok := publishSeq(header, body)
	if !ok {
		return
	}
	t.mu.Lock()
	if len(t.pending) == 0 {
		t.lastAck = time.Now()
	}
	t.pending[id] = seq
	t.mu.Unlock()
}

func (t *tracker) incoming(header byte, body []byte, bodyLen int) {
	if header>>4 != packetPuback || bodyLen != 2 || len(body) != 2 {
		return
	}
	id := binary.BigEndian.Uint16(body)
	t.mu.Lock()
	seq, ok := t.pending[id]
	if ok {
		delete(t.pending, id)
		t.lastAck = time.Now()
	}
	t.mu.Unlock()
	if ok {
		t.onAck(seq)
	}
}

// oldestPending returns the lowest sequence number still waiting for a PUBACK.
func (t *tracker) oldestPending() (uint64, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var low uint64
	for _, seq := range t.pending {
		if low == 0 || seq < low {
			low = seq
		}
	}
	return low, low != 0
}

// stalled reports whether publishes have waited longer than d without any PUBACK.
func (t *tracker) stalled(now time.Time, d time.Duration) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending) > 0 && now.Sub(t.lastAck) > d
}

// trackedConn feeds every byte paho writes and reads through a tracker.
// Paho writes from one goroutine and reads from another, so each direction
// has its own scanner.
type trackedConn struct {
	net.Conn
	tcp     net.Conn // the TCP connection beneath TLS, for quickAck
	out, in packetScanner
}

func newTrackedConn(c, tcp net.Conn, t *tracker) *trackedConn {
	tc := &trackedConn{Conn: c, tcp: tcp}
	tc.out.onPacket = t.outgoing
	tc.in.onPacket = t.incoming
	return tc
}

// Write records a PUBLISH before its bytes reach the socket, so its PUBACK
// can never be read first.
func (c *trackedConn) Write(p []byte) (int, error) {
	c.out.feed(p)
	return c.Conn.Write(p)
}

func (c *trackedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	quickAck(c.tcp)
	c.in.feed(p[:n])
	return n, err
}
