package sl651

import (
	"fmt"
	"time"
)

// AppendFrame appends m as a hex/BCD frame and returns the extended buffer.
// It writes the body from the fields that the decoder fills for m's
// function code and direction, so that decoding the result with the same
// options gives m back, and it fills m.Header.Length and m.Header.CRC.
// Times are written in opts.Location, China Standard Time when nil. A frame
// with Start SYN carries m.Payload as its packet body, or the body of the
// fields when Payload is nil (a confirmation of a multi-packet message).
func (m *Message) AppendFrame(dst []byte, opts Options) ([]byte, error) {
	loc := opts.Location
	if loc == nil {
		loc = chinaStandardTime
	}
	e := encoder{loc: loc, m: m}
	if m.Header.Start == SYN && m.Payload != nil {
		return AppendFrame(dst, &m.Header, m.Payload)
	}
	body, err := e.body(nil)
	if err != nil {
		return dst, err
	}
	return AppendFrame(dst, &m.Header, body)
}

// encoder writes a message body.
type encoder struct {
	loc *time.Location
	m   *Message
}

func (e *encoder) body(b []byte) ([]byte, error) {
	m := e.m
	b = append(b, byte(m.Serial>>8), byte(m.Serial))
	b, err := e.time(b, m.SendTime, 6, "send time")
	if err != nil {
		return b, err
	}
	f := m.Header.Function
	switch {
	case f.UserDefined():
		return append(b, m.Payload...), nil
	case m.Header.Direction == Down:
		return e.downlink(b, f)
	}
	return e.uplink(b, f)
}

func (e *encoder) uplink(b []byte, f FunctionCode) ([]byte, error) {
	m := e.m
	switch {
	case f == KeepAlive:
		return b, nil
	case f.isReport() || f == PictureReport:
		b = e.stationGroup(b)
		b = append(b, byte(m.StationType))
		return e.elements(b)
	case f == ManualReport || f == QueryManual:
		return e.elements(b)
	}
	b = e.stationGroup(b)
	switch f {
	case WriteBasicConfig, ReadBasicConfig, WriteRunConfig, ReadRunConfig, ChangePassword:
		return e.parameters(b, true)
	case QueryVersion:
		if len(m.Version) > 255 {
			return b, fmt.Errorf("sl651: encode: version of %d bytes: want at most 255", len(m.Version))
		}
		return append(append(b, byte(len(m.Version))), m.Version...), nil
	case QueryStatus, SetICCard:
		return e.elements(b)
	case PumpControl, ValveControl, GateControl:
		return e.switches(b, f == GateControl)
	case SetPointControl:
		return e.setPoint(b)
	case QueryEvents:
		for _, n := range m.Events {
			b = append(b, byte(n>>8), byte(n))
		}
	}
	return b, nil
}

func (e *encoder) downlink(b []byte, f FunctionCode) ([]byte, error) {
	m := e.m
	var err error
	switch f {
	case QueryPeriod:
		if m.From.IsZero() {
			return b, nil
		}
		if b, err = e.time(b, m.From, 4, "query start"); err != nil {
			return b, err
		}
		if b, err = e.time(b, m.To, 4, "query end"); err != nil {
			return b, err
		}
		return e.parameters(b, false)
	case QueryElements, ReadBasicConfig, ReadRunConfig, InitStorage, FactoryReset:
		return e.parameters(b, false)
	case WriteBasicConfig, WriteRunConfig, ChangePassword:
		return e.parameters(b, true)
	case SetICCard:
		return e.elements(b)
	case PumpControl, ValveControl, GateControl:
		if m.Switches.Count == 0 {
			return b, nil
		}
		return e.switches(b, f == GateControl)
	case SetPointControl:
		if m.SetPoint == 0 {
			return b, nil
		}
		return e.setPoint(b)
	}
	return b, nil
}

// time appends t in the encoder's location as n BCD bytes of
// YYMMDDHHmmSS.
func (e *encoder) time(b []byte, t time.Time, n int, field string) ([]byte, error) {
	t = t.In(e.loc)
	if t.Year() < 2000 || t.Year() > 2099 {
		return b, fmt.Errorf("sl651: encode: %s %s: the 2-digit year needs 2000 to 2099", field, t.Format(time.DateTime))
	}
	f := [6]int{t.Year() - 2000, int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second()}
	for _, v := range f[:n] {
		b = append(b, toBCD(v))
	}
	return b, nil
}

func (e *encoder) stationGroup(b []byte) []byte {
	b = append(b, 0xF1, 0xF1)
	return append(b, e.m.Station[:]...)
}

// elements appends the element groups, with an observation time group
// wherever the observation time changes and a time step group before a
// series whose step differs from the last one. An element without an
// observation time cannot follow one, because the body has no way to end
// an observation time group.
func (e *encoder) elements(b []byte) ([]byte, error) {
	els := e.m.Elements
	var cur time.Time
	var err error
	if obs := e.m.ObservedAt; !obs.IsZero() &&
		(len(els) == 0 || !els[0].ObservedAt.IsZero() && !els[0].ObservedAt.Equal(obs)) {
		if b, err = e.observation(b, obs); err != nil {
			return b, err
		}
		cur = obs
	}
	var step time.Duration
	for i := range els {
		el := &els[i]
		switch {
		case el.ObservedAt.IsZero() && !cur.IsZero():
			return b, fmt.Errorf("sl651: encode: element %s has no observation time but follows one", el.ID)
		case !el.ObservedAt.IsZero() && !el.ObservedAt.Equal(cur):
			cur = el.ObservedAt
			if b, err = e.observation(b, cur); err != nil {
				return b, err
			}
		}
		if el.Series != nil && el.ID.info().numeric() && el.Step != step {
			step = el.Step
			if b, err = appendTimeStep(b, step); err != nil {
				return b, err
			}
		}
		if b, err = appendElement(b, el); err != nil {
			return b, err
		}
	}
	if cur.IsZero() && !e.m.ObservedAt.IsZero() {
		return e.observation(b, e.m.ObservedAt)
	}
	return b, nil
}

// observation appends an observation time group.
func (e *encoder) observation(b []byte, t time.Time) ([]byte, error) {
	return e.time(append(b, 0xF0, 0xF0), t, 5, "observation time")
}

// appendIdentifier appends the identifier, FF xx for user-defined ones, and
// the definition byte.
func appendIdentifier(b []byte, id Identifier, def byte) []byte {
	if id > 0xFF {
		b = append(b, 0xFF)
	}
	return append(b, byte(id), def)
}

// appendTimeStep appends 04 18 and the step as BCD days, hours, minutes.
func appendTimeStep(b []byte, step time.Duration) ([]byte, error) {
	d, h, m := 0, 0, 0
	switch {
	case step == 0:
	case step%(24*time.Hour) == 0 && step <= 31*24*time.Hour:
		d = int(step / (24 * time.Hour))
	case step%time.Hour == 0 && step < 24*time.Hour:
		h = int(step / time.Hour)
	case step%time.Minute == 0 && step < time.Hour:
		m = int(step / time.Minute)
	default:
		return b, fmt.Errorf("sl651: encode: time step %s: want whole days (1-31), hours (1-23) or minutes (1-59)", step)
	}
	return append(b, byte(TimeStep), 0x18, toBCD(d), toBCD(h), toBCD(m)), nil
}

// appendElement appends one element with its data.
func appendElement(b []byte, el *Element) ([]byte, error) {
	inf := el.ID.info()
	switch inf.kind {
	case kindRaw:
		def := el.Def
		if def == 0 && el.ID != FlowBatch {
			def = byte(el.ID) // RGZS and PIC have the fixed definitions F2 and F3
		}
		return append(appendIdentifier(b, el.ID, def), el.Raw...), nil
	case kindRain5, kindLevel5:
		return appendHourSeries(b, el, inf.kind == kindLevel5)
	case kindStatus:
		v := uint32(el.Value.Int)
		return append(b, byte(el.ID), 0x20, byte(v>>24), byte(v>>16), byte(v>>8), byte(v)), nil
	case kindTimeStep:
		return appendTimeStep(b, el.Step)
	}
	values := el.Series
	if values == nil {
		values = []Value{el.Value}
	}
	def := el.Def
	if def == 0 {
		def = el.ID.defaultDef()
		if negative(values) {
			def += 1 << 3
		}
	}
	b = appendIdentifier(b, el.ID, def)
	for _, v := range values {
		var err error
		if b, err = appendValue(b, v, def, el.ID); err != nil {
			return b, err
		}
	}
	return b, nil
}

func negative(values []Value) bool {
	for _, v := range values {
		if v.Valid && v.Int < 0 {
			return true
		}
	}
	return false
}

// appendValue appends one value of the size and scale of def: all FF when
// invalid.
func appendValue(b []byte, v Value, def byte, id Identifier) ([]byte, error) {
	size := int(def >> 3)
	if size == 0 {
		return b, fmt.Errorf("sl651: encode: element %s: data definition %02X gives 0 bytes", id, def)
	}
	if !v.Valid {
		for range size {
			b = append(b, 0xFF)
		}
		return b, nil
	}
	n, err := v.Rescale(def & 7)
	if err != nil {
		return b, fmt.Errorf("sl651: encode: element %s value %s at %d decimals: %w", id, v, def&7, err)
	}
	b, ok := appendNumber(b, n, size)
	if !ok {
		return b, fmt.Errorf("sl651: encode: element %s value %s does not fit %d bytes", id, v, size)
	}
	return b, nil
}

// appendHourSeries appends DRP (1-byte) or DRZ (2-byte) binary values.
func appendHourSeries(b []byte, el *Element, level bool) ([]byte, error) {
	width, scale, limit := 1, uint8(1), int64(0xFE)
	if level {
		width, scale, limit = 2, 2, 0xFFFE
	}
	b = appendIdentifier(b, el.ID, byte(len(el.Series)*width<<3))
	for _, v := range el.Series {
		raw := int64(1<<(8*width) - 1)
		if v.Valid {
			n, err := v.Rescale(scale)
			if err != nil || n < 0 || n > limit {
				return b, fmt.Errorf("sl651: encode: element %s value %s: want 0 to %d at %d decimals", el.ID, v, limit, scale)
			}
			raw = n
		}
		if level {
			b = append(b, byte(raw>>8))
		}
		b = append(b, byte(raw))
	}
	return b, nil
}

// parameters appends identifiers with their data (Raw, or Value when Raw is
// nil) or, without data, identifiers alone.
func (e *encoder) parameters(b []byte, withData bool) ([]byte, error) {
	for i := range e.m.Elements {
		el := &e.m.Elements[i]
		if el.ID == TimeStep {
			var err error
			if b, err = appendTimeStep(b, el.Step); err != nil {
				return b, err
			}
			continue
		}
		b = appendIdentifier(b, el.ID, el.Def)
		if !withData {
			continue
		}
		if el.Raw != nil {
			b = append(b, el.Raw...)
			continue
		}
		var err error
		if b, err = appendValue(b, el.Value, el.Def, el.ID); err != nil {
			return b, err
		}
	}
	return b, nil
}

func (e *encoder) switches(b []byte, gates bool) ([]byte, error) {
	s := &e.m.Switches
	if gates {
		if s.Count < 1 || s.Count > 255 || len(s.States) != (s.Count+7)/8 || len(s.Openings) != s.Count {
			return b, fmt.Errorf("sl651: encode: %d gates need %d state bytes and %d openings, have %d and %d",
				s.Count, (s.Count+7)/8, s.Count, len(s.States), len(s.Openings))
		}
		b = append(b, byte(s.Count))
		b = append(b, s.States...)
		for _, v := range s.Openings {
			var err error
			if b, err = appendValue(b, v, 2<<3, 0); err != nil {
				return b, err
			}
		}
		return b, nil
	}
	if len(s.States) < 1 || len(s.States) > 255 || s.Count != 8*len(s.States) {
		return b, fmt.Errorf("sl651: encode: pump or valve states: want 1 to 255 state bytes and a count of 8 per byte")
	}
	b = append(b, byte(len(s.States)))
	return append(b, s.States...), nil
}

func (e *encoder) setPoint(b []byte) ([]byte, error) {
	switch e.m.SetPoint {
	case SetPointOn:
		return append(b, 0xFF), nil
	case SetPointOff:
		return append(b, 0x00), nil
	}
	return b, fmt.Errorf("sl651: encode: set-point %d: want SetPointOn or SetPointOff", e.m.SetPoint)
}
