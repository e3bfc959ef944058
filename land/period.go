package land

import (
	"cmp"
	"fmt"
	"time"
)

// Date is a calendar day as written in a contract, without time of day or time zone.
// The zero Date is unset. Dates compare with ==, [Date.Compare], [Date.Before] and [Date.After].
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// dateLayout is the ISO 8601 calendar-date form used by [Date.String] and [ParseDate].
const dateLayout = "2006-01-02"

// NewDate returns the Date for year, month and day, normalising out-of-range values the
// way [time.Date] does (January 32 becomes February 1).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses a date in the form 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("land: invalid date %q, want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// Validate reports an error when d is not a real calendar day, such as 2024-02-30, or
// lies outside the years 1 to 9999 that [Date.String] can write.
func (d Date) Validate() error {
	if !d.valid() {
		return fmt.Errorf("land: invalid date %s, want a calendar day from 0001-01-01 to 9999-12-31", d.digits())
	}
	return nil
}

func (d Date) valid() bool {
	return d.Year >= 1 && d.Year <= 9999 && d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// digits returns the fields of d as they are, without the normalisation of [Date.String],
// so that an error shows 2024-02-30 rather than 2024-03-01.
func (d Date) digits() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// daysIn returns the number of days in the month of the Gregorian calendar.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// String returns d in the form 2006-01-02, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(dateLayout)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	if c := cmp.Compare(d.Year, e.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, e.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, e.Day)
}

// AddDate returns d moved by the given years, months and days, normalised as [time.Time.AddDate]
// does (adding one year to February 29 gives March 1).
func (d Date) AddDate(years, months, days int) Date {
	return DateOf(d.Time().AddDate(years, months, days))
}

// MarshalText encodes d as 2006-01-02, or as empty text for the zero Date.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes a date in the form 2006-01-02; empty text gives the zero Date.
func (d *Date) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// Period is a run of whole days from Start to End, both included, as contracts state their
// terms ("from 1 January 1998 to 31 December 2027").
type Period struct {
	Start Date
	End   Date
}

// Validate reports an error unless Start and End are set and Start is not after End.
func (p Period) Validate() error {
	if p.Start.IsZero() || p.End.IsZero() {
		return fmt.Errorf("land: period %s: start and end are required", p)
	}
	if !p.Start.valid() {
		return fmt.Errorf("land: invalid period start %s, want a calendar day from 0001-01-01 to 9999-12-31", p.Start.digits())
	}
	if !p.End.valid() {
		return fmt.Errorf("land: invalid period end %s, want a calendar day from 0001-01-01 to 9999-12-31", p.End.digits())
	}
	if p.Start.After(p.End) {
		return fmt.Errorf("land: period %s: start is after end", p)
	}
	return nil
}

// String returns the period as start/end in ISO 8601 interval notation.
func (p Period) String() string { return p.Start.String() + "/" + p.End.String() }

// Contains reports whether day d lies within p.
func (p Period) Contains(d Date) bool { return !d.Before(p.Start) && !d.After(p.End) }

// Covers reports whether every day of q lies within p.
func (p Period) Covers(q Period) bool { return p.Contains(q.Start) && p.Contains(q.End) }

// Overlap returns the days that p and q share and whether they share any.
func (p Period) Overlap(q Period) (Period, bool) {
	o := Period{Start: later(p.Start, q.Start), End: earlier(p.End, q.End)}
	if o.Start.After(o.End) {
		return Period{}, false
	}
	return o, true
}

// Days returns the number of days in p, counting both ends, or 0 when Start is after End.
func (p Period) Days() int {
	if p.Start.After(p.End) {
		return 0
	}
	return int(p.End.Time().Sub(p.Start.Time()).Hours()/24) + 1
}

func later(a, b Date) Date {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b Date) Date {
	if a.Before(b) {
		return a
	}
	return b
}
