package outbox

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Record is one record returned by [Outbox.Next].
type Record struct {
	Seq  uint64    // sequence number, increasing by one per append across restarts
	Time time.Time // append time
	// Payload is the appended bytes. It aliases a read buffer and is valid
	// until the next call of Next.
	Payload []byte
	// Historical reports whether the record was appended before this Outbox
	// was opened, that is by an earlier run of the process.
	Historical bool
}

// Next returns the oldest record that has not been delivered, waiting until
// one is appended or ctx ends. Records stay on disk until acknowledged;
// after [Outbox.Rewind], Next delivers the unacknowledged ones again in
// order. Records older than MaxAge are skipped and counted as dropped.
func (o *Outbox) Next(ctx context.Context) (Record, error) {
	o.readMu.Lock()
	defer o.readMu.Unlock()
	for {
		rec, ok, wait, err := o.tryNext()
		if err != nil || ok {
			return rec, err
		}
		if wait == nil {
			continue
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return Record{}, ctx.Err()
		}
	}
}

// tryNext makes one step of the reader. It returns ok with a record, or a
// channel to wait on when the reader is at the end of the durable data, or
// neither when it skipped a record or moved to the next segment.
func (o *Outbox) tryNext() (Record, bool, <-chan struct{}, error) {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return Record{}, false, nil, ErrClosed
	}
	pos := o.rpos
	limit := pos.seg.size
	if pos.off >= limit {
		defer o.mu.Unlock()
		if pos.seg == o.segs[len(o.segs)-1] {
			return Record{}, false, o.newData, nil
		}
		o.rpos = position{seg: o.nextSegment(pos.seg), off: int64(len(segmentMagic))}
		o.removeAcked()
		return Record{}, false, nil, nil
	}
	o.mu.Unlock()

	if o.reader.seg != pos.seg {
		if err := o.reader.open(pos.seg); err != nil {
			if o.isDeleted(pos.seg) {
				return Record{}, false, nil, nil
			}
			return Record{}, false, nil, fmt.Errorf("outbox: open segment: %w", err)
		}
	}
	dr, n, err := o.reader.recordAt(pos.off, limit)
	if err != nil {
		return Record{}, false, nil, fmt.Errorf("outbox: segment %s at offset %d: %w",
			pos.seg.path, pos.off, err)
	}

	o.mu.Lock()
	defer o.mu.Unlock()
	if o.rpos != pos {
		return Record{}, false, nil, nil // a drop moved the reader meanwhile
	}
	o.rpos.off += int64(n)
	if dr.seq <= o.acked {
		return Record{}, false, nil, nil
	}
	if i, found := o.findInflight(dr.seq); found {
		if o.inflight[i].acked {
			return Record{}, false, nil, nil
		}
	} else {
		if o.opts.MaxAge > 0 && dr.unixNano < o.opts.Now().Add(-o.opts.MaxAge).UnixNano() {
			o.stats.Dropped++
			o.inflight = append(o.inflight, inflightEntry{seq: dr.seq, pos: pos, acked: true})
			o.advance()
			return Record{}, false, nil, nil
		}
		o.inflight = append(o.inflight, inflightEntry{seq: dr.seq, pos: pos})
	}
	o.stats.Delivered++
	rec := Record{
		Seq:        dr.seq,
		Time:       time.Unix(0, dr.unixNano),
		Payload:    dr.payload,
		Historical: dr.seq < o.runFirstSeq,
	}
	return rec, true, nil, nil
}

func (o *Outbox) nextSegment(s *segment) *segment {
	for i, t := range o.segs {
		if t.first > s.first {
			return o.segs[i]
		}
	}
	return o.segs[len(o.segs)-1]
}

func (o *Outbox) isDeleted(s *segment) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return s.deleted
}

func (o *Outbox) findInflight(seq uint64) (int, bool) {
	i := sort.Search(len(o.inflight), func(i int) bool { return o.inflight[i].seq >= seq })
	return i, i < len(o.inflight) && o.inflight[i].seq == seq
}

// Ack marks the record seq as delivered. Acknowledgements may come in any
// order, but records leave the disk in sequence order: a segment file is
// removed once every record in it and before it is acknowledged. Acking a
// record that a bound already dropped returns nil.
func (o *Outbox) Ack(seq uint64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if seq <= o.acked {
		return nil
	}
	i, found := o.findInflight(seq)
	if !found || o.inflight[i].acked {
		return fmt.Errorf("outbox: ack of sequence %d: %w", seq, ErrNotInFlight)
	}
	o.inflight[i].acked = true
	o.stats.Acked++
	o.advance()
	return nil
}

// advance moves the acknowledged position past the leading acknowledged
// in-flight records and removes segments that are wholly acknowledged. It
// runs under mu.
func (o *Outbox) advance() {
	n := 0
	for n < len(o.inflight) && o.inflight[n].acked {
		o.acked = o.inflight[n].seq
		n++
	}
	if n == 0 {
		return
	}
	// Slicing forward keeps acks O(1); append reallocates when the
	// capacity runs out and copies only the live entries.
	o.inflight = o.inflight[n:]
	o.removeAcked()
}

// removeAcked removes segments that are wholly acknowledged and that the
// reader has left. It runs under mu.
func (o *Outbox) removeAcked() {
	for len(o.segs) > 1 && o.segs[0].last <= o.acked && o.rpos.seg != o.segs[0] {
		s := o.segs[0]
		o.segs = o.segs[1:]
		s.deleted = true
		if err := os.Remove(s.path); err != nil {
			o.opts.Logger.Warn("outbox: remove acknowledged segment", "path", s.path, "err", err)
		}
	}
}

// Rewind makes Next deliver again, in order, every record that it returned
// and that is not yet acknowledged. A sender calls it after a connection was
// lost, because replies to what was in flight may never come.
func (o *Outbox) Rewind() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, e := range o.inflight {
		if !e.acked && !e.pos.seg.deleted {
			o.rpos = e.pos
			return
		}
	}
}

// InFlight returns the number of records that Next returned and that are not
// yet acknowledged.
func (o *Outbox) InFlight() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, e := range o.inflight {
		if !e.acked {
			n++
		}
	}
	return n
}

// Cursor file: acknowledged sequence number (uint64 little-endian) followed by
// the CRC-32C of those 8 bytes.
const cursorName = "cursor"

func readCursor(dir string) (uint64, error) {
	b, err := os.ReadFile(filepath.Join(dir, cursorName))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("outbox: read cursor: %w", err)
	}
	if len(b) != 12 || crc32.Checksum(b[:8], castagnoli) != binary.LittleEndian.Uint32(b[8:]) {
		// Without a valid cursor every record on disk is delivered again,
		// which at-least-once delivery allows.
		return 0, nil
	}
	return binary.LittleEndian.Uint64(b[:8]), nil
}

func writeCursor(dir string, acked uint64) error {
	var b [12]byte
	binary.LittleEndian.PutUint64(b[:8], acked)
	binary.LittleEndian.PutUint32(b[8:], crc32.Checksum(b[:8], castagnoli))
	tmp := filepath.Join(dir, cursorName+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("outbox: write cursor: %w", err)
	}
	_, err = f.Write(b[:])
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, cursorName))
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return fmt.Errorf("outbox: write cursor: %w", err)
	}
	return nil
}

// TryNext is [Outbox.Next] without waiting: ok is false when no record is
// ready. A sender uses it to add records that are already on disk to a batch.
func (o *Outbox) TryNext() (rec Record, ok bool, err error) {
	o.readMu.Lock()
	defer o.readMu.Unlock()
	for {
		rec, ok, wait, err := o.tryNext()
		if err != nil || ok || wait != nil {
			return rec, ok, err
		}
	}
}
