package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// BenchmarkLookup serves the public page of one code, recording a scan each
// time, through the handler without a network.
func BenchmarkLookup(b *testing.B) {
	f := newTraceFixture(b, sqlstore.SQLite, func(c *server.TraceConfig) { c.LookupRate = 1e9 })
	codes := setUpBatch(b, f, plotA, 1)
	req := httptest.NewRequest("GET", "/t/"+codes[0], nil)
	req.RemoteAddr = "192.0.2.1:1234"
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		f.api.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}
