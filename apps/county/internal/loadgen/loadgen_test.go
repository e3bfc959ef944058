package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	sorted := make([]time.Duration, 100)
	for i := range sorted {
		sorted[i] = time.Duration(i+1) * time.Millisecond
	}
	tests := []struct {
		p    int
		want time.Duration
	}{
		{50, 50 * time.Millisecond},
		{90, 90 * time.Millisecond},
		{99, 99 * time.Millisecond},
		{100, 100 * time.Millisecond},
		{0, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(sorted, tt.p); got != tt.want {
			t.Errorf("p%d: got %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestRunCountsRequests(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte("{}"))
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Config{URL: srv.URL, Token: "tok", Connections: 2, Duration: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests == 0 {
		t.Errorf("requests: got 0, want some")
	}
	if res.Errors != 0 {
		t.Errorf("errors: got %d, want 0", res.Errors)
	}
	if res.P50 > res.P99 || res.P99 > res.Max {
		t.Errorf("percentiles out of order: %v", res)
	}
}

func TestRunRejects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no connections", Config{URL: srv.URL, Duration: time.Second}, "connections 0"},
		{"no duration", Config{URL: srv.URL, Connections: 1}, "duration 0s"},
		{"status 401", Config{URL: srv.URL, Connections: 1, Duration: time.Second}, "401"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestSeedTwice(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	seeded, err := Seed(context.Background(), dir, "", "load")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(seeded.Token, "sxt_") {
		t.Errorf("token: got %q, want the sxt_ prefix", seeded.Token)
	}
	if _, err := Seed(context.Background(), dir, "", "load"); err == nil {
		t.Errorf("second seed of %s: got no error, want one", dir)
	}
}
