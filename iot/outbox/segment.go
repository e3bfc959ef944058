package outbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const (
	segmentSuffix = ".seg"
	// tmpSuffix marks a segment file that Open is writing. Open removes any
	// that a crash left behind.
	tmpSuffix = ".tmp"
)

// segment is one segment file. Its records have consecutive sequence numbers
// starting at first. Fields other than path and first change under Outbox.mu.
type segment struct {
	first    uint64
	path     string
	size     int64  // durable bytes, header included
	last     uint64 // sequence of the last durable record, first-1 when empty
	lastTime int64  // append time of the last record in Unix nanoseconds
	deleted  bool
}

func segmentName(first uint64) string {
	return fmt.Sprintf("%020d%s", first, segmentSuffix)
}

// listSegments returns the segment files in dir, oldest first.
func listSegments(dir string) ([]*segment, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("outbox: list %s: %w", dir, err)
	}
	var segs []*segment
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && strings.HasSuffix(name, segmentSuffix+tmpSuffix) {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return nil, fmt.Errorf("outbox: remove unfinished segment: %w", err)
			}
			continue
		}
		if e.IsDir() || !strings.HasSuffix(name, segmentSuffix) {
			continue
		}
		first, err := strconv.ParseUint(strings.TrimSuffix(name, segmentSuffix), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("outbox: segment file %q has no sequence number in its name: "+
				"remove or rename it", filepath.Join(dir, name))
		}
		segs = append(segs, &segment{first: first, path: filepath.Join(dir, name)})
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].first < segs[j].first })
	return segs, nil
}

// createSegment creates an empty segment file that starts at first, writes
// its header and makes the file and its directory entry durable.
func createSegment(dir string, first uint64) (*segment, *os.File, error) {
	s := &segment{first: first, path: filepath.Join(dir, segmentName(first)), last: first - 1}
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("outbox: create segment: %w", err)
	}
	_, err = f.WriteString(segmentMagic)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		f.Close()
		os.Remove(s.path)
		return nil, nil, fmt.Errorf("outbox: create segment %s: %w", s.path, err)
	}
	s.size = int64(len(segmentMagic))
	return s, f, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// segmentReader reads records of one segment sequentially through a buffer.
// Only the consumer uses it, under Outbox.readMu.
type segmentReader struct {
	seg    *segment
	f      *os.File
	buf    []byte
	bufOff int64 // file offset of buf[0]
}

const readChunk = 256 << 10

// recordAt returns the record at file offset off, reading no further than
// limit, the segment's durable size. The payload aliases the read buffer and
// stays valid until the next call.
func (r *segmentReader) recordAt(off, limit int64) (decodedRecord, int, error) {
	start := off - r.bufOff
	if off < r.bufOff || start+recordHeaderSize > int64(len(r.buf)) {
		if err := r.fill(off, limit, recordHeaderSize); err != nil {
			return decodedRecord{}, 0, err
		}
		start = 0
	}
	rec, n, err := decodeRecord(r.buf[start:])
	if errors.Is(err, errShortRecord) {
		need := recordHeaderSize + int(leUint32(r.buf[start:]))
		if err := r.fill(off, limit, need); err != nil {
			return decodedRecord{}, 0, err
		}
		rec, n, err = decodeRecord(r.buf)
	}
	return rec, n, err
}

func leUint32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func (r *segmentReader) fill(off, limit int64, need int) error {
	n := int64(max(readChunk, need))
	n = min(n, limit-off)
	if n < int64(need) {
		return errShortRecord
	}
	if int64(cap(r.buf)) < n {
		r.buf = make([]byte, n)
	}
	r.buf = r.buf[:n]
	got, err := r.f.ReadAt(r.buf, off)
	r.buf = r.buf[:got]
	r.bufOff = off
	if err != nil && !(errors.Is(err, io.EOF) && int64(got) == n) {
		return fmt.Errorf("outbox: read segment %s at %d: %w", r.seg.path, off, err)
	}
	return nil
}

func (r *segmentReader) open(s *segment) error {
	r.close()
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	r.seg, r.f, r.buf, r.bufOff = s, f, r.buf[:0], 0
	return nil
}

func (r *segmentReader) close() {
	if r.f != nil {
		r.f.Close()
	}
	r.seg, r.f = nil, nil
}
