package health_test

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/shuxiang/shuxiang/iot/alarm"
	"github.com/shuxiang/shuxiang/iot/health"
)

// A weather station that stops responding: it goes offline after three failed
// polls and into quarantine after five. It is then probed after two minutes and
// then four instead of every minute, and recovers after two good polls. The
// gateway publishes the state as an integer point, where an alarm rule raises at
// Offline and clears at Online.
func Example() {
	device, err := health.New("ws1", health.Config{Backoff: 2 * time.Minute}, nil)
	if err != nil {
		log.Fatal(err)
	}
	point, err := alarm.NewPoint("ws1/health", 0, []alarm.Rule{{
		ID: "offline", Kind: alarm.High, Severity: alarm.Major,
		Set: alarm.Dec(int64(health.Offline), 0), Clear: alarm.Dec(int64(health.Online), 0),
	}})
	if err != nil {
		log.Fatal(err)
	}

	start := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	answers := "yyynnnnnnnnnyyyy" // y: the station responds to that minute's poll
	for i, answer := range answers {
		now := start.Add(time.Duration(i) * time.Minute)
		if !device.Due(now) {
			continue
		}
		outcome, cause := health.Success, error(nil)
		if answer == 'n' {
			outcome, cause = health.Failure, errors.New("modbus: read timed out")
		}
		for _, e := range device.Record(nil, now, outcome, cause) {
			fmt.Println(now.Format("15:04"), "health", e.From, "->", e.To)
		}
		for _, e := range point.Observe(nil, now, int64(device.State())) {
			fmt.Println(now.Format("15:04"), "alarm", e.Rule, e.Transition)
		}
	}
	fmt.Println("polls:", device.Status().Counts.Polls, "of", len(answers))
	// Output:
	// 12:00 health unknown -> online
	// 12:03 health online -> degraded
	// 12:05 health degraded -> offline
	// 12:05 alarm offline raised
	// 12:07 health offline -> quarantined
	// 12:13 health quarantined -> degraded
	// 12:14 health degraded -> online
	// 12:14 alarm offline cleared
	// polls: 12 of 16
}
