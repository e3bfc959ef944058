package dlt645

import (
	"bytes"
	"encoding/binary"
	"strconv"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// Frame layout: 68 A0..A5 68 C L DATA CS 16.
const (
	headerLen = 10 // 68, six address bytes, 68, C and L
	// MinFrameLen is the length in bytes of a frame without data.
	MinFrameLen = headerLen + 2
	// MaxData is the longest data field in bytes. DL/T 645-2007 limits read
	// data to 200 bytes and write data to 50.
	MaxData = 200
	// MaxFrameLen is the length in bytes of the longest frame, without preamble.
	MaxFrameLen = MinFrameLen + MaxData
	// Preamble is the wake-up byte a master sends, usually four times, before
	// a frame. Meters may send it before replies too.
	Preamble = 0xFE
	// offset is added to every data byte on the wire (加 33H 处理).
	offset = 0x33
)

// Frame is one DL/T 645-2007 frame with the 0x33 offset removed from its
// data. The zero value is an empty frame to address 000000000000 with
// control code 0. Decoding copies the data, so a Frame does not alias the
// input and can be reused to decode without allocating.
type Frame struct {
	Address Address
	Control Control
	n       uint8
	data    [MaxData]byte
}

// Data returns the data field with the 0x33 offset removed. It aliases f.
func (f *Frame) Data() []byte { return f.data[:f.n] }

// SetData sets the data field to a copy of b, without the 0x33 offset.
func (f *Frame) SetData(b []byte) error {
	if len(b) > MaxData {
		return fieldError("length", 9, strconv.Itoa(len(b)), "at most 200 bytes", ErrLength)
	}
	f.n = uint8(copy(f.data[:], b))
	return nil
}

// UnmarshalBinary decodes one frame from b. Leading 0xFE preamble bytes are
// skipped, and nothing may follow the end byte. It checks, in this order, the
// start bytes, the length field against the bytes present, the end byte, the
// checksum, the address and the control code. The checksum is the sum of the
// bytes from the first 0x68 to the end of the data, modulo 256. The first
// field at fault is named in a [*FieldError]. [Message] interprets the data.
func (f *Frame) UnmarshalBinary(b []byte) error {
	f.Address, f.Control, f.n = Address{}, 0, 0
	for len(b) > 0 && b[0] == Preamble {
		b = b[1:]
	}
	if len(b) < MinFrameLen {
		return fieldError("frame", -1, strconv.Itoa(len(b))+" bytes", "at least 12", ErrLength)
	}
	if b[0] != 0x68 {
		return fieldError("start", 0, hexByte(b[0]), "0x68", ErrFormat)
	}
	if b[7] != 0x68 {
		return fieldError("start", 7, hexByte(b[7]), "0x68", ErrFormat)
	}
	n := int(b[9])
	if n > MaxData {
		return fieldError("length", 9, strconv.Itoa(n), "at most 200", ErrLength)
	}
	if len(b) != MinFrameLen+n {
		return fieldError("length", 9, strconv.Itoa(n),
			strconv.Itoa(len(b)-MinFrameLen)+" for a frame of "+strconv.Itoa(len(b))+" bytes", ErrLength)
	}
	if b[len(b)-1] != 0x16 {
		return fieldError("end", len(b)-1, hexByte(b[len(b)-1]), "0x16", ErrFormat)
	}
	if sum := checksum(b[:headerLen+n]); b[headerLen+n] != sum {
		return fieldError("checksum", headerLen+n, hexByte(b[headerLen+n]), hexByte(sum), ErrChecksum)
	}

	copy(f.Address[:], b[1:7])
	f.Control = Control(b[8])
	if err := f.Address.check(); err != nil {
		return err
	}
	if err := f.Control.check(); err != nil {
		return err
	}
	for i, c := range b[headerLen : headerLen+n] {
		f.data[i] = c - offset
	}
	f.n = uint8(n)
	return nil
}

// AppendBinary appends the encoded frame, without preamble, to dst and
// returns the extended buffer.
func (f *Frame) AppendBinary(dst []byte) ([]byte, error) {
	dst, start := begin(dst, f.Address, f.Control)
	dst = appendData(dst, f.Data()...)
	return finish(dst, start)
}

// AppendPreamble appends n wake-up bytes (0xFE) to dst.
func AppendPreamble(dst []byte, n int) []byte {
	for range n {
		dst = append(dst, Preamble)
	}
	return dst
}

// begin appends the header with a zero length and returns where it starts.
func begin(dst []byte, a Address, c Control) ([]byte, int) {
	start := len(dst)
	dst = append(dst, 0x68)
	dst = append(dst, a[:]...)
	return append(dst, 0x68, byte(c), 0), start
}

// appendData appends data bytes with the 0x33 offset added.
func appendData(dst []byte, data ...byte) []byte {
	for _, c := range data {
		dst = append(dst, c+offset)
	}
	return dst
}

// finish sets the length of the frame that begins at dst[start] and appends
// its checksum and end byte.
func finish(dst []byte, start int) ([]byte, error) {
	n := len(dst) - start - headerLen
	if n > MaxData {
		return dst[:start], fieldError("length", 9, strconv.Itoa(n), "at most 200", ErrLength)
	}
	dst[start+9] = byte(n)
	return append(dst, checksum(dst[start:]), 0x16), nil
}

// checksum returns the sum of b modulo 256. It adds eight bytes at a time in
// four 16-bit lanes, which cannot overflow for frames of up to 1 KiB.
func checksum(b []byte) byte {
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

// Protocol finds DL/T 645 frames in a byte stream for a [frame.Stream]. It
// checks the two 0x68 bytes, the length, the end byte and the checksum, but
// not the address, control code or data: decode each frame with [Frame] or
// [Message]. The zero value is ready to use.
//
// A candidate whose length field is corrupt could hold back the frames behind
// it until the claimed length arrives, so Protocol rejects a candidate as
// [frame.BadLength] when a complete frame with a valid checksum starts and
// ends inside it.
//
// NOTE: a genuine frame whose data carries a whole valid DL/T 645 frame is
// rejected by this rule in favour of the inner frame.
type Protocol struct{}

var _ frame.Preambler = Protocol{}

// Preamble returns 0xFE, the wake-up byte.
func (Protocol) Preamble() byte { return Preamble }

// Find implements [frame.Protocol].
func (Protocol) Find(buf []byte) (start, n int, status frame.Status) {
	start = bytes.IndexByte(buf, 0x68)
	if start < 0 {
		return len(buf), 0, frame.NeedMore
	}
	b := buf[start:]
	if len(b) > 7 && b[7] != 0x68 {
		return start, 0, frame.BadHeader
	}
	if len(b) < headerLen {
		return start, 0, frame.NeedMore
	}
	size := int(b[9])
	if size > MaxData {
		return start, 0, frame.BadLength
	}
	n = MinFrameLen + size
	if hasInnerFrame(b[:min(n, len(b))]) {
		return start, 0, frame.BadLength
	}
	if len(b) < n {
		return start, n, frame.NeedMore
	}
	return start, n, check(b[:n])
}

// check returns the verdict on a candidate of exactly its claimed length.
func check(b []byte) frame.Status {
	if b[len(b)-1] != 0x16 {
		return frame.BadEnd
	}
	if checksum(b[:len(b)-2]) != b[len(b)-2] {
		return frame.BadChecksum
	}
	return frame.Found
}

// hasInnerFrame reports whether a complete, valid frame starts after b[0]
// and ends within b.
func hasInnerFrame(b []byte) bool {
	last := len(b) - MinFrameLen // the last start at which a frame fits
	for p := 1; p <= last; p++ {
		i := bytes.IndexByte(b[p:last+1], 0x68)
		if i < 0 {
			return false
		}
		p += i
		inner := b[p:]
		if inner[7] != 0x68 || int(inner[9]) > MaxData {
			continue
		}
		if m := MinFrameLen + int(inner[9]); m <= len(inner) && check(inner[:m]) == frame.Found {
			return true
		}
	}
	return false
}
