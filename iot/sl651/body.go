package sl651

import (
	"fmt"
	"time"
)

// parser walks a message body and fills a Message.
type parser struct {
	b    []byte
	pos  int
	base int // frame offset of b[0], or -1 for a body joined from packets
	d    *Decoder
	m    *Message
	obs  time.Time     // observation time in force
	step time.Duration // time step in force, 0 when none
	year int           // year of the time decoded last
}

// off returns the frame offset of body position i, or -1.
func (p *parser) off(i int) int {
	if p.base < 0 {
		return -1
	}
	return p.base + i
}

func (p *parser) rest() int { return len(p.b) - p.pos }

// take returns the next n bytes or an error naming field.
func (p *parser) take(n int, field string) ([]byte, error) {
	if p.rest() < n {
		return nil, &FieldError{Field: field, Offset: p.off(p.pos), Value: fmt.Sprintf("%X", p.b[p.pos:]),
			Reason: fmt.Sprintf("needs %d bytes, the body has %d left", n, p.rest()), Err: ErrFormat}
	}
	b := p.b[p.pos : p.pos+n]
	p.pos += n
	return b, nil
}

// body decodes the body by direction and function code.
func (p *parser) body() error {
	if err := p.serialAndTime(); err != nil {
		return err
	}
	f := p.m.Header.Function
	if f.UserDefined() {
		p.m.Payload = p.b[p.pos:]
		return nil
	}
	if p.m.Header.Direction == Down {
		return p.downlink(f)
	}
	return p.uplink(f)
}

// uplink decodes the body of a station's frame after serial and send time.
func (p *parser) uplink(f FunctionCode) error {
	switch {
	case f == KeepAlive:
		return p.end()
	case f.isReport() || f == PictureReport:
		return p.report()
	case f == ManualReport || f == QueryManual:
		return p.elements()
	}
	if err := p.stationGroup(); err != nil {
		return err
	}
	switch f {
	case WriteBasicConfig, ReadBasicConfig, WriteRunConfig, ReadRunConfig, ChangePassword:
		return p.parameters(true)
	case QueryVersion:
		return p.version()
	case QueryStatus, SetICCard:
		return p.elements()
	case PumpControl, ValveControl:
		return p.switches(false)
	case GateControl:
		return p.switches(true)
	case SetPointControl:
		return p.setPoint()
	case QueryEvents:
		return p.events()
	}
	return p.end() // InitStorage, FactoryReset, SetClock, QueryClock
}

// downlink decodes the body of a centre's frame after serial and send time.
// A body that ends there is a confirmation or a plain query.
func (p *parser) downlink(f FunctionCode) error {
	if p.rest() == 0 {
		return nil
	}
	switch f {
	case QueryPeriod:
		return p.periodQuery()
	case QueryElements, ReadBasicConfig, ReadRunConfig, InitStorage, FactoryReset:
		return p.parameters(false)
	case WriteBasicConfig, WriteRunConfig, ChangePassword:
		return p.parameters(true)
	case SetICCard:
		return p.elements()
	case PumpControl, ValveControl:
		return p.switches(false)
	case GateControl:
		return p.switches(true)
	case SetPointControl:
		return p.setPoint()
	}
	return p.end()
}

// end rejects bytes left over after the last group of the body.
func (p *parser) end() error {
	if p.rest() == 0 {
		return nil
	}
	return formatError("body", p.off(p.pos), p.b[p.pos:],
		fmt.Sprintf("%d unexpected bytes after the last group of a %s body", p.rest(), p.m.Header.Function))
}

// serialAndTime decodes the serial number and the send time.
func (p *parser) serialAndTime() error {
	b, err := p.take(8, "serial and send time")
	if err != nil {
		return err
	}
	p.m.Serial = uint16(b[0])<<8 | uint16(b[1])
	t, err := p.time(b[2:8], p.pos-6, "send time")
	if err != nil {
		return err
	}
	p.m.SendTime = t
	return p.checkSendTime(t, p.year)
}

// stationGroup decodes F1 F1 and the station address.
func (p *parser) stationGroup() error {
	b, err := p.take(7, "station group")
	if err != nil {
		return err
	}
	if b[0] != 0xF1 || b[1] != 0xF1 {
		return formatError("station group", p.off(p.pos-7), b[:2], "want the address guide F1F1")
	}
	copy(p.m.Station[:], b[2:])
	return nil
}

// report decodes the station group, the station type and the elements.
func (p *parser) report() error {
	if err := p.stationGroup(); err != nil {
		return err
	}
	b, err := p.take(1, "station type")
	if err != nil {
		return err
	}
	p.m.StationType = StationType(b[0])
	if !p.m.StationType.Known() && !p.d.opts.UserFunctions {
		return formatError("station type", p.off(p.pos-1), b,
			"not in SL 651-2014 table A.1 (P, H, K, Z, D, T, M, G, Q, I, O)")
	}
	return p.elements()
}

// version decodes the length byte and the software version text.
func (p *parser) version() error {
	n, err := p.take(1, "version length")
	if err != nil {
		return err
	}
	text, err := p.take(int(n[0]), "version")
	if err != nil {
		return err
	}
	p.m.Version = string(text)
	return p.end()
}

// events decodes the 32 event counters, 2 bytes each, high byte first.
func (p *parser) events() error {
	b, err := p.take(64, "event records")
	if err != nil {
		return err
	}
	for i := range p.m.Events {
		p.m.Events[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return p.end()
}

// setPoint decodes the 1-byte set-point command: FF on, 00 off.
func (p *parser) setPoint() error {
	b, err := p.take(1, "set-point control")
	if err != nil {
		return err
	}
	switch b[0] {
	case 0xFF:
		p.m.SetPoint = SetPointOn
	case 0x00:
		p.m.SetPoint = SetPointOff
	default:
		return formatError("set-point control", p.off(p.pos-1), b, "want FF (on) or 00 (off)")
	}
	return p.end()
}

// periodQuery decodes the start and end hours, the time step and the
// requested identifiers of a period query.
func (p *parser) periodQuery() error {
	b, err := p.take(8, "query period")
	if err != nil {
		return err
	}
	if p.m.From, err = p.time(b[0:4], p.pos-8, "query start"); err != nil {
		return err
	}
	if p.m.To, err = p.time(b[4:8], p.pos-4, "query end"); err != nil {
		return err
	}
	if p.m.To.Before(p.m.From) {
		return formatError("query end", p.off(p.pos-4), b[4:8], "before the query start")
	}
	return p.parameters(false)
}
