package sl651

import (
	"fmt"
	"time"
)

// AppendASCIIFrame appends m as an ASCII frame (SOH) and returns the
// extended buffer, filling m.Header.Length and m.Header.CRC. Reports are
// written as groups of identifier and data, each followed by a space; other
// bodies are serial, send time and m.Payload. Times are written in
// opts.Location, China Standard Time when nil.
func (m *Message) AppendASCIIFrame(dst []byte, opts Options) ([]byte, error) {
	loc := opts.Location
	if loc == nil {
		loc = chinaStandardTime
	}
	h := &m.Header
	if h.Start == 0 {
		h.Start = STX
	}
	if h.End == 0 {
		h.End = ETX
		if h.Direction == Down {
			h.End = EOT
		}
	}

	var body []byte
	if h.Start == SYN {
		body = fmt.Appendf(body, "%03X%03X", h.Packet.Total, h.Packet.Seq)
	}
	if h.Start == SYN && m.Payload != nil {
		body = append(body, m.Payload...)
	} else {
		var err error
		if body, err = appendASCIIBody(body, m, loc); err != nil {
			return dst, err
		}
	}
	n := len(body)
	if h.Start == SYN {
		n -= asciiPacket
	}
	if err := checkHeader(h, n); err != nil {
		return dst, err
	}

	start := len(dst)
	dst = append(dst, byte(SOH))
	if h.Direction == Up {
		dst = fmt.Appendf(dst, "%02X%s", h.Center, h.Station)
	} else {
		dst = fmt.Appendf(dst, "%s%02X", h.Station, h.Center)
	}
	h.Length = len(body)
	dst = fmt.Appendf(dst, "%04X%02X%X%03X", h.Password, uint8(h.Function), uint8(h.Direction), h.Length)
	dst = append(dst, byte(h.Start))
	dst = append(dst, body...)
	dst = append(dst, byte(h.End))
	h.CRC = CRC(dst[start:])
	h.ASCII = true
	return fmt.Appendf(dst, "%04X", h.CRC), nil
}

// appendASCIIBody appends serial, send time and the groups of m.
func appendASCIIBody(b []byte, m *Message, loc *time.Location) ([]byte, error) {
	b = fmt.Appendf(b, "%04X", m.Serial)
	b, err := appendASCIITime(b, m.SendTime, loc, 6, "send time")
	if err != nil {
		return b, err
	}
	f := m.Header.Function
	if m.Header.Direction == Down || !(f.isReport() || f == PictureReport || f == ManualReport || f == QueryManual) {
		return append(b, m.Payload...), nil
	}
	if f != ManualReport && f != QueryManual {
		// The type is one byte as it was received: %c would write a byte above 0x7F as
		// two bytes of UTF-8.
		b = fmt.Appendf(b, "ST %s ", m.Station)
		b = append(b, byte(m.StationType), ' ')
	}
	return appendASCIIElements(b, m, loc)
}

// appendASCIITime appends t in loc as 2n digits of YYMMDDHHmmSS.
func appendASCIITime(b []byte, t time.Time, loc *time.Location, n int, field string) ([]byte, error) {
	e := encoder{loc: loc}
	var raw []byte
	raw, err := e.time(raw, t, n, field)
	if err != nil {
		return b, err
	}
	return fmt.Appendf(b, "%X", raw), nil
}

// appendASCIIElements appends observation time groups and elements, with a
// time step group before the series that end the body. As in the hex form,
// an element without an observation time cannot follow one.
func appendASCIIElements(b []byte, m *Message, loc *time.Location) ([]byte, error) {
	els := m.Elements
	var cur time.Time
	var err error
	observe := func(t time.Time) {
		cur = t
		b = append(b, "TT "...)
		b, err = appendASCIITime(b, t, loc, 5, "observation time")
		b = append(b, ' ')
	}
	if obs := m.ObservedAt; !obs.IsZero() &&
		(len(els) == 0 || !els[0].ObservedAt.IsZero() && !els[0].ObservedAt.Equal(obs)) {
		observe(obs)
	}
	for i := range els {
		el := &els[i]
		switch {
		case el.ObservedAt.IsZero() && !cur.IsZero():
			return b, fmt.Errorf("sl651: encode: element %s has no observation time but follows one", el.ID)
		case !el.ObservedAt.IsZero() && !el.ObservedAt.Equal(cur):
			observe(el.ObservedAt)
		}
		if err != nil {
			return b, err
		}
		if el.Series != nil && el.ID.info().numeric() {
			return appendASCIISeries(b, els[i:])
		}
		if b, err = appendASCIIElement(b, el); err != nil {
			return b, err
		}
	}
	if cur.IsZero() && !m.ObservedAt.IsZero() {
		observe(m.ObservedAt)
	}
	return b, err
}

// appendASCIIElement appends one identifier and its data.
func appendASCIIElement(b []byte, el *Element) ([]byte, error) {
	code := el.ID.info().code
	if code == "" || el.ID > 0xFF {
		return b, fmt.Errorf("sl651: encode: element %s has no ASCII identifier", el.ID)
	}
	b = append(append(b, code...), ' ')
	switch el.ID.info().kind {
	case kindRaw:
		return append(b, el.Raw...), nil
	case kindStatus:
		return fmt.Appendf(b, "%08X ", uint32(el.Value.Int)), nil
	case kindRain5, kindLevel5:
		width := 2
		if el.ID.info().kind == kindLevel5 {
			width = 4
		}
		invalid := int64(1)<<(4*width) - 1
		for _, v := range el.Series {
			if !v.Valid {
				b = fmt.Appendf(b, "%0*X", width, invalid)
				continue
			}
			n, err := v.Rescale(el.ID.info().scale)
			if err != nil || n < 0 || n >= invalid {
				return b, fmt.Errorf("sl651: encode: element %s value %s does not fit %d hex digits", el.ID, v, width)
			}
			b = fmt.Appendf(b, "%0*X", width, n)
		}
		return append(b, ' '), nil
	}
	return append(appendASCIIValue(b, el.Value), ' '), nil
}

func appendASCIIValue(b []byte, v Value) []byte {
	if !v.Valid {
		return append(b, 'M')
	}
	return v.appendDecimal(b)
}

// appendASCIISeries appends a time step, the identifiers of the series and
// their values grouped by time, as SL 651-2014 table 30 lays them out.
func appendASCIISeries(b []byte, els []Element) ([]byte, error) {
	step := els[0].Step
	switch {
	case step%(24*time.Hour) == 0 && step > 0:
		b = fmt.Appendf(b, "DRD%02d ", step/(24*time.Hour))
	case step%time.Hour == 0:
		b = fmt.Appendf(b, "DRH%02d ", step/time.Hour)
	case step%time.Minute == 0:
		b = fmt.Appendf(b, "DRN%02d ", step/time.Minute)
	default:
		return b, fmt.Errorf("sl651: encode: time step %s: want whole days, hours or minutes", step)
	}
	n := len(els[0].Series)
	for i := range els {
		e := &els[i]
		if e.Series == nil || len(e.Series) != n || e.Step != step || !e.ObservedAt.Equal(els[0].ObservedAt) {
			return b, fmt.Errorf("sl651: encode: the series after the time step must share step, time and length")
		}
		b = append(append(b, e.ID.Code()...), ' ')
	}
	for k := range n {
		for i := range els {
			b = append(appendASCIIValue(b, els[i].Series[k]), ' ')
		}
	}
	return b, nil
}
