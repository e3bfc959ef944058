package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
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

// Service creates accounts, logs them in and authenticates requests. It is
// safe for concurrent use.
type Service struct {
	store *store.Store
	clock func() time.Time
	// TokenLifetime is the lifetime of the tokens that Login issues.
	tokenLifetime time.Duration
	limiter       *LoginLimiter
	hash          HashParams
	log           *slog.Logger
	stats         loginCounters
	// dummyHash is a hash that login checks secrets against when the
	// account does not exist, so that the time taken does not reveal it.
	dummyHash func() (string, error)

	// cache holds tokens verified recently, by the SHA-256 of the whole token,
	// so that argon2id runs once per token and cache period, not per request.
	mu    sync.Mutex
	cache map[[32]byte]cached
	// generation counts the changes of accounts and tokens through this
	// Service. A check that began before a change neither caches its
	// principal nor is shared with a check that began after it.
	generation uint64
	// verifying merges concurrent checks of one token, by the same key.
	verifying singleflight.Group

	// watchMu guards watches, the channels that are closed at the next
	// change of an account's credentials, by account name.
	watchMu sync.Mutex
	watches map[string]chan struct{}
}

type cached struct {
	p     Principal
	until time.Time
}

// cachePeriod is how long a verified token is trusted without a new check.
// Changes through this Service drop the account's entries at once.
// NOTE: a token revoked, or an account disabled, by another process on the
// same database keeps working here for up to this long.
const cachePeriod = time.Minute

const maxCached = 10_000

// Options configures NewService. Zero fields take the defaults.
type Options struct {
	// Clock returns the current time; nil means time.Now.
	Clock func() time.Time
	// TokenLifetime is how long a token from Login works; 0 means 12 hours.
	TokenLifetime time.Duration
	// Login limits failed logins; its zero value means DefaultLoginLimits.
	Login LoginLimits
	// Logger receives a line when a login back-off starts; nil discards them.
	Logger *slog.Logger
	// Hash are the argon2id parameters of new hashes; the zero value means
	// DefaultHashParams. Tests lower them to run quickly.
	Hash HashParams
}

// NewService returns a Service on the account store s.
func NewService(s *store.Store, opts Options) *Service {
	svc := &Service{store: s, clock: opts.Clock, tokenLifetime: opts.TokenLifetime, hash: opts.Hash,
		cache: make(map[[32]byte]cached), watches: make(map[string]chan struct{})}
	if svc.hash == (HashParams{}) {
		svc.hash = DefaultHashParams
	}
	if svc.clock == nil {
		svc.clock = time.Now
	}
	if svc.tokenLifetime == 0 {
		svc.tokenLifetime = 12 * time.Hour
	}
	svc.log = opts.Logger
	if svc.log == nil {
		svc.log = slog.New(slog.DiscardHandler)
	}
	svc.limiter = NewLoginLimiter(opts.Login, svc.clock)
	svc.dummyHash = sync.OnceValues(func() (string, error) { return svc.hash.Hash("no account has this secret") })
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
	gen := s.currentGeneration()
	flight := string(key[:]) + strconv.FormatUint(gen, 10)
	v, err, _ := s.verifying.Do(flight, func() (any, error) {
		return s.verifyToken(context.WithoutCancel(ctx), token, key, now, gen)
	})
	if err != nil {
		return Principal{}, err
	}
	return v.(Principal), nil
}

// verifyToken checks token against the store and caches the principal
// unless the generation has moved on from gen.
func (s *Service) verifyToken(ctx context.Context, token string, key [32]byte, now time.Time, gen uint64) (Principal, error) {
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
	if !a.Active() {
		return Principal{}, ErrUnauthenticated
	}
	p := principalOf(a)

	until := now.Add(cachePeriod)
	if !t.Expires.IsZero() && t.Expires.Before(until) {
		until = t.Expires
	}
	s.remember(key, p, until, gen)
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
// returns an error wrapping ErrUnauthenticated for an unknown, disabled or
// deleted account or a wrong secret, and ErrNotDevice for an account of
// another role. Successful
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

	gen := s.currentGeneration()
	a, err := s.checkSecret(ctx, name, secret)
	if err != nil {
		return Principal{}, err
	}
	if !a.Active() {
		return Principal{}, ErrUnauthenticated
	}
	if Role(a.Role) != GatewayDevice {
		return Principal{}, fmt.Errorf("account %q has role %s: %w", name, a.Role, ErrNotDevice)
	}
	p := principalOf(a)
	s.remember(key, p, now.Add(cachePeriod), gen)
	return p, nil
}

// currentGeneration returns the generation of account changes.
func (s *Service) currentGeneration() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.generation
}

// remember caches a principal verified at generation gen until the time
// given, unless an account changed since.
func (s *Service) remember(key [32]byte, p Principal, until time.Time, gen uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen != s.generation {
		return
	}
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
	p, err := s.Authenticate(ctx, token)
	if err != nil {
		return err
	}
	rest, _ := strings.CutPrefix(token, TokenPrefix)
	id, _, _ := strings.Cut(rest, ".")
	if err := s.store.DeleteToken(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	s.forget(p.Account)
	return nil
}
