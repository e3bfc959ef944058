package auth_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
)

// fakeClock is a clock that tests move by hand.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time      { return c.now }
func (c *fakeClock) Add(d time.Duration) { c.now = c.now.Add(d) }
func newClock() *fakeClock               { return &fakeClock{now: time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)} }
func limiter(l auth.LoginLimits, c *fakeClock) *auth.LoginLimiter {
	return auth.NewLoginLimiter(l, c.Now)
}

// fail makes one failed attempt and fails the test when it is rejected.
func fail(t *testing.T, l *auth.LoginLimiter, account, client string) {
	t.Helper()
	a, err := l.Begin(account, client)
	if err != nil {
		t.Fatalf("%s from %s: %v, want the attempt admitted", account, client, err)
	}
	a.Fail()
}

// succeed makes one successful attempt and fails the test when it is
// rejected.
func succeed(t *testing.T, l *auth.LoginLimiter, account, client string) {
	t.Helper()
	a, err := l.Begin(account, client)
	if err != nil {
		t.Fatalf("%s from %s: %v, want the attempt admitted", account, client, err)
	}
	a.Succeed()
}

// rejected returns the RetryError of an attempt that must be rejected.
func rejected(t *testing.T, l *auth.LoginLimiter, account, client string) *auth.RetryError {
	t.Helper()
	a, err := l.Begin(account, client)
	if err == nil {
		a.Abandon()
		t.Fatalf("%s from %s: admitted, want a rejection", account, client)
	}
	re, ok := errors.AsType[*auth.RetryError](err)
	if !ok {
		t.Fatalf("%s from %s: got %v, want a *RetryError", account, client, err)
	}
	return re
}

func TestLoginLimiterPairBackoff(t *testing.T) {
	c := newClock()
	l := limiter(auth.LoginLimits{PairFailures: 5, Backoff: 30 * time.Second, MaxBackoff: 4 * time.Minute}, c)
	for range 5 {
		fail(t, l, "admin", "192.0.2.1")
	}
	for _, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 4 * time.Minute} {
		re := rejected(t, l, "admin", "192.0.2.1")
		if re.Wait != want || re.Rule != auth.RulePair {
			t.Fatalf("got wait %s rule %s, want %s pair", re.Wait, re.Rule, want)
		}
		c.Add(want - time.Second)
		if re := rejected(t, l, "admin", "192.0.2.1"); re.Wait != time.Second {
			t.Errorf("one second before the end: wait %s, want 1s", re.Wait)
		}
		c.Add(time.Second)
		fail(t, l, "admin", "192.0.2.1")
	}
}

func TestLoginLimiterSuccessUsesNoAllowance(t *testing.T) {
	c := newClock()
	l := limiter(auth.LoginLimits{PairFailures: 3, ClientFailures: 5}, c)
	for range 100 {
		succeed(t, l, "clerk", "192.0.2.1")
	}
	for i := range 50 {
		succeed(t, l, fmt.Sprintf("user-%d", i), "192.0.2.1")
	}
	// Two failures, a success that clears them, then three more are
	// admitted before back-off.
	fail(t, l, "clerk", "192.0.2.1")
	fail(t, l, "clerk", "192.0.2.1")
	succeed(t, l, "clerk", "192.0.2.1")
	for range 3 {
		fail(t, l, "clerk", "192.0.2.1")
	}
	if re := rejected(t, l, "clerk", "192.0.2.1"); re.Rule != auth.RulePair {
		t.Errorf("rule: got %s, want pair", re.Rule)
	}
}

func TestLoginLimiterClient(t *testing.T) {
	c := newClock()
	l := limiter(auth.LoginLimits{PairFailures: 5, ClientFailures: 10, Backoff: time.Minute}, c)
	for i := range 10 {
		fail(t, l, fmt.Sprintf("user-%d", i), "198.51.100.7")
	}
	re := rejected(t, l, "someone-else", "198.51.100.7")
	if re.Rule != auth.RuleClient || re.Wait != time.Minute {
		t.Errorf("got %s after %s, want client after 1m", re.Rule, re.Wait)
	}
	succeed(t, l, "someone-else", "198.51.100.8")
	// A success from the address does not clear the address's failures.
	c.Add(time.Minute)
	succeed(t, l, "user-0", "198.51.100.7")
	fail(t, l, "user-1", "198.51.100.7")
	if re := rejected(t, l, "user-2", "198.51.100.7"); re.Wait != 2*time.Minute {
		t.Errorf("after the next failure: wait %s, want 2m", re.Wait)
	}
}

// TestLoginLimiterNoLockout checks that an attacker who guesses the admin's
// secret from one address as fast as the limits admit, for a day, never
// delays the admin at another address.
func TestLoginLimiterNoLockout(t *testing.T) {
	c := newClock()
	l := limiter(auth.LoginLimits{}, c)
	succeed(t, l, "admin", "203.0.113.9")
	attempts := 0
	for end := c.now.Add(24 * time.Hour); c.now.Before(end); {
		a, err := l.Begin("admin", "192.0.2.66")
		if err != nil {
			re, _ := errors.AsType[*auth.RetryError](err)
			c.Add(re.Wait)
			continue
		}
		a.Fail()
		attempts++
		fresh, err := l.Begin("admin", "203.0.113.10")
		if err != nil {
			t.Fatalf("after %d failures from the attacker: the admin's attempt from a new address: %v", attempts, err)
		}
		fresh.Abandon()
		succeed(t, l, "admin", "203.0.113.9")
	}
	if attempts > 200 {
		t.Errorf("the attacker made %d attempts in a day, want the back-off to hold them under 200", attempts)
	}
}

// TestLoginLimiterAccountWide checks that failures from many addresses slow
// the account's attempts from new addresses by at most AccountInterval,
// and not those from an address that has logged in before.
func TestLoginLimiterAccountWide(t *testing.T) {
	c := newClock()
	l := limiter(auth.LoginLimits{AccountFailures: 50, AccountInterval: 2 * time.Second}, c)
	succeed(t, l, "admin", "203.0.113.9")
	for i := range 50 {
		fail(t, l, "admin", fmt.Sprintf("10.0.%d.%d", i/250, i%250))
	}
	succeed(t, l, "admin", "10.9.9.1") // the spacing's first attempt
	re := rejected(t, l, "admin", "10.9.9.2")
	if re.Rule != auth.RuleAccount || re.Wait != 2*time.Second {
		t.Errorf("got %s after %s, want account after 2s", re.Rule, re.Wait)
	}
	for range 3 {
		succeed(t, l, "admin", "203.0.113.9")
	}
	succeed(t, l, "other", "10.9.9.2")
	c.Add(2 * time.Second)
	succeed(t, l, "admin", "10.9.9.2")
}

func TestLoginLimiterInFlight(t *testing.T) {
	c := newClock()
	l := limiter(auth.LoginLimits{PairFailures: 2}, c)
	a1, err := l.Begin("admin", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	a2, err := l.Begin("admin", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if re := rejected(t, l, "admin", "192.0.2.1"); re.Wait != time.Second {
		t.Errorf("third attempt in flight: wait %s, want 1s", re.Wait)
	}
	a1.Succeed()
	a1.Fail() // a second outcome is ignored
	a2.Abandon()
	fail(t, l, "admin", "192.0.2.1")
	a3, err := l.Begin("admin", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	// Past the allowance, only one attempt at a time goes ahead.
	a3.Fail()
	c.Add(30 * time.Second)
	a4, err := l.Begin("admin", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	defer a4.Abandon()
	if re := rejected(t, l, "admin", "192.0.2.1"); re.Wait != time.Second {
		t.Errorf("second attempt past the allowance: wait %s, want 1s", re.Wait)
	}
}

func TestLoginLimiterForget(t *testing.T) {
	c := newClock()
	l := limiter(auth.LoginLimits{PairFailures: 2, Backoff: time.Minute, MaxBackoff: time.Minute, Forget: time.Hour}, c)
	fail(t, l, "admin", "192.0.2.1")
	fail(t, l, "admin", "192.0.2.1")
	c.Add(time.Hour)
	fail(t, l, "admin", "192.0.2.1")
	fail(t, l, "admin", "192.0.2.1")
	if re := rejected(t, l, "admin", "192.0.2.1"); re.Wait != time.Minute {
		t.Errorf("wait: got %s, want 1m, the first back-off again", re.Wait)
	}
}

func TestLoginLimiterIPv6Prefix(t *testing.T) {
	c := newClock()
	l := limiter(auth.LoginLimits{PairFailures: 2}, c)
	fail(t, l, "admin", "2001:db8::1")
	fail(t, l, "admin", "2001:db8::ffff:2")
	if re := rejected(t, l, "admin", "2001:db8::3"); re.Rule != auth.RulePair {
		t.Errorf("same /64: rule %s, want pair", re.Rule)
	}
	succeed(t, l, "admin", "2001:db8:0:1::1")
	fail(t, l, "x", "::ffff:192.0.2.1")
	fail(t, l, "x", "192.0.2.1")
	rejected(t, l, "x", "192.0.2.1")
}

func TestLoginLimitsValidate(t *testing.T) {
	tests := []struct {
		name string
		l    auth.LoginLimits
		ok   bool
	}{
		{"zero", auth.LoginLimits{}, true},
		{"defaults", auth.DefaultLoginLimits, true},
		{"negative failures", auth.LoginLimits{PairFailures: -1}, false},
		{"negative backoff", auth.LoginLimits{Backoff: -time.Second}, false},
		{"max below backoff", auth.LoginLimits{Backoff: time.Minute, MaxBackoff: time.Second}, false},
		{"forget below max", auth.LoginLimits{MaxBackoff: time.Hour, Forget: time.Minute}, false},
	}
	for _, tt := range tests {
		if err := tt.l.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: got %v, want ok %v", tt.name, err, tt.ok)
		}
	}
	got := auth.NewLoginLimiter(auth.LoginLimits{Backoff: time.Hour}, nil).Limits()
	if got.MaxBackoff != time.Hour || got.Forget != time.Hour || got.PairFailures != 5 {
		t.Errorf("defaults around a backoff of 1h: got %+v", got)
	}
}

func BenchmarkLoginLimiter(b *testing.B) {
	l := auth.NewLoginLimiter(auth.LoginLimits{}, nil)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		a, err := l.Begin("admin", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
		if err == nil {
			a.Fail()
		}
	}
}
