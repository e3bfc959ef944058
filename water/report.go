package water

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
)

// Level is the kind of group a report row adds water up over. The zero value is
// LevelUnknown, which a [ReportQuery] rejects.
type Level uint8

// The report levels.
const (
	LevelUnknown  Level = iota
	LevelWell           // one well or intake
	LevelVillage        // a village, 12-digit division code
	LevelTownship       // a township, 9-digit division code
	LevelDistrict       // an irrigation district (灌区), [DistrictCode]
	LevelCounty         // a county, 6-digit division code
)

var levelNames = []string{"unknown", "well", "village", "township", "district", "county"}

// numLevels is the number of levels, LevelUnknown included.
const numLevels = int(LevelCounty) + 1

// ParseLevel parses a level name such as "township", ignoring case.
func ParseLevel(s string) (Level, error) { return parseEnum[Level]("level", levelNames, s) }

// String returns the level name, such as "district".
func (l Level) String() string { return enumName("Level", levelNames, l) }

// MarshalText encodes the level name.
func (l Level) MarshalText() ([]byte, error) { return marshalEnum("level", levelNames, l) }

// UnmarshalText decodes a level name.
func (l *Level) UnmarshalText(text []byte) (err error) {
	*l, err = ParseLevel(string(text))
	return err
}

// Granularity is the length of the periods of a report's rows. The zero value is
// GranularityUnknown, which a [ReportQuery] rejects.
type Granularity uint8

// The granularities. Periods are calendar days, months and years of the report's zone.
const (
	GranularityUnknown Granularity = iota
	Daily
	Monthly
	Yearly
)

var granularityNames = []string{"unknown", "day", "month", "year"}

// ParseGranularity parses "day", "month" or "year", ignoring case.
func ParseGranularity(s string) (Granularity, error) {
	return parseEnum[Granularity]("granularity", granularityNames, s)
}

// String returns "day", "month" or "year".
func (g Granularity) String() string { return enumName("Granularity", granularityNames, g) }

// MarshalText encodes the granularity name.
func (g Granularity) MarshalText() ([]byte, error) {
	return marshalEnum("granularity", granularityNames, g)
}

// UnmarshalText decodes a granularity name.
func (g *Granularity) UnmarshalText(text []byte) (err error) {
	*g, err = ParseGranularity(string(text))
	return err
}

// ReportQuery selects the rows of a [Report]: groups of one level, optionally split by
// source and use, over the days From to Through in periods of one granularity.
type ReportQuery struct {
	// Level is the kind of group each row adds up.
	Level Level
	// Code selects one group of Level: a well code, a village, township or county
	// division code, or a district code. Empty means every group of Level that the
	// register has, in code order.
	Code string
	// Within keeps the groups that lie in this division ([land.DivisionCode.Contains]),
	// such as the villages of a township when Code is empty. Empty keeps all. It cannot
	// be combined with LevelDistrict, because irrigation districts cross divisions.
	Within land.DivisionCode
	// Source keeps water of this source only. The zero value keeps every source.
	Source Source
	// Use keeps water of this use only. The zero value keeps every use.
	Use Use
	// BySource and ByUse split each group's rows by source and by use, one row per
	// source or use that a well of the group has.
	BySource, ByUse bool
	// Granularity is the length of each row's period.
	Granularity Granularity
	// From and Through are the first and last day reported, both included. A period
	// that Through cuts short is reported to date and compared with the same days of
	// its base periods.
	From, Through land.Date
}

// Validate returns the *[FieldError] values of q joined, or nil when q is valid.
func (q *ReportQuery) Validate() error {
	c := checker{typ: "report query"}
	if !validEnum(levelNames, q.Level, true) {
		c.fail("Level", q.Level, "want well, village, township, district or county")
	}
	if q.Within != "" {
		c.check("Within", q.Within.Validate())
		if q.Level == LevelDistrict {
			c.fail("Within", q.Within, "want no division with the district level")
		}
	}
	if !validEnum(sourceNames, q.Source, false) {
		c.fail("Source", q.Source, "want a known source or 0 for all")
	}
	if !validEnum(useNames, q.Use, false) {
		c.fail("Use", q.Use, "want a known use or 0 for all")
	}
	if !validEnum(granularityNames, q.Granularity, true) {
		c.fail("Granularity", q.Granularity, "want day, month or year")
	}
	checkReportDay(&c, "From", q.From)
	checkReportDay(&c, "Through", q.Through)
	if q.Through.Before(q.From) {
		c.fail("Through", q.Through, "want a day on or after From %s", q.From)
	}
	return c.err()
}

// checkReportDay requires a calendar day from year 1900 to 9999.
func checkReportDay(c *checker, field string, d land.Date) {
	if d.IsZero() || d.Year < 1900 || d.Year > 9999 || dateOf(dayOf(d)) != d {
		c.fail(field, d, "want a calendar day from year 1900 to 9999")
	}
}

// Report is the outcome of [ReportIndex.Report].
type Report struct {
	// Zone is the name of the zone whose calendar days the report counts, such as
	// "Asia/Shanghai".
	Zone string
	// Query is the query that selected the rows.
	Query ReportQuery
	// Rows are ordered by group code, then source and use, then period.
	Rows []ReportRow
}

// ReportRow is the water one group drew over one period, with its changes against the
// same period a year earlier and the period before.
type ReportRow struct {
	// Level and Code identify the group.
	Level Level
	Code  string
	// Source and Use are the split of the row. The zero value means all sources or
	// all uses.
	Source Source
	Use    Use
	// Period is the days the row covers, both included: a calendar day, month or year
	// of the report's zone, cut to the query's From and Through.
	Period land.Period
	// Partial reports whether Period is shorter than its calendar period, as for a
	// month to date.
	Partial bool
	// Volume is the water drawn in m³.
	Volume decimal.Decimal
	// Records is the number of well-day rollups behind Volume. Zero means no well of
	// the group reported in the period, which is not the same as 0 m³ drawn.
	Records int
	// YoY is the change against the same days a year earlier (同比).
	YoY Change
	// MoM is the change against the same days of the preceding period (环比): the
	// previous month of a monthly row, the previous day of a daily row and the
	// previous year of a yearly row.
	MoM Change
}

// String returns a one-line summary such as
// "township 653130101 [2024-03-01,2024-03-15]: 1250.5 m³, YoY +4.17%, MoM n/a (no-base)".
func (r *ReportRow) String() string {
	split := ""
	if r.Source != SourceUnknown {
		split += " " + r.Source.String()
	}
	if r.Use != UseUnknown {
		split += " " + r.Use.String()
	}
	return fmt.Sprintf("%s %s%s [%s,%s]: %s m³, YoY %s, MoM %s", r.Level, r.Code, split,
		r.Period.Start, r.Period.End, r.Volume, r.YoY, r.MoM)
}
