package alarm_test

import (
	"fmt"
	"log"
	"time"

	"github.com/shuxiang/shuxiang/iot/alarm"
)

// A greenhouse air temperature in tenths of a degree: the alarm is raised after two
// minutes at or above 35.0 °C and cleared at or below 33.0 °C.
func Example() {
	rules, err := alarm.DecodeRules([]byte(`[
		{"id": "hot", "kind": "high", "severity": "major", "set": 35.0, "clear": 33.0, "delay": "2m"}
	]`))
	if err != nil {
		log.Fatal(err)
	}
	point, err := alarm.NewPoint("gh1/air_temp", 1, rules)
	if err != nil {
		log.Fatal(err)
	}

	start := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	var events []alarm.Event
	for i, v := range []int64{340, 352, 356, 358, 345, 329} {
		events = point.Observe(events[:0], start.Add(time.Duration(i)*time.Minute), v)
		for _, e := range events {
			fmt.Println(e.Time.Format("15:04"), e.Rule, e.Transition, e.State, e.Value)
		}
	}
	events, err = point.Ack(events[:0], "hot", start.Add(10*time.Minute))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(events[0].Time.Format("15:04"), events[0].Rule, events[0].Transition, events[0].State)
	// Output:
	// 12:03 hot raised active 358
	// 12:05 hot cleared cleared_unacknowledged 329
	// 12:10 hot acknowledged normal
}

// A restart in the middle of a delay: the state saved before the restart lets the
// new process raise the alarm on time.
func ExamplePoint_Restore() {
	rules := []alarm.Rule{{ID: "dry", Kind: alarm.Low, Severity: alarm.Warning,
		Set: alarm.Dec(180, 1), Clear: alarm.Dec(220, 1), Delay: alarm.Duration{Duration: 30 * time.Minute}}}
	start := time.Date(2026, 7, 1, 6, 0, 0, 0, time.UTC)

	before, err := alarm.NewPoint("field7/soil_moisture", 1, rules)
	if err != nil {
		log.Fatal(err)
	}
	before.Observe(nil, start, 175)
	saved := before.AppendState(nil)

	after, err := alarm.NewPoint("field7/soil_moisture", 1, rules)
	if err != nil {
		log.Fatal(err)
	}
	if err := after.Restore(saved); err != nil {
		log.Fatal(err)
	}
	for _, e := range after.Observe(nil, start.Add(30*time.Minute), 172) {
		fmt.Println(e.Time.Format("15:04"), e.Rule, e.Transition, e.Value, e.Limit)
	}
	// Output:
	// 06:30 dry raised 172 180
}

// An invalid rule: the error names the rule, the field and the fix.
func ExampleDecodeRules_invalid() {
	_, err := alarm.DecodeRules([]byte(`[
		{"id": "tank_low", "kind": "low", "severity": "warning", "set": 0.8, "clear": 0.5}
	]`))
	fmt.Println(err)
	// Output:
	// alarm: rule "tank_low": field clear: 0.5 is not above set 0.8; a low rule clears above its set level, so raise clear
}
