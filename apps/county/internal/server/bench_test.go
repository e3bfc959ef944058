package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

func BenchmarkPlotByCode(b *testing.B) { benchmarkServe(b, "/api/v1/plots/"+plotA) }
func BenchmarkWellDaily(b *testing.B)  { benchmarkServe(b, "/api/v1/wells/"+wellA+"/daily") }

// benchmarkServe serves path in process, without a network, as the county
// administrator, from several goroutines.
func benchmarkServe(b *testing.B, path string) {
	f := newFixture(b, sqlstore.SQLite)
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			f.api.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Errorf("status %d", rec.Code)
				return
			}
		}
	})
}
