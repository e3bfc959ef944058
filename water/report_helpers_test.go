package water_test

import (
	"cmp"
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Urumqi on hosts without zoneinfo

	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// The divisions of the report fixtures, in Wusu (654202).
const (
	reportCounty   = "654202"
	reportTownA    = "654202101"
	reportVillage1 = "654202101001"
	reportVillage2 = "654202101002"
	reportTownB    = "654202102"
)

// reportWells returns the register of the report tests:
//   - W-A1: village 1, shallow groundwater, agriculture, district GQ-1, flow meter F-A1
//     beside electricity meter E-A1 and card controller C-A1;
//   - W-A2: village 1, deep groundwater, agriculture, district GQ-1, electricity meter
//     E-A2 only;
//   - W-B1: village 2, deep groundwater, rural supply, flow meter F-B1;
//   - W-T1: township B without a village, shallow groundwater, industry, flow meter F-T1.
func reportWells() []water.Well {
	well := func(code water.WellCode, division land.DivisionCode, district water.DistrictCode,
		source water.Source, use water.Use, meters ...water.Meter) water.Well {
		return water.Well{
			Code: code, Kind: water.PumpedWell, Location: water.Point{Lon: 84.68, Lat: 44.41},
			Division: division, District: district, Source: source, Use: use, Meters: meters,
		}
	}
	return []water.Well{
		well("W-A1", reportVillage1, "GQ-1", water.ShallowGroundwater, water.Agriculture,
			water.Meter{Kind: water.FlowMeter, ID: "F-A1"},
			water.Meter{Kind: water.ElectricityMeter, ID: "E-A1"},
			water.Meter{Kind: water.CardController, ID: "C-A1"}),
		well("W-A2", reportVillage1, "GQ-1", water.DeepGroundwater, water.Agriculture,
			water.Meter{Kind: water.ElectricityMeter, ID: "E-A2"}),
		well("W-B1", reportVillage2, "", water.DeepGroundwater, water.RuralSupply,
			water.Meter{Kind: water.FlowMeter, ID: "F-B1"}),
		well("W-T1", reportTownB, "", water.ShallowGroundwater, water.Industry,
			water.Meter{Kind: water.FlowMeter, ID: "F-T1"}),
	}
}

// reportHistories returns W-A2's coefficients: 2.5 m³/kWh from 2020 until
// 2024-03-06 12:00 Beijing time, then 3 m³/kWh open-ended.
func reportHistories(t testing.TB) []*water.CoefficientHistory {
	t.Helper()
	change := at(t, "2024-03-06T12:00:00+08:00")
	h, err := water.NewCoefficientHistory("W-A2", []water.Coefficient{
		{Well: "W-A2", Value: dec("2.5"), From: at(t, "2020-01-01T00:00:00+08:00"), To: change},
		{Well: "W-A2", Value: dec("3"), From: change},
	})
	require.NoError(t, err)
	return []*water.CoefficientHistory{h}
}

// fakeRollups is a [water.RollupSource] of day totals set by hand. Meters are named by
// their dense id's entry in names and have the scale in scales (0 when absent).
type fakeRollups struct {
	zone   *metering.Zone
	names  map[uint32]string
	scales map[uint32]uint8
	totals map[fakeDay]int64
	hours  map[fakeDay][24]int64
}

type fakeDay struct {
	meter uint32
	day   metering.Day
}

func newFakeRollups(zone *metering.Zone) *fakeRollups {
	if zone == nil {
		zone = metering.BeijingTime()
	}
	return &fakeRollups{
		zone: zone, names: map[uint32]string{}, scales: map[uint32]uint8{},
		totals: map[fakeDay]int64{}, hours: map[fakeDay][24]int64{},
	}
}

// meter registers a meter and returns its dense id.
func (f *fakeRollups) meter(name string, scale uint8) uint32 {
	id := uint32(len(f.scales))
	f.scales[id] = scale
	if name != "" {
		f.names[id] = name
	}
	return id
}

// day sets a meter's total on a day written as YYYY-MM-DD.
func (f *fakeRollups) day(t testing.TB, id uint32, day string, total int64) {
	t.Helper()
	f.totals[fakeDay{id, testDay(t, day)}] = total
}

// hourly sets a meter's hours on a day, and its total to their sum.
func (f *fakeRollups) hourly(t testing.TB, id uint32, day string, hours map[int]int64) {
	t.Helper()
	key := fakeDay{id, testDay(t, day)}
	var h [24]int64
	var total int64
	for hour, v := range hours {
		h[hour] = v
		total += v
	}
	f.hours[key], f.totals[key] = h, total
}

func (f *fakeRollups) Zone() *metering.Zone { return f.zone }

func (f *fakeRollups) AppendAllDays(dst []metering.DayTotal) []metering.DayTotal {
	start := len(dst)
	for k, v := range f.totals {
		dst = append(dst, metering.DayTotal{Meter: k.meter, Day: k.day, Total: v})
	}
	slices.SortFunc(dst[start:], func(a, b metering.DayTotal) int {
		return cmp.Or(cmp.Compare(a.Meter, b.Meter), cmp.Compare(a.Day, b.Day))
	})
	return dst
}

func (f *fakeRollups) Hours(id uint32, day metering.Day) ([24]int64, bool) {
	h, ok := f.hours[fakeDay{id, day}]
	return h, ok
}

func (f *fakeRollups) MeterConfig(id uint32) (metering.MeterConfig, bool) {
	scale, ok := f.scales[id]
	return metering.MeterConfig{Scale: scale}, ok
}

// Name implements [water.MeterNames].
func (f *fakeRollups) Name(id uint32) (string, bool) {
	name, ok := f.names[id]
	return name, ok
}

// testDay parses a day written as YYYY-MM-DD.
func testDay(t testing.TB, s string) metering.Day {
	t.Helper()
	d := testDate(t, s)
	return metering.DayOf(d.Year, d.Month, d.Day)
}

func testDate(t testing.TB, s string) land.Date {
	t.Helper()
	d, err := land.ParseDate(s)
	require.NoError(t, err)
	return d
}

// testPeriod returns the period of two days written as YYYY-MM-DD.
func testPeriod(t testing.TB, start, end string) land.Period {
	t.Helper()
	return land.Period{Start: testDate(t, start), End: testDate(t, end)}
}

// buildIndex builds the index of the report register and its histories from sources.
func buildIndex(t testing.TB, cfg water.ReportConfig, sources ...*fakeRollups) *water.ReportIndex {
	t.Helper()
	b, err := water.NewReportBuilder(cfg, reportWells(), reportHistories(t))
	require.NoError(t, err)
	for _, src := range sources {
		require.NoError(t, b.AddRollups(src, src))
	}
	ix, err := b.Build()
	require.NoError(t, err)
	return ix
}

// monthlyQuery selects a group's monthly rows from one day to another.
func monthlyQuery(t testing.TB, level water.Level, code, from, through string) water.ReportQuery {
	t.Helper()
	return water.ReportQuery{
		Level: level, Code: code, Granularity: water.Monthly,
		From: testDate(t, from), Through: testDate(t, through),
	}
}

// localTime parses a wall-clock time in zone z, written as 2006-01-02T15:04.
func localTime(t testing.TB, z string, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(z)
	require.NoError(t, err)
	v, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
	require.NoError(t, err)
	return v
}
