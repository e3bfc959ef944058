package szy206

import (
	"bytes"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// Protocol finds SZY 206 and SL/T 427 frames (68 L 68 ... CS 16) for a
// [frame.Stream]. It checks the header, the length, the end byte and the
// CRC; [Decoder.Decode] checks the rest. The zero value is ready to use and
// safe to share.
type Protocol struct{}

var _ frame.Protocol = Protocol{}

// minRegion is the smallest user data region: C, A and AFN.
const minRegion = 7

// Find implements [frame.Protocol].
func (Protocol) Find(buf []byte) (int, int, frame.Status) {
	start := bytes.IndexByte(buf, 0x68)
	if start < 0 {
		return len(buf), 0, frame.NeedMore
	}
	b := buf[start:]
	if len(b) < 3 {
		return start, 0, frame.NeedMore
	}
	if b[2] != 0x68 {
		return start, 0, frame.BadHeader
	}
	size := int(b[1])
	if size < minRegion {
		return start, 0, frame.BadLength
	}
	n := size + 5
	if len(b) < n {
		return start, n, frame.NeedMore
	}
	if b[n-1] != 0x16 {
		return start, 0, frame.BadEnd
	}
	if CRC(b[offControl:offControl+size]) != b[n-2] {
		return start, 0, frame.BadChecksum
	}
	return start, n, frame.Found
}
