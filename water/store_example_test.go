package water_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/water"
)

// Keep a well in a store, find it from a reading's meter, start its coefficient and
// handle an alarm.
func ExampleMemoryStore() {
	ctx := context.Background()
	store := water.NewMemoryStore(func() time.Time { return time.Date(2024, 8, 20, 6, 0, 0, 0, time.UTC) })

	well := &water.WellRecord{Well: water.Well{
		Code: "J-01", Kind: water.PumpedWell, Location: water.Point{Lon: 84.68, Lat: 44.41},
		Division: "654202101001", Source: water.DeepGroundwater, Use: water.Agriculture,
		Meters: []water.Meter{{Kind: water.ElectricityMeter, ID: "E-01"}},
	}}
	if err := store.PutWell(ctx, well); err != nil {
		fmt.Println(err)
		return
	}
	found, err := store.WellByMeter(ctx, "E-01")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("meter E-01 is on well", found.Code, "version", found.Version)

	history, err := store.StartCoefficient(ctx, water.Coefficient{
		Well: "J-01", Value: decimal.RequireFromString("2.48"), From: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("coefficients:", len(history.Coefficients))

	alarm := &water.AlarmRecord{Status: water.AlarmOpen, Alarm: water.Alarm{
		Rule: water.RuleSilentMeter, Severity: water.Warning, Well: "J-01", Meter: "E-01",
		Raised: time.Date(2024, 8, 20, 6, 0, 0, 0, time.UTC),
	}}
	if err := store.PutAlarm(ctx, alarm); err != nil {
		fmt.Println(err)
		return
	}
	alarm.Status = water.AlarmAcknowledged
	if err := store.PutAlarm(ctx, alarm); err != nil {
		fmt.Println(err)
		return
	}
	open, _, _ := store.Alarms(ctx, water.AlarmFilter{Status: water.AlarmOpen})
	fmt.Println("alarm", alarm.ID, alarm.Status, "version", alarm.Version, "open alarms", len(open))

	// A writer that read version 1 loses to one that wrote version 2 since.
	well.Name = "3号井"
	if err := store.PutWell(ctx, well); err != nil {
		fmt.Println(err)
		return
	}
	stale := *found
	stale.Name = "4号井"
	err = store.PutWell(ctx, &stale)
	fmt.Println("stale write rejected:", errors.Is(err, water.ErrConflict))
	// Output:
	// meter E-01 is on well J-01 version 1
	// coefficients: 1
	// alarm 1 acknowledged version 2 open alarms 0
	// stale write rejected: true
}
