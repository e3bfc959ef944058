package outbox

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
)

// run is a stretch of records with consecutive sequence numbers in a
// segment file, at bytes [start, end) of the file. An empty run has last
// equal to first-1.
type run struct {
	start, end  int
	first, last uint64
	lastTime    int64
}

// segmentScan is the result of scanning one segment file.
type segmentScan struct {
	// runs[0] starts right after the header; each later run follows bytes
	// that held no valid record.
	runs    []run
	torn    int // bytes after the last valid record
	corrupt int // bytes skipped between runs
}

// lost returns the number of records with a sequence number above acked
// that fall in the gaps between runs.
func (sc segmentScan) lost(acked uint64) uint64 {
	n := uint64(0)
	for i := 1; i < len(sc.runs); i++ {
		lo := max(sc.runs[i-1].last+1, acked+1)
		hi := sc.runs[i].first - 1
		if hi >= lo {
			n += hi - lo + 1
		}
	}
	return n
}

// scanSegment reads the records of a segment file whose first sequence
// number is first. Where the bytes hold no valid next record, it goes on
// from the next record that findRecord accepts. The argument limit is the
// first sequence number of the next segment file.
func scanSegment(data []byte, first, limit uint64) segmentScan {
	off := len(segmentMagic)
	cur := run{start: off, end: off, first: first, last: first - 1}
	var sc segmentScan
	for off < len(data) {
		at, rec, n, ok := findRecord(data, off, cur.last, limit)
		if !ok {
			sc.torn = len(data) - off
			break
		}
		if at > off {
			sc.corrupt += at - off
			sc.runs = append(sc.runs, cur)
			cur = run{start: at, first: rec.seq}
		}
		cur.end, cur.last, cur.lastTime = at+n, rec.seq, rec.unixNano
		off = at + n
	}
	return segmentScan{runs: append(sc.runs, cur), torn: sc.torn, corrupt: sc.corrupt}
}

// findRecord returns the first valid record at or after off in data whose
// sequence number is plausible: above last and below limit. The number must
// also be small enough that the missing records between last and it fit in
// the bytes skipped, at least a header each, so at off only last+1 fits.
func findRecord(data []byte, off int, last, limit uint64) (int, decodedRecord, int, bool) {
	for at := off; len(data)-at >= recordHeaderSize; at++ {
		seq := binary.LittleEndian.Uint64(data[at+8:])
		if seq <= last || seq >= limit || seq-last-1 > uint64(at-off)/recordHeaderSize {
			continue
		}
		if rec, n, err := decodeRecord(data[at:]); err == nil {
			return at, rec, n, true
		}
	}
	return 0, decodedRecord{}, 0, false
}

// recoverSegment reads segment s and makes it valid again. It cuts the
// torn tail after the last valid record. Records found after corrupt bytes
// move to new segment files, one per run, because the records of one
// segment have consecutive sequence numbers. Runs wholly at or below acked
// are dropped. limit is the first sequence number of the next segment. It
// returns s, unless s was left empty and removed, followed by the new
// segments. A file shorter than the header, or a header of zero bytes as
// left by a crash right after the file was created, is reset to an empty
// segment.
func recoverSegment(s *segment, limit, acked uint64) ([]*segment, segmentScan, error) {
	data, err := os.ReadFile(s.path)
	if err != nil {
		return nil, segmentScan{}, fmt.Errorf("outbox: read segment: %w", err)
	}
	if len(data) < len(segmentMagic) || isZero(data[:len(segmentMagic)]) {
		sc := segmentScan{runs: []run{{first: s.first, last: s.first - 1}}, torn: len(data)}
		return []*segment{s}, sc, resetSegment(s)
	}
	if string(data[:len(segmentMagic)]) != segmentMagic {
		return nil, segmentScan{}, fmt.Errorf("outbox: %s is not an outbox segment "+
			"(header %q, want %q): move it out of the outbox directory",
			s.path, data[:len(segmentMagic)], segmentMagic)
	}

	sc := scanSegment(data, s.first, limit)
	head := sc.runs[0]
	s.last, s.lastTime, s.size = head.last, head.lastTime, int64(head.end)

	// Write the runs newest first. If a crash stops this loop, the next Open
	// bounds this segment by the first run written, finds the same other
	// runs again and writes them.
	var split []*segment
	for i := len(sc.runs) - 1; i >= 1; i-- {
		if sc.runs[i].last <= acked {
			continue
		}
		t, err := writeRun(filepath.Dir(s.path), data, sc.runs[i])
		if err != nil {
			return nil, segmentScan{}, err
		}
		split = append([]*segment{t}, split...)
	}
	if len(split) > 0 {
		if err := syncDir(filepath.Dir(s.path)); err != nil {
			return nil, segmentScan{}, fmt.Errorf("outbox: split segment %s: %w", s.path, err)
		}
	}

	switch {
	case head.end == len(data):
		return append([]*segment{s}, split...), sc, nil
	case head.last < head.first && len(split) > 0:
		if err := os.Remove(s.path); err != nil {
			return nil, segmentScan{}, fmt.Errorf("outbox: remove emptied segment: %w", err)
		}
		return split, sc, syncDir(filepath.Dir(s.path))
	}
	if err := truncateSync(s.path, s.size); err != nil {
		return nil, segmentScan{}, err
	}
	return append([]*segment{s}, split...), sc, nil
}

// writeRun writes the records of r, taken from the segment bytes data, to a
// new segment file through a temporary file and a rename.
func writeRun(dir string, data []byte, r run) (*segment, error) {
	t := &segment{first: r.first, path: filepath.Join(dir, segmentName(r.first)),
		last: r.last, lastTime: r.lastTime}
	tmp := t.path + tmpSuffix
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("outbox: split segment: %w", err)
	}
	_, err = f.WriteString(segmentMagic)
	if err == nil {
		_, err = f.Write(data[r.start:r.end])
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, t.path)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("outbox: split segment at sequence %d: %w", r.first, err)
	}
	t.size = int64(len(segmentMagic) + r.end - r.start)
	return t, nil
}

func isZero(b []byte) bool { return len(bytes.Trim(b, "\x00")) == 0 }

func resetSegment(s *segment) error {
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("outbox: reset segment: %w", err)
	}
	if _, err := f.WriteString(segmentMagic); err != nil {
		f.Close()
		return fmt.Errorf("outbox: reset segment: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("outbox: reset segment: %w", err)
	}
	s.size = int64(len(segmentMagic))
	s.last = s.first - 1
	return f.Close()
}

func truncateSync(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("outbox: truncate torn tail: %w", err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		return fmt.Errorf("outbox: truncate torn tail of %s at %d: %w", path, size, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("outbox: truncate torn tail: %w", err)
	}
	return nil
}
