package modbus

import (
	"encoding/binary"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// Protocol finds Modbus RTU frames in a byte stream for a [frame.Stream].
// RTU frames have no start byte. On the wire, 3.5 character times of silence
// delimit them, but a byte stream has lost that timing. So Protocol tries
// every position where the unit address and function code are plausible. It
// takes the lengths that a request and a reply would have there and checks
// the CRC and the content of each. A frame that [Frame.Decode] rejects is
// skipped. The zero value accepts both directions and is ready to use.
//
// Give the stream a buffer of at least [MaxFrameLen] bytes, or longer frames
// are skipped as [frame.BadLength].
//
// A false start whose claimed length is long (a reply byte count of 250, say)
// could hold back the frames behind it until that many bytes arrive. So
// Protocol rejects a candidate as [frame.BadLength] when a complete, valid
// frame starts after its first byte and ends inside it.
//
// NOTE: by that rule a genuine frame whose bytes happen to contain a whole
// valid frame is dropped in favour of the inner one. For a random 255-byte
// reply the chance is about 1 in 10,000, an estimate from the share of
// plausible headers and the 1 in 65,536 chance of a CRC match.
type Protocol struct {
	// Direction limits the frames found to requests or replies, as on a link
	// where only one side is heard. Unknown, the zero value, accepts both,
	// and a value other than Unknown, Request and Reply accepts none.
	Direction Direction
}

var _ frame.Protocol = Protocol{}

// Find implements [frame.Protocol].
func (p Protocol) Find(buf []byte) (start, n int, status frame.Status) {
	for s := range buf {
		n, status, possible := p.at(buf[s:])
		if possible {
			return s, n, status
		}
	}
	return len(buf), 0, frame.NeedMore
}

// at returns the verdict on a frame starting at b[0], and false when no frame
// can start there whatever bytes follow.
func (p Protocol) at(b []byte) (n int, status frame.Status, possible bool) {
	req, rep := p.lengths(b)
	if req < 0 || rep < 0 {
		return 0, frame.NeedMore, true
	}
	if req == 0 && rep == 0 {
		return 0, 0, false
	}

	// Try the shorter length first: it completes first, so the verdict
	// cannot change as more bytes arrive.
	lens := [2]int{req, rep}
	if lens[0] == 0 || lens[1] != 0 && lens[1] < lens[0] {
		lens[0], lens[1] = lens[1], lens[0]
	}
	if lens[1] == lens[0] {
		lens[1] = 0
	}
	bad := frame.BadLength
	for _, c := range lens {
		if c == 0 {
			break
		}
		if c > len(b) {
			if p.hasInnerFrame(b) {
				continue
			}
			return c, frame.NeedMore, true
		}
		// The CRC first, as the cheaper test that most false starts fail.
		if !crcOK(b[:c]) {
			bad = frame.BadChecksum
			continue
		}
		if p.hasInnerFrame(b[:c]) {
			continue
		}
		if p.valid(b[:c]) {
			return c, frame.Found, true
		}
		if bad == frame.BadLength {
			bad = frame.BadHeader
		}
	}
	return 0, bad, true
}

// lengths returns the lengths of a request and a reply starting at b[0]:
// 0 where that direction is impossible or excluded, -1 where more bytes
// are needed to tell.
func (p Protocol) lengths(b []byte) (req, rep int) {
	if p.Direction > Reply {
		return 0, 0
	}
	if p.Direction != Reply {
		req = requestLen(b)
	}
	if p.Direction != Request {
		rep = replyLen(b)
	}
	return req, rep
}

// valid reports whether b, whose CRC is valid, decodes in a direction that p
// accepts.
func (p Protocol) valid(b []byte) bool {
	var f Frame
	return f.decodeChecked(b, p.Direction) == nil
}

// hasInnerFrame reports whether a complete frame with a valid CRC and content
// starts after b[0] and ends within b.
func (p Protocol) hasInnerFrame(b []byte) bool {
	for s := 1; s+MinFrameLen <= len(b); s++ {
		req, rep := p.lengths(b[s:])
		for _, c := range [2]int{req, rep} {
			if c >= MinFrameLen && s+c <= len(b) && crcOK(b[s:s+c]) && p.valid(b[s:s+c]) {
				return true
			}
		}
	}
	return false
}

// FrameLen returns the length in bytes of the frame of direction dir that
// begins with prefix, as its header gives it, so that a reader knows how many
// bytes to wait for. It returns -1 when prefix is too short to tell (a reply
// needs 3 bytes, an FC 15 or 16 request 7), and 0 when no valid frame of that
// direction begins so or dir is neither Request nor Reply. An exception reply
// is 5 bytes long.
func FrameLen(prefix []byte, dir Direction) int {
	switch dir {
	case Request:
		return requestLen(prefix)
	case Reply:
		return replyLen(prefix)
	}
	return 0
}

// requestLen returns the length of a request starting at b[0], 0 when no
// request can start there, or -1 when more bytes are needed to tell. The
// quantity and coil checks of [Frame.Decode] are applied to the bytes
// present, so that fewer false starts reach the CRC.
func requestLen(b []byte) int {
	if len(b) < 2 {
		return -1
	}
	if b[0] > MaxUnit {
		return 0
	}
	switch fc := FunctionCode(b[1]); {
	case fc.readsBits() || fc.readsRegisters():
		// A read is never broadcast.
		if b[0] == 0 || len(b) >= 6 && !quantityOK(b, fc) {
			return 0
		}
		return 8
	case fc == WriteSingleCoil:
		if len(b) >= 6 && !coilOK(b) {
			return 0
		}
		return 8
	case fc == WriteSingleRegister:
		return 8
	case fc == WriteMultipleCoils || fc == WriteMultipleRegisters:
		if len(b) < 7 {
			return -1
		}
		if !quantityOK(b, fc) || int(b[6]) != writeByteCount(fc, binary.BigEndian.Uint16(b[4:])) {
			return 0
		}
		return 9 + int(b[6])
	}
	return 0
}

// replyLen returns the length of a reply starting at b[0], 0 when no reply
// can start there, or -1 when more bytes are needed to tell. Like
// requestLen, it applies the checks it can to the bytes present.
func replyLen(b []byte) int {
	if len(b) < 2 {
		return -1
	}
	if b[0] == 0 || b[0] > MaxUnit {
		return 0
	}
	if b[1]&exceptionBit != 0 {
		if b[1] == exceptionBit || len(b) >= 3 && !ExceptionCode(b[2]).Known() {
			return 0
		}
		return MinFrameLen
	}
	switch fc := FunctionCode(b[1]); {
	case fc.readsBits() || fc.readsRegisters():
		if len(b) < 3 {
			return -1
		}
		count := int(b[2])
		if count == 0 || count > MaxDataLen || fc.readsRegisters() && count%2 != 0 {
			return 0
		}
		return 5 + count
	case fc == WriteSingleCoil:
		if len(b) >= 6 && !coilOK(b) {
			return 0
		}
		return 8
	case fc == WriteMultipleCoils || fc == WriteMultipleRegisters:
		if len(b) >= 6 && !quantityOK(b, fc) {
			return 0
		}
		return 8
	case fc.Known():
		return 8
	}
	return 0
}

// quantityOK reports whether the quantity at b[4:6] is within the limits of
// function fc.
func quantityOK(b []byte, fc FunctionCode) bool {
	q := binary.BigEndian.Uint16(b[4:])
	return q != 0 && int(q) <= quantityLimit(fc)
}

// coilOK reports whether the value at b[4:6] is a valid coil state.
func coilOK(b []byte) bool {
	v := binary.BigEndian.Uint16(b[4:])
	return v == CoilOn || v == CoilOff
}
