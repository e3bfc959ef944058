package sl651

import (
	"bytes"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// Protocol finds hex/BCD frames (7E 7E) for a [frame.Stream]. It checks the
// header, the length, the end character and the CRC; [Decoder.Decode]
// checks the rest. The zero value is ready to use and safe to share.
type Protocol struct{}

var _ frame.Protocol = Protocol{}

// Find implements [frame.Protocol].
func (Protocol) Find(buf []byte) (int, int, frame.Status) {
	for i := 0; ; {
		j := bytes.IndexByte(buf[i:], 0x7E)
		if j < 0 {
			return len(buf), 0, frame.NeedMore
		}
		start := i + j
		if start+1 == len(buf) {
			return start, 0, frame.NeedMore
		}
		if buf[start+1] == 0x7E {
			return findAt(buf, start)
		}
		i = start + 1 // a lone 7E cannot start a frame
	}
}

// findAt checks the candidate frame at buf[start:], which begins 7E 7E.
func findAt(buf []byte, start int) (int, int, frame.Status) {
	b := buf[start:]
	if len(b) <= offLength+1 {
		return start, 0, frame.NeedMore
	}
	word := int(b[offLength])<<8 | int(b[offLength+1])
	if dir := Direction(word >> 12); dir != Up && dir != Down {
		return start, 0, frame.BadHeader
	}
	length := word & 0x0FFF
	if length == 0 {
		return start, 0, frame.BadLength
	}
	n := headerLen + length + trailerLen
	if len(b) <= offStart {
		return start, n, frame.NeedMore
	}
	if c := Control(b[offStart]); c != STX && c != SYN {
		return start, 0, frame.BadHeader
	}
	if len(b) < n {
		return start, n, frame.NeedMore
	}
	if !validEnd(Direction(word>>12), Control(b[n-trailerLen])) {
		return start, 0, frame.BadEnd
	}
	if CRC(b[:n-2]) != uint16(b[n-2])<<8|uint16(b[n-1]) {
		return start, 0, frame.BadChecksum
	}
	return start, n, frame.Found
}
