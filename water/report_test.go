package water_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// wantChange is the expected change of a report row. An empty percent means undefined;
// empty base days mean no base period.
type wantChange struct {
	status        water.ChangeStatus
	percent       string
	base          string
	from, through string
}

func assertChange(t *testing.T, name string, want wantChange, got water.Change) {
	t.Helper()
	assert.Equal(t, want.status, got.Status, "%s status", name)
	value, defined := got.Value()
	assert.Equal(t, want.percent != "", defined, "%s defined", name)
	if want.percent != "" {
		assertDecimal(t, want.percent, value, name+" percent")
	}
	if want.base != "" {
		assertDecimal(t, want.base, got.Base, name+" base")
	}
	var period land.Period
	if want.from != "" {
		period = testPeriod(t, want.from, want.through)
	}
	assert.Equal(t, period, got.BasePeriod, "%s base period", name)
}

func TestReportChanges(t *testing.T) {
	tests := []struct {
		name          string
		days          map[string]int64 // m³ of W-A1's flow meter by day
		granularity   water.Granularity
		from, through string
		wantVolume    string
		wantPartial   bool
		wantYoY       wantChange
		wantMoM       wantChange
	}{
		{
			name:        "both defined",
			days:        map[string]int64{"2023-03-10": 100, "2024-02-10": 50, "2024-03-10": 125},
			granularity: water.Monthly, from: "2024-03-01", through: "2024-03-31",
			wantVolume: "125",
			wantYoY:    wantChange{water.ChangeDefined, "25", "100", "2023-03-01", "2023-03-31"},
			wantMoM:    wantChange{water.ChangeDefined, "150", "50", "2024-02-01", "2024-02-29"},
		},
		{
			name:        "fall rounds half away from zero",
			days:        map[string]int64{"2023-03-10": 3, "2024-02-10": 3, "2024-03-10": 1},
			granularity: water.Monthly, from: "2024-03-01", through: "2024-03-31",
			wantVolume: "1",
			wantYoY:    wantChange{water.ChangeDefined, "-66.67", "3", "2023-03-01", "2023-03-31"},
			wantMoM:    wantChange{water.ChangeDefined, "-66.67", "3", "2024-02-01", "2024-02-29"},
		},
		{
			name:        "zero bases",
			days:        map[string]int64{"2023-03-10": 0, "2024-02-10": 0, "2024-03-10": 125},
			granularity: water.Monthly, from: "2024-03-01", through: "2024-03-31",
			wantVolume: "125",
			wantYoY:    wantChange{water.ChangeZeroBase, "", "0", "2023-03-01", "2023-03-31"},
			wantMoM:    wantChange{water.ChangeZeroBase, "", "0", "2024-02-01", "2024-02-29"},
		},
		{
			name:        "missing bases",
			days:        map[string]int64{"2024-03-10": 125},
			granularity: water.Monthly, from: "2024-03-01", through: "2024-03-31",
			wantVolume: "125",
			wantYoY:    wantChange{water.ChangeNoBase, "", "0", "2023-03-01", "2023-03-31"},
			wantMoM:    wantChange{water.ChangeNoBase, "", "0", "2024-02-01", "2024-02-29"},
		},
		{
			name:        "missing current",
			days:        map[string]int64{"2023-03-10": 100, "2024-02-10": 50},
			granularity: water.Monthly, from: "2024-03-01", through: "2024-03-31",
			wantVolume: "0",
			wantYoY:    wantChange{water.ChangeNoCurrent, "", "100", "2023-03-01", "2023-03-31"},
			wantMoM:    wantChange{water.ChangeNoCurrent, "", "50", "2024-02-01", "2024-02-29"},
		},
		{
			name:        "zero current is a fall of 100%",
			days:        map[string]int64{"2023-03-10": 100, "2024-02-10": 50, "2024-03-10": 0},
			granularity: water.Monthly, from: "2024-03-01", through: "2024-03-31",
			wantVolume: "0",
			wantYoY:    wantChange{water.ChangeDefined, "-100", "100", "2023-03-01", "2023-03-31"},
			wantMoM:    wantChange{water.ChangeDefined, "-100", "50", "2024-02-01", "2024-02-29"},
		},
		{
			name: "month to date compares the same days",
			days: map[string]int64{
				"2023-03-10": 20, "2023-03-25": 80, "2024-02-15": 10, "2024-02-16": 90,
				"2024-03-10": 40, "2024-03-20": 60,
			},
			granularity: water.Monthly, from: "2024-03-01", through: "2024-03-15",
			wantVolume: "40", wantPartial: true,
			wantYoY: wantChange{water.ChangeDefined, "100", "20", "2023-03-01", "2023-03-15"},
			wantMoM: wantChange{water.ChangeDefined, "300", "10", "2024-02-01", "2024-02-15"},
		},
		{
			name:        "month to date past the base month's last day",
			days:        map[string]int64{"2024-02-29": 10, "2024-03-30": 20, "2023-03-30": 5, "2023-03-31": 7},
			granularity: water.Monthly, from: "2024-03-01", through: "2024-03-30",
			wantVolume: "20", wantPartial: true,
			wantYoY: wantChange{water.ChangeDefined, "300", "5", "2023-03-01", "2023-03-30"},
			wantMoM: wantChange{water.ChangeDefined, "100", "10", "2024-02-01", "2024-02-29"},
		},
		{
			name:        "whole February of a leap year",
			days:        map[string]int64{"2024-02-29": 30, "2025-02-28": 15, "2025-01-31": 60},
			granularity: water.Monthly, from: "2025-02-01", through: "2025-02-28",
			wantVolume: "15",
			wantYoY:    wantChange{water.ChangeDefined, "-50", "30", "2024-02-01", "2024-02-29"},
			wantMoM:    wantChange{water.ChangeDefined, "-75", "60", "2025-01-01", "2025-01-31"},
		},
		{
			name:        "month cut at From",
			days:        map[string]int64{"2024-03-20": 10, "2024-02-20": 40, "2024-02-10": 1, "2023-03-25": 5},
			granularity: water.Monthly, from: "2024-03-16", through: "2024-03-31",
			wantVolume: "10", wantPartial: true,
			wantYoY: wantChange{water.ChangeDefined, "100", "5", "2023-03-16", "2023-03-31"},
			wantMoM: wantChange{water.ChangeDefined, "-75", "40", "2024-02-16", "2024-02-29"},
		},
		{
			name:        "year to date",
			days:        map[string]int64{"2023-01-05": 50, "2023-03-15": 50, "2023-03-16": 900, "2024-02-01": 150},
			granularity: water.Yearly, from: "2024-01-01", through: "2024-03-15",
			wantVolume: "150", wantPartial: true,
			wantYoY: wantChange{water.ChangeDefined, "50", "100", "2023-01-01", "2023-03-15"},
			wantMoM: wantChange{water.ChangeDefined, "50", "100", "2023-01-01", "2023-03-15"},
		},
		{
			name:        "leap day has no day a year earlier",
			days:        map[string]int64{"2023-02-28": 10, "2024-02-28": 20, "2024-02-29": 30},
			granularity: water.Daily, from: "2024-02-29", through: "2024-02-29",
			wantVolume: "30",
			wantYoY:    wantChange{status: water.ChangeNoBase},
			wantMoM:    wantChange{water.ChangeDefined, "50", "20", "2024-02-28", "2024-02-28"},
		},
		{
			name:        "daily across the year",
			days:        map[string]int64{"2023-01-01": 8, "2023-12-31": 4, "2024-01-01": 6},
			granularity: water.Daily, from: "2024-01-01", through: "2024-01-01",
			wantVolume: "6",
			wantYoY:    wantChange{water.ChangeDefined, "-25", "8", "2023-01-01", "2023-01-01"},
			wantMoM:    wantChange{water.ChangeDefined, "50", "4", "2023-12-31", "2023-12-31"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newFakeRollups(nil)
			flow := src.meter("F-A1", 0)
			for day, m3 := range tt.days {
				src.day(t, flow, day, m3)
			}
			ix := buildIndex(t, water.ReportConfig{}, src)

			q := water.ReportQuery{
				Level: water.LevelWell, Code: "W-A1", Granularity: tt.granularity,
				From: testDate(t, tt.from), Through: testDate(t, tt.through),
			}
			r, err := ix.Report(q)
			require.NoError(t, err)
			require.Len(t, r.Rows, 1)
			row := r.Rows[0]
			assertDecimal(t, tt.wantVolume, row.Volume, "volume")
			assert.Equal(t, tt.wantPartial, row.Partial, "partial")
			assert.Equal(t, testPeriod(t, tt.from, tt.through), row.Period, "period")
			assertChange(t, "YoY", tt.wantYoY, row.YoY)
			assertChange(t, "MoM", tt.wantMoM, row.MoM)
		})
	}
}

func TestReportRowsPerPeriod(t *testing.T) {
	src := newFakeRollups(nil)
	flow := src.meter("F-A1", 0)
	src.day(t, flow, "2024-01-31", 10)
	src.day(t, flow, "2024-02-01", 20)
	src.day(t, flow, "2024-03-05", 30)
	ix := buildIndex(t, water.ReportConfig{}, src)

	r, err := ix.Report(monthlyQuery(t, water.LevelWell, "W-A1", "2024-01-15", "2024-03-10"))
	require.NoError(t, err)
	require.Len(t, r.Rows, 3)
	want := []struct {
		from, through, volume string
		records               int
		partial               bool
	}{
		{"2024-01-15", "2024-01-31", "10", 1, true},
		{"2024-02-01", "2024-02-29", "20", 1, false},
		{"2024-03-01", "2024-03-10", "30", 1, true},
	}
	for i, w := range want {
		row := r.Rows[i]
		assert.Equal(t, testPeriod(t, w.from, w.through), row.Period, "row %d period", i)
		assertDecimal(t, w.volume, row.Volume, "row", i)
		assert.Equal(t, w.records, row.Records, "row %d records", i)
		assert.Equal(t, w.partial, row.Partial, "row %d partial", i)
	}
	assert.Equal(t, "Asia/Shanghai", r.Zone)
	assert.Equal(t, water.ChangeDefined, r.Rows[1].MoM.Status, "February against January 1–31")
	assertDecimal(t, "100", r.Rows[1].MoM.Percent, "February against January")
}

func TestReportChangeString(t *testing.T) {
	tests := []struct {
		name   string
		change water.Change
		want   string
	}{
		{"rise", water.Change{Status: water.ChangeDefined, Percent: dec("4.1")}, "+4.10%"},
		{"fall", water.Change{Status: water.ChangeDefined, Percent: dec("-12")}, "-12.00%"},
		{"no change", water.Change{Status: water.ChangeDefined}, "+0.00%"},
		{"zero base", water.Change{Status: water.ChangeZeroBase}, "n/a (zero-base)"},
		{"unset", water.Change{}, "n/a (no-base)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.change.String())
		})
	}
}

func TestReportQueryValidate(t *testing.T) {
	valid := func() water.ReportQuery {
		return water.ReportQuery{
			Level: water.LevelTownship, Granularity: water.Monthly,
			From: land.NewDate(2024, 1, 1), Through: land.NewDate(2024, 12, 31),
		}
	}
	tests := []struct {
		name   string
		modify func(q *water.ReportQuery)
		field  string
	}{
		{"no level", func(q *water.ReportQuery) { q.Level = 0 }, "Level"},
		{"bad level", func(q *water.ReportQuery) { q.Level = 9 }, "Level"},
		{"no granularity", func(q *water.ReportQuery) { q.Granularity = 0 }, "Granularity"},
		{"bad source", func(q *water.ReportQuery) { q.Source = 9 }, "Source"},
		{"bad use", func(q *water.ReportQuery) { q.Use = 99 }, "Use"},
		{"bad within", func(q *water.ReportQuery) { q.Within = "65" }, "Within"},
		{"within with district", func(q *water.ReportQuery) {
			q.Level, q.Within = water.LevelDistrict, reportCounty
		}, "Within"},
		{"no From", func(q *water.ReportQuery) { q.From = land.Date{} }, "From"},
		{"February 30", func(q *water.ReportQuery) { q.Through = land.Date{Year: 2024, Month: 2, Day: 30} }, "Through"},
		{"Through before From", func(q *water.ReportQuery) { q.Through = land.NewDate(2023, 12, 31) }, "Through"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := valid()
			tt.modify(&q)
			err := q.Validate()
			require.Error(t, err)
			assert.Contains(t, fieldsOf(err), tt.field)
		})
	}
	q := valid()
	assert.NoError(t, q.Validate(), "valid query")
}

func TestReportUnknownGroup(t *testing.T) {
	ix := buildIndex(t, water.ReportConfig{}, newFakeRollups(nil))
	_, err := ix.Report(monthlyQuery(t, water.LevelVillage, "654202101009", "2024-01-01", "2024-01-31"))
	assert.True(t, errors.Is(err, water.ErrNotFound), "got %v, want an error wrapping ErrNotFound", err)
}
