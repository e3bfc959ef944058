package dlt645

import (
	"strconv"

	"github.com/shuxiang/shuxiang/iot/internal/bcd"
)

// digit decodes the BCD byte b of field at frame offset off and checks that
// it lies in lo..hi.
func digit(b byte, field string, off int, lo, hi uint8) (uint8, error) {
	v, ok := bcd.Value(b)
	if !ok {
		return 0, fieldError(field, off, hexByte(b), "BCD digits", ErrNotBCD)
	}
	if v < lo || v > hi {
		return 0, fieldError(field, off, strconv.Itoa(int(v)),
			strconv.Itoa(int(lo))+"-"+strconv.Itoa(int(hi)), ErrRange)
	}
	return v, nil
}

// decodeDate decodes WW DD MM YY (wire order of YYMMDDWW).
func decodeDate(b []byte, off int) (Clock, error) {
	var c Clock
	var err error
	if c.Weekday, err = digit(b[0], "weekday", off, 0, 6); err != nil {
		return c, err
	}
	if err = decodeDay(&c, b[1:4], off+1); err != nil {
		return c, err
	}
	return c, nil
}

// decodeDay decodes DD MM YY into c.
func decodeDay(c *Clock, b []byte, off int) error {
	year, err := digit(b[2], "year", off+2, 0, 99)
	if err != nil {
		return err
	}
	c.Year = 2000 + uint16(year)
	if c.Month, err = digit(b[1], "month", off+1, 1, 12); err != nil {
		return err
	}
	c.Day, err = digit(b[0], "day", off, 1, daysIn(c.Month, c.Year))
	return err
}

// decodeTime decodes ss mm hh (wire order of hhmmss).
func decodeTime(b []byte, off int) (Clock, error) {
	var c Clock
	var err error
	if c.Second, err = digit(b[0], "second", off, 0, 59); err != nil {
		return c, err
	}
	if c.Minute, err = digit(b[1], "minute", off+1, 0, 59); err != nil {
		return c, err
	}
	c.Hour, err = digit(b[2], "hour", off+2, 0, 23)
	return c, err
}

// decodeDateTime decodes ss mm hh DD MM YY (wire order of YYMMDDhhmmss).
func decodeDateTime(b []byte, off int) (Clock, error) {
	c, err := decodeTime(b[:3], off)
	if err != nil {
		return c, err
	}
	err = decodeDay(&c, b[3:6], off+3)
	return c, err
}

func daysIn(month uint8, year uint16) uint8 {
	switch month {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// appendClock appends c in the layout of k with the 0x33 offset, after
// checking it by decoding the bytes again.
func appendClock(dst []byte, c Clock, k Kind) ([]byte, error) {
	if c.Year < 2000 || c.Year > 2099 {
		if k != KindTime {
			return dst, fieldError("year", -1, strconv.Itoa(int(c.Year)), "2000-2099", ErrRange)
		}
	}
	yy := bcd.Byte(uint8(c.Year % 100))
	day := []byte{bcd.Byte(c.Day), bcd.Byte(c.Month), yy}
	tod := []byte{bcd.Byte(c.Second), bcd.Byte(c.Minute), bcd.Byte(c.Hour)}
	var raw []byte
	var err error
	switch k {
	case KindDate:
		raw = append([]byte{bcd.Byte(c.Weekday)}, day...)
		_, err = decodeDate(raw, -1)
	case KindTime:
		raw = tod
		_, err = decodeTime(raw, -1)
	default:
		raw = append(tod, day...)
		_, err = decodeDateTime(raw, -1)
	}
	if err == nil && (c.Month > 99 || c.Day > 99 || c.Hour > 99 || c.Minute > 99 ||
		c.Second > 99 || c.Weekday > 99) {
		err = fieldError("clock", -1, c.String(), "fields below 100", ErrRange)
	}
	if err != nil {
		return dst, err
	}
	return appendData(dst, raw...), nil
}
