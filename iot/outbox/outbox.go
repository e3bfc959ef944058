package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"sync"
	"time"
)

// Options configures an [Outbox]. The zero value works: every zero field takes
// the default named in its comment.
type Options struct {
	// SegmentBytes is the size at which the active segment file is closed and
	// a new one started. Default 16 MiB.
	SegmentBytes int64
	// MaxBytes bounds the total size of the segment files. When a commit
	// leaves more on disk, whole segments are dropped oldest first, with their
	// unacknowledged records counted in [Stats].Dropped. The active segment is
	// never dropped. Default 1 GiB. It must be at least 2*SegmentBytes.
	MaxBytes int64
	// MaxAge bounds how long a record waits for delivery. Older records are
	// dropped and counted in [Stats].Dropped. Zero means 7 days; a negative
	// value keeps records without an age limit.
	MaxAge time.Duration
	// MaxRecordBytes is the largest payload Append accepts. Default 1 MiB; at
	// most [MaxPayloadBytes].
	MaxRecordBytes int
	// CursorInterval is how often the acknowledged position is written to
	// disk. Records acknowledged after the last write are delivered again after
	// a crash, which at-least-once delivery allows. Default 1 s.
	CursorInterval time.Duration
	// Now is the clock for append times and age limits. Nil means time.Now.
	Now func() time.Time
	// Logger receives recovery and drop notices. Nil discards them.
	Logger *slog.Logger
}

func (o *Options) fill() error {
	if o.SegmentBytes == 0 {
		o.SegmentBytes = 16 << 20
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = 1 << 30
	}
	if o.MaxAge == 0 {
		o.MaxAge = 7 * 24 * time.Hour
	}
	if o.MaxRecordBytes == 0 {
		o.MaxRecordBytes = 1 << 20
	}
	if o.CursorInterval == 0 {
		o.CursorInterval = time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case o.SegmentBytes < 4096:
		return fmt.Errorf("outbox: SegmentBytes %d is below 4096: raise it", o.SegmentBytes)
	case o.MaxBytes < 2*o.SegmentBytes:
		return fmt.Errorf("outbox: MaxBytes %d is below twice SegmentBytes %d: raise MaxBytes "+
			"or lower SegmentBytes", o.MaxBytes, o.SegmentBytes)
	case o.MaxRecordBytes < 0 || o.MaxRecordBytes > MaxPayloadBytes:
		return fmt.Errorf("outbox: MaxRecordBytes %d is outside 1..%d", o.MaxRecordBytes,
			MaxPayloadBytes)
	}
	return nil
}

// ErrClosed is returned by calls on a closed [Outbox].
var ErrClosed = errors.New("outbox: closed")

// ErrNotInFlight is returned by [Outbox.Ack] and [Outbox.DeadLetter] for a
// sequence number that [Outbox.Next] has not returned or that is already
// acknowledged, dropped or dead-lettered.
var ErrNotInFlight = errors.New("outbox: sequence number is not in flight")

// ErrWriteFailed is wrapped by the errors of appends after a segment write or
// fsync failed, as on a full disk. The outbox then takes no more records,
// because the state of the failed write on disk is unknown; closing and
// opening it again cuts the segment back to its last valid record.
var ErrWriteFailed = errors.New("outbox: write failed")

// Outbox is a durable on-disk queue of records. It is safe for concurrent
// use: any number of goroutines may Append, and one consumer at a time calls
// Next, Ack, Rewind and DeadLetter. Only one Outbox may have a directory open
// at a time; [Open] enforces this with a lock file.
type Outbox struct {
	dir  string
	opts Options
	lock *os.File // holds the directory's advisory lock until Close

	mu          sync.Mutex
	segs        []*segment // oldest first; the last one is active
	active      *os.File
	nextSeq     uint64
	runFirstSeq uint64 // first sequence number appended by this process
	open        *batch // batch that Append fills
	spare       []byte // buffer of the last written batch, for reuse
	failed      error  // a write or fsync error; the outbox accepts no more appends
	closed      bool
	newData     chan struct{} // closed and replaced after every commit
	stats       Stats

	// Consumer state, under mu.
	acked    uint64 // every record with seq <= acked is done
	inflight []inflightEntry
	rpos     position

	readMu sync.Mutex // serialises the consumer
	reader segmentReader

	wake     chan struct{}
	quit     chan struct{}
	done     chan struct{}
	savedAck uint64 // acked as last written to the cursor file; committer only
}

type position struct {
	seg *segment
	off int64
}

type inflightEntry struct {
	seq   uint64
	pos   position
	acked bool
}

// batch is a group of appended records that share one write and one fsync.
type batch struct {
	buf      []byte
	n        int
	last     uint64
	lastTime int64
	done     chan struct{}
	err      error
}

// Stats are counters of an [Outbox] since it was opened, except Depth and
// Bytes, which describe the directory now.
type Stats struct {
	Appended     uint64 // records made durable by this process
	Delivered    uint64 // records returned by Next, re-deliveries included
	Acked        uint64 // records acknowledged
	Dropped      uint64 // records removed undelivered because of MaxBytes or MaxAge
	DeadLettered uint64 // records moved to the dead-letter file
	Recovered    uint64 // records found on disk at Open
	TornBytes    int64  // bytes cut from segment tails at Open, after the last valid record
	// CorruptBytes is the number of bytes skipped at Open between two valid
	// records of a segment, and CorruptRecords the number of unacknowledged
	// records those bytes held, known from the gap in sequence numbers.
	CorruptBytes   int64
	CorruptRecords uint64
	Depth          uint64 // records on disk that are not yet acknowledged
	Bytes          int64  // size of the segment files
}

// Open opens or creates the outbox in dir. It recovers every segment, cutting
// a torn tail after the last valid record and skipping corrupt bytes between
// valid records as FORMAT.md describes, and starts the commit goroutine that
// [Outbox.Close] stops.
//
// Open takes an advisory lock (flock(2)) on the file LOCK in dir and holds it
// until Close. While it is held, another Open of dir, from this process or
// another, fails with an error that wraps [ErrLocked] and names the holder's
// process id. The end of the holding process, a crash included, releases it.
//
// BUG: On systems other than Linux, macOS and the BSDs the directory is not
// locked, and the caller must keep to one Outbox per directory.
func Open(dir string, opts Options) (*Outbox, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("outbox: create directory: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	o := &Outbox{
		dir:     dir,
		opts:    opts,
		lock:    lock,
		newData: make(chan struct{}),
		wake:    make(chan struct{}, 1),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	if err := o.recover(); err != nil {
		if o.active != nil {
			o.active.Close()
		}
		lock.Close()
		return nil, err
	}
	o.open = &batch{done: make(chan struct{})}
	go o.commitLoop()
	return o, nil
}

func (o *Outbox) recover() error {
	if err := recoverDeadLetters(o.dir); err != nil {
		return err
	}
	acked, err := readCursor(o.dir)
	if err != nil {
		return err
	}
	o.acked, o.savedAck = acked, acked
	segs, err := listSegments(o.dir)
	if err != nil {
		return err
	}
	var kept []*segment
	for i, s := range segs {
		limit := uint64(math.MaxUint64)
		if i+1 < len(segs) {
			limit = segs[i+1].first
		}
		got, sc, err := recoverSegment(s, limit, o.acked)
		if err != nil {
			return err
		}
		kept = append(kept, got...)
		if sc.corrupt > 0 {
			lost := sc.lost(o.acked)
			o.stats.CorruptBytes += int64(sc.corrupt)
			o.stats.CorruptRecords += lost
			o.opts.Logger.Warn("outbox: skipped corrupt records", "path", s.path,
				"bytes", sc.corrupt, "records", lost, "runs_after", len(sc.runs)-1)
		}
		if sc.torn > 0 {
			o.stats.TornBytes += int64(sc.torn)
			o.opts.Logger.Warn("outbox: cut torn segment tail", "path", s.path,
				"bytes", sc.torn, "last_seq", sc.runs[len(sc.runs)-1].last,
				"last_segment", i == len(segs)-1)
		}
	}
	segs = kept

	// Remove segments that are wholly acknowledged, but keep the newest as
	// the active segment: its name carries the next sequence number.
	for len(segs) > 1 && segs[0].last <= o.acked {
		if err := os.Remove(segs[0].path); err != nil {
			return fmt.Errorf("outbox: remove acknowledged segment: %w", err)
		}
		segs = segs[1:]
	}

	o.nextSeq = max(o.acked+1, 1)
	if n := len(segs); n > 0 {
		o.nextSeq = max(o.nextSeq, segs[n-1].last+1)
	}
	// Records in one segment have consecutive sequence numbers, so a gap
	// before nextSeq starts a new segment.
	if n := len(segs); n == 0 || segs[n-1].last+1 != o.nextSeq {
		s, f, err := createSegment(o.dir, o.nextSeq)
		if err != nil {
			return err
		}
		segs, o.active = append(segs, s), f
	} else {
		s := segs[len(segs)-1]
		f, err := os.OpenFile(s.path, os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("outbox: open active segment: %w", err)
		}
		o.active = f
	}
	o.segs = segs
	o.runFirstSeq = o.nextSeq
	o.rpos = position{seg: segs[0], off: int64(len(segmentMagic))}
	for _, s := range segs {
		if s.last > o.acked {
			o.stats.Recovered += s.last - max(s.first, o.acked+1) + 1
		}
	}
	return nil
}

// Append adds one record and returns its sequence number once the record is
// durable on disk. Appends from many goroutines share one write and one fsync.
// The outbox copies payload, so the caller may reuse it at once. If ctx ends
// first, Append returns ctx.Err() and the record may or may not become durable.
func (o *Outbox) Append(ctx context.Context, payload []byte) (uint64, error) {
	b, seq, err := o.add(payload)
	if err != nil {
		return 0, err
	}
	return seq, o.wait(ctx, b)
}

// AppendBatch adds the payloads as consecutive records and returns the
// sequence number of the first once all are durable. It rejects the whole
// batch when one payload is too large.
func (o *Outbox) AppendBatch(ctx context.Context, payloads [][]byte) (uint64, error) {
	if len(payloads) == 0 {
		return 0, nil
	}
	b, first, err := o.add(payloads...)
	if err != nil {
		return 0, err
	}
	return first, o.wait(ctx, b)
}

func (o *Outbox) add(payloads ...[]byte) (*batch, uint64, error) {
	for _, p := range payloads {
		if len(p) > o.opts.MaxRecordBytes {
			return nil, 0, fmt.Errorf("outbox: payload of %d bytes exceeds MaxRecordBytes %d: "+
				"split it or raise the limit", len(p), o.opts.MaxRecordBytes)
		}
	}
	now := o.opts.Now().UnixNano()

	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return nil, 0, ErrClosed
	}
	if o.failed != nil {
		o.mu.Unlock()
		return nil, 0, o.failed
	}
	b := o.open
	first := o.nextSeq
	for _, p := range payloads {
		b.buf = appendRecord(b.buf, o.nextSeq, now, p)
		b.last = o.nextSeq
		o.nextSeq++
	}
	b.n += len(payloads)
	b.lastTime = now
	o.mu.Unlock()

	select {
	case o.wake <- struct{}{}:
	default:
	}
	return b, first, nil
}

func (o *Outbox) wait(ctx context.Context, b *batch) error {
	select {
	case <-b.done:
		return b.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// commitLoop writes and syncs batches until Close. While one batch is being
// synced, new appends fill the next one, so the fsync cost is shared.
func (o *Outbox) commitLoop() {
	defer close(o.done)
	tick := time.NewTicker(o.opts.CursorInterval)
	defer tick.Stop()
	for {
		select {
		case <-o.wake:
			o.commit()
		case <-tick.C:
			o.maintain()
		case <-o.quit:
			o.commit()
			o.maintain()
			return
		}
	}
}

func (o *Outbox) commit() {
	o.mu.Lock()
	b := o.open
	if b.n == 0 {
		o.mu.Unlock()
		return
	}
	o.open = &batch{buf: o.spare[:0], done: make(chan struct{})}
	o.spare = nil
	seg, f := o.segs[len(o.segs)-1], o.active
	err := o.failed
	o.mu.Unlock()

	if err == nil {
		err = writeSync(f, b.buf, seg.size)
	}

	o.mu.Lock()
	if err != nil {
		if o.failed == nil {
			o.failed = fmt.Errorf("%w: %s: the outbox takes no more records until reopened: %w",
				ErrWriteFailed, seg.path, err)
			o.opts.Logger.Error("outbox: write failed", "path", seg.path, "err", err)
		}
		b.err = o.failed
	} else {
		seg.size += int64(len(b.buf))
		seg.last = b.last
		seg.lastTime = b.lastTime
		o.stats.Appended += uint64(b.n)
		o.spare = b.buf
		close(o.newData)
		o.newData = make(chan struct{})
		if seg.size >= o.opts.SegmentBytes {
			o.roll()
		}
		o.enforceBytes()
	}
	o.mu.Unlock()
	close(b.done)
}

func writeSync(f *os.File, buf []byte, off int64) error {
	if _, err := f.WriteAt(buf, off); err != nil {
		return err
	}
	return f.Sync()
}

// roll starts a new active segment. It runs under mu, between batches.
func (o *Outbox) roll() {
	last := o.segs[len(o.segs)-1]
	s, f, err := createSegment(o.dir, last.last+1)
	if err != nil {
		// Keep appending to the full segment and try again after the next batch.
		o.opts.Logger.Warn("outbox: start new segment", "err", err)
		return
	}
	o.active.Close()
	o.active = f
	o.segs = append(o.segs, s)
}

// maintain drops records past MaxAge and saves the acknowledged position.
func (o *Outbox) maintain() {
	o.mu.Lock()
	if o.opts.MaxAge > 0 {
		limit := o.opts.Now().Add(-o.opts.MaxAge).UnixNano()
		for len(o.segs) > 1 && o.segs[0].lastTime < limit {
			o.dropOldest("max_age")
		}
	}
	acked := o.acked
	o.mu.Unlock()

	if acked != o.savedAck {
		if err := writeCursor(o.dir, acked); err != nil {
			o.opts.Logger.Warn("outbox: save cursor", "err", err)
			return
		}
		o.savedAck = acked
	}
}

func (o *Outbox) enforceBytes() {
	total := int64(0)
	for _, s := range o.segs {
		total += s.size
	}
	for total > o.opts.MaxBytes && len(o.segs) > 1 {
		total -= o.segs[0].size
		o.dropOldest("max_bytes")
	}
}

// dropOldest removes the oldest segment, counting its records that are not
// yet acknowledged as dropped. It runs under mu and never drops the active
// segment.
func (o *Outbox) dropOldest(reason string) {
	s := o.segs[0]
	dropped := uint64(0)
	if s.last > o.acked {
		dropped = s.last - max(s.first, o.acked+1) + 1
	}
	for len(o.inflight) > 0 && o.inflight[0].seq <= s.last {
		if o.inflight[0].acked && dropped > 0 {
			dropped--
		}
		o.inflight = o.inflight[1:]
	}
	o.acked = max(o.acked, s.last)
	o.stats.Dropped += dropped
	o.segs = o.segs[1:]
	s.deleted = true
	if o.rpos.seg == s {
		o.rpos = position{seg: o.segs[0], off: int64(len(segmentMagic))}
	}
	if err := os.Remove(s.path); err != nil {
		o.opts.Logger.Warn("outbox: remove dropped segment", "path", s.path, "err", err)
	}
	o.opts.Logger.Warn("outbox: dropped oldest segment", "reason", reason,
		"records", dropped, "first_seq", s.first, "last_seq", s.last)
}

// Dir returns the directory the outbox was opened in.
func (o *Outbox) Dir() string { return o.dir }

// Stats returns the counters and the current depth and size.
func (o *Outbox) Stats() Stats {
	o.mu.Lock()
	defer o.mu.Unlock()
	st := o.stats
	for _, s := range o.segs {
		st.Bytes += s.size
		if s.last > o.acked {
			st.Depth += s.last - max(s.first, o.acked+1) + 1
		}
	}
	for _, e := range o.inflight {
		if e.acked {
			st.Depth--
		}
	}
	return st
}

// Close writes pending appends, saves the acknowledged position, stops the
// commit goroutine, closes the files and releases the directory's lock.
// Appends after Close return ErrClosed.
func (o *Outbox) Close() error {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return ErrClosed
	}
	o.closed = true
	// Wake a Next that waits for data, so it returns ErrClosed and releases readMu.
	close(o.newData)
	o.newData = make(chan struct{})
	o.mu.Unlock()

	close(o.quit)
	<-o.done

	o.readMu.Lock()
	o.reader.close()
	o.readMu.Unlock()
	o.mu.Lock()
	defer o.mu.Unlock()
	err := o.active.Close()
	if lerr := o.lock.Close(); err == nil {
		err = lerr
	}
	return err
}
