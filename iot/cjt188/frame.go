package cjt188

import (
	"strconv"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/internal/sumframe"
)

// Frame layout: 68 T A0..A6 C L DATA CS 16.
const (
	headerLen = 11 // 68, T, seven address bytes, C and L
	// MinFrameLen is the length in bytes of a frame without data.
	MinFrameLen = headerLen + 2
	// MaxData is the longest data field in bytes, the largest L.
	MaxData = 255
	// MaxFrameLen is the length in bytes of the longest frame, without preamble.
	MaxFrameLen = MinFrameLen + MaxData
	// Preamble is the wake-up byte sent, two to four times, before a frame.
	Preamble = 0xFE
)

// Frame is one CJ/T 188-2004 frame. Unlike DL/T 645, CJ/T 188 sends data
// bytes as they are, without an offset. The zero value is an empty frame.
// Decoding copies the data, so a Frame can be reused without allocating.
type Frame struct {
	Type    MeterType
	Address Address
	Control Control
	n       uint8
	data    [MaxData]byte
}

// Data returns the data field. It aliases f.
func (f *Frame) Data() []byte { return f.data[:f.n] }

// SetData sets the data field to a copy of b.
func (f *Frame) SetData(b []byte) error {
	if len(b) > MaxData {
		return fieldError("length", 10, strconv.Itoa(len(b)), "at most 255 bytes", ErrLength)
	}
	f.n = uint8(copy(f.data[:], b))
	return nil
}

// UnmarshalBinary decodes one frame from b. Leading 0xFE bytes are skipped,
// and nothing may follow the end byte. It checks, in this order, the start
// byte, the length field against the bytes present, the end byte, the
// checksum, the meter type, the address and the control code. The checksum is
// the sum of the bytes from 0x68 to the end of the data, modulo 256. The first
// field at fault is named in a [*FieldError]. [Message] interprets the data.
func (f *Frame) UnmarshalBinary(b []byte) error {
	f.Type, f.Address, f.Control, f.n = 0, Address{}, 0, 0
	b = sumframe.TrimPreamble(b, Preamble)
	if len(b) < MinFrameLen {
		return fieldError("frame", -1, strconv.Itoa(len(b))+" bytes", "at least 13", ErrLength)
	}
	if b[0] != 0x68 {
		return fieldError("start", 0, hexByte(b[0]), "0x68", ErrFormat)
	}
	n := int(b[10])
	if len(b) != MinFrameLen+n {
		return fieldError("length", 10, strconv.Itoa(n),
			strconv.Itoa(len(b)-MinFrameLen)+" for a frame of "+strconv.Itoa(len(b))+" bytes", ErrLength)
	}
	if b[len(b)-1] != 0x16 {
		return fieldError("end", len(b)-1, hexByte(b[len(b)-1]), "0x16", ErrFormat)
	}
	if sum := sumframe.Checksum(b[:headerLen+n]); b[headerLen+n] != sum {
		return fieldError("checksum", headerLen+n, hexByte(b[headerLen+n]), hexByte(sum), ErrChecksum)
	}

	f.Type = MeterType(b[1])
	copy(f.Address[:], b[2:9])
	f.Control = Control(b[9])
	if f.Type.Family() == "" {
		return fieldError("meter type", 1, hexByte(b[1]), "0x10-0x49 or 0xAA", ErrUnknown)
	}
	if err := f.Address.check(); err != nil {
		return err
	}
	if err := f.Control.check(); err != nil {
		return err
	}
	f.n = uint8(copy(f.data[:], b[headerLen:headerLen+n]))
	return nil
}

// AppendBinary appends the encoded frame, without preamble, to dst.
func (f *Frame) AppendBinary(dst []byte) ([]byte, error) {
	dst, start := begin(dst, f.Type, f.Address, f.Control)
	return finish(append(dst, f.Data()...), start)
}

// AppendPreamble appends n wake-up bytes (0xFE) to dst.
func AppendPreamble(dst []byte, n int) []byte {
	for range n {
		dst = append(dst, Preamble)
	}
	return dst
}

func begin(dst []byte, t MeterType, a Address, c Control) ([]byte, int) {
	start := len(dst)
	dst = append(dst, 0x68, byte(t))
	dst = append(dst, a[:]...)
	return append(dst, byte(c), 0), start
}

// finish sets the length of the frame that begins at dst[start] and appends
// its checksum and end byte.
func finish(dst []byte, start int) ([]byte, error) {
	n := len(dst) - start - headerLen
	if n > MaxData {
		return dst[:start], fieldError("length", 10, strconv.Itoa(n), "at most 255", ErrLength)
	}
	dst[start+10] = byte(n)
	return append(dst, sumframe.Checksum(dst[start:]), 0x16), nil
}

// Protocol finds CJ/T 188 frames in a byte stream for a [frame.Stream]. It
// checks the start byte, the meter type's group, the end byte and the
// checksum. Decode each frame with [Message]. The zero value is ready to use.
//
// CJ/T 188 has a one-byte start marker, so a stray 0x68 in noise often looks
// like the start of a long frame and would hold back the real frames behind
// it until the claimed length arrives. Protocol therefore rejects a candidate
// as [frame.BadLength] when a complete frame with a valid checksum starts and
// ends inside it.
//
// NOTE: a genuine frame whose data carries a whole valid CJ/T 188 frame is
// rejected by this rule in favour of the inner frame.
type Protocol struct{}

var _ frame.Preambler = Protocol{}

// Preamble returns 0xFE, the wake-up byte.
func (Protocol) Preamble() byte { return Preamble }

// frameLayout is the CJ/T 188 header for [sumframe.Layout.Find]: the meter type
// at offset 1, which must be in one of the type groups, and L at offset 10.
var frameLayout = sumframe.Layout{HeaderLen: headerLen, MaxData: MaxData, TagAt: 1, Tags: meterTypeTags()}

// meterTypeTags returns the set of meter type bytes with a [MeterType.Family].
func meterTypeTags() [256]bool {
	var types []byte
	for t := range 256 {
		if MeterType(t).Family() != "" {
			types = append(types, byte(t))
		}
	}
	return sumframe.TagSet(types...)
}

// Find implements [frame.Protocol].
func (Protocol) Find(buf []byte) (start, n int, status frame.Status) {
	return frameLayout.Find(buf)
}
