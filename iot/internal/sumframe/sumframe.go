// Package sumframe finds and checks the frames that DL/T 645-2007 and CJ/T
// 188-2004 share: a start byte 0x68, a fixed header whose last byte is the
// data length L, L data bytes, a checksum byte and the end byte 0x16. The
// checksum is the sum of the bytes from the start byte to the end of the
// data, modulo 256. Wake-up bytes (0xFE) may precede a frame.
package sumframe

import (
	"bytes"
	"encoding/binary"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// Start and End are the first and last bytes of a frame.
const (
	Start = 0x68
	End   = 0x16
)

// Layout is the header of one protocol's frames.
type Layout struct {
	// HeaderLen is the number of bytes from the start byte to L, both
	// included: 10 for DL/T 645, 11 for CJ/T 188.
	HeaderLen int
	// MaxData is the largest L that the protocol allows.
	MaxData int
	// TagAt is the offset of a header byte that only takes the values in
	// Tags: the second 0x68 of DL/T 645, the meter type of CJ/T 188.
	TagAt int
	// Tags marks the allowed values of the byte at TagAt. A table of bools
	// costs one load per check in the scanning loop, which runs for every
	// 0x68 in noise.
	Tags [256]bool
}

// TagSet returns the [Layout.Tags] table with the values in vs allowed.
func TagSet(vs ...byte) [256]bool {
	var set [256]bool
	for _, c := range vs {
		set[c] = true
	}
	return set
}

// MinFrameLen returns the length of a frame without data.
func (l *Layout) MinFrameLen() int { return l.HeaderLen + 2 }

// Find returns where the first frame in buf starts, its length and its
// status, as [frame.Protocol] requires. It checks the tag byte, the length
// against MaxData, the end byte and the checksum, but no other field.
//
// A stray 0x68 in noise can look like the start of a long frame and would
// hold back the real frames behind it until the claimed length arrives.
// Find therefore rejects a candidate as [frame.BadLength] when a complete
// frame with a valid checksum starts and ends inside it.
//
// NOTE: a genuine frame whose data carries a whole valid frame of the same
// layout is rejected by this rule in favour of the inner frame.
func (l *Layout) Find(buf []byte) (start, n int, status frame.Status) {
	start = bytes.IndexByte(buf, Start)
	if start < 0 {
		return len(buf), 0, frame.NeedMore
	}
	b := buf[start:]
	if len(b) > l.TagAt && !l.Tags[b[l.TagAt]] {
		return start, 0, frame.BadHeader
	}
	if len(b) < l.HeaderLen {
		return start, 0, frame.NeedMore
	}
	size := int(b[l.HeaderLen-1])
	if size > l.MaxData {
		return start, 0, frame.BadLength
	}
	n = l.HeaderLen + 2 + size
	if l.hasInnerFrame(b[:min(n, len(b))]) {
		return start, 0, frame.BadLength
	}
	if len(b) < n {
		return start, n, frame.NeedMore
	}
	return start, n, Check(b[:n])
}

// Check returns the verdict on a candidate of exactly its claimed length:
// [frame.BadEnd], [frame.BadChecksum] or [frame.Found].
func Check(b []byte) frame.Status {
	if b[len(b)-1] != End {
		return frame.BadEnd
	}
	if Checksum(b[:len(b)-2]) != b[len(b)-2] {
		return frame.BadChecksum
	}
	return frame.Found
}

// hasInnerFrame reports whether a complete, valid frame starts after b[0]
// and ends within b.
func (l *Layout) hasInnerFrame(b []byte) bool {
	last := len(b) - l.MinFrameLen() // the last start at which a frame fits
	for p := 1; p <= last; p++ {
		// Test the next byte before calling bytes.IndexByte: in noise the
		// next 0x68 is often adjacent, and the call costs more than the test.
		if b[p] != Start {
			i := bytes.IndexByte(b[p+1:last+1], Start)
			if i < 0 {
				return false
			}
			p += 1 + i
		}
		inner := b[p:]
		if !l.Tags[inner[l.TagAt]] {
			continue
		}
		size := int(inner[l.HeaderLen-1])
		if size > l.MaxData {
			continue
		}
		if m := l.HeaderLen + 2 + size; m <= len(inner) && Check(inner[:m]) == frame.Found {
			return true
		}
	}
	return false
}

// Checksum returns the sum of b modulo 256. It adds eight bytes at a time
// in four 16-bit lanes, which cannot overflow for frames of up to 1 KiB.
func Checksum(b []byte) byte {
	const lanes = 0x00FF00FF00FF00FF
	var acc uint64
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		acc += x&lanes + x>>8&lanes
		b = b[8:]
	}
	sum := byte(acc + acc>>16 + acc>>32 + acc>>48)
	for _, c := range b {
		sum += c
	}
	return sum
}

// TrimPreamble returns b without its leading pre bytes.
func TrimPreamble(b []byte, pre byte) []byte {
	four := uint32(pre) * 0x01010101
	for len(b) >= 4 && binary.LittleEndian.Uint32(b) == four {
		b = b[4:]
	}
	for len(b) > 0 && b[0] == pre {
		b = b[1:]
	}
	return b
}
