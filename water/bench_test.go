package water_test

import (
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/water"
)

func BenchmarkLadderCharge(b *testing.B) {
	l, err := water.ParseLadder(overPlan)
	if err != nil {
		b.Fatal(err)
	}
	plan, used, rate := dec("10000"), dec("13000"), dec("0.20")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Charge(plan, used, rate); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseLadder(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := water.ParseLadder(overPlan); err != nil {
			b.Fatal(err)
		}
	}
}

// dayOfHours returns 24 hourly intervals of well W-01 at 2.5 m³/kWh, the last 4 with
// the flow meter showing nothing.
func dayOfHours(b *testing.B) []water.Interval {
	start := at(b, "2024-06-01T00:00:00+08:00")
	intervals := make([]water.Interval, 24)
	for i := range intervals {
		s := start.Add(time.Duration(i) * time.Hour)
		intervals[i] = water.Interval{Well: "W-01", Start: s, End: s.Add(time.Hour),
			Energy: dec("30"), Water: dec("75"), Measured: water.MeasuredEnergy | water.MeasuredWater}
		if i >= 20 {
			intervals[i].Water = dec("0")
		}
	}
	return intervals
}

func BenchmarkDetectMismatchDay(b *testing.B) {
	intervals := dayOfHours(b)
	h, err := water.NewCoefficientHistory("W-01", []water.Coefficient{{Well: "W-01",
		Value: dec("2.5"), From: at(b, "2024-01-01T00:00:00+08:00")}})
	if err != nil {
		b.Fatal(err)
	}
	now := at(b, "2024-06-02T00:00:00+08:00")
	b.ReportAllocs()
	for b.Loop() {
		alarms, err := water.DetectMismatch("W-01", intervals, h, now, water.Options{})
		if err != nil || len(alarms) != 1 {
			b.Fatalf("got %d alarms and %v, want 1 alarm", len(alarms), err)
		}
	}
}

func BenchmarkDetectUnauthorisedDay(b *testing.B) {
	in := water.PumpingInput{Well: "W-01", Intervals: dayOfHours(b), Sessions: []water.Session{{
		Well: "W-01", Start: at(b, "2024-06-01T06:00:00+08:00"), End: at(b, "2024-06-01T18:00:00+08:00")}}}
	now := at(b, "2024-06-02T00:00:00+08:00")
	b.ReportAllocs()
	for b.Loop() {
		alarms, err := water.DetectUnauthorised(in, now, water.Options{})
		if err != nil || len(alarms) != 2 {
			b.Fatalf("got %d alarms and %v, want 2 alarms", len(alarms), err)
		}
	}
}

func BenchmarkCoefficientHistoryAt(b *testing.B) {
	start := at(b, "2010-01-01T00:00:00Z")
	coefs := make([]water.Coefficient, 100)
	for i := range coefs {
		from := start.AddDate(0, 2*i, 0)
		coefs[i] = water.Coefficient{Well: "W-01", Value: dec("2.5"), From: from, To: from.AddDate(0, 2, 0)}
	}
	h, err := water.NewCoefficientHistory("W-01", coefs)
	if err != nil {
		b.Fatal(err)
	}
	when := start.AddDate(10, 3, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := h.At(when); !ok {
			b.Fatal("no coefficient")
		}
	}
}
