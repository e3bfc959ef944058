package szy206

import (
	"fmt"
	"time"
)

// AppendFrame appends m as a frame and returns the extended buffer. It
// writes the data from the fields the decoder fills for m's AFN and
// direction, then PW when m.Header.HasPassword and Tp when
// m.Header.TimeLabel.Len is not 0, so that decoding the result with the
// same options gives m back. It fills m.Header.CRC. opts gives the sign
// rule and the clock's location; its zero value is SZY 206-2016 in China
// Standard Time.
func (m *Message) AppendFrame(dst []byte, opts Options) ([]byte, error) {
	e := encoder{m: m, opts: &opts}
	region := make([]byte, 0, 64)
	h := &m.Header
	region = append(region, byte(h.Control))
	if h.Control.Split() {
		region = append(region, h.SplitCount)
	}
	region = append(region, h.Address[:]...)
	region = append(region, byte(h.AFN))
	region, err := e.data(region)
	if err != nil {
		return dst, err
	}
	if h.HasPassword {
		region = append(region, byte(h.Password>>8), byte(h.Password))
	}
	if t := h.TimeLabel; t.Len != 0 {
		if t.Len != TimeLabel5 && t.Len != TimeLabel7 {
			return dst, fmt.Errorf("szy206: encode: time label length %d: want 5 or 7", t.Len)
		}
		region = appendTimeLabel(region, t)
	}
	if len(region) > 255 {
		return dst, fmt.Errorf("szy206: encode: user data of %d bytes: want at most 255", len(region))
	}
	h.CRC = CRC(region)
	dst = append(dst, 0x68, byte(len(region)), 0x68)
	dst = append(dst, region...)
	return append(dst, h.CRC, 0x16), nil
}

// encoder writes the application data of a message.
type encoder struct {
	m    *Message
	opts *Options
}

func (e *encoder) data(b []byte) ([]byte, error) {
	m := e.m
	up := m.Header.Control.Up()
	a := m.Header.AFN
	if e.opts.Variant.rawAFN(a) {
		return append(b, m.Payload...), nil
	}
	switch a {
	case LinkCheck:
		return append(b, byte(m.Link)), nil
	case SelfReport, AlarmReport, ManualData, QueryRealtime:
		if !up {
			return b, nil
		}
		return e.report(b)
	case SetAddress, QueryAddress:
		if a == QueryAddress && !up {
			return b, nil
		}
		return append(b, m.Target[:]...), nil
	case SetClock, QueryClock:
		if a == QueryClock && !up {
			return b, nil
		}
		return e.clock(b)
	case SetWorkMode, QueryWorkMode:
		if a == QueryWorkMode && !up {
			return b, nil
		}
		return append(b, byte(m.Mode)), nil
	case QueryStatus:
		if !up {
			return b, nil
		}
		return e.alarmStatus(b), nil
	case QueryEvents:
		if !up {
			return b, nil
		}
		for _, n := range m.Events {
			b = append(b, byte(n), byte(n>>8))
		}
		return b, nil
	case QueryPump:
		if !up {
			return b, nil
		}
		return e.pump(b)
	case EnableICCard, DisableICCard, SetPointOn, SetPointOff, ResetTerminal, ClearHistory:
		return b, nil
	case RemoteStart, RemoteStop:
		return append(b, m.Unit), nil
	case ChangePassword:
		return append(b, byte(m.NewPassword>>8), byte(m.NewPassword)), nil
	}
	if b, done, err := e.water(b, up); done {
		return b, err
	}
	return append(b, m.Payload...), nil
}

func (e *encoder) alarmStatus(b []byte) []byte {
	a, s := e.m.Alarm, e.m.Status
	return append(b, byte(a), byte(a>>8), byte(s), byte(s>>8))
}

// value appends v as size bytes of little-endian BCD, all AA when invalid.
func (e *encoder) value(b []byte, v Value, size int, scale uint8, signed bool, field string) ([]byte, error) {
	if !v.Valid {
		for range size {
			b = append(b, 0xAA)
		}
		return b, nil
	}
	n, err := v.Rescale(scale)
	if err != nil {
		return b, fmt.Errorf("szy206: encode: %s %s at %d decimals: %w", field, v, scale, err)
	}
	b, ok := appendLE(b, n, size, signed, e.opts.Variant.Sign)
	if !ok {
		return b, fmt.Errorf("szy206: encode: %s %s does not fit %d bytes", field, v, size)
	}
	return b, nil
}

func (e *encoder) pump(b []byte) ([]byte, error) {
	var err error
	for _, v := range e.m.Pump.Voltage {
		if b, err = e.value(b, v, 2, 1, false, "pump voltage"); err != nil {
			return b, err
		}
	}
	for _, v := range e.m.Pump.Current {
		if b, err = e.value(b, v, 3, 2, false, "pump current"); err != nil {
			return b, err
		}
	}
	return b, nil
}

// clock appends the 6-byte clock with the weekday in the month byte.
func (e *encoder) clock(b []byte) ([]byte, error) {
	loc := e.opts.Location
	if loc == nil {
		loc = chinaStandardTime
	}
	t := e.m.Clock.In(loc)
	if t.Year() < 2000 || t.Year() > 2099 {
		return b, fmt.Errorf("szy206: encode: clock %s: the 2-digit year needs 2000 to 2099", t.Format(time.DateTime))
	}
	return append(b, toBCD(t.Second()), toBCD(t.Minute()), toBCD(t.Hour()), toBCD(t.Day()),
		byte(isoWeekday(t))<<5|toBCD(int(t.Month())), toBCD(t.Year()-2000)), nil
}

// water appends the volumes of the recharge, remaining-water and set-point
// bodies and reports whether the AFN is one of them.
func (e *encoder) water(b []byte, up bool) ([]byte, bool, error) {
	w := &e.m.Water
	var err error
	switch a := e.m.Header.AFN; {
	case a == SetRecharge:
		b, err = e.value(b, w.Recharge, 4, 0, false, "recharge")
	case a == SetRemainingAlarm:
		b, err = e.value(b, w.AlarmLevel, 3, 0, false, "remaining-water alarm value")
	case a == SetPointValue:
		b, err = e.value(b, w.SetPoint, 5, 0, false, "set-point volume")
	case (a == QueryRecharge || a == QueryRemaining) && !up:
	case a == QueryRecharge:
		if b, err = e.value(b, w.Recharge, 4, 0, false, "recharge"); err == nil {
			b, err = e.value(b, w.Remaining, 5, 0, true, "remaining water")
		}
	case a == QueryRemaining:
		if b, err = e.value(b, w.Remaining, 5, 0, true, "remaining water"); err == nil {
			b, err = e.value(b, w.AlarmLevel, 3, 0, false, "remaining-water alarm value")
		}
	default:
		return b, false, nil
	}
	return b, true, err
}
