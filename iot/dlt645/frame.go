package dlt645

import (
	"encoding/binary"
	"strconv"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/internal/bcd"
	"github.com/shuxiang/shuxiang/iot/internal/sumframe"
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
	_, err := f.unmarshal(b)
	return err
}

// unmarshal decodes as UnmarshalBinary does and also reports whether the
// address is 12 plain BCD digits, so that [Message] need not check it again.
func (f *Frame) unmarshal(b []byte) (plain bool, err error) {
	f.Address, f.Control, f.n = Address{}, 0, 0
	b = sumframe.TrimPreamble(b, Preamble)
	if len(b) < MinFrameLen {
		return false, fieldError("frame", -1, strconv.Itoa(len(b))+" bytes", "at least 12", ErrLength)
	}
	if b[0] != 0x68 {
		return false, fieldError("start", 0, hexByte(b[0]), "0x68", ErrFormat)
	}
	if b[7] != 0x68 {
		return false, fieldError("start", 7, hexByte(b[7]), "0x68", ErrFormat)
	}
	n := int(b[9])
	if n > MaxData {
		return false, fieldError("length", 9, strconv.Itoa(n), "at most 200", ErrLength)
	}
	if len(b) != MinFrameLen+n {
		return false, fieldError("length", 9, strconv.Itoa(n),
			strconv.Itoa(len(b)-MinFrameLen)+" for a frame of "+strconv.Itoa(len(b))+" bytes", ErrLength)
	}
	if b[len(b)-1] != 0x16 {
		return false, fieldError("end", len(b)-1, hexByte(b[len(b)-1]), "0x16", ErrFormat)
	}
	if sum := sumframe.Checksum(b[:headerLen+n]); b[headerLen+n] != sum {
		return false, fieldError("checksum", headerLen+n, hexByte(b[headerLen+n]), hexByte(sum), ErrChecksum)
	}

	// b[1:9] is the address, the second 0x68 and C: one 8-byte load.
	word := binary.LittleEndian.Uint64(b[1:9])
	f.Address = Address(b[1:7])
	f.Control = Control(b[8])
	plain = bcd.ValidWord(word, 6)
	if !plain {
		if err := f.Address.check(); err != nil {
			return false, err
		}
	}
	if err := f.Control.check(); err != nil {
		return false, err
	}
	removeOffset(f.data[:n], b[headerLen:headerLen+n])
	f.n = uint8(n)
	return plain, nil
}

// removeOffset sets dst to src with 0x33 subtracted from every byte. It
// works on eight bytes at a time: setting each byte's top bit first keeps a
// borrow from crossing into the next byte, and the final XOR restores the
// top bits.
func removeOffset(dst, src []byte) {
	const (
		high = 0x8080808080808080
		off  = offset * 0x0101010101010101
	)
	dst = dst[:len(src)]
	for len(src) >= 8 {
		x := binary.LittleEndian.Uint64(src)
		binary.LittleEndian.PutUint64(dst, (x|high)-off^(^x&high))
		src, dst = src[8:], dst[8:]
	}
	for i, c := range src {
		dst[i] = c - offset
	}
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
	return append(dst, sumframe.Checksum(dst[start:]), 0x16), nil
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

// layout is the DL/T 645 header for [sumframe.Layout.Find]: the second 0x68
// at offset 7 and L at offset 9.
var layout = sumframe.Layout{HeaderLen: headerLen, MaxData: MaxData, TagAt: 7, Tags: sumframe.TagSet(0x68)}

// Find implements [frame.Protocol].
func (Protocol) Find(buf []byte) (start, n int, status frame.Status) {
	return layout.Find(buf)
}
