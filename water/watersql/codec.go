package watersql

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
)

// sqliteTime is the layout of SQLite timestamp columns: UTC with a fixed width, so that
// text order is time order, and microseconds as PostgreSQL keeps.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

// timeArg returns t as the dialect stores a timestamp, or nil for the zero Time. Stores
// keep times as water.StoreTime returns them.
func (d Dialect) timeArg(t time.Time) any {
	switch {
	case t.IsZero():
		return nil
	case d == SQLite:
		return t.UTC().Format(sqliteTime)
	}
	return t.UTC()
}

// dateArg returns day as the dialect stores a date, or nil for the zero Date.
func (d Dialect) dateArg(day land.Date) any {
	switch {
	case day.IsZero():
		return nil
	case d == SQLite:
		return day.String()
	}
	return day.Time()
}

// decimalText returns d with every fraction digit its exponent gives, so that 4.50 is
// stored as 4.50, which decimal.Decimal.String would shorten to 4.5. A positive exponent
// is written out as an integer, which reads back as the same value with exponent 0.
func decimalText(d decimal.Decimal) string {
	if exp := d.Exponent(); exp < 0 {
		return d.StringFixed(-exp)
	}
	return d.String()
}

// parseDecimal parses stored decimal text. "0" gives the zero decimal.Decimal, which is
// how records hold a quantity they do not have.
func parseDecimal(text string) (decimal.Decimal, error) {
	if text == "0" {
		return decimal.Decimal{}, nil
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("watersql: invalid stored decimal %q: %w", text, err)
	}
	return d, nil
}

// timeValue scans a timestamp column into a UTC time; NULL gives the zero Time.
type timeValue struct{ t *time.Time }

func (v timeValue) Scan(src any) error {
	switch src := src.(type) {
	case nil:
		*v.t = time.Time{}
	case time.Time:
		*v.t = src.UTC()
	case string:
		return v.parse(src)
	case []byte:
		return v.parse(string(src))
	default:
		return fmt.Errorf("watersql: scan timestamp: unsupported value %T", src)
	}
	return nil
}

func (v timeValue) parse(text string) error {
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return fmt.Errorf("watersql: invalid stored timestamp %q: %w", text, err)
	}
	*v.t = t.UTC()
	return nil
}

// dateValue scans a date column into a land.Date; NULL gives the zero Date.
type dateValue struct{ d *land.Date }

func (v dateValue) Scan(src any) error {
	switch src := src.(type) {
	case nil:
		*v.d = land.Date{}
	case time.Time:
		*v.d = land.DateOf(src.UTC())
	case string:
		return v.parse(src)
	case []byte:
		return v.parse(string(src))
	default:
		return fmt.Errorf("watersql: scan date: unsupported value %T", src)
	}
	return nil
}

func (v dateValue) parse(text string) error {
	d, err := land.ParseDate(text)
	if err != nil {
		return fmt.Errorf("watersql: invalid stored date: %w", err)
	}
	*v.d = d
	return nil
}

// decimalValue scans a decimal column of text or NUMERIC. It takes text only, never a
// float, so that no digit is lost.
type decimalValue struct{ d *decimal.Decimal }

func (v decimalValue) Scan(src any) error {
	var text string
	switch src := src.(type) {
	case string:
		text = src
	case []byte:
		text = string(src)
	default:
		return fmt.Errorf("watersql: scan decimal: unsupported value %T, want text", src)
	}
	d, err := parseDecimal(text)
	if err != nil {
		return err
	}
	*v.d = d
	return nil
}

// textValue scans a text column into any string type.
type textValue[S ~string] struct{ s *S }

func (v textValue[S]) Scan(src any) error {
	switch src := src.(type) {
	case string:
		*v.s = S(src)
	case []byte:
		*v.s = S(src)
	default:
		return fmt.Errorf("watersql: scan text: unsupported value %T", src)
	}
	return nil
}

// enumValue scans an integer column into an enumeration of package water.
type enumValue[E ~uint8] struct{ e *E }

func (v enumValue[E]) Scan(src any) error {
	n, ok := src.(int64)
	if !ok || n < 0 || n > 255 {
		return fmt.Errorf("watersql: scan enumeration: invalid value %v", src)
	}
	*v.e = E(n)
	return nil
}

// jsonArg returns v as JSON text.
func jsonArg(v any) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("watersql: encode JSON: %w", err)
	}
	return string(data), nil
}
