package health

import (
	"math/rand/v2"
	"testing"
	"time"
)

func BenchmarkRecord(b *testing.B) {
	d, err := New("ws1", Config{}, rand.NewPCG(1, 2))
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]Event, 0, 4)
	script := outcomes("ssssfsffffffspss")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		now := t0.Add(time.Duration(i) * time.Minute)
		if d.Due(now) {
			buf = d.Record(buf[:0], now, script[i%len(script)], errTimeout)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "polls/s")
}
