package server

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land"
)

func TestPlanClass(t *testing.T) {
	tests := []struct {
		used, planned string
		class         string
		percent       string // "" for none
	}{
		{"0", "1000", planUnder80, "0.00"},
		{"799.96", "1000", planUnder80, "80.00"}, // rounds to 80.00 but is under 80%
		{"800", "1000", plan80to90, "80.00"},
		{"899.999", "1000", plan80to90, "90.00"},
		{"900", "1000", plan90to100, "90.00"},
		{"999.999", "1000", plan90to100, "100.00"},
		{"1000", "1000", planOver, "100.00"},
		{"1500", "1000", planOver, "150.00"},
		{"5", "0", planOver, ""},
		{"0", "0", planUnder80, ""},
	}
	for _, tt := range tests {
		class, percent := planClass(decimal.RequireFromString(tt.used), decimal.RequireFromString(tt.planned))
		got := ""
		if percent != nil {
			got = *percent
		}
		if class != tt.class || got != tt.percent {
			t.Errorf("planClass(%s of %s) = %s %q, want %s %q", tt.used, tt.planned, class, got, tt.class, tt.percent)
		}
	}
}

func TestSimplifyRing(t *testing.T) {
	// A square of side 0.001° with a point 0.2 m off its south edge.
	square := []float64{84, 44, 84.0005, 44.0000018, 84.001, 44, 84.001, 44.001, 84, 44.001, 84, 44}
	tests := []struct {
		tolerance float64
		want      int
	}{
		{0, 6},
		{0.1, 6},
		{1, 5},
		{100, 6}, // would keep fewer than 4 positions, so it stays whole
	}
	for _, tt := range tests {
		got := simplifyRing(square, 2, tt.tolerance)
		if len(got) != tt.want {
			t.Errorf("tolerance %g m: %d positions, want %d", tt.tolerance, len(got), tt.want)
		}
		if got[0] != got[len(got)-1] {
			t.Errorf("tolerance %g m: ring not closed: %v", tt.tolerance, got)
		}
	}
	triangle := []float64{84, 44, 84.001, 44, 84, 44.001, 84, 44}
	if got := simplifyRing(triangle, 2, 1000); len(got) != 4 {
		t.Errorf("triangle: %d positions, want 4", len(got))
	}
}

func TestPlotFeaturesMultiPolygon(t *testing.T) {
	mp := geom.NewMultiPolygon(geom.XY)
	for _, lon := range []float64{84, 84.01} {
		p := geom.NewPolygonFlat(geom.XY, []float64{lon, 44, lon + 0.001, 44, lon + 0.001, 44.001, lon, 44.001, lon, 44}, []int{10})
		if err := mp.Push(p); err != nil {
			t.Fatal(err)
		}
	}
	fc := plotFeatures("654202101001", []*land.Plot{{Code: "6542021010010100001", Village: "654202101001", Geometry: mp}}, 1)
	g := fc.Features[0].Geometry
	if g == nil || g.Type != "MultiPolygon" {
		t.Fatalf("geometry %+v, want a MultiPolygon", g)
	}
	if polys := g.Coordinates.([][][][2]float64); len(polys) != 2 || len(polys[1][0]) != 5 {
		t.Errorf("coordinates %v, want 2 squares of 5 positions", polys)
	}
	if fc.BBox[0] != 84 || fc.BBox[2] != 84.011 {
		t.Errorf("bbox %v, want west 84 and east 84.011", fc.BBox)
	}
}

// FuzzStatsQuery feeds outside query strings to the query parsers of the
// dashboard's routes. Each must return a value or a field error with status
// 400, and never panic.
func FuzzStatsQuery(f *testing.F) {
	for _, s := range []string{"", "year=2026", "month=2026-05", "month=9999-99", "by=village",
		"kinds=alarm,daily", "kinds=,", "division=654202&year=-1", "month=2026-5&by=", "a=%zz"} {
		f.Add(s)
	}
	today := land.NewDate(2026, 5, 2)
	f.Fuzz(func(t *testing.T, raw string) {
		if _, err := url.ParseQuery(raw); err != nil {
			return
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.RawQuery = raw
		check := func(fe *fieldError) {
			if fe != nil && fe.status != 400 {
				t.Errorf("status %d for %q, want 400", fe.status, raw)
			}
		}
		_, fe := yearQuery(r, today)
		check(fe)
		m, fe := monthQuery(r, today)
		check(fe)
		if fe == nil && m.After(today) {
			t.Errorf("month %s after today for %q", m, raw)
		}
		_, fe = byQuery(r, "654202")
		check(fe)
		_, fe = kindsQuery(r)
		check(fe)
		check(checkQuery(r, "division", "month", "by"))
	})
}

func TestDashboardFiles(t *testing.T) {
	s := New(Config{})
	tests := []struct {
		path, contentType string
		status            int
	}{
		{"/dashboard/", "text/html; charset=utf-8", 200},
		{"/dashboard/style.css", "text/css; charset=utf-8", 200},
		{"/dashboard/js/main.js", "text/javascript; charset=utf-8", 200},
		{"/dashboard/icon.svg", "image/svg+xml", 200},
		{"/dashboard/missing.js", "application/json", 404},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
		if rec.Code != tt.status {
			t.Errorf("GET %s: got %d, want %d", tt.path, rec.Code, tt.status)
			continue
		}
		if ct := rec.Header().Get("Content-Type"); ct != tt.contentType {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.path, ct, tt.contentType)
		}
		if tt.status != 200 {
			continue
		}
		if rec.Header().Get("Content-Security-Policy") != dashboardPolicy {
			t.Errorf("GET %s: no Content-Security-Policy", tt.path)
		}
		etag := rec.Header().Get("ETag")
		again := httptest.NewRecorder()
		req := httptest.NewRequest("GET", tt.path, nil)
		req.Header.Set("If-None-Match", etag)
		s.ServeHTTP(again, req)
		if again.Code != 304 {
			t.Errorf("GET %s with If-None-Match: got %d, want 304", tt.path, again.Code)
		}
	}

	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 302 || rec.Header().Get("Location") != "/dashboard/" {
		t.Errorf("GET /: got %d to %q, want 302 to /dashboard/", rec.Code, rec.Header().Get("Location"))
	}
}

// TestDashboardSelfContained checks that the dashboard loads nothing from
// other hosts, so that it works offline.
func TestDashboardSelfContained(t *testing.T) {
	for name, f := range loadDashboard() {
		text := strings.ReplaceAll(string(f.body), "http://www.w3.org/2000/svg", "")
		for _, scheme := range []string{"http://", "https://", "//cdn", "@import"} {
			if strings.Contains(text, scheme) {
				t.Errorf("%s contains %q; the dashboard must load only its own files", name, scheme)
			}
		}
	}
	if len(loadDashboard()) < 8 {
		t.Errorf("%d dashboard files, want the page, its style sheet, icon and modules", len(loadDashboard()))
	}
}
