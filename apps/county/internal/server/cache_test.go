package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

type plotView struct {
	DeclaredArea string `json:"declared_area"`
	Version      int64  `json:"version"`
}

type seriesView struct {
	Total string `json:"total_m3"`
	Days  []any  `json:"days"`
}

// TestCachedPlotAfterUpdate checks that a plot read into the cache is served
// anew after an update through the API.
func TestCachedPlotAfterUpdate(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	first := f.do("GET", "/api/v1/plots/"+plotA, "cadre-a", nil)
	if first.status != http.StatusOK {
		t.Fatalf("first read: got %d %s", first.status, first.body)
	}
	body := plotBody(plotA, villageA, 1)
	body["declared_area"] = "7.25"
	if res := f.do("PUT", "/api/v1/plots/"+plotA, "cadre-a", body); res.status != http.StatusOK {
		t.Fatalf("update: got %d %s", res.status, res.body)
	}
	second := f.do("GET", "/api/v1/plots/"+plotA, "cadre-a", nil)
	got := decode[plotView](t, second)
	if got.DeclaredArea != "7.25" {
		t.Errorf("declared area: got %s, want 7.25", got.DeclaredArea)
	}
	if got.Version != 2 {
		t.Errorf("version: got %d, want 2", got.Version)
	}
	if first.header.Get("ETag") == second.header.Get("ETag") {
		t.Errorf("ETag %s did not change after the update", first.header.Get("ETag"))
	}
	stale := f.do("GET", "/api/v1/plots/"+plotA, "cadre-a", nil, "If-None-Match", first.header.Get("ETag"))
	if stale.status != http.StatusOK {
		t.Errorf("old ETag: got %d, want 200", stale.status)
	}
}

// TestCachedSeriesAfterPutDaily checks that a daily series read into the
// cache is served anew after new totals are stored.
func TestCachedSeriesAfterPutDaily(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	path := "/api/v1/wells/" + wellA + "/daily"
	if got := decode[seriesView](t, f.do("GET", path, "water", nil)); len(got.Days) != 2 {
		t.Fatalf("first read: got %d days, want 2", len(got.Days))
	}
	day := store.Daily{Well: wellA, Day: land.NewDate(2026, 5, 3), Volume: decimal.RequireFromString("1.25"), Readings: 24}
	if err := f.county.PutDaily(context.Background(), []store.Daily{day}); err != nil {
		t.Fatal(err)
	}
	got := decode[seriesView](t, f.do("GET", path, "water", nil))
	if len(got.Days) != 3 {
		t.Errorf("days: got %d, want 3", len(got.Days))
	}
	if got.Total != "16.00" {
		t.Errorf("total: got %s, want 16.00", got.Total)
	}
}

// TestCachedScope checks that responses cached for a county-wide reader are
// not served to a village cadre of another village.
func TestCachedScope(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	tests := []struct {
		name, path string
	}{
		{"plot", "/api/v1/plots/" + plotA},
		{"series", "/api/v1/wells/" + wellA + "/daily"},
		{"series range", "/api/v1/wells/" + wellA + "/daily?from=2026-05-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if res := f.do("GET", tt.path, "admin", nil); res.status != http.StatusOK {
				t.Fatalf("admin: got %d %s", res.status, res.body)
			}
			if res := f.do("GET", tt.path, "cadre-c", nil); res.status != http.StatusNotFound {
				t.Errorf("cadre of village C: got %d %s, want 404", res.status, res.body)
			}
			if res := f.do("GET", tt.path, "cadre-a", nil); res.status != http.StatusOK {
				t.Errorf("cadre of village A: got %d %s, want 200", res.status, res.body)
			}
		})
	}
}

// TestCachedPlotOutsideWrite checks that a write which bypasses the server,
// as one by another process does, is served once the cache TTL has passed.
func TestCachedPlotOutsideWrite(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	if res := f.do("GET", "/api/v1/plots/"+plotA, "admin", nil); res.status != http.StatusOK {
		t.Fatalf("first read: got %d %s", res.status, res.body)
	}
	ctx := context.Background()
	pl, err := f.land.Plot(ctx, plotA)
	if err != nil {
		t.Fatal(err)
	}
	pl.DeclaredArea = decimal.RequireFromString("8.50")
	if err := f.land.PutPlot(ctx, pl); err != nil {
		t.Fatal(err)
	}
	// The deadline is far above the TTL, so that a loaded machine does not
	// fail the test.
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := decode[plotView](t, f.do("GET", "/api/v1/plots/"+plotA, "admin", nil))
		if got.DeclaredArea == "8.50" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("declared area: still %s 10 s after the write, want 8.50", got.DeclaredArea)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
