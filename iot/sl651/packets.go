package sl651

import (
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"time"
)

// Reassembler joins the packets of multi-packet messages (start SYN, SL
// 651-2014 mode M3) into complete bodies. It keeps one message in progress
// per station, centre, function code and direction, copies the packets it
// is given and allocates as it goes. For up to MaxPending of those keys it
// remembers the packets of the message it completed last. So a packet sent
// again after its message was complete is reported as [PacketRepeated]
// instead of starting a new message. The zero value is ready to use with
// the default limits. A Reassembler is not safe for concurrent use.
type Reassembler struct {
	// MaxBytes bounds the bytes held for all messages in progress
	// together, 1 MiB when zero.
	MaxBytes int
	// MaxPending bounds the messages in progress, 64 when zero.
	MaxPending int
	// Timeout is how long a message in progress waits for its next packet
	// before [Reassembler.Expire] drops it, and how long a completed
	// message is remembered. Zero means 5 minutes.
	Timeout time.Duration
	// Now returns the current time, time.Now when nil.
	Now func() time.Time

	pending map[packetKey]*partial
	done    map[packetKey]*completed
	size    int
	seed    maphash.Seed
	seeded  bool
}

type packetKey struct {
	station  Address
	center   uint8
	function FunctionCode
	dir      Direction
}

type partial struct {
	total  uint16
	parts  [][]byte
	frames [][]byte
	last   Header // header of the packet whose seq is total, once it came
	got    int
	size   int
	latest time.Time
}

// completed records the packets of a completed message by hash.
type completed struct {
	total  uint16
	serial uint16
	hashes []uint64
	at     time.Time
}

// ErrReassembly is wrapped by the errors of [Reassembler.Add] and by
// [IncompleteError].
var ErrReassembly = errors.New("sl651: multi-packet message cannot be joined")

// PacketStatus is the outcome of adding one packet to its message.
type PacketStatus uint8

const (
	// PacketStored means the packet was kept and the message still lacks
	// packets.
	PacketStored PacketStatus = iota + 1
	// PacketCompleted means the packet completed the message.
	PacketCompleted
	// PacketRepeated means the packet is a copy of a packet of the
	// message completed last and was dropped.
	PacketRepeated
)

// Joined is a multi-packet message that a [Reassembler] completed.
type Joined struct {
	// Header is the header of the message's last packet (sequence number
	// equal to the packet count).
	Header Header
	// Body is the packet bodies joined in sequence order; decode it with
	// [Decoder.DecodeBody] and Header.
	Body []byte
	// Frames are copies of the packet frames in sequence order, when
	// [Reassembler.AddFrame] was given them, else nil.
	Frames [][]byte
}

// Progress reports what [Reassembler.AddFrame] did with a packet.
type Progress struct {
	Status PacketStatus
	// Serial is the serial number of the message, read from the start of
	// packet 1; 0 while packet 1 is missing.
	Serial uint16
	// Missing lists the sequence numbers not yet received once the last
	// packet (sequence number equal to the count) has come. It is nil
	// before then and when the message is complete.
	Missing []uint16
	// Joined is the completed message when Status is PacketCompleted.
	Joined Joined
}

// IncompleteError reports a multi-packet message that was dropped before
// all its packets came. It wraps [ErrReassembly].
type IncompleteError struct {
	// Header is the header of the packet that came last.
	Header Header
	// Missing lists the sequence numbers that never came.
	Missing []uint16
	// Waited is the time since the latest packet.
	Waited time.Duration
}

// Error returns a message naming the station, the function and the
// missing packets.
func (e *IncompleteError) Error() string {
	seqs := make([]string, len(e.Missing))
	for i, s := range e.Missing {
		seqs[i] = fmt.Sprint(s)
	}
	return fmt.Sprintf("sl651: station %s: %s message of %d packets dropped: packets %s missing after %s",
		e.Header.Station, e.Header.Function, e.Header.Packet.Total, strings.Join(seqs, ", "),
		e.Waited.Round(time.Millisecond))
}

// Unwrap returns ErrReassembly.
func (e *IncompleteError) Unwrap() error { return ErrReassembly }

// Add adds one packet with header h and packet body body (the Payload of
// its decoded Message). When it completes a message, Add returns the joined
// body with complete true; decode it with [Decoder.DecodeBody] and the same
// header. A packet whose total differs from the message in progress starts
// the message again, and a repeated packet replaces the earlier copy.
func (r *Reassembler) Add(h Header, body []byte) (joined []byte, complete bool, err error) {
	p, err := r.AddFrame(h, body, nil)
	return p.Joined.Body, p.Status == PacketCompleted, err
}

// AddFrame adds one packet as [Reassembler.Add] does and keeps a copy of
// its frame, when frame is not nil, for [Joined.Frames]. A packet with the
// same contents as a packet of the message completed last, within
// Timeout, is reported as PacketRepeated. Any other packet of the same
// station, centre, function and direction drops the record of that
// message.
func (r *Reassembler) AddFrame(h Header, body, frame []byte) (Progress, error) {
	if h.Start != SYN || h.Packet.Total == 0 || h.Packet.Seq == 0 || h.Packet.Seq > h.Packet.Total {
		return Progress{}, fmt.Errorf("%w: packet %d of %d: want a SYN frame with 1 <= seq <= total",
			ErrReassembly, h.Packet.Seq, h.Packet.Total)
	}
	now := r.now()
	k := packetKey{h.Station, h.Center, h.Function, h.Direction}
	hash := r.hash(body)
	if c := r.done[k]; c != nil {
		if now.Sub(c.at) <= r.timeout() && c.total == h.Packet.Total && c.hashes[h.Packet.Seq-1] == hash {
			return Progress{Status: PacketRepeated, Serial: c.serial}, nil
		}
		delete(r.done, k)
	}
	p, err := r.partial(k, h.Packet.Total)
	if err != nil {
		return Progress{}, err
	}
	i := int(h.Packet.Seq) - 1
	if p.parts[i] == nil {
		p.got++
	}
	grow := len(body) + len(frame) - len(p.parts[i]) - len(p.frames[i])
	if r.size+grow > r.maxBytes() {
		r.drop(k)
		return Progress{}, fmt.Errorf("%w: station %s: messages in progress would hold over %d bytes",
			ErrReassembly, h.Station, r.maxBytes())
	}
	r.size += grow
	p.size += grow
	p.parts[i] = append(make([]byte, 0, len(body)), body...)
	if frame != nil {
		p.frames[i] = append(make([]byte, 0, len(frame)), frame...)
	}
	p.latest = now
	if h.Packet.Seq == h.Packet.Total {
		p.last = h
	}
	if p.got < len(p.parts) {
		return Progress{Status: PacketStored, Serial: p.serial(), Missing: p.missing()}, nil
	}
	return r.complete(k, p, now), nil
}

// complete joins the message in progress for k and remembers its packets.
func (r *Reassembler) complete(k packetKey, p *partial, now time.Time) Progress {
	r.drop(k)
	j := Joined{Header: p.last}
	n := 0
	for _, part := range p.parts {
		n += len(part)
	}
	j.Body = make([]byte, 0, n)
	c := &completed{total: p.total, serial: p.serial(), hashes: make([]uint64, len(p.parts)), at: now}
	for i, part := range p.parts {
		j.Body = append(j.Body, part...)
		c.hashes[i] = r.hash(part)
	}
	if p.frames[0] != nil {
		j.Frames = p.frames
	}
	if r.done == nil {
		r.done = make(map[packetKey]*completed)
	}
	if len(r.done) >= r.maxPending() {
		r.forgetOldest()
	}
	r.done[k] = c
	return Progress{Status: PacketCompleted, Serial: c.serial, Joined: j}
}

// forgetOldest forgets the completed message remembered longest, so that
// the records of completed messages stay within MaxPending.
func (r *Reassembler) forgetOldest() {
	var oldest packetKey
	var at time.Time
	for k, c := range r.done {
		if at.IsZero() || c.at.Before(at) {
			oldest, at = k, c.at
		}
	}
	delete(r.done, oldest)
}

// partial returns the message in progress for k, starting one when none or
// one with another total is pending.
func (r *Reassembler) partial(k packetKey, total uint16) (*partial, error) {
	if r.pending == nil {
		r.pending = make(map[packetKey]*partial)
	}
	p := r.pending[k]
	if p != nil && p.total == total {
		return p, nil
	}
	if p != nil {
		r.drop(k)
	} else if len(r.pending) >= r.maxPending() {
		return nil, fmt.Errorf("%w: %d messages already in progress", ErrReassembly, len(r.pending))
	}
	p = &partial{total: total, parts: make([][]byte, total), frames: make([][]byte, total)}
	r.pending[k] = p
	return p, nil
}

// drop forgets the message in progress for k.
func (r *Reassembler) drop(k packetKey) {
	if p := r.pending[k]; p != nil {
		r.size -= p.size
		delete(r.pending, k)
	}
}

// serial returns the serial number at the start of packet 1, or 0.
func (p *partial) serial() uint16 {
	if b := p.parts[0]; len(b) >= 2 {
		return uint16(b[0])<<8 | uint16(b[1])
	}
	return 0
}

// missing returns the sequence numbers not received once the last packet
// has come, else nil.
func (p *partial) missing() []uint16 {
	if p.parts[p.total-1] == nil {
		return nil
	}
	var missing []uint16
	for i, part := range p.parts {
		if part == nil {
			missing = append(missing, uint16(i+1))
		}
	}
	return missing
}

// Missing returns the sequence numbers not yet received of the message in
// progress that a packet with header h belongs to, for NAK replies, or nil.
func (r *Reassembler) Missing(h Header) []uint16 {
	p := r.pending[packetKey{h.Station, h.Center, h.Function, h.Direction}]
	if p == nil {
		return nil
	}
	var missing []uint16
	for i, part := range p.parts {
		if part == nil {
			missing = append(missing, uint16(i+1))
		}
	}
	return missing
}

// Expire drops the messages in progress whose latest packet came more than
// Timeout ago, and forgets completed messages as old, and returns an error
// for each message dropped.
func (r *Reassembler) Expire() []*IncompleteError {
	now := r.now()
	var dropped []*IncompleteError
	for k, p := range r.pending {
		if waited := now.Sub(p.latest); waited > r.timeout() {
			h := Header{Direction: k.dir, Center: k.center, Station: k.station, Function: k.function,
				Start: SYN, Packet: Packet{Total: p.total}}
			missing := make([]uint16, 0, int(p.total)-p.got)
			for i, part := range p.parts {
				if part == nil {
					missing = append(missing, uint16(i+1))
				}
			}
			dropped = append(dropped, &IncompleteError{Header: h, Missing: missing, Waited: waited})
			r.drop(k)
		}
	}
	for k, c := range r.done {
		if now.Sub(c.at) > r.timeout() {
			delete(r.done, k)
		}
	}
	return dropped
}

// Deadline returns when [Reassembler.Expire] drops the next message in
// progress, and false when none is in progress.
func (r *Reassembler) Deadline() (time.Time, bool) {
	var first time.Time
	for _, p := range r.pending {
		if first.IsZero() || p.latest.Before(first) {
			first = p.latest
		}
	}
	if first.IsZero() {
		return time.Time{}, false
	}
	return first.Add(r.timeout()), true
}

// Pending returns the number of messages in progress.
func (r *Reassembler) Pending() int { return len(r.pending) }

// Bytes returns the bytes held for the messages in progress.
func (r *Reassembler) Bytes() int { return r.size }

func (r *Reassembler) hash(b []byte) uint64 {
	if !r.seeded {
		r.seed, r.seeded = maphash.MakeSeed(), true
	}
	return maphash.Bytes(r.seed, b)
}

func (r *Reassembler) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Reassembler) maxBytes() int {
	if r.MaxBytes > 0 {
		return r.MaxBytes
	}
	return 1 << 20
}

func (r *Reassembler) maxPending() int {
	if r.MaxPending > 0 {
		return r.MaxPending
	}
	return 64
}

func (r *Reassembler) timeout() time.Duration {
	if r.Timeout > 0 {
		return r.Timeout
	}
	return 5 * time.Minute
}

// Split cuts a complete body into packets of at most size bytes each,
// counting the 3-byte packet field, so size is 4 to 4095. It returns the
// headers and bodies of the SYN frames that carry them. Each header is h
// with Start SYN and the packet field; uplink packets but the last end with
// ETB, and the last keeps h.End.
func Split(h Header, body []byte, size int) ([]Header, [][]byte, error) {
	if size < packetLen+1 || size > MaxBodyLen {
		return nil, nil, fmt.Errorf("sl651: split: packet size %d: want %d to %d", size, packetLen+1, MaxBodyLen)
	}
	chunk := size - packetLen
	total := (len(body) + chunk - 1) / chunk
	if total == 0 || total > 4095 {
		return nil, nil, fmt.Errorf("sl651: split: %d bytes make %d packets: want 1 to 4095", len(body), total)
	}
	headers := make([]Header, total)
	bodies := make([][]byte, total)
	for i := range total {
		hi := h
		hi.Start = SYN
		hi.Packet = Packet{Total: uint16(total), Seq: uint16(i + 1)}
		if i < total-1 && h.Direction == Up {
			hi.End = ETB
		}
		headers[i] = hi
		bodies[i] = body[i*chunk : min((i+1)*chunk, len(body))]
	}
	return headers, bodies, nil
}
