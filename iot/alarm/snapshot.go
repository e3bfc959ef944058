package alarm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// State format, version 1: the magic "SXAS", a version byte, then unsigned and
// zigzag varints (encoding/binary) and the CRC-32C (Castagnoli) of everything
// before it, little endian. The body starts with the point id, a flags byte, the
// newest sample time, the silence start and the two counts of [Stats]. The number
// of rules follows, then each rule's id, kind, state, pending flag, pending start
// and rate checkpoints. FORMAT.md lists every field.
const (
	stateMagic   = "SXAS"
	stateVersion = 1
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrSnapshot is wrapped by every error [Point.Restore] returns for bytes that are
// not a valid state snapshot.
var ErrSnapshot = errors.New("alarm: invalid state snapshot")

// AppendState appends a snapshot of the point's rule state to dst, for
// [Point.Restore] to load after a restart: each rule's lifecycle state, pending
// raise or clear with its start, and rate history, and the point's newest sample
// time and counts.
func (p *Point) AppendState(dst []byte) []byte {
	start := len(dst)
	dst = append(dst, stateMagic...)
	dst = append(dst, stateVersion)
	dst = appendString(dst, p.id)
	var flags byte
	if p.seen {
		flags |= 1
	}
	if p.hasQuiet {
		flags |= 2
	}
	dst = append(dst, flags)
	dst = binary.AppendVarint(dst, p.last)
	dst = binary.AppendVarint(dst, p.quiet)
	dst = binary.AppendUvarint(dst, p.stats.Samples)
	dst = binary.AppendUvarint(dst, p.stats.Late)
	dst = binary.AppendUvarint(dst, uint64(len(p.rules)))
	for i := range p.rules {
		dst = appendRuleState(dst, &p.rules[i], &p.states[i])
	}
	sum := crc32.Checksum(dst[start:], castagnoli)
	return binary.LittleEndian.AppendUint32(dst, sum)
}

func appendRuleState(dst []byte, r *rule, s *ruleState) []byte {
	dst = appendString(dst, r.id)
	pending := byte(0)
	if s.pending {
		pending = 1
	}
	dst = append(dst, byte(r.kind), byte(s.state), pending)
	dst = binary.AppendVarint(dst, s.since)
	dst = binary.AppendUvarint(dst, uint64(s.ring.n))
	prev := int64(0)
	for k := range int(s.ring.n) {
		c := s.ring.get(k)
		dst = binary.AppendVarint(dst, c.t-prev)
		dst = binary.AppendVarint(dst, c.v)
		prev = c.t
	}
	return dst
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// Restore loads a snapshot written by [Point.AppendState] for a point with the
// same id. Rules are matched by id and kind, so the rule list may change between
// restarts: a rule not in the snapshot, or whose kind changed, starts in
// [Normal], and a rule in the snapshot that the point no longer has is dropped.
// Changed levels and delays apply from the next sample. On error the point is
// unchanged.
//
// NOTE: a delay that was pending at the snapshot counts the time the process was
// down, so a condition that held before a long outage and holds at the first
// sample after it raises the alarm at once.
func (p *Point) Restore(b []byte) error {
	body, err := checkFrame(b)
	if err != nil {
		return err
	}

	d := decoder{b: body}
	id := d.str()
	flags := d.byte()
	last, quiet := d.varint(), d.varint()
	stats := Stats{Samples: d.uvarint(), Late: d.uvarint()}
	count := d.uvarint()

	if d.err == nil && flags > 3 {
		d.fail("flags byte %#x has unknown bits", flags)
	}
	if d.err == nil && id != p.id {
		return fmt.Errorf("%w: it contains point %q, not %q; restore each point from its own snapshot",
			ErrSnapshot, id, p.id)
	}

	states := make([]ruleState, len(p.states))
	for n := uint64(0); n < count && d.err == nil; n++ {
		ruleID, kind, s := d.ruleState()
		if i := p.index(ruleID); i >= 0 && p.rules[i].kind == kind {
			states[i] = s
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d bytes after the last rule", len(d.b))
	}
	if d.err != nil {
		return d.err
	}

	p.seen, p.hasQuiet = flags&1 != 0, flags&2 != 0
	p.last, p.quiet, p.stats = last, quiet, stats
	p.states = states
	return nil
}

func checkFrame(b []byte) ([]byte, error) {
	const overhead = len(stateMagic) + 1 + 4
	if len(b) < overhead {
		return nil, fmt.Errorf("%w: %d bytes is shorter than the %d-byte frame", ErrSnapshot, len(b), overhead)
	}
	if string(b[:len(stateMagic)]) != stateMagic {
		return nil, fmt.Errorf("%w: magic %q is not %q", ErrSnapshot, b[:len(stateMagic)], stateMagic)
	}
	if v := b[len(stateMagic)]; v != stateVersion {
		return nil, fmt.Errorf("%w: version %d is not supported; this build reads version %d",
			ErrSnapshot, v, stateVersion)
	}
	end := len(b) - 4
	want := binary.LittleEndian.Uint32(b[end:])
	if got := crc32.Checksum(b[:end], castagnoli); got != want {
		return nil, fmt.Errorf("%w: CRC-32C %#08x does not match %#08x; the snapshot is damaged",
			ErrSnapshot, got, want)
	}
	return b[len(stateMagic)+1 : end], nil
}

// decoder reads the snapshot body and keeps the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrSnapshot, fmt.Sprintf(format, args...))
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated or overlong varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("truncated or overlong varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) == 0 {
		d.fail("truncated")
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)) {
		d.fail("string of %d bytes runs past the end", n)
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) ruleState() (string, Kind, ruleState) {
	var s ruleState
	id := d.str()
	kind, state, pending := Kind(d.byte()), State(d.byte()), d.byte()
	s.since = d.varint()
	n := d.uvarint()
	switch {
	case d.err != nil:
		return "", 0, s
	case kind < High || kind > NoData:
		d.fail("rule %q has invalid kind %d", id, kind)
	case state > ClearedUnacknowledged:
		d.fail("rule %q has invalid state %d", id, state)
	case pending > 1:
		d.fail("rule %q has invalid pending flag %d", id, pending)
	case n > ringSize:
		d.fail("rule %q has %d rate checkpoints, more than %d", id, n, ringSize)
	}
	s.state, s.pending = state, pending == 1
	prev := int64(0)
	for k := uint64(0); k < n && d.err == nil; k++ {
		t := prev + d.varint()
		if k > 0 && t <= prev {
			d.fail("rule %q has rate checkpoints out of time order", id)
		}
		s.ring.at[k] = sample{t: t, v: d.varint()}
		prev = t
	}
	s.ring.n = uint8(n)
	return id, kind, s
}
