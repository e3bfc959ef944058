package watersql_test

import (
	"context"
	"testing"

	"github.com/shuxiang/shuxiang/water/watersql"
)

// BenchmarkPutWell measures updates of one well with its meters, a transaction each.
func BenchmarkPutWell(b *testing.B) {
	for _, d := range []watersql.Dialect{watersql.SQLite, watersql.PostgreSQL} {
		b.Run(d.String(), func(b *testing.B) {
			s := openStore(b, newDB(b, d))
			ctx := context.Background()
			w := precisionWell()
			if err := s.PutWell(ctx, w); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := s.PutWell(ctx, w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWellByMeter measures the look-up of a reading's well.
func BenchmarkWellByMeter(b *testing.B) {
	for _, d := range []watersql.Dialect{watersql.SQLite, watersql.PostgreSQL} {
		b.Run(d.String(), func(b *testing.B) {
			s := openStore(b, newDB(b, d))
			ctx := context.Background()
			w := precisionWell()
			w.Meters = append(w.Meters, fullMeter())
			if err := s.PutWell(ctx, w); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.WellByMeter(ctx, w.Meters[0].ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
