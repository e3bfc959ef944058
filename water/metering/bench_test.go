package metering

import (
	"testing"
	"time"
)

// genNow is a now after every generated reading.
const genNow = genStart + 30*86400

func BenchmarkIngest(b *testing.B) {
	utc, err := NewZone(time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	rs := genReadings(10_000, 200, 1, 0.001, 0.001)
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for b.Loop() {
		b.StopTimer()
		s := newWellShard(b, utc, 10_000)
		b.StartTimer()
		s.Ingest(genNow, rs)
		n += len(rs)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "readings/s")
}
