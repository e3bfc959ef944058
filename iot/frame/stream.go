package frame

import (
	"bytes"
	"io"
)

// DefaultSize is the buffer size in bytes that [NewStream] uses when given 0.
// It holds the longest SL 651-2014 hex frame (14 header bytes, a 12-bit body
// length up to 4,095 bytes, the end byte and the CRC: 4,112 bytes), and DL/T
// 645 and CJ/T 188 frames are far shorter.
const DefaultSize = 8192

// MinSize is the smallest buffer size in bytes. [NewStream] raises smaller
// sizes to it.
const MinSize = 64

// maxEmptyReads bounds the reads that return no bytes and no error before
// [Stream.ReadFrame] gives up with [io.ErrNoProgress].
const maxEmptyReads = 100

// Stats counts what a [Stream] returned and what it skipped. Every byte given
// to the stream ends up in exactly one counter: in FrameBytes, in one of the
// skip counters or, until more bytes arrive, still buffered. [Stats.Skipped]
// adds up the skip counters.
type Stats struct {
	// Frames is the number of frames returned.
	Frames uint64
	// FrameBytes is the number of bytes in the returned frames.
	FrameBytes uint64
	// Preamble counts skipped wake-up bytes (see [Preambler]).
	Preamble uint64
	// Noise counts other skipped bytes that could not begin a frame.
	Noise uint64
	// BadChecksum counts false starts rejected for a checksum mismatch. Each
	// false start skips its first byte, and the rest is scanned again.
	BadChecksum uint64
	// BadLength counts false starts with an impossible length, including
	// frames longer than the buffer.
	BadLength uint64
	// BadEnd counts false starts without the end byte where the length puts it.
	BadEnd uint64
	// BadHeader counts false starts with wrong header bytes.
	BadHeader uint64
	// Overflow counts bytes dropped because the buffer was full and the
	// protocol could not yet tell the frame's length.
	Overflow uint64
}

// Skipped returns the number of bytes skipped for any reason.
func (s Stats) Skipped() uint64 {
	return s.Preamble + s.Noise + s.BadChecksum + s.BadLength + s.BadEnd +
		s.BadHeader + s.Overflow
}

// Add adds every counter of o to s, to total the streams of many connections.
func (s *Stats) Add(o Stats) {
	s.Frames += o.Frames
	s.FrameBytes += o.FrameBytes
	s.Preamble += o.Preamble
	s.Noise += o.Noise
	s.BadChecksum += o.BadChecksum
	s.BadLength += o.BadLength
	s.BadEnd += o.BadEnd
	s.BadHeader += o.BadHeader
	s.Overflow += o.Overflow
}

// Stream splits the bytes of one connection into frames of one [Protocol],
// in a buffer of fixed size. The zero value is not usable; call [NewStream].
// A Stream is not safe for concurrent use.
type Stream struct {
	proto    Protocol
	buf      []byte
	r, w     int // buf[r:w] is buffered and not yet consumed
	preamble [1]byte
	counted  bool // whether skipped preamble bytes count as Preamble, not Noise
	stats    Stats
	pending  error // read error to return once the buffered frames are out
}

// NewStream returns a stream for p with a buffer of size bytes, or
// [DefaultSize] when size is 0. Sizes below [MinSize] are raised to MinSize.
// The buffer must hold the protocol's longest frame: a longer one is skipped
// as [BadLength].
func NewStream(p Protocol, size int) *Stream {
	if size == 0 {
		size = DefaultSize
	}
	size = max(size, MinSize)
	s := &Stream{proto: p, buf: make([]byte, size)}
	if pp, ok := p.(Preambler); ok {
		s.preamble[0] = pp.Preamble()
		s.counted = true
	}
	return s
}

// Size returns the buffer size in bytes.
func (s *Stream) Size() int { return len(s.buf) }

// Buffered returns the number of bytes held and not yet consumed, such as
// the first part of a frame split across reads.
func (s *Stream) Buffered() int { return s.w - s.r }

// Stats returns the counters since the stream was made or last reset.
func (s *Stream) Stats() Stats { return s.stats }

// Reset drops the buffered bytes, any pending read error and the counters,
// so the stream can serve a new connection.
func (s *Stream) Reset() {
	s.r, s.w = 0, 0
	s.stats = Stats{}
	s.pending = nil
}

// Discard drops the buffered bytes, counting them as noise, and any pending
// read error, and returns how many bytes it dropped. A client calls it before
// a new request so that the rest of a late reply is not taken for the next.
func (s *Stream) Discard() int {
	n := s.w - s.r
	s.stats.Noise += uint64(n)
	s.r, s.w = 0, 0
	s.pending = nil
	return n
}

// Feed copies as much of p into the buffer as fits and returns the number of
// bytes copied. Call [Stream.Next] until it reports false, then Feed the rest
// of p: after Next reports false there is always room for at least one byte.
func (s *Stream) Feed(p []byte) int {
	s.makeRoom()
	n := copy(s.buf[s.w:], p)
	s.w += n
	return n
}

// Next returns the next complete frame in the buffer, skipping and counting
// whatever comes before it. It reports false when no complete frame is
// buffered. The frame aliases the buffer and is valid until the next call of
// any method of s.
func (s *Stream) Next() ([]byte, bool) {
	for s.r < s.w {
		avail := s.w - s.r
		start, n, status := s.proto.Find(s.buf[s.r:s.w])
		start = min(max(start, 0), avail)
		switch {
		case status == Found && n > 0 && start+n <= avail:
			s.skip(start)
			frame := s.buf[s.r : s.r+n : s.r+n]
			s.r += n
			s.stats.Frames++
			s.stats.FrameBytes += uint64(n)
			return frame, true
		case status == NeedMore:
			s.skip(start)
			if s.r < s.w && n > len(s.buf) {
				s.falseStart(BadLength)
				continue
			}
			if s.w < len(s.buf) {
				return nil, false
			}
			if s.r > 0 {
				s.compact()
				return nil, false
			}
			s.stats.Overflow++
			s.r++
		default:
			s.skip(start)
			if s.r < s.w {
				s.falseStart(status)
			}
		}
	}
	s.r, s.w = 0, 0
	return nil, false
}

// ReadFrame returns the next frame, reading from r into the buffer as needed.
// It returns r's error, such as [io.EOF], once no complete frame is left;
// bytes of an incomplete frame stay buffered ([Stream.Buffered]). The frame
// aliases the buffer and is valid until the next call of any method of s.
func (s *Stream) ReadFrame(r io.Reader) ([]byte, error) {
	empty := 0
	for {
		if frame, ok := s.Next(); ok {
			return frame, nil
		}
		if err := s.pending; err != nil {
			s.pending = nil
			return nil, err
		}
		s.makeRoom()
		n, err := r.Read(s.buf[s.w:])
		s.w += n
		s.pending = err
		if n > 0 || err != nil {
			empty = 0
			continue
		}
		if empty++; empty >= maxEmptyReads {
			return nil, io.ErrNoProgress
		}
	}
}

// skip consumes k bytes that cannot begin a frame.
func (s *Stream) skip(k int) {
	if k == 0 {
		return
	}
	var pre int
	if s.counted {
		pre = bytes.Count(s.buf[s.r:s.r+k], s.preamble[:])
	}
	s.stats.Preamble += uint64(pre)
	s.stats.Noise += uint64(k - pre)
	s.r += k
}

// falseStart consumes the first byte of a rejected frame candidate.
func (s *Stream) falseStart(status Status) {
	switch status {
	case BadChecksum:
		s.stats.BadChecksum++
	case BadLength:
		s.stats.BadLength++
	case BadEnd:
		s.stats.BadEnd++
	default:
		s.stats.BadHeader++
	}
	s.r++
}

// makeRoom moves the unconsumed bytes to the front when the buffer is full.
func (s *Stream) makeRoom() {
	if s.r == s.w {
		s.r, s.w = 0, 0
	}
	if s.w == len(s.buf) && s.r > 0 {
		s.compact()
	}
}

func (s *Stream) compact() {
	n := copy(s.buf, s.buf[s.r:s.w])
	s.r, s.w = 0, n
}
