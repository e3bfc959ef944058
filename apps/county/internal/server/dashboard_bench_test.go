package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// demoNow is the clock of the demo benchmarks: 20 July 2026, in the
// irrigation season, so that the month's water and its bases are large.
var demoNow = time.Date(2026, 7, 20, 4, 0, 0, 0, time.UTC)

// demoServer returns a server on the demo county in SQLite with daily
// totals from 1 January 2025 to the day before demoNow, with the response
// cache on or off, and a county administrator's token.
func demoServer(b *testing.B, cache bool) (http.Handler, string) {
	b.Helper()
	ctx := context.Background()
	c, err := demo.Generate(demo.DefaultSeed, demo.Size{})
	if err != nil {
		b.Fatal(err)
	}

	db := sqlstoretest.Open(b, sqlstore.SQLite, "dashboardbench")
	ls, err := landsql.Open(ctx, db.DB, landsql.Dialect(sqlstore.SQLite), landsql.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ws, err := watersql.Open(ctx, db.DB, watersql.Dialect(sqlstore.SQLite), watersql.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cs, err := store.Open(ctx, db.DB, sqlstore.SQLite, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Load(ctx, ls, ws); err != nil {
		b.Fatal(err)
	}
	history := c.History(land.NewDate(2025, 1, 1), land.NewDate(2026, 7, 19))
	days := make([]store.Daily, len(history))
	for i, h := range history {
		days[i] = store.Daily{Well: string(h.Well), Day: h.Day, Volume: h.Volume}
	}
	if err := cs.PutDaily(ctx, days); err != nil {
		b.Fatal(err)
	}

	svc := auth.NewService(cs, auth.Options{Hash: auth.HashParams{MemoryKiB: 64, Passes: 1, Lanes: 1}})
	if _, err := svc.CreateAccount(ctx, "admin", auth.CountyAdmin, c.Code); err != nil {
		b.Fatal(err)
	}
	token, err := svc.IssueToken(ctx, "admin", time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	ttl := time.Duration(-1)
	if cache {
		ttl = time.Minute
	}
	api := server.New(server.Config{Land: ls, Water: ws, County: cs, Auth: svc, ReadCacheTTL: ttl,
		Clock: func() time.Time { return demoNow }})
	return api, token
}

// BenchmarkDashboard serves each of the dashboard's statistics routes for the
// demo county (720 plots, 43 wells, 24,295 daily totals), built from the
// stores on every request and, for the map, also from the response cache.
func BenchmarkDashboard(b *testing.B) {
	if testing.Short() {
		b.Skip("loads the demo county")
	}
	uncached, token := demoServer(b, false)
	cached, cachedToken := demoServer(b, true)
	for _, bc := range []struct {
		name, path string
		api        http.Handler
		token      string
	}{
		{"water", "/api/v1/stats/water", uncached, token},
		{"plan-use", "/api/v1/stats/plan-use", uncached, token},
		{"land", "/api/v1/stats/land", uncached, token},
		{"map", "/api/v1/map/plots", uncached, token},
		{"map-cached", "/api/v1/map/plots", cached, cachedToken},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", bc.path, nil)
			req.Header.Set("Authorization", "Bearer "+bc.token)
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				bc.api.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
