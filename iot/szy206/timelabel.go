package szy206

import (
	"encoding/json"
	"fmt"
	"time"
)

// Lengths of the time label Tp.
const (
	// TimeLabel5 is the SZY 206-2016 label: second, minute, hour and day in
	// BCD, then the allowed transmission delay in minutes (binary).
	TimeLabel5 = 5
	// TimeLabel7 is the SL/T 427-2021 label: second, minute, hour, day,
	// month and 2-digit year in BCD, then the allowed delay in minutes.
	TimeLabel7 = 7
)

// TimeLabel is the time label Tp that ends a frame: when the sender sent it
// and how many minutes late it may arrive. Len is 0 when the frame has
// none.
type TimeLabel struct {
	Len    uint8 // 0, TimeLabel5 or TimeLabel7
	Second uint8
	Minute uint8
	Hour   uint8
	Day    uint8
	Month  uint8  // 7-byte labels only, else 0
	Year   uint16 // 7-byte labels only (2000 + YY), else 0
	// Delay is the allowed transmission delay in minutes, 0 for no limit.
	Delay uint8
}

// IsZero reports whether the frame carries no time label.
func (t TimeLabel) IsZero() bool { return t.Len == 0 }

// Time returns the label's time in loc. A 5-byte label has no month and
// year, so it takes the latest date with the label's day and clock that is
// not after ref plus one day; ref is usually the time of arrival.
func (t TimeLabel) Time(ref time.Time, loc *time.Location) time.Time {
	if t.Len == TimeLabel7 {
		return time.Date(int(t.Year), time.Month(t.Month), int(t.Day), int(t.Hour), int(t.Minute), int(t.Second), 0, loc)
	}
	ref = ref.In(loc)
	limit := ref.Add(24 * time.Hour)
	y, m, _ := ref.Date()
	for i := range 3 {
		month := m - time.Month(i) + 1
		c := time.Date(y, month, int(t.Day), int(t.Hour), int(t.Minute), int(t.Second), 0, loc)
		if c.Day() == int(t.Day) && !c.After(limit) {
			return c
		}
	}
	return time.Time{}
}

// Late reports whether a frame with this label that arrived at arrival is
// later than its allowed delay. It is false without a label or a delay.
func (t TimeLabel) Late(arrival time.Time, loc *time.Location) bool {
	if t.Len == 0 || t.Delay == 0 {
		return false
	}
	sent := t.Time(arrival, loc)
	return !sent.IsZero() && arrival.Sub(sent) > time.Duration(t.Delay)*time.Minute
}

// MarshalJSON encodes the label as its date and clock and the delay.
func (t TimeLabel) MarshalJSON() ([]byte, error) {
	date := fmt.Sprintf("--%02d %02d:%02d:%02d", t.Day, t.Hour, t.Minute, t.Second)
	if t.Len == TimeLabel7 {
		date = fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second)
	}
	return json.Marshal(struct {
		Len   uint8  `json:"len"`
		Time  string `json:"time"`
		Delay uint8  `json:"delay_min"`
	}{t.Len, date, t.Delay})
}

// decodeTimeLabel decodes a 5- or 7-byte label at frame offset off.
func decodeTimeLabel(b []byte, off int) (TimeLabel, error) {
	t := TimeLabel{Len: uint8(len(b)), Delay: b[len(b)-1]}
	var f [6]int
	for i, c := range b[:len(b)-1] {
		v, ok := bcdByte(c)
		if !ok {
			return t, formatError("time label", off+i, b, "digit is not BCD")
		}
		f[i] = v
	}
	t.Second, t.Minute, t.Hour, t.Day = uint8(f[0]), uint8(f[1]), uint8(f[2]), uint8(f[3])
	maxDay := 31
	if len(b) == TimeLabel7 {
		t.Month, t.Year = uint8(f[4]), uint16(2000+f[5])
		if t.Month < 1 || t.Month > 12 {
			return t, formatError("time label", off+4, b, fmt.Sprintf("month %d: want 01-12", t.Month))
		}
		maxDay = daysIn(int(t.Year), time.Month(t.Month))
	}
	switch {
	case t.Second > 59:
		return t, formatError("time label", off, b, fmt.Sprintf("second %d: want 00-59", t.Second))
	case t.Minute > 59:
		return t, formatError("time label", off+1, b, fmt.Sprintf("minute %d: want 00-59", t.Minute))
	case t.Hour > 23:
		return t, formatError("time label", off+2, b, fmt.Sprintf("hour %d: want 00-23", t.Hour))
	case t.Day < 1 || int(t.Day) > maxDay:
		return t, formatError("time label", off+3, b, fmt.Sprintf("day %d: want 01-%02d", t.Day, maxDay))
	}
	return t, nil
}

// appendTimeLabel appends a 5- or 7-byte label.
func appendTimeLabel(b []byte, t TimeLabel) []byte {
	b = append(b, toBCD(int(t.Second)), toBCD(int(t.Minute)), toBCD(int(t.Hour)), toBCD(int(t.Day)))
	if t.Len == TimeLabel7 {
		b = append(b, toBCD(int(t.Month)), toBCD(int(t.Year)%100))
	}
	return append(b, t.Delay)
}

// NewTimeLabel returns a label of length n (TimeLabel5 or TimeLabel7) for
// the time t, in t's location, with an allowed delay in minutes.
func NewTimeLabel(n int, t time.Time, delay uint8) TimeLabel {
	l := TimeLabel{Len: uint8(n), Second: uint8(t.Second()), Minute: uint8(t.Minute()),
		Hour: uint8(t.Hour()), Day: uint8(t.Day()), Delay: delay}
	if n == TimeLabel7 {
		l.Month, l.Year = uint8(t.Month()), uint16(t.Year())
	}
	return l
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
