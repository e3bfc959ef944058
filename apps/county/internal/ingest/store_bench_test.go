package ingest

import (
	"context"
	"testing"
)

// BenchmarkStoreInsert measures the store alone: new readings into SQLite
// in transactions of 5,000.
func BenchmarkStoreInsert(b *testing.B) {
	s := openSQLite(b)
	const per = 5000
	var rs []Reading
	seq := uint64(1)
	fresh := make([]bool, per)
	b.ResetTimer()
	for done := 0; done < b.N; done += per {
		rs = rs[:0]
		for range per {
			rs = append(rs, Reading{Source: "g/gw", Seq: int64(seq), Device: "well-1", Field: "flow_total", TimeMillis: ts0 + int64(seq)*60_000, Value: int64(seq) * 150, Scale: 2})
			seq++
		}
		if err := s.Insert(context.Background(), rs, fresh); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "readings/s")
}
