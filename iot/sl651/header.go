package sl651

import (
	"encoding/json"
	"fmt"
)

// Frame layout of the hex/BCD form (SL 651-2014 tables 20 to 23), offsets in
// bytes: 7E 7E, addresses (centre then station uplink, station then centre
// downlink), password, function code, length word, start character, the
// 3-byte packet field after SYN, the body, the end character and the CRC,
// high byte first.
const (
	offAddresses = 2
	offPassword  = 8
	offFunction  = 10
	offLength    = 11
	offStart     = 13
	headerLen    = 14 // bytes up to and including the start character
	packetLen    = 3  // packet count and sequence after SYN
	trailerLen   = 3  // end character and CRC
	// MinFrameLen is the length of the shortest frame, with a 1-byte body.
	MinFrameLen = headerLen + 1 + trailerLen
	// MaxBodyLen is the largest body length the 12-bit length field holds.
	MaxBodyLen = 4095
	// MaxFrameLen is the length of the longest hex/BCD frame.
	MaxFrameLen = headerLen + MaxBodyLen + trailerLen
)

// Header holds the fields of a frame around its body.
type Header struct {
	// Direction is Up (station to centre) or Down (centre to station).
	Direction Direction `json:"direction"`
	// Center is the centre station address, 1 to 255.
	Center uint8 `json:"center"`
	// Station is the telemetry station address.
	Station Address `json:"station"`
	// Password is the 2-byte password, high byte first.
	Password uint16 `json:"password"`
	// Function is the function code.
	Function FunctionCode `json:"function"`
	// Length is the length field: the bytes between the start character and
	// the end character, with the packet field after SYN. The encoder
	// computes it.
	Length int `json:"length"`
	// Start is STX for a single-packet message or SYN for one packet of a
	// multi-packet message. Zero when encoding means STX.
	Start Control `json:"start"`
	// Packet is the packet count and sequence number, set when Start is SYN.
	Packet Packet `json:"packet,omitzero"`
	// End is the end character: ETX or ETB uplink; ENQ, ACK, NAK, EOT or ESC
	// downlink.
	End Control `json:"end"`
	// CRC is the frame's CRC-16/MODBUS. The encoder computes it.
	CRC uint16 `json:"crc"`
	// ASCII reports whether the frame is in the ASCII form (SOH start).
	ASCII bool `json:"ascii,omitempty"`
}

// Packet is the packet field of a multi-packet message: Total packets, of
// which this is number Seq, both 1 to 4095. In a downlink reply Seq is
// the packet confirmed (after ACK), the packet to send again (after NAK)
// or the last packet (after EOT or ESC).
type Packet struct {
	Total uint16 `json:"total"`
	Seq   uint16 `json:"seq"`
}

// parseHeader checks the frame's structure and CRC, fills h and returns the
// body (after the packet field for SYN).
func parseHeader(f []byte, h *Header) ([]byte, error) {
	if len(f) < MinFrameLen {
		return nil, &FieldError{Field: "frame", Offset: 0, Value: fmt.Sprintf("%d bytes", len(f)),
			Reason: fmt.Sprintf("shorter than the minimum of %d bytes", MinFrameLen), Err: ErrFormat}
	}
	if f[0] != 0x7E || f[1] != 0x7E {
		return nil, formatError("frame start", 0, f[:2], "want 7E7E")
	}
	word := int(f[offLength])<<8 | int(f[offLength+1])
	h.Direction = Direction(word >> 12)
	h.Length = word & 0x0FFF
	if h.Direction != Up && h.Direction != Down {
		return nil, formatError("length word", offLength, f[offLength:offLength+2],
			"direction nibble must be 0 (up) or 8 (down)")
	}
	if want := headerLen + h.Length + trailerLen; len(f) != want {
		return nil, &FieldError{Field: "length", Offset: offLength, Value: fmt.Sprintf("%d", h.Length),
			Reason: fmt.Sprintf("frame has %d bytes, the length field needs %d", len(f), want), Err: ErrFormat}
	}
	crc := uint16(f[len(f)-2])<<8 | uint16(f[len(f)-1])
	if got := CRC(f[:len(f)-2]); got != crc {
		return nil, &FieldError{Field: "CRC", Offset: len(f) - 2, Value: fmt.Sprintf("%04X", crc),
			Reason: fmt.Sprintf("computed %04X", got), Err: ErrChecksum}
	}
	h.CRC = crc
	h.ASCII = false
	return parseHeaderFields(f, h)
}

// parseHeaderFields decodes the fields between the frame start and the body
// of a frame whose length and CRC are already checked.
func parseHeaderFields(f []byte, h *Header) ([]byte, error) {
	a := f[offAddresses : offAddresses+6]
	if h.Direction == Up {
		h.Center = a[0]
		copy(h.Station[:], a[1:6])
	} else {
		copy(h.Station[:], a[0:5])
		h.Center = a[5]
	}
	h.Password = uint16(f[offPassword])<<8 | uint16(f[offPassword+1])
	h.Function = FunctionCode(f[offFunction])
	h.Start = Control(f[offStart])
	h.End = Control(f[len(f)-trailerLen])
	if !validEnd(h.Direction, h.End) {
		return nil, formatError("end character", len(f)-trailerLen, f[len(f)-trailerLen:len(f)-2],
			fmt.Sprintf("not valid for a %s frame: want ETX or ETB up, ENQ, ACK, NAK, EOT or ESC down", h.Direction))
	}
	body := f[headerLen : len(f)-trailerLen]
	h.Packet = Packet{}
	switch h.Start {
	case STX:
		return body, nil
	case SYN:
		if len(body) < packetLen {
			return nil, formatError("packet field", headerLen, body, "SYN needs 3 bytes of packet count and sequence")
		}
		v := int(body[0])<<16 | int(body[1])<<8 | int(body[2])
		h.Packet = Packet{Total: uint16(v >> 12), Seq: uint16(v & 0xFFF)}
		if h.Packet.Total == 0 || h.Packet.Seq == 0 || h.Packet.Seq > h.Packet.Total {
			return nil, formatError("packet field", headerLen, body[:3],
				"want a count of 1 to 4095 and a sequence number from 1 to the count")
		}
		return body[packetLen:], nil
	}
	return nil, formatError("start character", offStart, f[offStart:offStart+1], "want STX (02) or SYN (16)")
}

// appendHeader appends the frame start, addresses, password, function code,
// length word, start character and packet field for a body of n bytes.
func appendHeader(dst []byte, h *Header, n int) []byte {
	length := n
	if h.Start == SYN {
		length += packetLen
	}
	dst = append(dst, 0x7E, 0x7E)
	if h.Direction == Up {
		dst = append(dst, h.Center)
		dst = append(dst, h.Station[:]...)
	} else {
		dst = append(dst, h.Station[:]...)
		dst = append(dst, h.Center)
	}
	word := int(h.Direction)<<12 | length
	dst = append(dst, byte(h.Password>>8), byte(h.Password), byte(h.Function), byte(word>>8), byte(word))
	if h.Start == SYN {
		v := int(h.Packet.Total)<<12 | int(h.Packet.Seq)
		return append(dst, byte(SYN), byte(v>>16), byte(v>>8), byte(v))
	}
	return append(dst, byte(STX))
}

// AppendFrame appends a hex/BCD frame with header h around body and returns
// the extended buffer. It fills h.Length and h.CRC; a zero h.Start means STX
// and a zero h.End means ETX uplink and EOT downlink. It returns an error for
// a body longer than 4,095 bytes (with the packet field), a direction other
// than Up or Down, or an end character not valid for the direction.
func AppendFrame(dst []byte, h *Header, body []byte) ([]byte, error) {
	if h.Start == 0 {
		h.Start = STX
	}
	if h.End == 0 {
		h.End = ETX
		if h.Direction == Down {
			h.End = EOT
		}
	}
	if err := checkHeader(h, len(body)); err != nil {
		return dst, err
	}
	start := len(dst)
	dst = appendHeader(dst, h, len(body))
	dst = append(dst, body...)
	dst = append(dst, byte(h.End))
	h.Length = len(dst) - start - headerLen - 1
	h.CRC = CRC(dst[start:])
	return append(dst, byte(h.CRC>>8), byte(h.CRC)), nil
}

// checkHeader validates h for encoding a body of n bytes.
func checkHeader(h *Header, n int) error {
	if h.Direction != Up && h.Direction != Down {
		return fmt.Errorf("sl651: encode: direction %d: want Up or Down", h.Direction)
	}
	if !validEnd(h.Direction, h.End) {
		return fmt.Errorf("sl651: encode: end character %s is not valid for a %s frame", h.End, h.Direction)
	}
	length := n
	switch h.Start {
	case STX:
	case SYN:
		length += packetLen
		p := h.Packet
		if p.Total == 0 || p.Total > 4095 || p.Seq == 0 || p.Seq > p.Total {
			return fmt.Errorf("sl651: encode: packet %d of %d: want 1 <= seq <= total <= 4095", p.Seq, p.Total)
		}
	default:
		return fmt.Errorf("sl651: encode: start character %s: want STX or SYN", h.Start)
	}
	if length < 1 || length > MaxBodyLen {
		return fmt.Errorf("sl651: encode: body of %d bytes: want 1 to %d", length, MaxBodyLen)
	}
	return nil
}

// MarshalJSON encodes the header with the password and CRC as hex digits.
func (h Header) MarshalJSON() ([]byte, error) {
	type plain Header
	return json.Marshal(struct {
		plain
		Password string `json:"password"`
		CRC      string `json:"crc"`
	}{plain(h), fmt.Sprintf("%04X", h.Password), fmt.Sprintf("%04X", h.CRC)})
}
