package sqlstore

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
)

// SQLiteTimeLayout is the form of timestamps in SQLite columns: UTC with a
// fixed width, so that text order is time order, and microseconds, the
// precision PostgreSQL keeps.
const SQLiteTimeLayout = "2006-01-02T15:04:05.000000Z"

// TimeArg returns t as the dialect stores a timestamp: text in
// [SQLiteTimeLayout] on SQLite, a UTC time.Time on PostgreSQL, and nil for
// the zero Time. The caller truncates t to the precision it keeps.
func (d Dialect) TimeArg(t time.Time) any {
	switch {
	case t.IsZero():
		return nil
	case d == SQLite:
		return t.UTC().Format(SQLiteTimeLayout)
	}
	return t.UTC()
}

// DateArg returns day as the dialect stores a date: text of the form
// 2006-01-02 on SQLite, midnight UTC on PostgreSQL, and nil for the zero
// Date.
func (d Dialect) DateArg(day land.Date) any {
	switch {
	case day.IsZero():
		return nil
	case d == SQLite:
		return day.String()
	}
	return day.Time()
}

// DecimalText returns d with as many fraction digits as its exponent gives,
// so that 4.50 is stored as 4.50, which decimal.Decimal.String would shorten
// to 4.5.
//
// NOTE: a positive exponent, as in decimal.New(15, 2), is written out as the
// integer 1500, which reads back as the same value with exponent 0.
func DecimalText(d decimal.Decimal) string {
	if exp := d.Exponent(); exp < 0 {
		return d.StringFixed(-exp)
	}
	return d.String()
}

// ParseDecimal parses stored decimal text. The text "0" gives the zero
// decimal.Decimal, which is how records hold a quantity they do not have.
func ParseDecimal(text string) (decimal.Decimal, error) {
	if text == "0" {
		return decimal.Decimal{}, nil
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("invalid stored decimal %q: %w", text, err)
	}
	return d, nil
}

// TimeScanner scans a timestamp column, a time.Time or RFC 3339 text, into
// a UTC time at T. NULL gives the zero Time.
type TimeScanner struct{ T *time.Time }

// Scan implements sql.Scanner.
func (s TimeScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.T = time.Time{}
	case time.Time:
		*s.T = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("scan timestamp: unsupported value %T", src)
	}
	return nil
}

func (s TimeScanner) parse(text string) error {
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return fmt.Errorf("invalid stored timestamp %q: %w", text, err)
	}
	*s.T = t.UTC()
	return nil
}

// DateScanner scans a date column, a time.Time or 2006-01-02 text, into a
// land.Date at D. NULL gives the zero Date.
type DateScanner struct{ D *land.Date }

// Scan implements sql.Scanner.
func (s DateScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.D = land.Date{}
	case time.Time:
		*s.D = land.DateOf(v.UTC())
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("scan date: unsupported value %T", src)
	}
	return nil
}

func (s DateScanner) parse(text string) error {
	d, err := land.ParseDate(text)
	if err != nil {
		return fmt.Errorf("invalid stored date: %w", err)
	}
	*s.D = d
	return nil
}

// DecimalScanner scans a decimal column of text (SQLite) or NUMERIC
// (PostgreSQL) into D through [ParseDecimal]. It accepts text only, never a
// float, so that no digit is lost.
type DecimalScanner struct{ D *decimal.Decimal }

// Scan implements sql.Scanner.
func (s DecimalScanner) Scan(src any) error {
	var text string
	switch v := src.(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return fmt.Errorf("scan decimal: unsupported value %T, want text", src)
	}
	d, err := ParseDecimal(text)
	if err != nil {
		return err
	}
	*s.D = d
	return nil
}
