package auth

import (
	"fmt"
	"maps"
	"net/netip"
	"sync"
	"time"
)

// LoginLimits configures the limits on failed logins. Failures count per
// pair of account name and client address, and per client address over all
// account names. Once either allowance is used up, every further failure
// doubles the wait before the next attempt, from Backoff up to MaxBackoff.
// Failures of one account from all addresses count as well, but past
// AccountFailures they only space out attempts from addresses that have not
// logged in to the account before, so that no one can lock an account out.
// Successful logins use up no allowance, and one clears its pair's failures.
//
// A field's zero value means its default. An IPv6 client counts as its /64,
// because one subscriber is given a whole /64.
type LoginLimits struct {
	// PairFailures is the number of failed logins one account name may have
	// from one client address before back-off starts; 0 means 5.
	PairFailures int
	// ClientFailures is the number of failed logins one client address may
	// have over all account names before back-off starts; 0 means 30, so
	// that an office behind one NAT address can mistype a few secrets.
	ClientFailures int
	// Backoff is the wait after the failure that uses up an allowance. Each
	// further failure doubles it; 0 means 30 s.
	Backoff time.Duration
	// MaxBackoff is the longest wait of the back-off; 0 means 15 minutes.
	MaxBackoff time.Duration
	// Forget is the time after its last failure at which a pair's or an
	// address's failures are forgotten. It must be at least MaxBackoff;
	// 0 means 1 hour.
	Forget time.Duration
	// AccountFailures is the number of failed logins of one account from all
	// addresses, within Forget of each other, past which attempts from
	// addresses unknown to the account are spaced by AccountInterval. Each
	// pair adds at most PairFailures to the count, so that it takes many
	// addresses to reach it. 0 means 100.
	AccountFailures int
	// AccountInterval is the spacing of those attempts, and so the longest
	// wait that the account-wide rule imposes; 0 means 1 s.
	AccountInterval time.Duration
	// KnownFor is how long a client address stays known to an account after a
	// successful login from it; 0 means 30 days.
	KnownFor time.Duration
	// MaxEntries bounds the pairs, the addresses, the accounts and the known
	// addresses that are tracked, each; 0 means 100,000.
	MaxEntries int
}

// DefaultLoginLimits are the limits that the zero LoginLimits means.
var DefaultLoginLimits = LoginLimits{PairFailures: 5, ClientFailures: 30, Backoff: 30 * time.Second,
	MaxBackoff: 15 * time.Minute, Forget: time.Hour, AccountFailures: 100, AccountInterval: time.Second,
	KnownFor: 30 * 24 * time.Hour, MaxEntries: 100_000}

// withDefaults returns l with every field that is 0 or less set to its
// default, and Forget raised to MaxBackoff.
func (l LoginLimits) withDefaults() LoginLimits {
	d := DefaultLoginLimits
	pick := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	pickD := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	pick(&l.PairFailures, d.PairFailures)
	pick(&l.ClientFailures, d.ClientFailures)
	pick(&l.AccountFailures, d.AccountFailures)
	pick(&l.MaxEntries, d.MaxEntries)
	pickD(&l.Backoff, d.Backoff)
	pickD(&l.MaxBackoff, d.MaxBackoff)
	pickD(&l.Forget, d.Forget)
	pickD(&l.AccountInterval, d.AccountInterval)
	pickD(&l.KnownFor, d.KnownFor)
	l.MaxBackoff = max(l.MaxBackoff, l.Backoff)
	l.Forget = max(l.Forget, l.MaxBackoff)
	return l
}

// Validate checks the limits: no field may be negative, MaxBackoff must not be
// below Backoff and Forget not below MaxBackoff, where both are set.
func (l LoginLimits) Validate() error {
	for _, f := range []struct {
		name string
		v    int64
	}{{"pair failures", int64(l.PairFailures)}, {"client failures", int64(l.ClientFailures)},
		{"account failures", int64(l.AccountFailures)}, {"max entries", int64(l.MaxEntries)},
		{"backoff", int64(l.Backoff)}, {"max backoff", int64(l.MaxBackoff)}, {"forget", int64(l.Forget)},
		{"account interval", int64(l.AccountInterval)}, {"known for", int64(l.KnownFor)}} {
		if f.v < 0 {
			return fmt.Errorf("login limits: %s is negative, want 0 for the default or more", f.name)
		}
	}
	if l.Backoff > 0 && l.MaxBackoff > 0 && l.MaxBackoff < l.Backoff {
		return fmt.Errorf("login limits: max backoff %s is below backoff %s", l.MaxBackoff, l.Backoff)
	}
	if l.MaxBackoff > 0 && l.Forget > 0 && l.Forget < l.MaxBackoff {
		return fmt.Errorf("login limits: forget %s is below max backoff %s; failures would be forgotten during a back-off",
			l.Forget, l.MaxBackoff)
	}
	return nil
}

// LimitRule names the rule of the login limits that rejected an attempt.
type LimitRule string

// The rules of the login limits.
const (
	// RulePair is the limit per account name and client address.
	RulePair LimitRule = "pair"
	// RuleClient is the limit per client address.
	RuleClient LimitRule = "client"
	// RuleAccount is the account-wide spacing of attempts.
	RuleAccount LimitRule = "account"
)

// inFlightWait is the Retry-After of an attempt rejected because the attempts
// in flight could use up the allowance. Their outcome is not known yet, so
// this is an estimate: about the time of one argon2id check.
const inFlightWait = time.Second

// failures is the failure record of a pair or a client address.
type failures struct {
	count   int       // failures since the last forgetting or success
	pending int       // attempts admitted and not finished
	last    time.Time // of the last failure
	until   time.Time // end of the back-off; zero when none
}

// accountFailures is the failure record of an account name.
type accountFailures struct {
	count int
	last  time.Time
	next  time.Time // when an attempt from an unknown address may be made
}

// LoginLimiter applies LoginLimits to login attempts. It is safe for
// concurrent use.
type LoginLimiter struct {
	limits LoginLimits
	clock  func() time.Time

	mu       sync.Mutex
	pairs    map[string]*failures
	clients  map[string]*failures
	accounts map[string]*accountFailures
	known    map[string]time.Time // last success by account and client key
}

// NewLoginLimiter returns a limiter of limits, on the clock given (nil
// means time.Now). Fields of limits that are 0 or less take their defaults.
func NewLoginLimiter(limits LoginLimits, clock func() time.Time) *LoginLimiter {
	if clock == nil {
		clock = time.Now
	}
	return &LoginLimiter{limits: limits.withDefaults(), clock: clock, pairs: map[string]*failures{},
		clients: map[string]*failures{}, accounts: map[string]*accountFailures{}, known: map[string]time.Time{}}
}

// Limits returns the limits in force, with the defaults filled in.
func (l *LoginLimiter) Limits() LoginLimits { return l.limits }

// LoginAttempt is an attempt that the limiter admitted. Exactly one of Fail,
// Succeed and Abandon must follow.
type LoginAttempt struct {
	l               *LoginLimiter
	account, client string // the keys
	done            bool
}

// Backoff describes the back-off that a failure started or lengthened, or
// the start of the account-wide spacing.
type Backoff struct {
	// Rule is the rule whose limit the failure reached.
	Rule LimitRule
	// Failures is the number of failures that the rule counts.
	Failures int
	// Wait is the time until the next attempt that the rule admits.
	Wait time.Duration
}

// Begin admits an attempt of the account name from the client address, such
// as "192.0.2.1", or returns a *RetryError with the rule and the exact wait.
func (l *LoginLimiter) Begin(account, client string) (*LoginAttempt, error) {
	now := l.clock()
	ck := clientKey(client)
	pk := account + "\x00" + ck
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.failuresOf(l.pairs, pk, now)
	c := l.failuresOf(l.clients, ck, now)
	a := l.accountOf(account, now)

	var re RetryError
	note := func(rule LimitRule, wait time.Duration) {
		if wait > re.Wait {
			re.Wait, re.Rule = wait, rule
		}
	}
	note(RulePair, l.wait(p, l.limits.PairFailures, now))
	note(RuleClient, l.wait(c, l.limits.ClientFailures, now))
	slowed := a.count >= l.limits.AccountFailures && !l.isKnown(pk, now)
	if slowed && now.Before(a.next) {
		note(RuleAccount, a.next.Sub(now))
	}
	if re.Wait > 0 {
		return nil, &re
	}

	if slowed {
		a.next = now.Add(l.limits.AccountInterval)
	}
	p.pending++
	c.pending++
	l.store(l.pairs, pk, p, now)
	l.store(l.clients, ck, c, now)
	return &LoginAttempt{l: l, account: account, client: ck}, nil
}

// wait returns how long an attempt must wait under one failure record with
// an allowance of free failures, 0 when it may go ahead.
func (l *LoginLimiter) wait(f *failures, free int, now time.Time) time.Duration {
	if now.Before(f.until) {
		return f.until.Sub(now)
	}
	// Within the allowance, attempts in flight count as failures to come.
	// Past it, one attempt at a time goes ahead after each back-off.
	if f.count < free && f.count+f.pending >= free || f.count >= free && f.pending > 0 {
		return inFlightWait
	}
	return 0
}

// Fail records the attempt as failed: a wrong secret or an unknown account.
// It returns the back-offs that the failure started or lengthened.
func (a *LoginAttempt) Fail() []Backoff {
	l := a.l
	now := l.clock()
	l.mu.Lock()
	defer l.mu.Unlock()
	if a.done {
		return nil
	}
	a.done = true

	var out []Backoff
	for _, r := range []struct {
		rule LimitRule
		m    map[string]*failures
		key  string
		free int
	}{{RulePair, l.pairs, a.account + "\x00" + a.client, l.limits.PairFailures},
		{RuleClient, l.clients, a.client, l.limits.ClientFailures}} {
		f := l.failuresOf(r.m, r.key, now)
		f.pending = max(0, f.pending-1)
		f.count++
		f.last = now
		if f.count >= r.free {
			wait := l.backoff(f.count - r.free)
			f.until = now.Add(wait)
			out = append(out, Backoff{Rule: r.rule, Failures: f.count, Wait: wait})
		}
		l.store(r.m, r.key, f, now)
	}

	// One address adds at most its pair allowance to the account's count, so
	// that only failures from many addresses slow the account down.
	if pair := l.pairs[a.account+"\x00"+a.client]; pair == nil || pair.count > l.limits.PairFailures {
		return out
	}
	acc := l.accountOf(a.account, now)
	acc.count++
	acc.last = now
	if _, ok := l.accounts[a.account]; !ok {
		if len(l.accounts) >= l.limits.MaxEntries {
			prune(l.accounts, func(v *accountFailures) bool { return l.accountForgotten(v, now) })
		}
		l.accounts[a.account] = acc
	}
	if acc.count == l.limits.AccountFailures {
		out = append(out, Backoff{Rule: RuleAccount, Failures: acc.count, Wait: l.limits.AccountInterval})
	}
	return out
}

// Succeed records the attempt as a successful login: it clears the pair's
// failures and makes the client address known to the account. The
// address's own failures stay, so that an attacker's own account does not
// clear them.
func (a *LoginAttempt) Succeed() {
	l := a.l
	now := l.clock()
	l.mu.Lock()
	defer l.mu.Unlock()
	if a.done {
		return
	}
	a.done = true
	pk := a.account + "\x00" + a.client
	if f, ok := l.pairs[pk]; ok && f.pending > 1 {
		*f = failures{pending: f.pending - 1}
	} else {
		delete(l.pairs, pk)
	}
	l.release(l.clients, a.client)
	if _, ok := l.known[pk]; !ok && len(l.known) >= l.limits.MaxEntries {
		prune(l.known, func(at time.Time) bool { return !now.Before(at.Add(l.limits.KnownFor)) })
	}
	l.known[pk] = now
}

// Abandon ends an attempt that neither failed nor succeeded, such as one
// whose check failed on a database error or whose account is disabled.
func (a *LoginAttempt) Abandon() {
	l := a.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if a.done {
		return
	}
	a.done = true
	l.release(l.pairs, a.account+"\x00"+a.client)
	l.release(l.clients, a.client)
}

// release ends an attempt in flight of the record key.
func (l *LoginLimiter) release(m map[string]*failures, key string) {
	if f, ok := m[key]; ok {
		f.pending = max(0, f.pending-1)
	}
}

// InBackoff returns the number of pairs and of client addresses whose
// attempts wait now.
func (l *LoginLimiter) InBackoff() (pairs, clients int) {
	now := l.clock()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, f := range l.pairs {
		if now.Before(f.until) {
			pairs++
		}
	}
	for _, f := range l.clients {
		if now.Before(f.until) {
			clients++
		}
	}
	return pairs, clients
}

// backoff returns the wait after the failure that is n past the allowance.
func (l *LoginLimiter) backoff(n int) time.Duration {
	wait := l.limits.Backoff
	for range n {
		if wait >= l.limits.MaxBackoff/2 {
			return l.limits.MaxBackoff
		}
		wait *= 2
	}
	return min(wait, l.limits.MaxBackoff)
}

// failuresOf returns the record of key, a new one when it has none or its
// failures are forgotten. The record is not stored; see store.
func (l *LoginLimiter) failuresOf(m map[string]*failures, key string, now time.Time) *failures {
	f, ok := m[key]
	if !ok {
		return &failures{}
	}
	if l.forgotten(f, now) {
		f.count, f.until = 0, time.Time{}
	}
	return f
}

// forgotten reports whether a record's failures no longer count.
func (l *LoginLimiter) forgotten(f *failures, now time.Time) bool {
	return f.count > 0 && !now.Before(f.last.Add(l.limits.Forget)) && !now.Before(f.until)
}

// store keeps f under key, making room when the map is full.
//
// NOTE: under a flood of more than MaxEntries addresses, some records are
// dropped early, those not in back-off first. Each such address has used up
// an allowance of its own by then.
func (l *LoginLimiter) store(m map[string]*failures, key string, f *failures, now time.Time) {
	if _, ok := m[key]; ok {
		return
	}
	if len(m) >= l.limits.MaxEntries {
		prune(m, func(f *failures) bool { return f.pending == 0 && (f.count == 0 || l.forgotten(f, now)) },
			func(f *failures) bool { return f.pending == 0 && !now.Before(f.until) })
	}
	m[key] = f
}

// prune deletes the entries of m that a test returns true for, trying the
// tests in turn until one deletes any. When none does, it deletes every
// other entry, so that m stays bounded.
func prune[V any](m map[string]V, tests ...func(V) bool) {
	for _, drop := range tests {
		n := len(m)
		maps.DeleteFunc(m, func(_ string, v V) bool { return drop(v) })
		if len(m) < n {
			return
		}
	}
	odd := false
	maps.DeleteFunc(m, func(string, V) bool {
		odd = !odd
		return odd
	})
}

// accountOf returns the record of an account name, a new one when it has
// none or its failures are forgotten. A new record is not stored.
func (l *LoginLimiter) accountOf(account string, now time.Time) *accountFailures {
	a, ok := l.accounts[account]
	if !ok {
		return &accountFailures{}
	}
	if l.accountForgotten(a, now) {
		a.count = 0
	}
	return a
}

// accountForgotten reports whether an account's failures no longer count.
func (l *LoginLimiter) accountForgotten(a *accountFailures, now time.Time) bool {
	return !now.Before(a.last.Add(l.limits.Forget))
}

// isKnown reports whether the pair key's client has logged in to its
// account within KnownFor.
func (l *LoginLimiter) isKnown(pk string, now time.Time) bool {
	at, ok := l.known[pk]
	return ok && now.Before(at.Add(l.limits.KnownFor))
}

// maxClientKey bounds the length of a client key that is not an IP address.
const maxClientKey = 64

// clientKey returns the key by which a client address is limited: an IPv4
// address as it is, an IPv6 address as its /64, and other text cut to 64
// bytes.
func clientKey(client string) string {
	a, err := netip.ParseAddr(client)
	if err != nil {
		if len(client) > maxClientKey {
			return client[:maxClientKey]
		}
		return client
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
