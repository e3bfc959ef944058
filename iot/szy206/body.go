package szy206

import (
	"fmt"
)

// parser decodes the application data and auxiliary region of a frame.
type parser struct {
	b    []byte // from the byte after the AFN to the CRC
	base int    // frame offset of b[0]
	d    *Decoder
	m    *Message
	up   bool
}

func (p *parser) off(i int) int { return p.base + i }

// body decodes the data of the frame's AFN and direction.
func (p *parser) body() error {
	switch a := p.m.Header.AFN; a {
	case LinkCheck:
		return p.link()
	case SelfReport, AlarmReport, ManualData:
		if !p.up {
			return p.empty()
		}
		return p.report()
	case QueryRealtime:
		if !p.up {
			return p.empty()
		}
		return p.report()
	case SetAddress, QueryAddress:
		return p.address(a == QueryAddress)
	case SetClock, QueryClock:
		return p.clock(a == QueryClock)
	case SetWorkMode, QueryWorkMode:
		return p.workMode(a == QueryWorkMode)
	case QueryStatus:
		return p.status()
	case QueryEvents:
		return p.events()
	case QueryPump:
		return p.pump()
	case EnableICCard, DisableICCard, SetPointOn, SetPointOff, ResetTerminal, ClearHistory:
		return p.empty()
	case RemoteStart, RemoteStop:
		return p.unit()
	case ChangePassword:
		return p.newPassword()
	}
	if done, err := p.water(); done {
		return err
	}
	p.m.Payload = p.b // the layouts this package keeps raw, with PW and Tp
	return nil
}

// auxLens returns the possible lengths of the auxiliary region for this
// frame, the preferred first: PW and Tp together, PW alone, Tp alone, none.
func (p *parser) auxLens() ([4]int, int) {
	v := &p.d.opts.Variant
	t := v.timeLabelLen()
	tp := v.DownlinkTime
	if p.up {
		tp = v.UplinkTime
	}
	pw := Never
	if !p.up && p.m.Header.AFN.needsPassword() {
		pw = v.Password
	}
	var lens [4]int
	n := 0
	for _, withPW := range [2]bool{true, false} {
		if withPW && pw == Never || !withPW && pw == Always {
			continue
		}
		for _, withTp := range [2]bool{true, false} {
			if withTp && tp == Never || !withTp && tp == Always {
				continue
			}
			lens[n] = btoi(withPW)*2 + btoi(withTp)*t
			n++
		}
	}
	return lens, n
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// auxError describes the lengths the data and the auxiliary region may have.
func (p *parser) auxError(what string) error {
	lens, n := p.auxLens()
	return &FieldError{Field: "length", Offset: 1, Value: fmt.Sprintf("%d data bytes", len(p.b)),
		Reason: fmt.Sprintf("%s of AFN %s, plus PW and Tp of %v bytes, do not add up", what, p.m.Header.AFN, lens[:n]),
		Err:    ErrFormat}
}

// fixed returns the n data bytes of a fixed-length body and decodes the
// auxiliary region after them.
func (p *parser) fixed(n int) ([]byte, error) {
	lens, k := p.auxLens()
	for _, aux := range lens[:k] {
		if len(p.b) == n+aux {
			return p.b[:n], p.aux(n)
		}
	}
	return nil, p.auxError(fmt.Sprintf("%d data bytes", n))
}

// rest decodes the auxiliary region after the first n bytes, which a
// self-describing body used.
func (p *parser) rest(n int) error {
	lens, k := p.auxLens()
	for _, aux := range lens[:k] {
		if len(p.b) == n+aux {
			return p.aux(n)
		}
	}
	return p.auxError(fmt.Sprintf("%d data bytes", n))
}

// points returns the data of a body of whole points of size bytes followed
// by overhead bytes, choosing the auxiliary length that makes them fit.
func (p *parser) points(size, overhead int) ([]byte, error) {
	lens, k := p.auxLens()
	for _, aux := range lens[:k] {
		r := len(p.b) - aux - overhead
		if r >= size && r%size == 0 {
			return p.b[:len(p.b)-aux], p.aux(len(p.b) - aux)
		}
	}
	return nil, p.auxError(fmt.Sprintf("whole %d-byte points and %d status bytes", size, overhead))
}

// aux decodes the password and time label from body position n.
func (p *parser) aux(n int) error {
	b := p.b[n:]
	t := p.d.opts.Variant.timeLabelLen()
	h := &p.m.Header
	if len(b) == 2 || len(b) == 2+t {
		h.Password = uint16(b[0])<<8 | uint16(b[1])
		h.HasPassword = true
		b = b[2:]
		n += 2
	}
	if len(b) == 0 {
		return nil
	}
	tl, err := decodeTimeLabel(b, p.off(n))
	if err != nil {
		return err
	}
	h.TimeLabel = tl
	return p.checkTimeLabel(tl)
}

func (p *parser) empty() error {
	_, err := p.fixed(0)
	return err
}

// link decodes the link state byte of a link check.
func (p *parser) link() error {
	b, err := p.fixed(1)
	if err != nil {
		return err
	}
	p.m.Link = LinkState(b[0])
	if s := p.m.Link; s != Login && s != Logout && s != KeepOnline {
		return formatError("link state", p.off(0), b, "want F0 (login), F1 (logout) or F2 (keep online)")
	}
	return nil
}

// address decodes the 5-byte address of a set-address command, its reply
// and an address reply. A query has no data.
func (p *parser) address(query bool) error {
	if query && !p.up {
		return p.empty()
	}
	b, err := p.fixed(5)
	if err != nil {
		return err
	}
	copy(p.m.Target[:], b)
	return checkAddress(p.m.Target, p.off(0))
}

// workMode decodes the working mode byte.
func (p *parser) workMode(query bool) error {
	if query && !p.up {
		return p.empty()
	}
	b, err := p.fixed(1)
	if err != nil {
		return err
	}
	if b[0] > byte(ModeMaintenance) {
		return formatError("working mode", p.off(0), b, "want 00 to 03")
	}
	p.m.Mode, p.m.HasMode = WorkMode(b[0]), true
	return nil
}

// status decodes the alarm and status words of a status reply.
func (p *parser) status() error {
	if !p.up {
		return p.empty()
	}
	b, err := p.fixed(4)
	if err != nil {
		return err
	}
	p.alarmStatus(b)
	return nil
}

// alarmStatus sets the alarm and status words, each low byte first.
func (p *parser) alarmStatus(b []byte) {
	p.m.Alarm = AlarmWord(uint16(b[0]) | uint16(b[1])<<8)
	p.m.Status = StatusWord(uint16(b[2]) | uint16(b[3])<<8)
	p.m.HasStatus = true
}

// events decodes the 32 event counters, 2 bytes each, low byte first.
func (p *parser) events() error {
	if !p.up {
		return p.empty()
	}
	b, err := p.fixed(64)
	if err != nil {
		return err
	}
	for i := range p.m.Events {
		p.m.Events[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return nil
}

// pump decodes the pump motor data: three phase voltages (2 bytes BCD,
// 1 decimal, V) and three phase currents (3 bytes BCD, 2 decimals, A).
// NOTE: this layout follows terminals in the field; SZY 206-2016 editions
// differ in the decimals of the currents.
func (p *parser) pump() error {
	if !p.up {
		return p.empty()
	}
	b, err := p.fixed(15)
	if err != nil {
		return err
	}
	pd := &p.m.Pump
	for i := range 3 {
		if pd.Voltage[i], err = p.value(b[2*i:2*i+2], 1, false, 2*i, "pump voltage"); err != nil {
			return err
		}
		at := 6 + 3*i
		if pd.Current[i], err = p.value(b[at:at+3], 2, false, at, "pump current"); err != nil {
			return err
		}
	}
	pd.Valid = true
	return nil
}

// unit decodes the pump, valve or gate number of a remote start or stop.
func (p *parser) unit() error {
	b, err := p.fixed(1)
	if err != nil {
		return err
	}
	p.m.Unit = b[0]
	return nil
}

// newPassword decodes the new password of a change-password command.
func (p *parser) newPassword() error {
	b, err := p.fixed(2)
	if err != nil {
		return err
	}
	p.m.NewPassword = uint16(b[0])<<8 | uint16(b[1])
	return nil
}

// water decodes the recharge, remaining-water and set-point bodies, all
// volumes in whole m³: recharge 4 bytes BCD, remaining water 5 bytes signed,
// alarm value 3 bytes, set-point 5 bytes. It reports whether the AFN is one
// of them.
func (p *parser) water() (bool, error) {
	w := &p.m.Water
	var err error
	switch a := p.m.Header.AFN; {
	case a == SetRecharge:
		w.Recharge, err = p.volume(4, false, "recharge")
	case a == SetRemainingAlarm:
		w.AlarmLevel, err = p.volume(3, false, "remaining-water alarm value")
	case a == SetPointValue:
		w.SetPoint, err = p.volume(5, false, "set-point volume")
	case (a == QueryRecharge || a == QueryRemaining) && !p.up:
		err = p.empty()
	case a == QueryRecharge:
		var b []byte
		if b, err = p.fixed(9); err == nil {
			if w.Recharge, err = p.value(b[:4], 0, false, 0, "recharge"); err == nil {
				w.Remaining, err = p.value(b[4:9], 0, true, 4, "remaining water")
			}
		}
	case a == QueryRemaining:
		var b []byte
		if b, err = p.fixed(8); err == nil {
			if w.Remaining, err = p.value(b[:5], 0, true, 0, "remaining water"); err == nil {
				w.AlarmLevel, err = p.value(b[5:8], 0, false, 5, "remaining-water alarm value")
			}
		}
	default:
		return false, nil
	}
	return true, err
}

// volume decodes a body of one volume of n bytes.
func (p *parser) volume(n int, signed bool, field string) (Value, error) {
	b, err := p.fixed(n)
	if err != nil {
		return Value{}, err
	}
	return p.value(b, 0, signed, 0, field)
}

// value decodes one little-endian BCD number at body position at.
func (p *parser) value(b []byte, scale uint8, signed bool, at int, field string) (Value, error) {
	v, st, bad := decodeLE(b, signed, p.d.opts.Variant.Sign)
	switch st {
	case numberOK:
		return Value{Int: v, Scale: scale, Valid: true}, nil
	case numberNoData:
		return Value{}, nil
	}
	return Value{}, formatError(field, p.off(at+bad), b, "digit is not BCD (want nibbles 0-9, or every byte AA for no data)")
}
