package sl651

import (
	"errors"
	"fmt"
)

// Reassembler joins the packets of multi-packet messages (start character
// SYN, SL 651-2014 mode M3) into complete bodies. It keeps one message in
// progress per station, centre, function code and direction, copies the
// packets it is given and allocates as it goes. The zero value is ready to
// use with the default limits. A Reassembler is not safe for concurrent use.
type Reassembler struct {
	// MaxBytes bounds the joined body of one message, 1 MiB when zero.
	MaxBytes int
	// MaxPending bounds the messages in progress, 64 when zero.
	MaxPending int

	pending map[packetKey]*partial
}

type packetKey struct {
	station  Address
	center   uint8
	function FunctionCode
	dir      Direction
}

type partial struct {
	total uint16
	parts [][]byte
	got   int
	size  int
}

// ErrReassembly is wrapped by the errors of [Reassembler.Add].
var ErrReassembly = errors.New("sl651: multi-packet message cannot be joined")

// Add adds one packet with header h and packet body body (the Payload of
// its decoded Message). When it completes a message, Add returns the joined
// body with complete true; decode it with [Decoder.DecodeBody] and the same
// header. A packet whose total differs from the message in progress starts
// the message again, and a repeated packet replaces the earlier copy.
func (r *Reassembler) Add(h Header, body []byte) (joined []byte, complete bool, err error) {
	if h.Start != SYN || h.Packet.Total == 0 || h.Packet.Seq == 0 || h.Packet.Seq > h.Packet.Total {
		return nil, false, fmt.Errorf("%w: packet %d of %d: want a SYN frame with 1 <= seq <= total",
			ErrReassembly, h.Packet.Seq, h.Packet.Total)
	}
	k := packetKey{h.Station, h.Center, h.Function, h.Direction}
	p, err := r.partial(k, h.Packet.Total)
	if err != nil {
		return nil, false, err
	}
	i := int(h.Packet.Seq) - 1
	if p.parts[i] == nil {
		p.got++
	}
	p.size += len(body) - len(p.parts[i])
	if p.size > r.maxBytes() {
		delete(r.pending, k)
		return nil, false, fmt.Errorf("%w: station %s: joined body over %d bytes", ErrReassembly, h.Station, r.maxBytes())
	}
	p.parts[i] = append(make([]byte, 0, len(body)), body...)
	if p.got < len(p.parts) {
		return nil, false, nil
	}
	delete(r.pending, k)
	joined = make([]byte, 0, p.size)
	for _, part := range p.parts {
		joined = append(joined, part...)
	}
	return joined, true, nil
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
	if p == nil && len(r.pending) >= r.maxPending() {
		return nil, fmt.Errorf("%w: %d messages already in progress", ErrReassembly, len(r.pending))
	}
	p = &partial{total: total, parts: make([][]byte, total)}
	r.pending[k] = p
	return p, nil
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

// Pending returns the number of messages in progress.
func (r *Reassembler) Pending() int { return len(r.pending) }

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
