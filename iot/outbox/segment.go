package outbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const segmentSuffix = ".seg"

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

// recoverSegment reads the segment file, keeps the longest prefix of valid
// records with consecutive sequence numbers and truncates the file after it.
// It returns the number of bytes cut off. A file shorter than the header, or a
// header of zero bytes as left by a crash right after the file was created,
// is reset to an empty segment.
func recoverSegment(s *segment) (cut int64, err error) {
	data, err := os.ReadFile(s.path)
	if err != nil {
		return 0, fmt.Errorf("outbox: read segment: %w", err)
	}
	if len(data) < len(segmentMagic) || isZero(data[:len(segmentMagic)]) {
		return int64(len(data)), resetSegment(s)
	}
	if string(data[:len(segmentMagic)]) != segmentMagic {
		return 0, fmt.Errorf("outbox: %s is not an outbox segment (header %q, want %q): "+
			"move it out of the outbox directory", s.path, data[:len(segmentMagic)], segmentMagic)
	}

	off := len(segmentMagic)
	s.last = s.first - 1
	for off < len(data) {
		rec, n, err := decodeRecord(data[off:])
		if err != nil || rec.seq != s.last+1 {
			break
		}
		s.last = rec.seq
		s.lastTime = rec.unixNano
		off += n
	}
	s.size = int64(off)
	cut = int64(len(data) - off)
	if cut == 0 {
		return 0, nil
	}
	if err := truncateSync(s.path, s.size); err != nil {
		return 0, err
	}
	return cut, nil
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
