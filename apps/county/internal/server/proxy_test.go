package server_test

import (
	"context"
	"net/http"
	"net/netip"
	"testing"

	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// TestLookupBehindProxy checks that the public lookup limits and hashes
// the client of X-Forwarded-For behind a trusted proxy, and ignores the
// header from any other peer.
func TestLookupBehindProxy(t *testing.T) {
	f := newTraceFixture(t, sqlstore.SQLite, func(c *server.TraceConfig) {
		c.LookupRate, c.LookupBurst = 0.01, 2
	})
	codes := setUpBatch(t, f, plotA, 1)
	behind := f.withServer(func(c *server.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	lookup := func(f *fixture, forwardedFor string) int {
		return f.do("GET", "/t/"+codes[0], "", nil, "User-Agent", "phone", "X-Forwarded-For", forwardedFor).status
	}
	for _, tt := range []struct {
		name         string
		f            *fixture
		forwardedFor string
		want         int
	}{
		{"first from 203.0.113.5", behind, "203.0.113.5", http.StatusOK},
		{"second from 203.0.113.5", behind, "203.0.113.5", http.StatusOK},
		{"third from 203.0.113.5", behind, "203.0.113.5", http.StatusTooManyRequests},
		{"first from 203.0.113.6", behind, "203.0.113.6", http.StatusOK},
		{"spoofed from an untrusted peer", f.fixture, "198.51.100.1", http.StatusOK},
		{"spoofed again", f.fixture, "198.51.100.2", http.StatusOK},
		{"spoofed a third time", f.fixture, "198.51.100.3", http.StatusTooManyRequests},
	} {
		if got := lookup(tt.f, tt.forwardedFor); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}

	f.stopRecorder()
	scans, _, err := f.trace.Scans(context.Background(), trace.ScanFilter{Page: land.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	clients := map[string]int{}
	for _, s := range scans {
		clients[s.Client]++
	}
	for _, tt := range []struct {
		addr string
		want int
	}{{"203.0.113.5", 2}, {"203.0.113.6", 1}, {"127.0.0.1", 2}, {"198.51.100.1", 0}} {
		hash := trace.HashClient(f.keys.Client, tt.addr+"\x00phone")
		if got := clients[hash]; got != tt.want {
			t.Errorf("scans hashed with %s: got %d, want %d", tt.addr, got, tt.want)
		}
	}
}
