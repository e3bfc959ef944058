package metering

import (
	"fmt"
	"time"
)

// Day is a calendar day counted from 1970-01-01 (day 0) in the proleptic Gregorian
// calendar. A [Shard] numbers days in its [Zone], so with a UTC zone the Day of Unix time
// t is t/86400 for t ≥ 0.
type Day int32

// DayOf returns the Day of a calendar date. Months and days out of range are normalized
// as time.Date does.
func DayOf(year int, month time.Month, day int) Day {
	return Day(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Date returns the calendar date of d.
func (d Day) Date() (year int, month time.Month, day int) {
	// Civil-from-days conversion over 400-year eras of 146,097 days, with years that
	// start on 1 March so that the leap day ends the year.
	z := int64(d) + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), int(dd)
}

// String returns d as YYYY-MM-DD.
func (d Day) String() string {
	y, m, dd := d.Date()
	return fmt.Sprintf("%04d-%02d-%02d", y, int(m), dd)
}

// Month is a calendar month counted as year × 12 + (month − 1).
type Month int32

// MonthOf returns the Month of a year and month.
func MonthOf(year int, month time.Month) Month {
	return Month(year*12 + int(month) - 1)
}

// Month returns the month d falls in.
func (d Day) Month() Month {
	y, m, _ := d.Date()
	return MonthOf(y, m)
}

// Date returns the year and month of m.
func (m Month) Date() (year int, month time.Month) {
	return int(floorDiv(int64(m), 12)), time.Month(int64(m) - floorDiv(int64(m), 12)*12 + 1)
}

// String returns m as YYYY-MM.
func (m Month) String() string {
	y, mm := m.Date()
	return fmt.Sprintf("%04d-%02d", y, int(mm))
}

// Add returns the month n months after m.
func (m Month) Add(n int) Month { return m + Month(n) }
