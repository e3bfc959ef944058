package shapefile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dbfTable is a parsed .dbf file whose rows are decoded on demand.
type dbfTable struct {
	name    string // file name for errors
	fields  []Field
	offsets []int // byte offset of each field within a row
	rows    [][]byte
	text    textDecoder
	ldid    byte // language driver ID, byte 29 of the header
	date    time.Time
}

// parseDBF reads the header and field descriptors of a dBASE III/IV file
// and slices its rows. Field names are decoded once the code page is known.
func parseDBF(name string, data []byte) (*dbfTable, [][]byte, error) {
	if len(data) < 33 {
		return nil, nil, fmt.Errorf("shapefile: %s: %d bytes is shorter than a dBASE header", name, len(data))
	}
	if data[0]&0x07 == 4 {
		// dBASE 7 uses 48-byte field descriptors, which this reader does not parse.
		return nil, nil, fmt.Errorf("shapefile: %s: dBASE 7 tables (version byte 0x%02x) are not supported: "+
			"save the table as dBASE III or IV", name, data[0])
	}
	count := int(binary.LittleEndian.Uint32(data[4:]))
	headerSize := int(binary.LittleEndian.Uint16(data[8:]))
	rowSize := int(binary.LittleEndian.Uint16(data[10:]))
	if headerSize < 33 || headerSize > len(data) {
		return nil, nil, fmt.Errorf("shapefile: %s: header length %d outside 33..%d", name, headerSize, len(data))
	}
	t := &dbfTable{name: name, ldid: data[29],
		date: time.Date(1900+int(data[1]), time.Month(data[2]), int(data[3]), 0, 0, 0, 0, time.UTC)}
	rawNames, err := t.parseFields(data[32:headerSize], rowSize)
	if err != nil {
		return nil, nil, err
	}

	body := data[headerSize:]
	if rowSize > 0 && count > len(body)/rowSize {
		count = len(body) / rowSize // rows past the end are reported per record
	}
	t.rows = make([][]byte, count)
	for i := range t.rows {
		t.rows[i] = body[i*rowSize : (i+1)*rowSize]
	}
	return t, rawNames, nil
}

// parseFields reads the 32-byte field descriptors up to the 0x0D
// terminator and checks that the fields fit in a row of rowSize bytes.
func (t *dbfTable) parseFields(desc []byte, rowSize int) ([][]byte, error) {
	var rawNames [][]byte
	offset := 1 // the deletion flag comes first
	for len(desc) >= 32 && desc[0] != 0x0D {
		d := desc[:32]
		desc = desc[32:]
		rawName := d[:11]
		if i := bytes.IndexByte(rawName, 0); i >= 0 {
			rawName = rawName[:i]
		}
		f := Field{Type: d[11], Length: int(d[16]), Decimals: int(d[17])}
		if f.Type == 'C' {
			// Character fields may use the decimals byte as the high byte
			// of a length above 255 (Clipper and FoxPro).
			f.Length += 256 * f.Decimals
			f.Decimals = 0
		}
		t.fields = append(t.fields, f)
		t.offsets = append(t.offsets, offset)
		rawNames = append(rawNames, bytes.TrimSpace(rawName))
		offset += f.Length
	}
	if offset > rowSize {
		return nil, fmt.Errorf("shapefile: %s: fields take %d bytes, more than the record length %d", t.name, offset, rowSize)
	}
	return rawNames, nil
}

// setNames decodes the raw field names with the table's code page.
func (t *dbfTable) setNames(rawNames [][]byte) {
	for i, raw := range rawNames {
		t.fields[i].Name = t.text.decode(raw)
	}
}

// row decodes the row of record number (1-based) into attributes.
func (t *dbfTable) row(number int) (map[string]any, bool, error) {
	if number > len(t.rows) {
		return nil, false, &RecordError{File: t.name, Record: number,
			Err: fmt.Errorf("the file has only %d complete records", len(t.rows))}
	}
	raw := t.rows[number-1]
	deleted := raw[0] == '*'
	attrs := make(map[string]any, len(t.fields))
	for i, f := range t.fields {
		cell := raw[t.offsets[i] : t.offsets[i]+f.Length]
		v, err := t.value(f, cell)
		if err != nil {
			return attrs, deleted, &RecordError{File: t.name, Record: number, Field: f.Name, Err: err}
		}
		attrs[f.Name] = v
	}
	return attrs, deleted, nil
}

// value decodes one cell of field f.
func (t *dbfTable) value(f Field, cell []byte) (any, error) {
	switch f.Type {
	case 'C':
		return t.text.decode(bytes.TrimRight(cell, " \x00")), nil
	case 'N', 'F':
		return parseNumber(f, cell)
	case 'L':
		return parseLogical(cell)
	case 'D':
		return parseDate(cell)
	default:
		return t.text.decode(bytes.TrimSpace(bytes.TrimRight(cell, "\x00"))), nil
	}
}

// parseNumber parses an 'N' or 'F' cell. Blank cells and cells of '*'
// (dBASE's overflow marker) are nil.
func parseNumber(f Field, cell []byte) (any, error) {
	s := strings.TrimSpace(strings.TrimRight(string(cell), "\x00"))
	if s == "" || strings.Trim(s, "*") == "" {
		return nil, nil
	}
	if f.Decimals == 0 && !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i, nil
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("number %q is invalid", s)
	}
	return v, nil
}

// parseLogical parses an 'L' cell: T, t, Y, y are true, F, f, N, n false,
// and '?' or blank nil.
func parseLogical(cell []byte) (any, error) {
	s := strings.TrimSpace(strings.TrimRight(string(cell), "\x00"))
	switch s {
	case "", "?":
		return nil, nil
	case "T", "t", "Y", "y":
		return true, nil
	case "F", "f", "N", "n":
		return false, nil
	}
	return nil, fmt.Errorf("logical value %q is invalid: want T, F, Y, N or ?", s)
}

// parseDate parses a 'D' cell in the form YYYYMMDD. Blank cells and
// 00000000 are nil.
func parseDate(cell []byte) (any, error) {
	s := strings.TrimSpace(strings.TrimRight(string(cell), "\x00"))
	if s == "" || s == "00000000" {
		return nil, nil
	}
	d, err := time.Parse("20060102", s)
	if err != nil {
		return nil, fmt.Errorf("date %q is invalid: want YYYYMMDD", s)
	}
	return d, nil
}
