package auth

import (
	"fmt"
	"testing"
	"time"
)

// TestLoginLimiterBounded checks that a flood of addresses and names keeps
// every map of the limiter within MaxEntries.
func TestLoginLimiterBounded(t *testing.T) {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	l := NewLoginLimiter(LoginLimits{MaxEntries: 50}, func() time.Time { return now })
	for i := range 2000 {
		client := fmt.Sprintf("10.0.%d.%d", i/250, i%250)
		a, err := l.Begin(fmt.Sprintf("name-%d", i), client)
		if err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
		if i%2 == 0 {
			a.Fail()
		} else {
			a.Succeed()
		}
	}
	for name, n := range map[string]int{"pairs": len(l.pairs), "clients": len(l.clients),
		"accounts": len(l.accounts), "known": len(l.known)} {
		if n > 50 {
			t.Errorf("%s: %d entries, want at most 50", name, n)
		}
	}
}

func TestClientKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
		{"2001:db8::1", "2001:db8::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"not an address", "not an address"},
		{string(make([]byte, 100)), string(make([]byte, 64))},
	}
	for _, tt := range tests {
		if got := clientKey(tt.in); got != tt.want {
			t.Errorf("clientKey(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
