package metering_test

import (
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/water/metering"
)

func Example() {
	var meters metering.Registry
	id, _ := meters.Add("WS-0042-E") // a well's electricity meter

	shard, _ := metering.NewShard(metering.Config{}) // Beijing time
	_ = shard.AddMeter(id, metering.MeterConfig{
		Scale:      2,           // hundredths of a kWh
		Modulus:    100_000_000, // the register shows up to 999,999.99 kWh
		MaxPerHour: 5_500,       // a 55 kW pump
		Window:     3600,        // accept readings up to an hour late
	})

	at := func(clock string) int64 {
		t, _ := time.Parse(time.RFC3339, clock)
		return t.Unix()
	}
	now := at("2024-06-02T00:00:00+08:00")
	shard.Ingest(now, []metering.Reading{
		{Meter: id, Time: at("2024-06-01T08:00:00+08:00"), Value: 99_999_000},
		{Meter: id, Time: at("2024-06-01T08:30:00+08:00"), Value: 99_999_850},
		{Meter: id, Time: at("2024-06-01T09:00:00+08:00"), Value: 125},        // rolled over
		{Meter: id, Time: at("2024-06-01T09:00:00+08:00"), Value: 125},        // sent twice
		{Meter: id, Time: at("2024-06-01T08:45:00+08:00"), Value: 99_999_990}, // late
	})

	day := metering.DayOf(2024, time.June, 1)
	total, _ := shard.DayTotal(id, day)
	hours, _ := shard.Hours(id, day)
	stats := shard.Stats()
	fmt.Printf("%s: %d.%02d kWh, 08:00 %d, 09:00 %d\n", day, total/100, total%100, hours[8], hours[9])
	fmt.Println("accepted", stats.Outcomes[metering.Accepted], "duplicates", stats.Outcomes[metering.Duplicate], "rollovers", stats.Rollovers)
	// Output:
	// 2024-06-01: 11.25 kWh, 08:00 990, 09:00 135
	// accepted 4 duplicates 1 rollovers 1
}
