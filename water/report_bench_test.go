package water_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// The county of the report benchmarks: 10,000 wells in 15 townships of 14 villages
// each, in 5 irrigation districts. Even wells have a flow meter, odd ones only an
// electricity meter and a coefficient, so half the water is converted from kWh.
const (
	benchWells     = 10_000
	benchTownships = 15
	benchVillages  = 14
	benchDistricts = 5
)

// benchYears are the years of daily rollups: the year reported and its base.
var benchYears = [2]int{2023, 2024}

func benchRegister() ([]water.Well, []*water.CoefficientHistory, error) {
	wells := make([]water.Well, benchWells)
	histories := make([]*water.CoefficientHistory, 0, benchWells/2)
	for i := range wells {
		town := i % benchTownships
		village := (i / benchTownships) % benchVillages
		w := water.Well{
			Code:     water.WellCode(fmt.Sprintf("J%05d", i)),
			Kind:     water.PumpedWell,
			Location: water.Point{Lon: 84.6 + float64(i)*1e-5, Lat: 44.4},
			Division: land.DivisionCode(fmt.Sprintf("654202%03d%03d", 101+town, 1+village)),
			District: water.DistrictCode(fmt.Sprintf("GQ-%d", i%benchDistricts)),
			Source:   water.ShallowGroundwater + water.Source(i%3/2),
			Use:      water.Agriculture + water.Use(i%7/6),
		}
		if i%2 == 0 {
			w.Meters = []water.Meter{{Kind: water.FlowMeter, ID: water.MeterID(fmt.Sprintf("F%05d", i))}}
			wells[i] = w
			continue
		}
		w.Meters = []water.Meter{{Kind: water.ElectricityMeter, ID: water.MeterID(fmt.Sprintf("E%05d", i))}}
		wells[i] = w
		h, err := water.NewCoefficientHistory(w.Code, []water.Coefficient{{
			Well: w.Code, Value: dec("2.4817"), From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		}})
		if err != nil {
			return nil, nil, err
		}
		histories = append(histories, h)
	}
	return wells, histories, nil
}

// benchRollups is a RollupSource of one year of daily totals for every well of the
// benchmark register, generated on demand, with dense id i for well i. The totals are in
// hundredths of a m³ or kWh, larger in summer and 0 on some days.
type benchRollups struct{ year int }

func (s benchRollups) Zone() *metering.Zone { return metering.BeijingTime() }

func (s benchRollups) AppendAllDays(dst []metering.DayTotal) []metering.DayTotal {
	first := metering.DayOf(s.year, time.January, 1)
	last := metering.DayOf(s.year, time.December, 31)
	rng := rand.New(rand.NewPCG(uint64(s.year), 7))
	for id := range uint32(benchWells) {
		for d := first; d <= last; d++ {
			_, month, _ := d.Date()
			summer := int64(6 - max(int(month)-7, 7-int(month))) // 0 in January, 6 in July
			total := int64(0)
			if rng.IntN(10) > 2 {
				total = 100 * (summer*40 + int64(rng.IntN(200)))
			}
			dst = append(dst, metering.DayTotal{Meter: id, Day: d, Total: total})
		}
	}
	return dst
}

func (s benchRollups) Hours(uint32, metering.Day) ([24]int64, bool) { return [24]int64{}, false }

func (s benchRollups) MeterConfig(uint32) (metering.MeterConfig, bool) {
	return metering.MeterConfig{Scale: 2}, true
}

// Name returns the meter id of well id: F for even wells, E for odd ones.
func (s benchRollups) Name(id uint32) (string, bool) {
	kind := "F"
	if id%2 == 1 {
		kind = "E"
	}
	return fmt.Sprintf("%s%05d", kind, id), true
}

func buildBenchIndex() (*water.ReportIndex, error) {
	wells, histories, err := benchRegister()
	if err != nil {
		return nil, err
	}
	b, err := water.NewReportBuilder(water.ReportConfig{}, wells, histories)
	if err != nil {
		return nil, err
	}
	for _, year := range benchYears {
		src := benchRollups{year: year}
		if err := b.AddRollups(src, src); err != nil {
			return nil, err
		}
	}
	return b.Build()
}

// benchIndex is built once for all benchmarks of the package run.
var benchIndex = sync.OnceValues(buildBenchIndex)

// BenchmarkTownshipMonthlyYoY measures a township's monthly table for 2024 with
// year-on-year and month-on-month changes, from an index of two years of daily rollups
// of 10,000 wells.
func BenchmarkTownshipMonthlyYoY(b *testing.B) {
	ix, err := benchIndex()
	if err != nil {
		b.Fatal(err)
	}
	q := water.ReportQuery{
		Level: water.LevelTownship, Code: "654202101", Granularity: water.Monthly,
		From: land.NewDate(2024, time.January, 1), Through: land.NewDate(2024, time.December, 31),
	}
	b.ReportAllocs()
	for b.Loop() {
		r, err := ix.Report(q)
		if err != nil || len(r.Rows) != 12 || r.Rows[6].YoY.Status != water.ChangeDefined {
			b.Fatalf("got %d rows, error %v", len(r.Rows), err)
		}
	}
}

// BenchmarkVillagesMonthToDate measures the month-to-date table of every village of
// the county, split by source.
func BenchmarkVillagesMonthToDate(b *testing.B) {
	ix, err := benchIndex()
	if err != nil {
		b.Fatal(err)
	}
	q := water.ReportQuery{
		Level: water.LevelVillage, Within: "654202", BySource: true, Granularity: water.Monthly,
		From: land.NewDate(2024, time.July, 1), Through: land.NewDate(2024, time.July, 15),
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ix.Report(q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportBuild measures building the index of two years of daily rollups of
// 10,000 wells, half of them converted from kWh.
func BenchmarkReportBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := buildBenchIndex(); err != nil {
			b.Fatal(err)
		}
	}
}
