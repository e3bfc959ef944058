package sl651

import (
	"fmt"
	"time"
)

// time decodes a BCD time of 4 (YYMMDDHH), 5 (YYMMDDHHmm) or 6
// (YYMMDDHHmmSS) bytes in the decoder's location. The 2-digit year counts
// from 2000. at is the body position of b.
func (p *parser) time(b []byte, at int, field string) (time.Time, error) {
	if t, ok := p.civilCST(b); ok {
		return t, nil
	}
	return p.timeSlow(b, at, field)
}

// cumulativeDays[m] is the number of days of a common year before month m.
var cumulativeDays = [13]int{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

// monthDays[m] is the length of month m in a common year.
var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// civilCST decodes a valid BCD time of 4 to 6 bytes in China Standard
// Time without time.Date, and reports false for any other location or for
// a time that [parser.timeSlow] must reject. A 2-digit year counts from
// 2000, so a year is a leap year exactly when it divides by 4.
func (p *parser) civilCST(b []byte) (time.Time, bool) {
	if len(b) < 4 || len(b) > 6 || p.d.location() != chinaStandardTime {
		return time.Time{}, false
	}
	y, mo, d, h := int(bcdValue[b[0]]), int(bcdValue[b[1]]), int(bcdValue[b[2]]), int(bcdValue[b[3]])
	mi, s := 0, 0
	if len(b) > 4 {
		mi = int(bcdValue[b[4]])
	}
	if len(b) > 5 {
		s = int(bcdValue[b[5]])
	}
	if y > 99 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	leap := y%4 == 0
	if d > monthDays[mo] && !(leap && mo == 2 && d == 29) {
		return time.Time{}, false
	}
	// 10957 days lie between 1970-01-01 and 2000-01-01.
	days := 10957 + 365*y + (y+3)/4 + cumulativeDays[mo] + d - 1
	if leap && mo > 2 {
		days++
	}
	p.year = 2000 + y
	unix := int64(days)*86400 + int64(h*3600+mi*60+s) - 8*3600
	return time.Unix(unix, 0).In(chinaStandardTime), true
}

// timeSlow decodes a time as [parser.time] does, for any location, and
// names the faulty field.
func (p *parser) timeSlow(b []byte, at int, field string) (time.Time, error) {
	var f [6]int
	f[1], f[2] = 1, 1
	for i, c := range b {
		v, ok := bcdByte(c)
		if !ok {
			return time.Time{}, formatError(field, p.off(at+i), b, "digit is not BCD")
		}
		f[i] = v
	}
	year, month, day := 2000+f[0], time.Month(f[1]), f[2]
	p.year = year
	switch {
	case month < 1 || month > 12:
		return time.Time{}, formatError(field, p.off(at+1), b, fmt.Sprintf("month %d: want 01-12", month))
	case day < 1 || day > daysIn(year, month):
		return time.Time{}, formatError(field, p.off(at+2), b,
			fmt.Sprintf("day %d: %d-%02d has %d days", day, year, month, daysIn(year, month)))
	case f[3] > 23:
		return time.Time{}, formatError(field, p.off(at+3), b, fmt.Sprintf("hour %d: want 00-23", f[3]))
	case f[4] > 59:
		return time.Time{}, formatError(field, p.off(at+4), b, fmt.Sprintf("minute %d: want 00-59", f[4]))
	case f[5] > 59:
		return time.Time{}, formatError(field, p.off(at+5), b, fmt.Sprintf("second %d: want 00-59", f[5]))
	}
	return civilTime(year, month, day, f[3], f[4], f[5], p.d.location()), nil
}

// civilTime returns the time of a civil date and clock in loc. For China
// Standard Time, the default, it computes the Unix time directly, which is
// several times faster than time.Date and gives the same Time.
func civilTime(year int, month time.Month, day, hour, minute, second int, loc *time.Location) time.Time {
	if loc != chinaStandardTime {
		return time.Date(year, month, day, hour, minute, second, 0, loc)
	}
	days := daysFromCivil(year, int(month), day)
	unix := days*86400 + int64(hour*3600+minute*60+second) - 8*3600
	return time.Unix(unix, 0).In(loc)
}

// daysFromCivil returns the days from 1970-01-01 to a proleptic Gregorian
// date of year 0 or later (H. Hinnant's days_from_civil algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097 + doe - 719468)
}

// daysIn returns the number of days of month in year.
func daysIn(year int, month time.Month) int {
	switch month {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// skew returns the tolerated clock difference.
func (d *Decoder) skew() time.Duration {
	if d.opts.MaxClockSkew > 0 {
		return d.opts.MaxClockSkew
	}
	return time.Hour
}

// checkSendTime flags or rejects an implausible send time of the given
// year (passed to spare computing it from t).
func (p *parser) checkSendTime(t time.Time, year int) error {
	suspect := year > latestYear
	if now := p.d.opts.Now; now != nil {
		diff := t.Sub(now())
		suspect = diff > p.d.skew() || diff < -p.d.skew()
	}
	return p.suspect(suspect, "send time", t)
}

// checkObserved flags or rejects an observation time of the given year in
// the future.
func (p *parser) checkObserved(t time.Time, year int) error {
	suspect := year > latestYear
	if now := p.d.opts.Now; now != nil {
		suspect = t.Sub(now()) > p.d.skew()
	}
	return p.suspect(suspect, "observation time", t)
}

// suspect records a suspect clock, or returns an error with StrictClock.
func (p *parser) suspect(suspect bool, field string, t time.Time) error {
	if !suspect {
		return nil
	}
	if p.d.opts.StrictClock {
		return &FieldError{Field: field, Offset: -1, Value: t.Format("2006-01-02 15:04:05"),
			Reason: "the station clock is probably not set", Err: ErrClock}
	}
	p.m.ClockSuspect = true
	return nil
}
