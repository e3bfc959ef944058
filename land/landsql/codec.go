package landsql

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"

	"github.com/shuxiang/shuxiang/land"
)

// sqliteTimeLayout is the UTC timestamp form of SQLite columns. Its fixed
// width makes text order time order; microseconds match PostgreSQL.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z"

// dateLayout is the calendar-date form of SQLite date columns.
const dateLayout = "2006-01-02"

// timeArg returns t as the dialect stores timestamps.
func (d Dialect) timeArg(t time.Time) any {
	if d == SQLite {
		return t.UTC().Format(sqliteTimeLayout)
	}
	return t.UTC()
}

// dateArg returns day as the dialect stores dates, or nil for the zero Date.
// The day must have passed checkDate.
func (d Dialect) dateArg(day land.Date) any {
	if day.IsZero() {
		return nil
	}
	if d == SQLite {
		return day.Time().Format(dateLayout)
	}
	return day.Time()
}

// checkDate reports an error unless day is zero or a real calendar day in
// the years 1 to 9999, the days both dialects store and order alike.
func checkDate(field string, day land.Date) error {
	if day.IsZero() {
		return nil
	}
	if day.Year < 1 || day.Year > 9999 || land.NewDate(day.Year, day.Month, day.Day) != day {
		return fmt.Errorf("landsql: invalid %s %04d-%02d-%02d: want a calendar day in the years 1 to 9999",
			field, day.Year, int(day.Month), day.Day)
	}
	return nil
}

func checkPeriod(field string, p land.Period) error {
	if err := checkDate(field+" start", p.Start); err != nil {
		return err
	}
	return checkDate(field+" end", p.End)
}

// decimalArg returns d as text with as many fraction digits as its scale, so
// that 1.50 is stored as 1.50, which decimal.Decimal.String would shorten.
//
// NOTE: a positive exponent, as in decimal.New(15, 2), is written out as the
// integer 1500 and comes back with exponent 0: the same value, another form.
func decimalArg(d decimal.Decimal) string {
	if exp := d.Exponent(); exp < 0 {
		return d.StringFixed(-exp)
	}
	return d.String()
}

// timeScanner scans a timestamp column into a UTC time.
type timeScanner struct{ t *time.Time }

func (s timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*s.t = v.UTC()
		return nil
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	}
	return fmt.Errorf("landsql: scan timestamp: unsupported value %T", src)
}

func (s timeScanner) parse(text string) error {
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return fmt.Errorf("landsql: invalid stored timestamp %q: %w", text, err)
	}
	*s.t = t.UTC()
	return nil
}

// dateScanner scans a date column into a land.Date; NULL gives the zero Date.
type dateScanner struct{ d *land.Date }

func (s dateScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.d = land.Date{}
		return nil
	case time.Time:
		*s.d = land.DateOf(v.UTC())
		return nil
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	}
	return fmt.Errorf("landsql: scan date: unsupported value %T", src)
}

func (s dateScanner) parse(text string) error {
	d, err := land.ParseDate(text)
	if err != nil {
		return fmt.Errorf("landsql: invalid stored date: %w", err)
	}
	*s.d = d
	return nil
}

// decimalScanner scans a decimal column stored as text or NUMERIC. It accepts
// only text, never a float, so that no digit is lost. The text "0" gives the
// zero decimal.Decimal, which is how a record without the quantity holds it.
type decimalScanner struct{ d *decimal.Decimal }

func (s decimalScanner) Scan(src any) error {
	var text string
	switch v := src.(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return fmt.Errorf("landsql: scan decimal: unsupported value %T, want text", src)
	}
	if text == "0" {
		*s.d = decimal.Decimal{}
		return nil
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return fmt.Errorf("landsql: invalid stored decimal %q: %w", text, err)
	}
	*s.d = d
	return nil
}

// bbox is the bounding box of a plot geometry in degrees; each field is nil
// for a plot without one.
type bbox struct {
	minLon, minLat, maxLon, maxLat any
}

// encodeGeometry returns g as little-endian EWKB, which is WKB with the SRID
// added when g has one, and its bounding box. A nil g gives a nil blob.
func encodeGeometry(g geom.T) ([]byte, bbox, error) {
	if isNilGeometry(g) {
		return nil, bbox{}, nil
	}
	blob, err := ewkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, bbox{}, fmt.Errorf("landsql: encode geometry: %w", err)
	}
	b := g.Bounds()
	if b.IsEmpty() {
		return blob, bbox{}, nil
	}
	return blob, bbox{minLon: b.Min(0), minLat: b.Min(1), maxLon: b.Max(0), maxLat: b.Max(1)}, nil
}

func isNilGeometry(g geom.T) bool {
	switch g := g.(type) {
	case nil:
		return true
	case *geom.Polygon:
		return g == nil
	case *geom.MultiPolygon:
		return g == nil
	}
	return false
}

// decodeGeometry decodes a stored EWKB blob; an empty blob gives nil.
func decodeGeometry(blob []byte) (geom.T, error) {
	if len(blob) == 0 {
		return nil, nil
	}
	g, err := ewkb.Unmarshal(blob)
	if err != nil {
		return nil, fmt.Errorf("landsql: decode stored geometry: %w", err)
	}
	switch g.(type) {
	case *geom.Polygon, *geom.MultiPolygon:
		return g, nil
	}
	return nil, fmt.Errorf("landsql: stored geometry is %T, want Polygon or MultiPolygon", g)
}
