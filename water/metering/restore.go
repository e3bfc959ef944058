package metering

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"slices"
)

// Restore rebuilds a shard from a snapshot that [Shard.AppendSnapshot] wrote. The zone
// comes from the snapshot's own offset table, so no zoneinfo is read. Errors wrap
// [ErrSnapshot]. Restore rejects a snapshot whose meter table is larger than 1024
// plus 4 meters per snapshot byte, so that a small crafted input cannot make it
// allocate gigabytes.
//
// NOTE: a shard with sparse meter ids (a few meters with very large ids) can write a
// snapshot that this limit rejects.
func Restore(data []byte) (*Shard, error) {
	const trailer = 4
	if len(data) < len(snapshotMagic)+1+trailer || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return nil, snapshotError("missing %q header", snapshotMagic)
	}
	body, sum := data[:len(data)-trailer], binary.LittleEndian.Uint32(data[len(data)-trailer:])
	if got := crc32.Checksum(body, castagnoli); got != sum {
		return nil, snapshotError("checksum %08x, want %08x", got, sum)
	}
	if v := body[len(snapshotMagic)]; v != snapshotVersion {
		return nil, snapshotError("version %d, want %d", v, snapshotVersion)
	}
	r := reader{b: body[len(snapshotMagic)+1:]}
	s, err := r.shard(1024 + 4*len(data))
	if err != nil {
		return nil, err
	}
	if len(r.b) != 0 {
		return nil, snapshotError("%d bytes after the last field", len(r.b))
	}
	return s, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = snapshotError(format, args...)
	}
}

func (r *reader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("truncated or overlong varint")
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("truncated or overlong varint")
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length that must not exceed limit.
func (r *reader) count(what string, limit int) int {
	v := r.uint()
	if v > uint64(limit) {
		r.fail("%s count %d, want at most %d", what, v, limit)
		return 0
	}
	return int(v)
}

func (r *reader) shard(meterLimit int) (*Shard, error) {
	zone := r.zone()
	cfg := Config{Zone: zone, MaxFuture: r.int(), MaxAge: r.int()}
	cfg.History = r.count("history", maxHistory)
	cfg.Events = r.count("event buffer", 1<<20)
	if cfg.Events == 0 {
		cfg.Events = -1
	}
	if r.err != nil {
		return nil, r.err
	}
	s, err := NewShard(cfg)
	if err != nil {
		return nil, snapshotError("%v", err)
	}
	r.classes(s)
	s.stats = r.stats()
	tableLen := r.count("meter table", min(MaxMeters, meterLimit))
	if r.err != nil {
		return nil, r.err
	}
	s.grow(tableLen)
	next := 0
	for r.err == nil {
		id := r.count("meter id", tableLen)
		if id == tableLen {
			break
		}
		if id < next {
			r.fail("meter %d after meter %d", id, next-1)
			break
		}
		next = id + 1
		r.meter(s, uint32(id))
	}
	r.events(s)
	return s, r.err
}

func (r *reader) zone() *Zone {
	z := &Zone{}
	if n := r.uint(); n > uint64(len(r.b)) {
		r.fail("zone name of %d bytes, %d left", n, len(r.b))
	} else {
		z.name = string(r.b[:n])
		r.b = r.b[n:]
	}
	k := r.count("zone offsets", len(r.b)/2)
	for i := range k {
		start, off := r.int(), r.int()
		if i == 0 && start != math.MinInt64 || i > 0 && start <= z.starts[i-1] {
			r.fail("zone transition %d at %d out of order", i, start)
		}
		z.starts = append(z.starts, start)
		z.offsets = append(z.offsets, off)
	}
	if k == 0 {
		r.fail("zone without offsets")
	}
	return z
}

func (r *reader) classes(s *Shard) {
	n := r.count("meter configs", min(math.MaxUint16, len(r.b)/7))
	for range n {
		cfg := MeterConfig{
			Kind: Kind(r.count("kind", 255)), Scale: uint8(r.count("scale", 255)),
			Modulus: r.int(), MaxPerHour: r.int(), ResetBelow: r.int(), Window: r.int(), Period: r.int(),
		}
		if err := cfg.Validate(); err != nil && r.err == nil {
			r.fail("%v", err)
		}
		if _, dup := s.classOf[cfg]; dup {
			r.fail("meter config listed twice")
		}
		s.classOf[cfg] = uint16(len(s.classes))
		s.classes = append(s.classes, newClass(cfg))
	}
}

func (r *reader) stats() Stats {
	var st Stats
	if n := r.uint(); n != uint64(NumOutcomes) {
		r.fail("%d outcome counts, want %d", n, NumOutcomes)
		return st
	}
	for i := range st.Outcomes {
		st.Outcomes[i] = r.uint()
	}
	st.Rollovers, st.Resets, st.EventsDropped = r.uint(), r.uint(), r.uint()
	return st
}

func (r *reader) meter(s *Shard, id uint32) {
	m := &s.meters[id]
	m.class = uint16(r.count("meter config index", len(s.classes)-1))
	if m.class == 0 {
		r.fail("meter %d without config", id)
	}
	m.n = r.uint()
	tail := r.entries(s.hist)
	head := r.entries(s.hist)
	if r.err == nil && (uint64(len(tail)) != min(m.n, uint64(s.hist)) || len(head) != len(tail)) {
		r.fail("meter %d holds %d and %d readings, want %d", id, len(tail), len(head), min(m.n, uint64(s.hist)))
	}
	copy(s.ring[int(id)<<s.shift:], tail)
	copy(s.head[int(id)<<s.shift:], head)
	m.ringEnd, m.headLen = uint32(len(tail)), uint16(len(head))
	if len(tail) > 0 {
		m.last = tail[len(tail)-1]
	}
	sp := &s.suspects[id]
	sp.last = entry{r.int(), r.int()}
	sp.n = r.uint()
	sp.count = uint8(r.count("suspect run", rebaselineAfter))
	sp.early = uint32(r.count("early rejections", math.MaxUint32))
	s.meterStats[id] = r.stats()
	r.days(s, m)
}

func (r *reader) entries(limit int) []entry {
	n := r.count("readings", limit)
	es := make([]entry, 0, n)
	t := int64(0)
	for range n {
		t += r.int()
		es = append(es, entry{t, r.int()})
	}
	if !slices.IsSortedFunc(es, func(a, b entry) int { return compareTimes(a.t, b.t) }) {
		r.fail("readings out of time order")
	}
	return es
}

func (r *reader) days(s *Shard, m *meter) {
	n := r.count("days", len(r.b)/25)
	day := int64(0)
	for i := range n {
		delta := r.int()
		day += delta
		if i > 0 && delta <= 0 || day < math.MinInt32 || day > math.MaxInt32 {
			r.fail("day %d out of order or range", day)
			return
		}
		rec := s.dayOf(m, Day(day))
		for h := range rec.hours {
			rec.hours[h] = r.int()
		}
	}
}

func (r *reader) events(s *Shard) {
	n := r.count("events", cap(s.events))
	for range n {
		e := Event{Kind: EventKind(r.count("event kind", int(EventReset)))}
		e.Outcome = Outcome(r.count("outcome", NumOutcomes-1))
		e.Reading = r.reading()
		e.Previous = r.reading()
		s.events = append(s.events, e)
	}
}

func (r *reader) reading() Reading {
	return Reading{Time: r.int(), Value: r.int(), Meter: uint32(r.count("meter id", math.MaxUint32))}
}
