package alarms

import (
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/alarm"
)

// BenchmarkCentralObserve evaluates a reading of a point whose rule holds no
// alarm, the common case of the central rules.
func BenchmarkCentralObserve(b *testing.B) {
	groups, err := ParseRules([]byte(`[{"field":"soil_moisture","devices":["SM-*"],"scale":1,
		"rules":[{"id":"soil_dry","kind":"low","severity":"warning","set":12.0,"clear":15.0}]}]`))
	if err != nil {
		b.Fatal(err)
	}
	c := newCentral()
	c.setRules(groups)
	at := time.Date(2026, 7, 15, 8, 0, 0, 0, time.UTC)
	var ts []transition
	b.ReportAllocs()
	for b.Loop() {
		at = at.Add(time.Second)
		ts = c.observe(ts[:0], "device:g/gw/SM-1", "SM-1", "soil_moisture", at, 245, 1)
		if len(ts) != 0 {
			b.Fatal("transition on a moist reading")
		}
	}
}

// BenchmarkPointObserve runs the same rule on an iot/alarm point directly,
// the baseline of BenchmarkCentralObserve.
func BenchmarkPointObserve(b *testing.B) {
	groups, err := ParseRules([]byte(`[{"field":"soil_moisture","scale":1,
		"rules":[{"id":"soil_dry","kind":"low","severity":"warning","set":12.0,"clear":15.0}]}]`))
	if err != nil {
		b.Fatal(err)
	}
	pt, err := alarm.NewPoint("soil_moisture", 1, groups[0].Rules)
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 7, 15, 8, 0, 0, 0, time.UTC)
	var events []alarm.Event
	b.ReportAllocs()
	for b.Loop() {
		at = at.Add(time.Second)
		events = pt.Observe(events[:0], at, 245)
	}
}
