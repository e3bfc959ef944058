package cjt188

import (
	"strconv"

	"github.com/shuxiang/shuxiang/iot/internal/bcd"
)

// decodeClock decodes ss mm hh DD MM YY YY (year low byte first), the wire
// order of YYYYMMDDhhmmss. All 0xFF or all 0x00 bytes mean the meter sent no
// time.
func decodeClock(b []byte, off int) (Clock, bool, error) {
	if allBytes(b, 0xFF) || allBytes(b, 0x00) {
		return Clock{}, true, nil
	}
	var c Clock
	var err error
	if c.Second, err = digit(b[0], "second", off, 0, 59); err != nil {
		return c, false, err
	}
	if c.Minute, err = digit(b[1], "minute", off+1, 0, 59); err != nil {
		return c, false, err
	}
	if c.Hour, err = digit(b[2], "hour", off+2, 0, 23); err != nil {
		return c, false, err
	}
	low, err := digit(b[5], "year", off+5, 0, 99)
	if err != nil {
		return c, false, err
	}
	high, err := digit(b[6], "year", off+6, 20, 20)
	if err != nil {
		return c, false, err
	}
	c.Year = uint16(high)*100 + uint16(low)
	if c.Month, err = digit(b[4], "month", off+4, 1, 12); err != nil {
		return c, false, err
	}
	c.Day, err = digit(b[3], "day", off+3, 1, daysIn(c.Month, c.Year))
	return c, false, err
}

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

// appendClock appends c in wire order, or 0xFF bytes when absent, after
// checking it by decoding the bytes again.
func appendClock(dst []byte, c Clock, absent bool) ([]byte, error) {
	if absent {
		return append(dst, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), nil
	}
	if c.Year < 2000 || c.Year > 2099 || c.Month > 99 || c.Day > 99 || c.Hour > 99 ||
		c.Minute > 99 || c.Second > 99 {
		return dst, fieldError("time", -1, c.String(), "a time in 2000-2099", ErrRange)
	}
	b := [7]byte{bcd.Byte(c.Second), bcd.Byte(c.Minute), bcd.Byte(c.Hour), bcd.Byte(c.Day),
		bcd.Byte(c.Month), bcd.Byte(uint8(c.Year % 100)), bcd.Byte(uint8(c.Year / 100))}
	if _, absent, err := decodeClock(b[:], -1); err != nil || absent {
		if err == nil {
			err = fieldError("time", -1, c.String(), "a valid date", ErrRange)
		}
		return dst, err
	}
	return append(dst, b[:]...), nil
}
