package metering

import (
	"encoding/binary"
	"fmt"
	"math"
)

// CSVParser decodes lines of "meter,time,value" into readings without allocating.
// The meter is a decimal dense meter id (see [Registry]) and the time is decimal Unix
// seconds. The value is a decimal number with at most Scale digits after an optional
// point, such as 1234.5 for 123450 at Scale 2. Lines end in "\n" or "\r\n", and
// fields are not quoted. Blank lines, empty or a lone "\r", are skipped and counted in
// [CSVParser.BlankLines]; a line of spaces is malformed.
// This is the format of meter exports such as "well_id,unix_ts,kwh_total". The zero
// value reads integer values and no header. A CSVParser is not safe for concurrent use.
type CSVParser struct {
	// Scale is the number of decimal places values are scaled to, 0 to 17.
	Scale int
	// Header makes the parser skip the first line of its input.
	Header bool
	// line counts the lines consumed, for errors.
	line int
	// blank counts the blank lines skipped.
	blank int
}

// BlankLines returns the number of blank lines that Parse has skipped.
func (p *CSVParser) BlankLines() int { return p.blank }

// CSVError reports a malformed line.
type CSVError struct {
	Line   int    // 1-based line number, counting lines across calls to Parse
	Column int    // 1-based byte offset in the line
	Text   string // the line, cut to 80 bytes
	Reason string
}

// Error returns the line and column, the reason and the quoted line text.
func (e *CSVError) Error() string {
	return fmt.Sprintf("metering: csv line %d column %d: %s in %q", e.Line, e.Column, e.Reason, e.Text)
}

// Parse appends the readings of the complete lines at the start of data to dst and
// returns them with the number of bytes consumed. A last line without a newline is
// parsed only when final is true. Otherwise it is left for the next call, which
// should start with it. On a malformed line Parse returns the readings before it, the
// bytes up to its start and a *[CSVError].
func (p *CSVParser) Parse(dst []Reading, data []byte, final bool) ([]Reading, int, error) {
	if p.Scale < 0 || p.Scale > 17 {
		return dst, 0, fmt.Errorf("metering: csv: invalid scale %d, want 0 to 17", p.Scale)
	}
	pos := 0
	if p.Header && p.line == 0 {
		end := lineEnd(data, 0, final)
		if end < 0 {
			return dst, 0, nil
		}
		pos = end
		p.line++
	}
	for pos < len(data) {
		if end, ok := blankLine(data, pos, final); ok {
			if end < 0 {
				return dst, pos, nil // an incomplete last line
			}
			p.line++
			p.blank++
			pos = end
			continue
		}
		r, next, col, reason := p.parseLine(data, pos)
		if next < 0 && !final {
			return dst, pos, nil // an incomplete last line
		}
		if reason != "" {
			return dst, pos, p.lineError(data, pos, col, reason)
		}
		dst = append(dst, r)
		p.line++
		pos = next
		if next < 0 {
			pos = len(data)
		}
	}
	return dst, pos, nil
}

// blankLine reports whether the line at pos is blank: empty or a lone "\r". It returns
// the offset after the line, or -1 when a "\r" ends data that is not final.
func blankLine(data []byte, pos int, final bool) (int, bool) {
	switch {
	case data[pos] == '\n':
		return pos + 1, true
	case data[pos] != '\r':
		return 0, false
	case pos+1 < len(data) && data[pos+1] == '\n':
		return pos + 2, true
	case pos+1 < len(data):
		return 0, false
	case final:
		return pos + 1, true
	}
	return -1, true
}

// lineEnd returns the offset after the newline ending the line at pos, len(data) for
// a final line without one, or -1.
func lineEnd(data []byte, pos int, final bool) int {
	for i := pos; i < len(data); i++ {
		if data[i] == '\n' {
			return i + 1
		}
	}
	if final {
		return len(data)
	}
	return -1
}

// parseLine parses the line at pos and returns the reading and the offset of the next
// line, or the column and reason of an error. next is -1 when data ends before the
// line's newline. The digit loops are written out, because this is the hot path of
// loading a file.
func (p *CSVParser) parseLine(data []byte, pos int) (r Reading, next, col int, reason string) {
	i := pos
	var id uint64
	for ; i < len(data); i++ {
		c := data[i] - '0'
		if c > 9 {
			break
		}
		id = id*10 + uint64(c)
	}
	if n := i - pos; n == 0 || n > 10 || id > math.MaxUint32 {
		return p.fail(data, pos, i, "invalid meter id")
	}
	if i >= len(data) || data[i] != ',' {
		return p.fail(data, pos, i, "missing comma after meter id")
	}
	i++
	start := i
	var t uint64
	if i+10 < len(data) && data[i+10] == ',' {
		// Unix times from 2001 to 2286 have ten digits: parse eight at once.
		if eight, ok := eightDigits(binary.LittleEndian.Uint64(data[i:])); ok {
			c8, c9 := data[i+8]-'0', data[i+9]-'0'
			if c8 <= 9 && c9 <= 9 {
				t = eight*100 + uint64(c8)*10 + uint64(c9)
				i += 10
			}
		}
	}
	for ; i < len(data); i++ {
		c := data[i] - '0'
		if c > 9 {
			break
		}
		t = t*10 + uint64(c)
	}
	if n := i - start; n == 0 || n > 18 {
		return p.fail(data, pos, i, "invalid time")
	}
	if i >= len(data) || data[i] != ',' {
		return p.fail(data, pos, i, "missing comma after time")
	}
	v, i, reason := p.value(data, i+1)
	if reason != "" {
		return p.fail(data, pos, i, reason)
	}
	if i < len(data) && data[i] == '\r' {
		i++
	}
	r = Reading{Meter: uint32(id), Time: int64(t), Value: v}
	switch {
	case i >= len(data):
		return r, -1, 0, ""
	case data[i] != '\n':
		return p.fail(data, pos, i, "unexpected byte after value")
	}
	return r, i + 1, 0, ""
}

// fail returns the error result of parseLine for a problem at offset i of the line at
// pos, marking the line incomplete when i is at the end of data.
func (p *CSVParser) fail(data []byte, pos, i int, reason string) (Reading, int, int, string) {
	if i >= len(data) {
		return Reading{}, -1, i - pos + 1, reason
	}
	return Reading{}, 0, i - pos + 1, reason
}

// value reads an optionally signed decimal and scales it to p.Scale places.
func (p *CSVParser) value(data []byte, i int) (int64, int, string) {
	neg := i < len(data) && data[i] == '-'
	if neg {
		i++
	}
	start := i
	var whole uint64
	for ; i < len(data); i++ {
		c := data[i] - '0'
		if c > 9 {
			break
		}
		whole = whole*10 + uint64(c)
	}
	if n := i - start; n == 0 || n > 18-p.Scale {
		return 0, i, "invalid value"
	}
	var frac uint64
	places := 0
	if i < len(data) && data[i] == '.' {
		i++
		start = i
		for ; i < len(data); i++ {
			c := data[i] - '0'
			if c > 9 {
				break
			}
			frac = frac*10 + uint64(c)
		}
		places = i - start
		if places == 0 || places > p.Scale {
			return 0, i, "value with too many or no decimal places"
		}
	}
	v := int64(whole*pow10[p.Scale] + frac*pow10[p.Scale-places])
	if neg {
		v = -v
	}
	return v, i, ""
}

// eightDigits returns the number that eight ASCII digits, loaded little endian so
// that the first digit is the lowest byte, spell, and false when a byte is not a
// digit. It works on all eight bytes at once (SWAR).
func eightDigits(x uint64) (uint64, bool) {
	const ones = 0x0101010101010101
	// Every byte must have high nibble 3, and still have it after adding 6, which
	// pushes the low nibbles 0xa to 0xf over.
	if x&(0xf0*ones)|(x+6*ones)&(0xf0*ones)>>4 != 0x33*ones {
		return 0, false
	}
	x -= '0' * ones
	// Pairs of digits, then fours, then all eight.
	x = x*10 + x>>8
	x = ((x&0x000000ff000000ff)*(100+1000000<<32) + (x>>16&0x000000ff000000ff)*(1+10000<<32)) >> 32
	return x, true
}

var pow10 = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17}

func (p *CSVParser) lineError(data []byte, pos, col int, reason string) error {
	end := lineEnd(data, pos, true)
	text := data[pos:end]
	if len(text) > 80 {
		text = text[:80]
	}
	return &CSVError{Line: p.line + 1, Column: col, Text: string(text), Reason: reason}
}
