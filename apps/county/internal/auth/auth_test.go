package auth_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
)

func TestHashSecret(t *testing.T) {
	h, err := auth.HashSecret("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash form: got %s", h)
	}
	ok, err := auth.VerifySecret("correct horse", h)
	if err != nil || !ok {
		t.Errorf("VerifySecret(right): got %v, %v", ok, err)
	}
	ok, err = auth.VerifySecret("wrong horse", h)
	if err != nil || ok {
		t.Errorf("VerifySecret(wrong): got %v, %v", ok, err)
	}
	bad := []string{"", "plain", "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA",
		"$argon2id$v=19$m=8,t=1,p=1$!!$AAAA", strings.Replace(h, "v=19", "v=16", 1)}
	for _, b := range bad {
		if _, err := auth.VerifySecret("x", b); err == nil {
			t.Errorf("VerifySecret(%q): got nil error", b)
		}
	}
}

func FuzzVerifySecret(f *testing.F) {
	f.Add("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("$argon2id$v=19$m=x")
	f.Fuzz(func(t *testing.T, encoded string) {
		// Skip costly parameters, which VerifySecret accepts but which would make
		// each fuzz run take seconds.
		if parts := strings.Split(encoded, "$"); len(parts) > 3 {
			var memory, passes uint32
			var threads uint8
			n, _ := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads)
			if n == 3 && (memory > 64 || passes > 2) {
				return
			}
		}
		_, _ = auth.VerifySecret("x", encoded)
	})
}

func TestRoleAccess(t *testing.T) {
	village := land.DivisionCode("654202101001")
	other := land.DivisionCode("654202102001")
	tests := []struct {
		p                        auth.Principal
		readLand, writeLand      bool
		readWater, writeWater    bool
		readAudit, ownVillage    bool
		otherVillage, noDivision bool
	}{
		{auth.Principal{Account: "a", Role: auth.CountyAdmin, Division: "654202"}, true, true, true, true, true, true, true, true},
		{auth.Principal{Account: "t", Role: auth.TownshipOfficer, Division: "654202101"}, true, true, true, false, false, true, false, false},
		{auth.Principal{Account: "v", Role: auth.VillageCadre, Division: village}, true, true, true, false, false, true, false, false},
		{auth.Principal{Account: "w", Role: auth.WaterOfficer, Division: "654202"}, true, false, true, true, false, true, true, true},
		{auth.Principal{Account: "r", Role: auth.Regulator, Division: "654202"}, true, false, true, false, true, true, true, true},
		{auth.Principal{Account: "g", Role: auth.GatewayDevice, Division: "654202"}, false, false, false, false, false, true, true, true},
		{auth.Anonymous, false, false, false, false, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.p.Role), func(t *testing.T) {
			checks := []struct {
				name      string
				got, want bool
			}{
				{"read land", tt.p.CanRead(auth.AreaLand), tt.readLand},
				{"write land", tt.p.CanWrite(auth.AreaLand), tt.writeLand},
				{"read water", tt.p.CanRead(auth.AreaWater), tt.readWater},
				{"write water", tt.p.CanWrite(auth.AreaWater), tt.writeWater},
				{"read audit", tt.p.CanRead(auth.AreaAudit), tt.readAudit},
				{"own village", tt.p.InScope(village), tt.ownVillage},
				{"other village", tt.p.InScope(other), tt.otherVillage},
				{"no division", tt.p.InScope(""), tt.noDivision},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestValidateDivision(t *testing.T) {
	tests := []struct {
		role auth.Role
		div  land.DivisionCode
		ok   bool
	}{
		{auth.CountyAdmin, "654202", true},
		{auth.CountyAdmin, "654202101", false},
		{auth.TownshipOfficer, "654202101", true},
		{auth.VillageCadre, "654202101", false},
		{auth.VillageCadre, "654202101001", true},
		{auth.WaterOfficer, "654202101", true},
		{auth.Regulator, "65420", false},
	}
	for _, tt := range tests {
		err := tt.role.ValidateDivision(tt.div)
		if (err == nil) != tt.ok {
			t.Errorf("%s %s: got %v, want ok %v", tt.role, tt.div, err, tt.ok)
		}
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := &auth.Limiter{Burst: 2, Interval: time.Minute, Clock: func() time.Time { return now }}
	for i := range 2 {
		if ok, _ := l.Allow("k"); !ok {
			t.Fatalf("attempt %d: rejected within the burst", i)
		}
	}
	ok, wait := l.Allow("k")
	if ok {
		t.Error("third attempt: allowed past the burst")
	}
	if wait != time.Minute {
		t.Errorf("wait: got %v, want 1m", wait)
	}
	if ok, _ := l.Allow("other"); !ok {
		t.Error("other key: rejected")
	}
	now = now.Add(time.Minute)
	if ok, _ := l.Allow("k"); !ok {
		t.Error("after one interval: rejected")
	}
}

func newService(t *testing.T) (*auth.Service, *store.Store) {
	db := sqlstoretest.Open(t, sqlstore.SQLite, "countyauth")
	s, err := store.Open(context.Background(), db.DB, db.Dialect, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return auth.NewService(s, auth.Options{Login: auth.LoginLimits{PairFailures: 3}}), s
}

func TestLoginAndAuthenticate(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	secret, err := svc.CreateAccount(ctx, "cadre.a", auth.VillageCadre, "654202101001")
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) < 40 {
		t.Errorf("secret length: got %d, want at least 40 characters for 256 bits", len(secret))
	}
	if _, err := svc.CreateAccount(ctx, "cadre.a", auth.VillageCadre, "654202101001"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate account: got %v, want ErrConflict", err)
	}
	if _, err := svc.CreateAccount(ctx, "Bad Name", auth.VillageCadre, "654202101001"); err == nil {
		t.Error("bad account name: got nil error")
	}

	if _, _, err := svc.Login(ctx, "cadre.a", "wrong", "127.0.0.1"); !errors.Is(err, auth.ErrUnauthenticated) {
		t.Errorf("wrong secret: got %v, want ErrUnauthenticated", err)
	}
	if _, _, err := svc.Login(ctx, "nobody", secret, "127.0.0.2"); !errors.Is(err, auth.ErrUnauthenticated) {
		t.Errorf("unknown account: got %v, want ErrUnauthenticated", err)
	}
	token, p, err := svc.Login(ctx, "cadre.a", secret, "127.0.0.3")
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != auth.VillageCadre || p.Division != "654202101001" {
		t.Errorf("principal: got %+v", p)
	}
	for range 2 {
		got, err := svc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if got != p {
			t.Errorf("Authenticate: got %+v, want %+v", got, p)
		}
	}
	for _, bad := range []string{"", "sxt_", "sxt_x.y", token + "x", strings.TrimPrefix(token, auth.TokenPrefix)} {
		if _, err := svc.Authenticate(ctx, bad); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("Authenticate(%q): got %v, want ErrUnauthenticated", bad, err)
		}
	}

	// Successful logins use up no allowance: many in a row all succeed.
	for i := range 5 {
		if _, _, err := svc.Login(ctx, "cadre.a", secret, "127.0.0.4"); err != nil {
			t.Fatalf("login %d: %v", i+1, err)
		}
	}
}

// TestLoginRetryError checks that a login rejected by the limits tells
// exactly how long to wait, which the server sends as Retry-After.
func TestLoginRetryError(t *testing.T) {
	db := sqlstoretest.Open(t, sqlstore.SQLite, "countyauth")
	cs, err := store.Open(context.Background(), db.DB, db.Dialect, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	svc := auth.NewService(cs, auth.Options{Login: auth.LoginLimits{PairFailures: 1, Backoff: time.Minute},
		Clock: func() time.Time { return now }, Hash: fastHash})
	ctx := context.Background()
	if _, _, err := svc.Login(ctx, "nobody", "x", "192.0.2.1"); !errors.Is(err, auth.ErrUnauthenticated) {
		t.Fatalf("first attempt: got %v, want ErrUnauthenticated", err)
	}
	for _, tt := range []struct {
		after, want time.Duration
	}{{0, time.Minute}, {45 * time.Second, 15 * time.Second}} {
		now = now.Add(tt.after)
		_, _, err := svc.Login(ctx, "nobody", "x", "192.0.2.1")
		re, ok := errors.AsType[*auth.RetryError](err)
		if !ok || !errors.Is(err, auth.ErrRateLimited) {
			t.Fatalf("after %s: got %v, want a RetryError wrapping ErrRateLimited", tt.after, err)
		}
		if re.Wait != tt.want {
			t.Errorf("after %s: wait %s, want %s", tt.after, re.Wait, tt.want)
		}
		if re.Rule != auth.RulePair {
			t.Errorf("after %s: rule %s, want pair", tt.after, re.Rule)
		}
		if !strings.Contains(err.Error(), "retry in "+tt.want.String()) {
			t.Errorf("after %s: message %q does not name the wait", tt.after, err)
		}
	}
}

func TestExpiredToken(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	if _, err := svc.CreateAccount(ctx, "admin", auth.CountyAdmin, "654202"); err != nil {
		t.Fatal(err)
	}
	token, err := svc.IssueToken(ctx, "admin", time.Now().Add(-time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, token); !errors.Is(err, auth.ErrUnauthenticated) {
		t.Errorf("expired token: got %v, want ErrUnauthenticated", err)
	}
}

func TestAuthenticateDevice(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	secret, err := svc.CreateAccount(ctx, "gw-0001", auth.GatewayDevice, "654202101001")
	if err != nil {
		t.Fatal(err)
	}
	cadreSecret, err := svc.CreateAccount(ctx, "cadre", auth.VillageCadre, "654202101001")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		p, err := svc.AuthenticateDevice(ctx, "gw-0001", secret)
		if err != nil {
			t.Fatal(err)
		}
		if p.Role != auth.GatewayDevice || p.Account != "gw-0001" {
			t.Errorf("principal: got %+v", p)
		}
	}
	if _, err := svc.AuthenticateDevice(ctx, "gw-0001", "wrong"); !errors.Is(err, auth.ErrUnauthenticated) {
		t.Errorf("wrong secret: got %v, want ErrUnauthenticated", err)
	}
	if _, err := svc.AuthenticateDevice(ctx, "gw-9999", secret); !errors.Is(err, auth.ErrUnauthenticated) {
		t.Errorf("unknown device: got %v, want ErrUnauthenticated", err)
	}
	if _, err := svc.AuthenticateDevice(ctx, "cadre", cadreSecret); !errors.Is(err, auth.ErrNotDevice) {
		t.Errorf("cadre as device: got %v, want ErrNotDevice", err)
	}
}

// TestAuthenticateConcurrent checks that requests arriving together with a
// token that is not cached yet all get its principal, and that a wrong secret
// checked together with them is still rejected.
func TestAuthenticateConcurrent(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	if _, err := svc.CreateAccount(ctx, "admin", auth.CountyAdmin, "654202"); err != nil {
		t.Fatal(err)
	}
	token, err := svc.IssueToken(ctx, "admin", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	wrong := token[:len(token)-1] + "x"
	if wrong == token {
		wrong = token[:len(token)-1] + "y"
	}
	const callers = 8
	errs := make(chan error, 2*callers)
	for range callers {
		go func() {
			p, err := svc.Authenticate(ctx, token)
			if err == nil && p.Account != "admin" {
				err = fmt.Errorf("account: got %q, want admin", p.Account)
			}
			errs <- err
		}()
		go func() {
			_, err := svc.Authenticate(ctx, wrong)
			if !errors.Is(err, auth.ErrUnauthenticated) {
				errs <- fmt.Errorf("wrong secret: got %v, want ErrUnauthenticated", err)
				return
			}
			errs <- nil
		}()
	}
	for range 2 * callers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
