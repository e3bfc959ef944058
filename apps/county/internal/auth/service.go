package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
)

// TokenPrefix starts every API token, so that leaked tokens are easy to find.
const TokenPrefix = "sxt_"

// Token sizes: the id is 72 random bits, the lookup key; the secret is 256
// random bits, stored only as an argon2id hash.
const (
	tokenIDBytes     = 9
	tokenSecretBytes = 32
)

// ErrUnauthenticated reports a missing, malformed, unknown, expired or wrong
// credential. Its message does not say which, so that it reveals nothing.
var ErrUnauthenticated = errors.New("auth: invalid credentials")

// ErrRateLimited reports too many login attempts.
var ErrRateLimited = errors.New("auth: too many login attempts")

// RetryError is the error of a login refused by the limit on attempts. It
// wraps ErrRateLimited and tells how long to wait.
type RetryError struct {
	// Wait is the time until the next attempt is allowed.
	Wait time.Duration
}

func (e *RetryError) Error() string {
	return fmt.Sprintf("%v: retry in %s", ErrRateLimited, e.Wait.Round(time.Second))
}

// Unwrap returns ErrRateLimited.
func (e *RetryError) Unwrap() error { return ErrRateLimited }

// Service creates accounts, logs them in and authenticates requests. It is
// safe for concurrent use.
type Service struct {
	store *store.Store
	clock func() time.Time
	// TokenLifetime is the lifetime of the tokens that Login issues.
	tokenLifetime time.Duration
	limiter       *Limiter
	hash          HashParams

	// cache holds tokens verified recently, by the SHA-256 of the whole token,
	// so that argon2id runs once per token and cache period, not per request.
	mu    sync.Mutex
	cache map[[32]byte]cached
	// verifying merges concurrent checks of one token, by the same key.
	verifying singleflight.Group
}

type cached struct {
	p     Principal
	until time.Time
}

// cachePeriod is how long a verified token is trusted without a new check.
// NOTE: a deleted token or account keeps working for up to this long.
const cachePeriod = time.Minute

const maxCached = 10_000

// Options configures NewService. Zero fields take the defaults.
type Options struct {
	// Clock returns the current time; nil means time.Now.
	Clock func() time.Time
	// TokenLifetime is how long a token from Login works; 0 means 12 hours.
	TokenLifetime time.Duration
	// LoginBurst is how many login attempts an account name or a client address
	// may make at once; 0 means 5.
	LoginBurst int
	// LoginInterval is the time in which one attempt is refilled; 0 means 1 minute.
	LoginInterval time.Duration
	// Hash are the argon2id parameters of new hashes; the zero value means
	// DefaultHashParams. Tests lower them to run quickly.
	Hash HashParams
}

// NewService returns a Service on the account store s.
func NewService(s *store.Store, opts Options) *Service {
	svc := &Service{store: s, clock: opts.Clock, tokenLifetime: opts.TokenLifetime, hash: opts.Hash,
		cache: make(map[[32]byte]cached)}
	if svc.hash == (HashParams{}) {
		svc.hash = DefaultHashParams
	}
	if svc.clock == nil {
		svc.clock = time.Now
	}
	if svc.tokenLifetime == 0 {
		svc.tokenLifetime = 12 * time.Hour
	}
	burst, interval := opts.LoginBurst, opts.LoginInterval
	if burst == 0 {
		burst = 5
	}
	if interval == 0 {
		interval = time.Minute
	}
	svc.limiter = &Limiter{Burst: burst, Interval: interval, Clock: svc.clock}
	return svc
}

// CreateAccount stores a new account with a random secret and returns the
// secret, which is shown once and stored only as a hash. The name must be 1 to
// 64 characters from a-z, 0-9, ., _ and -.
func (s *Service) CreateAccount(ctx context.Context, name string, role Role, division land.DivisionCode) (string, error) {
	if err := ValidateAccountName(name); err != nil {
		return "", err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return "", err
	}
	if err := role.ValidateDivision(division); err != nil {
		return "", fmt.Errorf("account %q: %w", name, err)
	}
	secret, err := randomText(tokenSecretBytes)
	if err != nil {
		return "", err
	}
	hash, err := s.hash.Hash(secret)
	if err != nil {
		return "", err
	}
	a := &store.Account{Name: name, Role: string(role), Division: string(division), PasswordHash: hash}
	if err := s.store.CreateAccount(ctx, a); err != nil {
		return "", err
	}
	return secret, nil
}

// ValidateAccountName checks an account name.
func ValidateAccountName(name string) error {
	if len(name) == 0 || len(name) > 64 {
		return fmt.Errorf("account name %q: want 1 to 64 characters", name)
	}
	for _, c := range name {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return fmt.Errorf("account name %q: character %q is not allowed, want a-z, 0-9, '.', '_' or '-'", name, c)
		}
	}
	return nil
}

// Login checks an account's secret and returns a new API token for it, valid
// for the token lifetime. Attempts are limited per account name and per
// client address, such as the remote IP. Past the limit, Login returns a
// *RetryError, which wraps ErrRateLimited, with the time to wait.
func (s *Service) Login(ctx context.Context, name, secret, client string) (string, Principal, error) {
	for _, key := range []string{"account:" + name, "client:" + client} {
		if ok, wait := s.limiter.Allow(key); !ok {
			return "", Principal{}, &RetryError{Wait: wait}
		}
	}
	a, err := s.store.Account(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return "", Principal{}, ErrUnauthenticated
	}
	if err != nil {
		return "", Principal{}, err
	}
	ok, err := VerifySecret(secret, a.PasswordHash)
	if err != nil {
		return "", Principal{}, fmt.Errorf("account %q: %w", name, err)
	}
	if !ok {
		return "", Principal{}, ErrUnauthenticated
	}
	token, err := s.IssueToken(ctx, name, s.clock().Add(s.tokenLifetime))
	if err != nil {
		return "", Principal{}, err
	}
	return token, principalOf(a), nil
}

// IssueToken creates a token for the account that works until expires (the
// zero Time for never) and returns it; the token is shown once.
func (s *Service) IssueToken(ctx context.Context, account string, expires time.Time) (string, error) {
	id, err := randomText(tokenIDBytes)
	if err != nil {
		return "", err
	}
	secret, err := randomText(tokenSecretBytes)
	if err != nil {
		return "", err
	}
	hash, err := s.hash.Hash(secret)
	if err != nil {
		return "", err
	}
	t := &store.Token{ID: id, Account: account, SecretHash: hash, Expires: expires}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return "", err
	}
	return TokenPrefix + id + "." + secret, nil
}

// Authenticate returns the principal of an API token, or an error wrapping
// ErrUnauthenticated when the token is malformed, unknown, expired or wrong.
func (s *Service) Authenticate(ctx context.Context, token string) (Principal, error) {
	now := s.clock()
	key := sha256.Sum256([]byte(token))
	s.mu.Lock()
	c, ok := s.cache[key]
	s.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.p, nil
	}

	// Concurrent requests with the same token that is not cached share one
	// check, so that argon2id and its memory run once, not once per request.
	// The check runs without the first caller's cancellation because the
	// other callers wait on it too.
	v, err, _ := s.verifying.Do(string(key[:]), func() (any, error) {
		return s.verifyToken(context.WithoutCancel(ctx), token, key, now)
	})
	if err != nil {
		return Principal{}, err
	}
	return v.(Principal), nil
}

// verifyToken checks token against the store and caches the principal.
func (s *Service) verifyToken(ctx context.Context, token string, key [32]byte, now time.Time) (Principal, error) {
	rest, ok := strings.CutPrefix(token, TokenPrefix)
	if !ok {
		return Principal{}, ErrUnauthenticated
	}
	id, secret, ok := strings.Cut(rest, ".")
	if !ok || id == "" || secret == "" {
		return Principal{}, ErrUnauthenticated
	}
	t, err := s.store.Token(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, ErrUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	if !t.Expires.IsZero() && !now.Before(t.Expires) {
		return Principal{}, ErrUnauthenticated
	}
	match, err := VerifySecret(secret, t.SecretHash)
	if err != nil {
		return Principal{}, fmt.Errorf("token %q: %w", id, err)
	}
	if !match {
		return Principal{}, ErrUnauthenticated
	}
	a, err := s.store.Account(ctx, t.Account)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, ErrUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	p := principalOf(a)

	until := now.Add(cachePeriod)
	if !t.Expires.IsZero() && t.Expires.Before(until) {
		until = t.Expires
	}
	s.remember(key, p, until)
	return p, nil
}

func principalOf(a *store.Account) Principal {
	return Principal{Account: a.Name, Role: Role(a.Role), Division: land.DivisionCode(a.Division)}
}

// ErrNotDevice reports device credentials of an account whose role is not
// GatewayDevice.
var ErrNotDevice = errors.New("auth: account is not a gateway device")

// AuthenticateDevice checks the credentials a gateway presents, such as the
// user name and password of an MQTT CONNECT, and returns its principal. It
// returns an error wrapping ErrUnauthenticated for an unknown account or a
// wrong secret, and ErrNotDevice for an account of another role. Successful
// checks are cached like tokens, so that a reconnecting fleet does not run
// argon2id once per connection.
func (s *Service) AuthenticateDevice(ctx context.Context, name, secret string) (Principal, error) {
	now := s.clock()
	key := sha256.Sum256([]byte("device\x00" + name + "\x00" + secret))
	s.mu.Lock()
	c, ok := s.cache[key]
	s.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.p, nil
	}

	a, err := s.store.Account(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, ErrUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	match, err := VerifySecret(secret, a.PasswordHash)
	if err != nil {
		return Principal{}, fmt.Errorf("account %q: %w", name, err)
	}
	if !match {
		return Principal{}, ErrUnauthenticated
	}
	if Role(a.Role) != GatewayDevice {
		return Principal{}, fmt.Errorf("account %q has role %s: %w", name, a.Role, ErrNotDevice)
	}
	p := principalOf(a)
	s.remember(key, p, now.Add(cachePeriod))
	return p, nil
}

// remember caches a verified principal until the time given.
func (s *Service) remember(key [32]byte, p Principal, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cache) >= maxCached {
		clear(s.cache)
	}
	s.cache[key] = cached{p: p, until: until}
}

// Revoke deletes an API token, so that it stops working at once in this
// process. It returns an error wrapping ErrUnauthenticated when the token is
// not a valid one.
// NOTE: other processes on the same database trust their cached check of the
// token for up to one minute more.
func (s *Service) Revoke(ctx context.Context, token string) error {
	if _, err := s.Authenticate(ctx, token); err != nil {
		return err
	}
	rest, _ := strings.CutPrefix(token, TokenPrefix)
	id, _, _ := strings.Cut(rest, ".")
	key := sha256.Sum256([]byte(token))
	s.mu.Lock()
	delete(s.cache, key)
	s.mu.Unlock()
	if err := s.store.DeleteToken(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}
