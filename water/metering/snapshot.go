package metering

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Snapshot format: the magic "SXMR", a version byte, a body of unsigned and zigzag
// varints (encoding/binary), and the CRC-32C (Castagnoli) of everything before it,
// little endian. The body holds the zone table, the config, the meter configs, the
// counts, every registered meter's state and day records, and the kept events. Times
// and days are delta-encoded. See snapshotBody for the order of fields.
const (
	snapshotMagic   = "SXMR"
	snapshotVersion = 1
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrSnapshot is wrapped by every error [Restore] returns for bytes that are not a
// valid snapshot.
var ErrSnapshot = errors.New("metering: invalid snapshot")

// AppendSnapshot appends a binary snapshot of the shard to dst, for [Restore] to
// rebuild it after a restart. It adds pending hourly consumption to the day records
// first, which does not change any result.
func (s *Shard) AppendSnapshot(dst []byte) []byte {
	s.init()
	s.flushAll()
	start := len(dst)
	dst = append(dst, snapshotMagic...)
	dst = append(dst, snapshotVersion)
	dst = s.snapshotBody(dst)
	sum := crc32.Checksum(dst[start:], castagnoli)
	return binary.LittleEndian.AppendUint32(dst, sum)
}

func (s *Shard) snapshotBody(b []byte) []byte {
	w := writer{b: b}
	z := s.cfg.Zone
	w.str(z.name)
	w.uint(uint64(len(z.starts)))
	for i := range z.starts {
		w.int(z.starts[i])
		w.int(z.offsets[i])
	}
	w.int(s.cfg.MaxFuture)
	w.int(s.cfg.MaxAge)
	w.uint(uint64(s.hist))
	w.uint(uint64(s.cfg.Events))
	w.uint(uint64(len(s.classes) - 1))
	for _, c := range s.classes[1:] {
		cfg := c.cfg
		w.uint(uint64(cfg.Kind))
		w.uint(uint64(cfg.Scale))
		w.int(cfg.Modulus)
		w.int(cfg.MaxPerHour)
		w.int(cfg.ResetBelow)
		w.int(cfg.Window)
		w.int(cfg.Period)
	}
	w.stats(s.stats)
	w.uint(uint64(len(s.meters)))
	for id := range s.meters {
		if s.meters[id].class != 0 {
			w.uint(uint64(id))
			s.writeMeter(&w, uint32(id))
		}
	}
	w.uint(uint64(len(s.meters))) // end of meters
	w.uint(uint64(len(s.events)))
	for _, e := range s.events {
		w.uint(uint64(e.Kind))
		w.uint(uint64(e.Outcome))
		w.reading(e.Reading)
		w.reading(e.Previous)
	}
	return w.b
}

func (s *Shard) writeMeter(w *writer, id uint32) {
	m := &s.meters[id]
	w.uint(uint64(m.class))
	w.uint(m.n)
	w.entries(s.appendTail(nil, id))
	w.entries(s.appendHead(nil, id))
	sp := s.suspects[id]
	w.int(sp.last.t)
	w.int(sp.last.v)
	w.uint(sp.n)
	w.uint(uint64(sp.count))
	w.uint(uint64(sp.early))
	w.stats(s.meterStats[id])
	recs := s.records(id)
	w.uint(uint64(len(recs)))
	prev := int64(0)
	for _, rec := range recs {
		w.int(int64(rec.day) - prev)
		prev = int64(rec.day)
		for _, h := range rec.hours {
			w.int(h)
		}
	}
}

type writer struct{ b []byte }

func (w *writer) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *writer) int(v int64)   { w.b = binary.AppendVarint(w.b, v) }

func (w *writer) str(v string) {
	w.uint(uint64(len(v)))
	w.b = append(w.b, v...)
}

func (w *writer) stats(st Stats) {
	w.uint(uint64(NumOutcomes))
	for _, n := range st.Outcomes {
		w.uint(n)
	}
	w.uint(st.Rollovers)
	w.uint(st.Resets)
	w.uint(st.EventsDropped)
}

func (w *writer) entries(es []entry) {
	w.uint(uint64(len(es)))
	prev := int64(0)
	for _, e := range es {
		w.int(e.t - prev)
		w.int(e.v)
		prev = e.t
	}
}

func (w *writer) reading(r Reading) {
	w.int(r.Time)
	w.int(r.Value)
	w.uint(uint64(r.Meter))
}

// snapshotError wraps ErrSnapshot with what was wrong.
func snapshotError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSnapshot, fmt.Sprintf(format, args...))
}

func crcOf(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }
