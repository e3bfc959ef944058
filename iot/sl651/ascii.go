package sl651

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// Layout of the ASCII form (SL 651-2014 tables 16 to 19). A frame is SOH,
// the centre address as 2 hex characters and the station address as 10
// (station first downlink), the password as 4 and the function code as 2.
// The length word follows as 4 characters: the direction 0 or 8, then 3 hex
// digits. Then come STX or SYN, 6 characters of packet count and sequence
// after SYN, the body, the end character and the CRC as 4 hex characters,
// high first. The CRC covers every byte before it.
const (
	asciiLength  = 19
	asciiStart   = 23
	asciiHeader  = 24
	asciiPacket  = 6
	asciiTrailer = 5
	// MaxASCIIFrameLen is the length of the longest ASCII frame.
	MaxASCIIFrameLen = asciiHeader + MaxBodyLen + asciiTrailer
)

// ASCIIProtocol finds ASCII frames (SOH) for a [frame.Stream]. It checks the
// header characters, the length, the end character and the CRC. The zero
// value is ready to use and safe to share.
type ASCIIProtocol struct{}

var _ frame.Protocol = ASCIIProtocol{}

// Find implements [frame.Protocol].
func (ASCIIProtocol) Find(buf []byte) (int, int, frame.Status) {
	start := bytes.IndexByte(buf, byte(SOH))
	if start < 0 {
		return len(buf), 0, frame.NeedMore
	}
	b := buf[start:]
	for i := 1; i < min(len(b), asciiStart); i++ {
		if !isHex(b[i]) {
			return start, 0, frame.BadHeader
		}
	}
	if len(b) < asciiHeader {
		return start, 0, frame.NeedMore
	}
	dir, length, ok := asciiLengthWord(b[asciiLength : asciiLength+4])
	if !ok {
		return start, 0, frame.BadHeader
	}
	if c := Control(b[asciiStart]); c != STX && c != SYN {
		return start, 0, frame.BadHeader
	}
	if length == 0 {
		return start, 0, frame.BadLength
	}
	n := asciiHeader + length + asciiTrailer
	if len(b) < n {
		return start, n, frame.NeedMore
	}
	if !validEnd(dir, Control(b[n-asciiTrailer])) {
		return start, 0, frame.BadEnd
	}
	crc, ok := parseHex16(b[n-4 : n])
	if !ok || crc != CRC(b[:n-4]) {
		return start, 0, frame.BadChecksum
	}
	return start, n, frame.Found
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f'
}

func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return -1
}

// parseHexN decodes hex characters into a number, reporting false for a
// character that is not a hex digit.
func parseHexN(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		d := hexValue(c)
		if d < 0 {
			return 0, false
		}
		v = v<<4 | d
	}
	return v, true
}

func parseHex16(b []byte) (uint16, bool) {
	v, ok := parseHexN(b)
	return uint16(v), ok
}

// asciiLengthWord decodes the direction character and the 3 hex digits of
// the body length.
func asciiLengthWord(b []byte) (Direction, int, bool) {
	var dir Direction
	switch b[0] {
	case '0':
		dir = Up
	case '8':
		dir = Down
	default:
		return 0, 0, false
	}
	n, ok := parseHexN(b[1:4])
	return dir, n, ok
}

// decodeASCII decodes a complete ASCII frame.
func (d *Decoder) decodeASCII(f []byte, m *Message) error {
	h := &m.Header
	h.ASCII = true
	body, err := parseASCIIHeader(f, h)
	if err != nil {
		return err
	}
	if err := d.checkFunction(h.Function); err != nil {
		return err
	}
	if h.Start == SYN {
		m.Payload = body
		return nil
	}
	p := asciiParser{b: body, base: asciiHeader, d: d, m: m}
	return p.body()
}

// parseASCIIHeader checks the ASCII frame's structure and CRC, fills h and
// returns the body.
func parseASCIIHeader(f []byte, h *Header) ([]byte, error) {
	if len(f) < asciiHeader+1+asciiTrailer {
		return nil, &FieldError{Field: "frame", Offset: 0, Value: fmt.Sprintf("%d bytes", len(f)),
			Reason: "too short for an ASCII frame", Err: ErrFormat}
	}
	for i := 1; i < asciiStart; i++ {
		if !isHex(f[i]) {
			return nil, formatError("header", i, f[i:i+1], "want a hex character")
		}
	}
	dir, length, ok := asciiLengthWord(f[asciiLength : asciiLength+4])
	if !ok {
		return nil, formatError("length word", asciiLength, f[asciiLength:asciiLength+4],
			"want the direction 0 (up) or 8 (down) and 3 hex digits")
	}
	h.Direction, h.Length = dir, length
	if want := asciiHeader + length + asciiTrailer; len(f) != want {
		return nil, &FieldError{Field: "length", Offset: asciiLength, Value: fmt.Sprintf("%d", length),
			Reason: fmt.Sprintf("frame has %d bytes, the length field needs %d", len(f), want), Err: ErrFormat}
	}
	crc, ok := parseHex16(f[len(f)-4:])
	if got := CRC(f[:len(f)-4]); !ok || got != crc {
		return nil, &FieldError{Field: "CRC", Offset: len(f) - 4, Value: string(f[len(f)-4:]),
			Reason: fmt.Sprintf("computed %04X", got), Err: ErrChecksum}
	}
	h.CRC = crc
	return parseASCIIFields(f, h)
}

// parseASCIIFields decodes the addresses, password, function code, start,
// packet field and end character of a checked ASCII frame.
func parseASCIIFields(f []byte, h *Header) ([]byte, error) {
	center, station := f[1:3], f[3:13]
	if h.Direction == Down {
		station, center = f[1:11], f[11:13]
	}
	c, _ := parseHexN(center)
	h.Center = uint8(c)
	for i := range h.Station {
		v, _ := parseHexN(station[2*i : 2*i+2])
		h.Station[i] = byte(v)
	}
	h.Password, _ = parseHex16(f[13:17])
	fc, _ := parseHexN(f[17:19])
	h.Function = FunctionCode(fc)
	h.Start = Control(f[asciiStart])
	h.End = Control(f[len(f)-asciiTrailer])
	if !validEnd(h.Direction, h.End) {
		return nil, formatError("end character", len(f)-asciiTrailer, f[len(f)-asciiTrailer:len(f)-4],
			fmt.Sprintf("not valid for a %s frame: want ETX or ETB up, ENQ, ACK, NAK, EOT or ESC down", h.Direction))
	}
	body := f[asciiHeader : len(f)-asciiTrailer]
	h.Packet = Packet{}
	switch h.Start {
	case STX:
		return body, nil
	case SYN:
		total, ok1 := parseHexN(body[:min(3, len(body))])
		seq, ok2 := parseHexN(body[min(3, len(body)):min(asciiPacket, len(body))])
		if len(body) < asciiPacket || !ok1 || !ok2 || total == 0 || seq == 0 || seq > total {
			return nil, formatError("packet field", asciiHeader, body[:min(asciiPacket, len(body))],
				"want 3 hex digits of count and 3 of sequence, 1 <= sequence <= count")
		}
		h.Packet = Packet{Total: uint16(total), Seq: uint16(seq)}
		return body[asciiPacket:], nil
	}
	return nil, formatError("start character", asciiStart, f[asciiStart:asciiStart+1], "want STX (02) or SYN (16)")
}

// codeIDs maps the ASCII identifiers of table C.1 to identifiers.
var codeIDs = func() map[string]Identifier {
	m := make(map[string]Identifier)
	for i, inf := range elementTable {
		if inf.code != "" && inf.kind != kindTimeStep {
			m[inf.code] = Identifier(i)
		}
	}
	return m
}()

// asciiParser walks an ASCII body: serial (4 hex characters) and send time
// (12 digits) without separators, then groups of "IDENTIFIER DATA " each
// followed by a space.
type asciiParser struct {
	b    []byte
	pos  int
	base int
	d    *Decoder
	m    *Message
}

// off returns the frame offset of body position i, or -1 for a body
// joined from packets.
func (p *asciiParser) off(i int) int {
	if p.base < 0 {
		return -1
	}
	return p.base + i
}

func (p *asciiParser) body() error {
	if len(p.b) < 16 {
		return formatError("serial and send time", p.off(0), p.b, "want 4 hex characters and 12 digits")
	}
	serial, ok := parseHex16(p.b[:4])
	if !ok {
		return formatError("serial", p.off(0), p.b[:4], "want 4 hex characters")
	}
	p.m.Serial = serial
	t, err := p.time(p.b[4:16], 4, "send time")
	if err != nil {
		return err
	}
	p.m.SendTime = t
	bp := parser{d: p.d, m: p.m}
	if err := bp.checkSendTime(t, t.Year()); err != nil {
		return err
	}
	p.pos = 16
	f := p.m.Header.Function
	switch {
	case p.m.Header.Direction == Up && (f.isReport() || f == PictureReport || f == ManualReport || f == QueryManual):
		return p.groups()
	case p.pos == len(p.b):
		return nil
	}
	// NOTE: configuration, control and status bodies of the ASCII form are
	// kept raw; only reports and confirmations are decoded.
	p.m.Payload = p.b[p.pos:]
	return nil
}

// time decodes an ASCII date of 8, 10 or 12 digits.
func (p *asciiParser) time(b []byte, at int, field string) (time.Time, error) {
	if len(b)%2 != 0 {
		return time.Time{}, formatError(field, p.off(at), b, "want an even number of digits")
	}
	var raw [6]byte
	for i := 0; i < len(b); i += 2 {
		hi, lo := b[i]-'0', b[i+1]-'0'
		if hi > 9 || lo > 9 {
			return time.Time{}, formatError(field, p.off(at+i), b, "want decimal digits")
		}
		raw[i/2] = hi<<4 | lo
	}
	bp := parser{b: raw[:len(b)/2], base: p.off(at), d: p.d, m: p.m}
	return bp.time(raw[:len(b)/2], 0, field)
}

// token returns the next space-terminated token.
func (p *asciiParser) token(field string) ([]byte, int, error) {
	at := p.pos
	i := bytes.IndexByte(p.b[at:], ' ')
	if i < 0 {
		return nil, at, formatError(field, p.off(at), p.b[at:], "want a token followed by a space (the body ends with a space)")
	}
	p.pos = at + i + 1
	return p.b[at : at+i], at, nil
}

// groups decodes the station group, station type, observation times, time
// steps and elements of an ASCII report.
func (p *asciiParser) groups() error {
	first := true
	var obs time.Time
	var step time.Duration
	for p.pos < len(p.b) {
		tok, at, err := p.token("identifier")
		if err != nil {
			return err
		}
		switch code := string(tok); {
		case code == "ST":
			if !first {
				return formatError("station group", p.off(at), tok, "a second station group (a multi-station body) is not supported")
			}
			first = false
			if err := p.station(); err != nil {
				return err
			}
		case code == "TT":
			v, vat, err := p.token("observation time")
			if err != nil {
				return err
			}
			if obs, err = p.time(v, vat, "observation time"); err != nil {
				return err
			}
			if p.m.ObservedAt.IsZero() {
				p.m.ObservedAt = obs
			}
			bp := parser{d: p.d, m: p.m}
			if err := bp.checkObserved(obs, obs.Year()); err != nil {
				return err
			}
		case strings.HasPrefix(code, "DR") && len(code) == 5:
			if step, err = asciiStep(tok); err != nil {
				return formatError("time step", p.off(at), tok, err.Error())
			}
			if err := p.series(obs, step); err != nil {
				return err
			}
		case code == "RGZS" || code == "PIC":
			id := ManualData
			if code == "PIC" {
				id = Picture
			}
			p.m.Elements = append(p.m.Elements, Element{ID: id, Def: byte(id), ObservedAt: obs, Raw: p.b[p.pos:]})
			p.pos = len(p.b)
		default:
			if err := p.element(code, at, obs); err != nil {
				return err
			}
		}
	}
	return nil
}

// station decodes the station address and type after ST.
func (p *asciiParser) station() error {
	a, at, err := p.token("station group")
	if err != nil {
		return err
	}
	addr, err := ParseAddress(string(a))
	if err != nil {
		return formatError("station group", p.off(at), a, "want 10 hex characters")
	}
	p.m.Station = addr
	t, tat, err := p.token("station type")
	if err != nil {
		return err
	}
	if len(t) != 1 || !StationType(t[0]).Known() && !p.d.opts.UserFunctions {
		return formatError("station type", p.off(tat), t, "want one letter of SL 651-2014 table A.1 (P, H, K, Z, D, T, M, G, Q, I, O)")
	}
	p.m.StationType = StationType(t[0])
	return nil
}

// asciiStep decodes DRDnn (days), DRHnn (hours) or DRNnn (minutes).
func asciiStep(tok []byte) (time.Duration, error) {
	n := int(tok[3]-'0')*10 + int(tok[4]-'0')
	if tok[3] > '9' || tok[3] < '0' || tok[4] > '9' || tok[4] < '0' {
		return 0, fmt.Errorf("want DRD, DRH or DRN and 2 digits")
	}
	switch {
	case tok[2] == 'D' && n >= 1 && n <= 31:
		return time.Duration(n) * 24 * time.Hour, nil
	case tok[2] == 'H' && n <= 23:
		return time.Duration(n) * time.Hour, nil
	case tok[2] == 'N' && n >= 1 && n <= 59:
		return time.Duration(n) * time.Minute, nil
	}
	return 0, fmt.Errorf("want DRD01-31, DRH00-23 or DRN01-59")
}

// element decodes one identifier and its value.
func (p *asciiParser) element(code string, at int, obs time.Time) error {
	id, ok := codeIDs[code]
	if !ok {
		return formatError("element identifier", p.off(at), []byte(code), "not an identifier of SL 651-2014 table C.1")
	}
	v, vat, err := p.token("element " + code)
	if err != nil {
		return err
	}
	e := Element{ID: id, ObservedAt: obs}
	switch id.info().kind {
	case kindStatus:
		n, ok := parseHexN(v)
		if !ok || len(v) != 8 {
			return formatError("element ZT", p.off(vat), v, "want 8 hex characters")
		}
		e.Value = NewValue(int64(n), 0)
	case kindRain5, kindLevel5:
		if err := p.hourSeries(&e, v, vat); err != nil {
			return err
		}
	default:
		if e.Value, err = ParseValue(string(v)); err != nil {
			return formatError("element "+code, p.off(vat), v, "want a decimal number or M")
		}
	}
	p.m.Elements = append(p.m.Elements, e)
	return nil
}

// hourSeries decodes the hex characters of DRP or DRZ.
func (p *asciiParser) hourSeries(e *Element, v []byte, at int) error {
	width, scale := 2, uint8(1)
	if e.ID.info().kind == kindLevel5 {
		width, scale = 4, 2
	}
	if len(v) == 0 || len(v)%width != 0 {
		return formatError("element "+e.ID.Code(), p.off(at), v, fmt.Sprintf("want groups of %d hex characters", width))
	}
	start := len(p.m.values)
	for i := 0; i < len(v); i += width {
		n, ok := parseHexN(v[i : i+width])
		if !ok {
			return formatError("element "+e.ID.Code(), p.off(at+i), v, "want hex characters")
		}
		val := Value{}
		if n != 1<<(4*width)-1 {
			val = NewValue(int64(n), scale)
		}
		p.m.values = append(p.m.values, val)
	}
	e.Series = p.m.values[start:len(p.m.values):len(p.m.values)]
	e.Step = 5 * time.Minute
	return nil
}

// series decodes the identifiers after a time step and the data groups
// that follow them, one value per identifier and group, to the end of the
// body (SL 651-2014 table 30).
func (p *asciiParser) series(obs time.Time, step time.Duration) error {
	var ids []Identifier
	for p.pos < len(p.b) {
		save := p.pos
		tok, _, err := p.token("identifier")
		if err != nil {
			return err
		}
		id, ok := codeIDs[string(tok)]
		if !ok || id.info().kind != kindNumber {
			p.pos = save
			break
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return formatError("time step", p.off(p.pos), p.b[p.pos:], "want element identifiers after the time step")
	}
	first := len(p.m.Elements)
	for _, id := range ids {
		p.m.Elements = append(p.m.Elements, Element{ID: id, ObservedAt: obs, Step: step, Series: []Value{}})
	}
	for k := 0; p.pos < len(p.b); k = (k + 1) % len(ids) {
		v, at, err := p.token("series value")
		if err != nil {
			return err
		}
		val, err := ParseValue(string(v))
		if err != nil {
			return formatError("element "+ids[k].Code(), p.off(at), v, "want a decimal number or M")
		}
		e := &p.m.Elements[first+k]
		e.Series = append(e.Series, val)
	}
	for _, e := range p.m.Elements[first:] {
		if len(e.Series) != len(p.m.Elements[first].Series) {
			return formatError("series", p.off(p.pos), nil, "the data groups do not give every element the same number of values")
		}
	}
	return nil
}
