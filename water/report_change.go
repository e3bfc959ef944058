package water

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water/metering"
)

// ChangeStatus is the state of a [Change]: defined, or the reason it has no value. The
// zero value is ChangeNoBase, so a Change left unset reads as undefined, never as 0%.
type ChangeStatus uint8

// The change statuses. Only ChangeDefined carries a percentage: a base of 0 m³ would
// give an infinite one, and a missing base or current value would make 0% or −100%
// out of a meter that did not report.
const (
	ChangeNoBase    ChangeStatus = iota // no rollup in the base days, or no such day (29 February)
	ChangeZeroBase                      // the base days drew 0 m³
	ChangeNoCurrent                     // no rollup in the row's own days
	ChangeDefined                       // both sides reported and the base is above 0 m³
)

var changeStatusNames = []string{"no-base", "zero-base", "no-current", "defined"}

// ParseChangeStatus parses a status name such as "zero-base", ignoring case.
func ParseChangeStatus(s string) (ChangeStatus, error) {
	return parseEnum[ChangeStatus]("change status", changeStatusNames, s)
}

// String returns the status name, such as "no-base".
func (s ChangeStatus) String() string { return enumName("ChangeStatus", changeStatusNames, s) }

// MarshalText encodes the status name.
func (s ChangeStatus) MarshalText() ([]byte, error) {
	return marshalEnum("change status", changeStatusNames, s)
}

// UnmarshalText decodes a status name.
func (s *ChangeStatus) UnmarshalText(text []byte) (err error) {
	*s, err = ParseChangeStatus(string(text))
	return err
}

// PercentPlaces is the number of decimal places [Change.Percent] is rounded to.
const PercentPlaces = 2

// Change compares a row's volume with the volume of its base days: the same days a
// year earlier for [ReportRow.YoY], or of the preceding period for [ReportRow.MoM].
type Change struct {
	// Status is ChangeDefined when Percent is set, or the reason it is not.
	Status ChangeStatus
	// BasePeriod is the days compared with, both included. The zero Period means the
	// base day does not exist, as 29 February has none in the year before.
	BasePeriod land.Period
	// Base is the water drawn in BasePeriod in m³, and BaseRecords the number of
	// well-day rollups behind it.
	Base        decimal.Decimal
	BaseRecords int
	// Delta is the row's volume minus Base in m³. It is set when Status is
	// ChangeDefined or ChangeZeroBase, and 0 otherwise.
	Delta decimal.Decimal
	// Percent is Delta / Base × 100, rounded half away from zero to [PercentPlaces]
	// places. It is set only when Status is ChangeDefined.
	Percent decimal.Decimal
}

// Value returns Percent and whether it is defined.
func (c Change) Value() (decimal.Decimal, bool) {
	return c.Percent, c.Status == ChangeDefined
}

// String returns the percentage with its sign, such as "+4.17%" or "-12.00%", or
// "n/a" with the status, such as "n/a (zero-base)".
func (c Change) String() string {
	if c.Status != ChangeDefined {
		return "n/a (" + c.Status.String() + ")"
	}
	sign := ""
	if !c.Percent.IsNegative() {
		sign = "+"
	}
	return sign + c.Percent.StringFixed(PercentPlaces) + "%"
}

// tally is the water and the number of well-day rollups over a run of days, with the
// water in units of 10^-[VolumePlaces] m³.
type tally struct {
	volume  int64
	records int
}

// compare returns the change from base to current; hasBase is false when the base days
// do not exist.
func compare(current, base tally, basePeriod land.Period, hasBase bool) Change {
	c := Change{BasePeriod: basePeriod, Base: volumeDecimal(base.volume), BaseRecords: base.records}
	switch {
	case !hasBase || base.records == 0:
		c.Status = ChangeNoBase
	case current.records == 0:
		c.Status = ChangeNoCurrent
	case base.volume == 0:
		c.Status = ChangeZeroBase
		c.Delta = volumeDecimal(current.volume)
	default:
		c.Status = ChangeDefined
		delta := decimal.NewFromInt(current.volume - base.volume)
		c.Delta = volumeDecimal(current.volume - base.volume)
		c.Percent = delta.Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(base.volume), PercentPlaces)
	}
	return c
}

// dayOf returns the metering day of a calendar date.
func dayOf(d land.Date) metering.Day { return metering.DayOf(d.Year, d.Month, d.Day) }

// dateOf returns the calendar date of a metering day.
func dateOf(d metering.Day) land.Date {
	y, m, day := d.Date()
	return land.Date{Year: y, Month: m, Day: day}
}

// daysIn returns the number of days of a month.
func daysIn(year int, month time.Month) int {
	return int(metering.DayOf(year, month+1, 1) - metering.DayOf(year, month, 1))
}

// calendarPeriod returns the day, month or year that contains d.
func calendarPeriod(g Granularity, d land.Date) land.Period {
	switch g {
	case Monthly:
		return land.Period{
			Start: land.Date{Year: d.Year, Month: d.Month, Day: 1},
			End:   land.Date{Year: d.Year, Month: d.Month, Day: daysIn(d.Year, d.Month)},
		}
	case Yearly:
		return land.Period{
			Start: land.Date{Year: d.Year, Month: time.January, Day: 1},
			End:   land.Date{Year: d.Year, Month: time.December, Day: 31},
		}
	}
	return land.Period{Start: d, End: d}
}

// comparison names the base of a change.
type comparison uint8

const (
	yearOnYear comparison = iota
	previousPeriod
)

// baseDays returns the days that the days covered of the calendar period p compare
// with, and false when they do not exist. An end of covered that is the end of p maps to
// the end of the base period, so that a whole month compares with the whole base month.
// Other days map to the same day of the month in the base period, cut to its last day,
// so that 1–30 March compares with 1–29 February in a leap year.
func baseDays(g Granularity, cmp comparison, p, covered land.Period) (land.Period, bool) {
	if g == Daily {
		return baseDay(cmp, covered.Start)
	}
	months := -12
	if g == Monthly && cmp == previousPeriod {
		months = -1
	}
	bp := calendarPeriod(g, shiftMonths(p.Start, months))
	start, end := bp.Start, bp.End
	if covered.Start != p.Start {
		start = shiftMonths(covered.Start, months)
	}
	if covered.End != p.End {
		end = shiftMonths(covered.End, months)
	}
	return land.Period{Start: start, End: end}, true
}

// baseDay returns the base of a single day: the same date a year earlier, which 29
// February lacks, or the day before.
func baseDay(cmp comparison, d land.Date) (land.Period, bool) {
	if cmp == previousPeriod {
		prev := dateOf(dayOf(d) - 1)
		return land.Period{Start: prev, End: prev}, true
	}
	prev := land.Date{Year: d.Year - 1, Month: d.Month, Day: d.Day}
	if d.Day > daysIn(prev.Year, prev.Month) {
		return land.Period{}, false
	}
	return land.Period{Start: prev, End: prev}, true
}

// shiftMonths moves d by n months, keeping the day of the month but cutting it to the
// last day of the target month.
func shiftMonths(d land.Date, n int) land.Date {
	m := metering.MonthOf(d.Year, d.Month).Add(n)
	year, month := m.Date()
	return land.Date{Year: year, Month: month, Day: min(d.Day, daysIn(year, month))}
}
