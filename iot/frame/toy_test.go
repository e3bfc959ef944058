package frame_test

import (
	"bytes"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// toy frames are 68 L 68 DATA[L] CS 16 with CS the byte sum of DATA, the
// shape of SZY 206 without its CRC. L must be at least 1.
type toy struct{}

func (toy) Preamble() byte { return 0xFE }

func (toy) Find(buf []byte) (int, int, frame.Status) {
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
	if size == 0 {
		return start, 0, frame.BadLength
	}
	n := 3 + size + 2
	if len(b) < n {
		return start, n, frame.NeedMore
	}
	if b[n-1] != 0x16 {
		return start, 0, frame.BadEnd
	}
	var sum byte
	for _, c := range b[3 : 3+size] {
		sum += c
	}
	if sum != b[n-2] {
		return start, 0, frame.BadChecksum
	}
	return start, n, frame.Found
}

// toyFrame builds a valid toy frame around data.
func toyFrame(data ...byte) []byte {
	out := []byte{0x68, byte(len(data)), 0x68}
	out = append(out, data...)
	var sum byte
	for _, c := range data {
		sum += c
	}
	return append(out, sum, 0x16)
}

// delimited frames are 02 ... 03 with no length field, so the stream learns
// their length only when the end byte arrives.
var delimited = frame.ProtocolFunc(func(buf []byte) (int, int, frame.Status) {
	start := bytes.IndexByte(buf, 0x02)
	if start < 0 {
		return len(buf), 0, frame.NeedMore
	}
	end := bytes.IndexByte(buf[start:], 0x03)
	if end < 0 {
		return start, 0, frame.NeedMore
	}
	return start, end + 1, frame.Found
})
