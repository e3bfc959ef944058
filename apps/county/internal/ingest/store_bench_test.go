package ingest

import (
	"context"
	"testing"

	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

// BenchmarkStoreInsert measures the store alone: new readings in
// transactions of 5,000, into SQLite, into PostgreSQL with COPY, and into
// PostgreSQL with the multi-row INSERT statements of the SQLite path.
func BenchmarkStoreInsert(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchStoreInsert(b, openSQLite(b)) })
	b.Run("postgresql", func(b *testing.B) {
		benchStoreInsert(b, openStore(b, sqlstoretest.PostgreSQL(b, "ingest")))
	})
	b.Run("postgresql-insert", func(b *testing.B) {
		s := openStore(b, sqlstoretest.PostgreSQL(b, "ingest"))
		s.copy = false
		benchStoreInsert(b, s)
	})
}

func benchStoreInsert(b *testing.B, s *Store) {
	const per = 5000
	var rs []Reading
	seq := uint64(1)
	fresh := make([]bool, per)
	b.ReportAllocs()
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
