package outbox

import (
	"context"
	"strconv"
	"sync"
	"testing"
)

// reading is a telemetry reading of typical size: a JSON object of about 90 bytes.
var reading = []byte(`{"dev":"ws-01","t":1750480000,"air_temp":2315,"rh":4120,"lux":81200,"rain":0,"wind":35}`)

// BenchmarkAppendBatch appends batches of readings from one goroutine; each
// batch is one write and one fsync.
func BenchmarkAppendBatch(b *testing.B) {
	for _, size := range []int{100, 1000} {
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			o, err := Open(b.TempDir(), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer o.Close()
			batch := make([][]byte, size)
			for i := range batch {
				batch[i] = reading
			}
			b.ReportAllocs()
			b.SetBytes(int64(size * len(reading)))
			b.ResetTimer()
			for b.Loop() {
				if _, err := o.AppendBatch(context.Background(), batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "readings/s")
		})
	}
}

// BenchmarkAppendConcurrent appends single readings from many goroutines,
// which share fsyncs through group commit.
func BenchmarkAppendConcurrent(b *testing.B) {
	const writers = 256
	o, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer o.Close()
	b.ReportAllocs()
	b.SetBytes(int64(len(reading)))
	b.ResetTimer()
	var wg sync.WaitGroup
	per := b.N/writers + 1
	for range writers {
		wg.Go(func() {
			for range per {
				if _, err := o.Append(context.Background(), reading); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(per*writers)/b.Elapsed().Seconds(), "readings/s")
}

// BenchmarkDrain reads and acknowledges records that are already on disk.
func BenchmarkDrain(b *testing.B) {
	o, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer o.Close()
	batch := make([][]byte, 1000)
	for i := range batch {
		batch[i] = reading
	}
	for range b.N/len(batch) + 1 {
		if _, err := o.AppendBatch(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		rec, err := o.Next(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if err := o.Ack(rec.Seq); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "readings/s")
}
