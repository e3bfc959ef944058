package water_test

import (
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// Report a township's water by month, year on year, from the rollups of a metering
// shard: one well with a flow meter and one whose kWh are converted at 2.5 m³/kWh.
func ExampleReportIndex_Report() {
	wells := []water.Well{
		{
			Code: "J-01", Kind: water.PumpedWell, Location: water.Point{Lon: 84.68, Lat: 44.41},
			Division: "654202101001", Source: water.DeepGroundwater, Use: water.Agriculture,
			Meters: []water.Meter{{Kind: water.FlowMeter, ID: "F-01"}},
		},
		{
			Code: "J-02", Kind: water.PumpedWell, Location: water.Point{Lon: 84.69, Lat: 44.42},
			Division: "654202101002", Source: water.ShallowGroundwater, Use: water.Agriculture,
			Meters: []water.Meter{{Kind: water.ElectricityMeter, ID: "E-02"}},
		},
	}
	tc, _ := water.NewCoefficientHistory("J-02", []water.Coefficient{{
		Well: "J-02", Value: decimal.RequireFromString("2.5"),
		From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
	}})

	// Both meters send a cumulative reading, in hundredths, at noon on the 1st and
	// the 15th of the month.
	var names metering.Registry
	shard, _ := metering.NewShard(metering.Config{MaxAge: math.MaxInt64})
	flow, _ := names.Add("F-01")
	energy, _ := names.Add("E-02")
	_ = shard.AddMeter(flow, metering.MeterConfig{Scale: 2})
	_ = shard.AddMeter(energy, metering.MeterConfig{Scale: 2})
	beijing := time.FixedZone("CST", 8*3600)
	reading := func(meter uint32, year int, month time.Month, day int, value int64) metering.Reading {
		return metering.Reading{Meter: meter, Time: time.Date(year, month, day, 12, 0, 0, 0, beijing).Unix(), Value: value}
	}
	shard.Ingest(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), []metering.Reading{
		reading(flow, 2023, time.May, 1, 0), reading(flow, 2023, time.May, 15, 80_000),
		reading(energy, 2023, time.May, 1, 0), reading(energy, 2023, time.May, 15, 8_000),
		reading(flow, 2024, time.April, 1, 80_000), reading(flow, 2024, time.April, 15, 130_000),
		reading(flow, 2024, time.May, 1, 130_000), reading(flow, 2024, time.May, 15, 230_000),
		reading(energy, 2024, time.May, 1, 8_000), reading(energy, 2024, time.May, 15, 20_000),
	})

	builder, err := water.NewReportBuilder(water.ReportConfig{}, wells, []*water.CoefficientHistory{tc})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := builder.AddRollups(shard, &names); err != nil {
		fmt.Println(err)
		return
	}
	index, err := builder.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	report, err := index.Report(water.ReportQuery{
		Level: water.LevelTownship, Code: "654202101", Granularity: water.Monthly,
		From: land.NewDate(2024, time.April, 1), Through: land.NewDate(2024, time.May, 31),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range report.Rows {
		fmt.Println(row.String())
	}
	// Output:
	// township 654202101 [2024-04-01,2024-04-30]: 500 m³, YoY n/a (no-base), MoM n/a (no-base)
	// township 654202101 [2024-05-01,2024-05-31]: 1300 m³, YoY +30.00%, MoM +160.00%
}
