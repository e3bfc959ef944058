package sl651

import (
	"encoding/binary"
	"fmt"
	"time"
)

// elements decodes element groups to the end of the body: observation time
// groups (F0 F0), a time step (04 18) and identifier-data pairs. After a
// time step in a uniform-interval report or period reply the next element's
// values run to the end of the body, as SL 651-2014 6.6.4.4 allows a single
// element in the hex/BCD form.
func (p *parser) elements() error {
	for {
		p.shortNumbers()
		if p.pos >= len(p.b) {
			return nil
		}
		at := p.pos
		var id Identifier
		var def byte
		if b := p.b[p.pos:]; len(b) >= 2 && b[0] != 0xFF {
			id, def = Identifier(b[0]), b[1]
			p.pos += 2
		} else {
			var err error
			if id, def, err = p.identifier(); err != nil {
				return err
			}
		}
		var err error
		switch id {
		case ObservationTime:
			err = p.observation(at, def)
		case StationGroup:
			err = formatError("station group", p.off(at), p.b[at:at+2],
				"a second station group (a multi-station body) is not supported")
		case TimeStep:
			err = p.timeStep(at, def)
		default:
			err = p.element(at, id, def)
		}
		if err != nil {
			return err
		}
	}
}

// identifier reads an identifier with its data definition byte, FF xx def
// for the user-defined ones.
func (p *parser) identifier() (Identifier, byte, error) {
	b, err := p.take(2, "element identifier")
	if err != nil {
		return 0, 0, err
	}
	if b[0] != 0xFF {
		return Identifier(b[0]), b[1], nil
	}
	d, err := p.take(1, "element identifier")
	if err != nil {
		return 0, 0, err
	}
	return 0xFF00 | Identifier(b[1]), d[0], nil
}

// observation decodes the observation time after F0 F0.
func (p *parser) observation(at int, def byte) error {
	if def != 0xF0 {
		return formatError("observation time", p.off(at), p.b[at:at+2], "want the guide F0F0")
	}
	b, err := p.take(5, "observation time")
	if err != nil {
		return err
	}
	t, err := p.time(b, p.pos-5, "observation time")
	if err != nil {
		return err
	}
	p.obs = t
	if p.m.ObservedAt.IsZero() {
		p.m.ObservedAt = t
	}
	return p.checkObserved(t, p.year)
}

// timeStep decodes the 3-byte BCD step of table C.3: days, hours, minutes,
// of which at most one is not zero. All zero marks the fixed pairing with
// the 5-minute groups of an hour (DRP, DRZ).
func (p *parser) timeStep(at int, def byte) error {
	if def != 0x18 {
		return formatError("time step", p.off(at), p.b[at:at+2], "want the definition 18 (3 BCD bytes)")
	}
	b, err := p.take(3, "time step")
	if err != nil {
		return err
	}
	d, ok1 := bcdByte(b[0])
	h, ok2 := bcdByte(b[1])
	m, ok3 := bcdByte(b[2])
	nonzero := btoi(d != 0) + btoi(h != 0) + btoi(m != 0)
	if !ok1 || !ok2 || !ok3 || d > 31 || h > 23 || m > 59 || nonzero > 1 {
		return formatError("time step", p.off(p.pos-3), b,
			"want BCD d0000 (1-31 days), 00h00 (1-23 hours), 0000m (1-59 minutes) or 000000")
	}
	p.step = time.Duration(d)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// numberIDs marks the identifier guide bytes whose data is a BCD number
// sized by the definition byte: the numbers of table C.1 and the bytes
// outside it, except FF, which starts a user-defined identifier.
var numberIDs = func() (t [256]bool) {
	for i := range t {
		t[i] = elementTable[i].numeric() && i != 0xFF
	}
	return t
}()

// shortNumbers decodes, from p.pos, the elements that are a non-negative
// BCD number of 1 to 8 bytes, the elements of nearly every report, and
// stops at the first other element or when the body ends. It reads the 4
// or 8 body bytes that end with each number, which needs at least 5 bytes
// before the identifier. It keeps the parser's fields in locals, which the
// compiler holds in registers. Anything else, including bad digits, is
// left to [parser.element], which names the fault.
func (p *parser) shortNumbers() {
	if p.step != 0 || p.pos < 5 {
		// Numbers after a time step may start a series. Every body has 8
		// bytes of serial and send time before its elements, so the
		// position check only keeps the 8-byte loads below in bounds.
		return
	}
	b, pos, els, obs := p.b, p.pos, p.m.Elements, p.obs
	for pos < len(b)-2 {
		rest := b[pos:]
		id, def := rest[0], rest[1]
		size := uint(def >> 3)
		end := pos + 2 + int(size)
		if !numberIDs[id] || size-1 >= 8 || 2+size > uint(len(rest)) {
			break
		}
		// A first data byte FF, for a negative or invalid value, fails
		// here like any other byte that is not packed BCD.
		var v uint64
		var ok bool
		if size <= 4 {
			v, ok = packedBCD4(binary.BigEndian.Uint32(b[end-4:end]) & uint32(bcdMasks[size]))
		} else {
			v, ok = packedBCD(binary.BigEndian.Uint64(b[end-8:end]) & bcdMasks[size])
		}
		if !ok {
			break
		}
		if len(els) == cap(els) {
			els = append(els, Element{})
		} else {
			els = els[:len(els)+1]
		}
		e := &els[len(els)-1]
		e.ID, e.Def, e.Step = Identifier(id), def, 0
		e.Value = Value{Int: int64(v), Scale: def & 7, Valid: true}
		e.ObservedAt = obs
		if e.Series != nil {
			e.Series = nil
		}
		if e.Raw != nil {
			e.Raw = nil
		}
		pos = end
	}
	p.pos, p.m.Elements = pos, els
}

// appendElement appends an element with identifier id, definition def
// and the observation time in force, and returns it. It sets the fields
// of a reused element one by one, because a composite literal is built
// on the stack and copied, which costs a store-forwarding stall.
func (p *parser) appendElement(id Identifier, def byte) *Element {
	els := p.m.Elements
	if n := len(els); n < cap(els) {
		els = els[:n+1]
	} else {
		els = append(els, Element{})
	}
	p.m.Elements = els
	e := &els[len(els)-1]
	e.ID, e.Def, e.Value, e.Step = id, def, Value{}, 0
	e.ObservedAt = p.obs
	if e.Series != nil {
		e.Series = nil
	}
	if e.Raw != nil {
		e.Raw = nil
	}
	return e
}

// element decodes one identifier's data into a new element.
func (p *parser) element(at int, id Identifier, def byte) error {
	e := p.appendElement(id, def)
	var err error
	switch kind := id.info().kind; kind {
	case kindNumber, kindNone:
		if p.step != 0 && p.seriesFunction() {
			err = p.series(e)
		} else {
			err = p.number(e, at)
		}
	case kindRaw:
		if id != FlowBatch && def != byte(id) {
			err = formatError(elementField(id), p.off(at), p.b[at:p.pos],
				fmt.Sprintf("want the fixed data definition %02X", byte(id)))
			break
		}
		e.Raw = p.b[p.pos:]
		p.pos = len(p.b)
	case kindRain5, kindLevel5:
		err = p.hourSeries(e, kind)
	case kindStatus:
		err = p.statusWord(e)
	default:
		err = p.number(e, at)
	}
	if err != nil {
		p.m.Elements = p.m.Elements[:len(p.m.Elements)-1]
	}
	return err
}

// seriesFunction reports whether a time step starts a series in this body.
func (p *parser) seriesFunction() bool {
	f := p.m.Header.Function
	return f == IntervalReport || f == QueryPeriod
}

// number decodes one BCD number sized by the definition byte.
func (p *parser) number(e *Element, at int) error {
	size := int(e.Def >> 3)
	if size == 0 {
		return formatError(elementField(e.ID), p.off(at), p.b[at:p.pos], "data definition gives 0 data bytes")
	}
	if p.pos+size > len(p.b) {
		_, err := p.take(size, elementField(e.ID))
		return err
	}
	b := p.b[p.pos : p.pos+size]
	p.pos += size
	v, st, bad := decodeNumber(b)
	if st == numberOK {
		e.Value = Value{Int: v, Scale: e.Def & 7, Valid: true}
		return nil
	}
	var err error
	e.Value, err = p.valueError(b, v, st, bad, e.Def&7, p.pos-size, e.ID)
	return err
}

// elementField names an element in errors, such as "element Z".
func elementField(id Identifier) string { return "element " + id.Code() }

// decodeValue decodes one BCD number of element id (0 for a gate opening).
func (p *parser) decodeValue(b []byte, scale byte, at int, id Identifier) (Value, error) {
	v, st, bad := decodeNumber(b)
	return p.valueError(b, v, st, bad, scale, at, id)
}

// valueError returns the value for an outcome of decodeNumber, or the error
// that names the element.
func (p *parser) valueError(b []byte, v int64, st numberStatus, bad int, scale byte, at int, id Identifier) (Value, error) {
	switch st {
	case numberOK:
		return Value{Int: v, Scale: scale, Valid: true}, nil
	case numberInvalid:
		return Value{}, nil
	}
	field := elementField(id)
	if id == 0 {
		field = "gate opening"
	}
	if st == numberTooLong {
		return Value{}, formatError(field, p.off(at), b, "more than 18 digits")
	}
	return Value{}, formatError(field, p.off(at+bad), b,
		"digit is not BCD (want nibbles 0-9, FF for invalid or a leading FF for a negative value)")
}

// series decodes the values of a uniform-interval report to the end of the
// body: every value has the size of the definition byte, all F for none.
func (p *parser) series(e *Element) error {
	size := int(e.Def >> 3)
	if size == 0 || p.rest() == 0 || p.rest()%size != 0 {
		return formatError(elementField(e.ID), p.off(p.pos), p.b[p.pos:],
			fmt.Sprintf("%d bytes of series data are not a positive multiple of the %d-byte value size", p.rest(), size))
	}
	start := len(p.m.values)
	for p.rest() > 0 {
		b, _ := p.take(size, "")
		v, err := p.decodeValue(b, e.Def&7, p.pos-size, e.ID)
		if err != nil {
			return err
		}
		p.m.values = append(p.m.values, v)
	}
	e.Series = p.m.values[start:len(p.m.values):len(p.m.values)]
	e.Step = p.step
	return nil
}

// hourSeries decodes the 12 five-minute values of DRP (1 byte, 0.1 mm, FF
// invalid) or DRZ (2 bytes, 0.01 m, FFFF invalid), binary, high byte first.
func (p *parser) hourSeries(e *Element, kind elementKind) error {
	width, scale := 1, uint8(1)
	if kind == kindLevel5 {
		width, scale = 2, 2
	}
	size := int(e.Def >> 3)
	if size == 0 || size%width != 0 || e.Def&7 != 0 {
		return formatError(elementField(e.ID), p.off(p.pos-2), []byte{e.Def},
			fmt.Sprintf("data definition must give a multiple of %d bytes and no decimals", width))
	}
	if p.rest() < size {
		_, err := p.take(size, elementField(e.ID))
		return err
	}
	b, _ := p.take(size, "")
	start := len(p.m.values)
	for i := 0; i < len(b); i += width {
		v := Value{Int: int64(b[i]), Scale: scale, Valid: b[i] != 0xFF}
		if width == 2 {
			raw := uint16(b[i])<<8 | uint16(b[i+1])
			v = Value{Int: int64(raw), Scale: scale, Valid: raw != 0xFFFF}
		}
		if !v.Valid {
			v = Value{}
		}
		p.m.values = append(p.m.values, v)
	}
	e.Series = p.m.values[start:len(p.m.values):len(p.m.values)]
	e.Step = 5 * time.Minute
	return nil
}

// statusWord decodes the 4-byte status and alarm word of table 58.
func (p *parser) statusWord(e *Element) error {
	if e.Def != 0x20 {
		return formatError("element ZT", p.off(p.pos-1), []byte{e.Def}, "want the definition 20 (4 bytes)")
	}
	b, err := p.take(4, "element ZT")
	if err != nil {
		return err
	}
	e.Value = NewValue(int64(uint32(b[0])<<24|uint32(b[1])<<16|uint32(b[2])<<8|uint32(b[3])), 0)
	return nil
}

// parameters decodes configuration parameters or requested identifiers:
// identifier and definition byte, followed by data when withData. Data is
// kept in Raw; BCD data also gives a Value.
func (p *parser) parameters(withData bool) error {
	for p.rest() > 0 {
		at := p.pos
		id, def, err := p.identifier()
		if err != nil {
			return err
		}
		if id == TimeStep {
			if err := p.timeStep(at, def); err != nil {
				return err
			}
			p.m.Elements = append(p.m.Elements, Element{ID: id, Def: def, Step: p.step})
			continue
		}
		e := Element{ID: id, Def: def}
		if withData {
			if err := p.parameterData(&e); err != nil {
				return err
			}
		}
		p.m.Elements = append(p.m.Elements, e)
	}
	return nil
}

// parameterData reads a parameter's data: the definition byte gives the
// byte count in its high 5 bits, except for the relay address range (0E)
// whose definition byte is the whole count.
func (p *parser) parameterData(e *Element) error {
	size := int(e.Def >> 3)
	if e.ID == 0x0E && basicConfig(p.m.Header.Function) {
		size = int(e.Def)
	}
	b, err := p.take(size, "parameter "+e.ID.Code())
	if err != nil {
		return err
	}
	e.Raw = b
	if v, st, _ := decodeNumber(b); st == numberOK && numericParameter(p.m.Header.Function, e.ID) {
		e.Value = Value{Int: v, Scale: e.Def & 7, Valid: true}
	}
	return nil
}

// basicConfig reports whether f reads or writes the basic configuration.
func basicConfig(f FunctionCode) bool { return f == WriteBasicConfig || f == ReadBasicConfig }

// numericParameter reports whether a parameter is a BCD number: the working
// mode (0C) of the basic configuration and the running parameters 20 to A8
// of table D.4.
func numericParameter(f FunctionCode, id Identifier) bool {
	if basicConfig(f) {
		return id == 0x0C
	}
	if f == WriteRunConfig || f == ReadRunConfig {
		return id >= 0x20 && id <= 0xA8
	}
	return false
}
