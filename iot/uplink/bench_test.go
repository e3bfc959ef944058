package uplink

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// BenchmarkAppendAndDrain appends readings durably in batches of 1000 while
// the uplink drains them to the broker with QoS 1, and reports the rate of
// readings whose PUBACK arrived. MaxBatch 1 sends each reading as its own
// MQTT message.
func BenchmarkAppendAndDrain(b *testing.B) {
	for _, maxBatch := range []int{1, 100} {
		b.Run("MaxBatch="+strconv.Itoa(maxBatch), func(b *testing.B) {
			benchmarkAppendAndDrain(b, maxBatch)
		})
	}
}

func benchmarkAppendAndDrain(b *testing.B, maxBatch int) {
	broker := brokerURL(b)
	box := openBox(b, b.TempDir())
	cfg := testConfig(broker)
	cfg.MaxInFlight = 1000
	cfg.MaxBatch = maxBatch
	u, err := New(box, cfg)
	if err != nil {
		b.Fatal(err)
	}
	stop := runUplink(b, u)
	defer stop()
	waitFor(b, 10*time.Second, "connect", func() bool { return u.Stats().Connected })

	rec, _ := AppendRecord(nil, Telemetry,
		[]byte(`{"dev":"ws-01","t":1750480000,"air_temp":2315,"rh":4120,"lux":81200}`))
	batch := make([][]byte, 1000)
	for i := range batch {
		batch[i] = rec
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for left := b.N; left > 0; left -= len(batch) {
		if _, err := box.AppendBatch(context.Background(), batch[:min(left, len(batch))]); err != nil {
			b.Fatal(err)
		}
	}
	waitFor(b, 5*time.Minute, "drain", func() bool { return u.Stats().Acked >= uint64(b.N) })
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "readings/s")
}
