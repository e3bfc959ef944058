package auth

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
)

// ErrRateLimited reports too many login attempts.
var ErrRateLimited = errors.New("auth: too many login attempts")

// ErrDisabled reports a login with the right secret of a disabled account.
var ErrDisabled = errors.New("auth: account is disabled")

// RetryError is the error of a login rejected by the login limits. It wraps
// ErrRateLimited and carries the time to wait.
type RetryError struct {
	// Wait is the time until the next attempt is admitted.
	Wait time.Duration
	// Rule is the rule that rejected the attempt; when several did, the one
	// with the longest wait.
	Rule LimitRule
}

// Error returns the rate-limit message with the wait rounded to whole seconds.
func (e *RetryError) Error() string {
	return fmt.Sprintf("%v: retry in %s", ErrRateLimited, e.Wait.Round(time.Second))
}

// Unwrap returns ErrRateLimited.
func (e *RetryError) Unwrap() error { return ErrRateLimited }

// LoginStats counts the outcomes of Login since the Service started.
type LoginStats struct {
	// Succeeded counts logins that returned a token.
	Succeeded uint64
	// Failed counts wrong secrets and unknown account names.
	Failed uint64
	// Disabled counts right secrets of disabled accounts.
	Disabled uint64
	// LimitedPair, LimitedClient and LimitedAccount count the attempts
	// rejected by each rule of the login limits.
	LimitedPair, LimitedClient, LimitedAccount uint64
	// BackoffPairs and BackoffClients are the pairs of account and client
	// address, and the client addresses, whose attempts wait now.
	BackoffPairs, BackoffClients int
}

// loginCounters are the counters behind LoginStats.
type loginCounters struct {
	succeeded, failed, disabled                atomic.Uint64
	limitedPair, limitedClient, limitedAccount atomic.Uint64
}

// LoginStats returns the counts of login outcomes.
func (s *Service) LoginStats() LoginStats {
	pairs, clients := s.limiter.InBackoff()
	return LoginStats{Succeeded: s.stats.succeeded.Load(), Failed: s.stats.failed.Load(),
		Disabled: s.stats.disabled.Load(), LimitedPair: s.stats.limitedPair.Load(),
		LimitedClient: s.stats.limitedClient.Load(), LimitedAccount: s.stats.limitedAccount.Load(),
		BackoffPairs: pairs, BackoffClients: clients}
}

// LoginLimits returns the login limits in force, with the defaults filled in.
func (s *Service) LoginLimits() LoginLimits { return s.limiter.Limits() }

// invalidName is the limiter's account key of every name that is not a valid
// account name, so that made-up long names take no memory of their own.
const invalidName = "\x00invalid"

// Login checks an account's secret and returns a new API token for it, valid
// for the token lifetime. client is the client's IP address, by which failed
// attempts are limited as LoginLimits describes. Past a limit, Login returns
// a *RetryError, which wraps ErrRateLimited, with the time to wait. It
// returns ErrUnauthenticated for an unknown account or a wrong secret, and
// ErrDisabled for the right secret of a disabled account.
func (s *Service) Login(ctx context.Context, name, secret, client string) (string, Principal, error) {
	key := name
	if ValidateAccountName(name) != nil {
		key = invalidName
	}
	attempt, err := s.limiter.Begin(key, client)
	if err != nil {
		s.countLimited(err)
		return "", Principal{}, err
	}

	a, err := s.checkSecret(ctx, name, secret)
	switch {
	case errors.Is(err, ErrUnauthenticated):
		s.stats.failed.Add(1)
		for _, b := range attempt.Fail() {
			s.log.Warn("login back-off", "account", name, "client", client, "rule", string(b.Rule),
				"failures", b.Failures, "wait_s", b.Wait.Seconds())
		}
		return "", Principal{}, err
	case err != nil:
		attempt.Abandon()
		return "", Principal{}, err
	case !a.Disabled.IsZero():
		// Not a guess: the secret is right, so the attempt uses up nothing.
		attempt.Abandon()
		s.stats.disabled.Add(1)
		return "", Principal{}, fmt.Errorf("account %q: %w", name, ErrDisabled)
	}

	token, err := s.IssueToken(ctx, name, s.clock().Add(s.tokenLifetime))
	if errors.Is(err, store.ErrDisabled) {
		attempt.Abandon()
		s.stats.disabled.Add(1)
		return "", Principal{}, fmt.Errorf("account %q: %w", name, ErrDisabled)
	}
	if err != nil {
		attempt.Abandon()
		return "", Principal{}, err
	}
	attempt.Succeed()
	s.stats.succeeded.Add(1)
	return token, principalOf(a), nil
}

// countLimited counts an attempt rejected by the limiter.
func (s *Service) countLimited(err error) {
	re, ok := errors.AsType[*RetryError](err)
	if !ok {
		return
	}
	switch re.Rule {
	case RulePair:
		s.stats.limitedPair.Add(1)
	case RuleClient:
		s.stats.limitedClient.Add(1)
	case RuleAccount:
		s.stats.limitedAccount.Add(1)
	}
}

// checkSecret returns the account of that name when secret is its secret,
// and ErrUnauthenticated otherwise. For a missing or deleted account it checks
// the secret against a dummy hash, so that the time taken does not reveal
// which names exist.
func (s *Service) checkSecret(ctx context.Context, name, secret string) (*store.Account, error) {
	var a *store.Account
	err := ErrUnauthenticated
	if ValidateAccountName(name) == nil {
		a, err = s.store.Account(ctx, name)
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, ErrUnauthenticated) {
		return nil, err
	}
	if err != nil || !a.Deleted.IsZero() {
		dummy, err := s.dummyHash()
		if err != nil {
			return nil, err
		}
		_, _ = VerifySecret(secret, dummy)
		return nil, ErrUnauthenticated
	}
	ok, err := VerifySecret(secret, a.PasswordHash)
	if err != nil {
		return nil, fmt.Errorf("account %q: %w", name, err)
	}
	if !ok {
		return nil, ErrUnauthenticated
	}
	return a, nil
}
