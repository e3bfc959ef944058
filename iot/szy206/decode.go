package szy206

import (
	"fmt"
	"time"
)

// Frame layout: 68 L 68, the user data region of L bytes, the CRC-8 of the
// region and 16. The region holds the control byte C, the split counter
// after C when DIV is set, the 5-byte address, the AFN, the data and the
// auxiliary region of PW and Tp.
const (
	offControl = 3
	// MinFrameLen is the length of the shortest frame: C, A and AFN only.
	MinFrameLen = 3 + 1 + 5 + 1 + 2
	// MaxFrameLen is the length of the longest frame, with L = 255.
	MaxFrameLen = 3 + 255 + 2
)

// Decoder decodes frames with fixed [Options]. The zero value decodes with
// the zero Options. A Decoder is safe for concurrent use; the Message passed
// to Decode is not.
type Decoder struct {
	opts Options
}

// NewDecoder returns a decoder with the given options.
func NewDecoder(opts Options) *Decoder { return &Decoder{opts: opts} }

// location returns the configured location or China Standard Time.
func (d *Decoder) location() *time.Location {
	if d.opts.Location != nil {
		return d.opts.Location
	}
	return chinaStandardTime
}

// Decode decodes one complete frame into m, which it resets first. It
// checks the CRC and every field: a frame whose CRC passes but whose content
// is impossible is rejected with a [*FieldError] naming the field. Payload
// aliases frame.
func (d *Decoder) Decode(frame []byte, m *Message) error {
	m.reset()
	body, bodyOff, err := parseFrame(frame, &m.Header)
	if err != nil {
		return err
	}
	p := parser{b: body, base: bodyOff, d: d, m: m, up: m.Header.Control.Up()}
	a := m.Header.AFN
	if d.opts.Variant.rawAFN(a) {
		m.Payload = body
		return nil
	}
	if !a.Known() {
		return &FieldError{Field: "AFN", Offset: bodyOff - 1, Value: fmt.Sprintf("%02X", uint8(a)),
			Reason: "not an application function code of SZY 206-2016", Err: ErrUnknownFunction}
	}
	return p.body()
}

// Decode decodes one frame with the zero [Options] into a new Message.
func Decode(frame []byte) (*Message, error) {
	m := new(Message)
	var d Decoder
	if err := d.Decode(frame, m); err != nil {
		return nil, err
	}
	return m, nil
}

// parseFrame checks the frame's structure and CRC, fills the control byte,
// split counter, address and AFN of h, and returns the bytes after the AFN
// up to the CRC with their frame offset.
func parseFrame(f []byte, h *Header) ([]byte, int, error) {
	if len(f) < MinFrameLen {
		return nil, 0, &FieldError{Field: "frame", Offset: 0, Value: fmt.Sprintf("%d bytes", len(f)),
			Reason: fmt.Sprintf("shorter than the minimum of %d bytes", MinFrameLen), Err: ErrFormat}
	}
	if f[0] != 0x68 || f[2] != 0x68 {
		return nil, 0, formatError("frame start", 0, f[:3], "want 68 L 68")
	}

	n := int(f[1])
	if len(f) != n+5 {
		return nil, 0, &FieldError{Field: "length", Offset: 1, Value: fmt.Sprintf("%d", n),
			Reason: fmt.Sprintf("frame has %d bytes, L needs %d", len(f), n+5), Err: ErrFormat}
	}
	if f[len(f)-1] != 0x16 {
		return nil, 0, formatError("end byte", len(f)-1, f[len(f)-1:], "want 16")
	}
	region := f[offControl : offControl+n]
	if got := CRC(region); got != f[len(f)-2] {
		return nil, 0, &FieldError{Field: "CRC", Offset: len(f) - 2, Value: fmt.Sprintf("%02X", f[len(f)-2]),
			Reason: fmt.Sprintf("computed %02X", got), Err: ErrChecksum}
	}

	h.CRC = f[len(f)-2]
	h.Control = Control(f[offControl])
	off := offControl + 1
	if h.Control.Split() {
		h.SplitCount = f[off]
		off++
	}
	if n < off-offControl+6 {
		return nil, 0, &FieldError{Field: "length", Offset: 1, Value: fmt.Sprintf("%d", n),
			Reason: "too short for the control byte, the address and the AFN", Err: ErrFormat}
	}

	copy(h.Address[:], f[off:off+5])
	if err := checkAddress(h.Address, off); err != nil {
		return nil, 0, err
	}
	h.AFN = AFN(f[off+5])
	return f[off+6 : len(f)-2], off + 6, nil
}

// checkAddress rejects an address whose division code is not BCD, unless it
// has the SL/T 427-2021 form with a first byte 00.
func checkAddress(a Address, off int) error {
	if a[0] == 0 || a.regionBCD() {
		return nil
	}
	return formatError("address region code", off, a[:3], "digit is not BCD (want 6 decimal digits, or a first byte 00)")
}
