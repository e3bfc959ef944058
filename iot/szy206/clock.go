package szy206

import (
	"fmt"
	"time"
)

// clock decodes the 6-byte clock of a set-clock command or clock reply:
// second, minute, hour, day, the month (D4..D0) with the weekday 1 to 7
// (D7..D5, 0 when not set) and the 2-digit year, all BCD. A query has no
// data.
func (p *parser) clock(query bool) error {
	if query && !p.up {
		return p.empty()
	}
	b, err := p.fixed(6)
	if err != nil {
		return err
	}
	var f [6]int
	for i, c := range b {
		if i == 4 {
			c &= 0x1F
		}
		v, ok := bcdByte(c)
		if !ok {
			return formatError("clock", p.off(i), b, "digit is not BCD")
		}
		f[i] = v
	}
	year, month := 2000+f[5], time.Month(f[4])
	switch {
	case f[0] > 59 || f[1] > 59 || f[2] > 23:
		return formatError("clock", p.off(0), b, "want second and minute 00-59, hour 00-23")
	case month < 1 || month > 12:
		return formatError("clock", p.off(4), b, fmt.Sprintf("month %d: want 01-12", month))
	case f[3] < 1 || f[3] > daysIn(year, month):
		return formatError("clock", p.off(3), b, fmt.Sprintf("day %d: %d-%02d has %d days", f[3], year, month, daysIn(year, month)))
	}
	t := time.Date(year, month, f[3], f[2], f[1], f[0], 0, p.d.location())
	if wd := int(b[4] >> 5); wd != 0 && wd != isoWeekday(t) {
		return formatError("clock", p.off(4), b, fmt.Sprintf("weekday %d: %s is a %s", wd, t.Format(time.DateOnly), t.Weekday()))
	}
	p.m.Clock = t
	return p.suspect(p.implausible(t), "clock", t)
}

// isoWeekday returns 1 for Monday to 7 for Sunday.
func isoWeekday(t time.Time) int {
	if wd := int(t.Weekday()); wd != 0 {
		return wd
	}
	return 7
}

// checkTimeLabel flags or rejects an implausible time label.
func (p *parser) checkTimeLabel(tl TimeLabel) error {
	if tl.Len == TimeLabel7 {
		t := tl.Time(time.Time{}, p.d.location())
		return p.suspect(p.implausible(t), "time label", t)
	}
	if now := p.d.opts.Now; now != nil {
		t := tl.Time(now(), p.d.location())
		return p.suspect(t.IsZero() || p.implausible(t), "time label", t)
	}
	return nil
}

// implausible reports whether t is too far from the clock, or without a
// clock in 2050 or later.
func (p *parser) implausible(t time.Time) bool {
	now := p.d.opts.Now
	if now == nil {
		return t.Year() > latestYear
	}
	skew := p.d.opts.MaxClockSkew
	if skew <= 0 {
		skew = time.Hour
	}
	diff := t.Sub(now())
	return diff > skew || diff < -skew
}

// suspect records a suspect clock, or returns an error with StrictClock.
func (p *parser) suspect(suspect bool, field string, t time.Time) error {
	if !suspect {
		return nil
	}
	if p.d.opts.StrictClock {
		return &FieldError{Field: field, Offset: -1, Value: t.Format(time.DateTime),
			Reason: "the terminal clock is probably not set", Err: ErrClock}
	}
	p.m.ClockSuspect = true
	return nil
}
