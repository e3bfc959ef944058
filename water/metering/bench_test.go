package metering

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// genNow is a now after every generated reading.
const genNow = genStart + 30*86400

// benchReadings are 10,000 wells × 100 readings in arrival order, 0.1% late and 0.1%
// sent twice, like the baseline data.
var benchReadings = sync.OnceValue(func() []Reading {
	return genReadings(10_000, 100, 1, 0.001, 0.001)
})

// BenchmarkIngest ingests decoded readings into UTC daily rollups on one goroutine.
func BenchmarkIngest(b *testing.B) {
	rs := benchReadings()
	zone := utcZone(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := newWellShard(b, zone, 10_000)
		s.Reserve(10_000 * 2)
		b.StartTimer()
		s.Ingest(genNow, rs)
	}
	b.ReportMetric(float64(len(rs))*float64(b.N)/b.Elapsed().Seconds(), "readings/s")
}

// BenchmarkIngestUnreserved is BenchmarkIngest without [Shard.Reserve], so the shard
// allocates its day records during ingest.
func BenchmarkIngestUnreserved(b *testing.B) {
	rs := benchReadings()
	zone := utcZone(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := newWellShard(b, zone, 10_000)
		b.StartTimer()
		s.Ingest(genNow, rs)
	}
	b.ReportMetric(float64(len(rs))*float64(b.N)/b.Elapsed().Seconds(), "readings/s")
}

// BenchmarkIngestShards ingests the same readings split by meter into two shards on
// two goroutines, then merges them. Compare its readings/s with BenchmarkIngest's.
func BenchmarkIngestShards(b *testing.B) {
	rs := benchReadings()
	var parts [2][]Reading
	for _, r := range rs {
		parts[r.Meter%2] = append(parts[r.Meter%2], r)
	}
	zone := utcZone(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		shards := [2]*Shard{newWellShard(b, zone, 10_000), newWellShard(b, zone, 10_000)}
		for _, s := range shards {
			s.Reserve(10_000 * 2)
		}
		b.StartTimer()
		var wg sync.WaitGroup
		for i := range shards {
			wg.Go(func() { shards[i].Ingest(genNow, parts[i]) })
		}
		wg.Wait()
		if err := shards[0].Merge(shards[1]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rs))*float64(b.N)/b.Elapsed().Seconds(), "readings/s")
}

func BenchmarkCSVParse(b *testing.B) {
	rs := benchReadings()
	var file bytes.Buffer
	for _, r := range rs {
		fmt.Fprintf(&file, "%d,%d,%d.%02d\n", r.Meter, r.Time, r.Value/100, r.Value%100)
	}
	data := file.Bytes()
	buf := make([]Reading, 0, 4096)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		p := CSVParser{Scale: 2}
		for rest := data; len(rest) > 0; {
			var n int
			var err error
			buf, n, err = p.Parse(buf[:0], rest[:min(len(rest), 64<<10)], len(rest) <= 64<<10)
			if err != nil {
				b.Fatal(err)
			}
			rest = rest[n:]
		}
	}
	b.ReportMetric(float64(len(rs))*float64(b.N)/b.Elapsed().Seconds(), "readings/s")
}

func BenchmarkSnapshot(b *testing.B) {
	s := newWellShard(b, utcZone(b), 10_000)
	s.Ingest(genNow, benchReadings())
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = s.AppendSnapshot(buf[:0])
	}
	b.ReportMetric(float64(len(buf)), "bytes")
}

// BenchmarkMergeRuns merges two shards that each took half of the arrival stream of
// 10,000 meters, so every meter needs a join.
func BenchmarkMergeRuns(b *testing.B) {
	rs := benchReadings()
	zone := utcZone(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		x, y := newWellShard(b, zone, 10_000), newWellShard(b, zone, 10_000)
		x.Ingest(genNow, rs[:len(rs)/2])
		y.Ingest(genNow, rs[len(rs)/2:])
		b.StartTimer()
		if err := x.Merge(y); err != nil {
			b.Fatal(err)
		}
	}
}
