package auth_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
)

// fastHash are argon2id parameters low enough for tests to run quickly.
var fastHash = auth.HashParams{MemoryKiB: 64, Passes: 1, Lanes: 1}

// lifecycle is a Service on a database of each dialect with a county
// administrator "admin" and a village cadre "cadre".
type lifecycle struct {
	svc                      *auth.Service
	store                    *store.Store
	adminSecret, cadreSecret string
	logs                     *bytes.Buffer
}

func eachLifecycle(t *testing.T, fn func(t *testing.T, l *lifecycle)) {
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) {
			db := sqlstoretest.Open(t, d, "countyauth")
			cs, err := store.Open(context.Background(), db.DB, db.Dialect, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			logs := &bytes.Buffer{}
			svc := auth.NewService(cs, auth.Options{Hash: fastHash, Login: auth.LoginLimits{PairFailures: 2},
				Logger: slog.New(slog.NewTextHandler(logs, nil))})
			l := &lifecycle{svc: svc, store: cs, logs: logs}
			ctx := context.Background()
			if l.adminSecret, err = svc.CreateAccount(ctx, "admin", auth.CountyAdmin, "654202"); err != nil {
				t.Fatal(err)
			}
			if l.cadreSecret, err = svc.CreateAccount(ctx, "cadre", auth.VillageCadre, "654202101001"); err != nil {
				t.Fatal(err)
			}
			fn(t, l)
		})
	}
}

func TestAdminRoleName(t *testing.T) {
	if store.AdminRole != string(auth.CountyAdmin) {
		t.Errorf("store.AdminRole %q differs from auth.CountyAdmin %q", store.AdminRole, auth.CountyAdmin)
	}
}

func TestDisableStopsTokensAtOnce(t *testing.T) {
	eachLifecycle(t, func(t *testing.T, l *lifecycle) {
		ctx := context.Background()
		token, _, err := l.svc.Login(ctx, "cadre", l.cadreSecret, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.svc.Authenticate(ctx, token); err != nil {
			t.Fatal(err) // now cached
		}
		changed := l.svc.Changed("cadre")
		other := l.svc.Changed("admin")
		c, err := l.svc.ChangeAccount(ctx, "cadre", auth.Disable)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Changed() || c.After.Disabled.IsZero() || c.Secret != "" {
			t.Errorf("change: got %+v", c)
		}
		select {
		case <-changed:
		default:
			t.Error("Changed channel of the account is still open")
		}
		select {
		case <-other:
			t.Error("Changed channel of another account closed")
		default:
		}
		if _, err := l.svc.Authenticate(ctx, token); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("token of a disabled account: got %v, want ErrUnauthenticated", err)
		}
		if _, _, err := l.svc.Login(ctx, "cadre", l.cadreSecret, "192.0.2.1"); !errors.Is(err, auth.ErrDisabled) {
			t.Errorf("login of a disabled account: got %v, want ErrDisabled", err)
		}
		if _, _, err := l.svc.Login(ctx, "cadre", "wrong", "192.0.2.1"); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("wrong secret of a disabled account: got %v, want ErrUnauthenticated", err)
		}
		again, err := l.svc.ChangeAccount(ctx, "cadre", auth.Disable)
		if err != nil {
			t.Fatal(err)
		}
		if again.Changed() {
			t.Error("disabling a disabled account reports a change")
		}

		if _, err := l.svc.ChangeAccount(ctx, "cadre", auth.Enable); err != nil {
			t.Fatal(err)
		}
		if _, err := l.svc.Authenticate(ctx, token); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("old token after enable: got %v, want ErrUnauthenticated", err)
		}
		if _, _, err := l.svc.Login(ctx, "cadre", l.cadreSecret, "192.0.2.1"); err != nil {
			t.Errorf("login after enable: %v", err)
		}
	})
}

func TestResetSecret(t *testing.T) {
	eachLifecycle(t, func(t *testing.T, l *lifecycle) {
		ctx := context.Background()
		token, _, err := l.svc.Login(ctx, "cadre", l.cadreSecret, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		c, err := l.svc.ChangeAccount(ctx, "cadre", auth.ResetSecret)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Secret) < 40 || c.Secret == l.cadreSecret {
			t.Errorf("new secret %q: want 40 or more new characters", c.Secret)
		}
		if _, err := l.svc.Authenticate(ctx, token); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("token after reset: got %v, want ErrUnauthenticated", err)
		}
		if _, _, err := l.svc.Login(ctx, "cadre", l.cadreSecret, "192.0.2.1"); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("old secret: got %v, want ErrUnauthenticated", err)
		}
		if _, _, err := l.svc.Login(ctx, "cadre", c.Secret, "192.0.2.1"); err != nil {
			t.Errorf("new secret: %v", err)
		}
	})
}

func TestDeleteAccount(t *testing.T) {
	eachLifecycle(t, func(t *testing.T, l *lifecycle) {
		ctx := context.Background()
		if _, err := l.svc.ChangeAccount(ctx, "cadre", auth.Delete); err != nil {
			t.Fatal(err)
		}
		if _, _, err := l.svc.Login(ctx, "cadre", l.cadreSecret, "192.0.2.1"); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("login of a deleted account: got %v, want ErrUnauthenticated", err)
		}
		if _, err := l.svc.ChangeAccount(ctx, "cadre", auth.Enable); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("enable a deleted account: got %v, want ErrNotFound", err)
		}
		if _, err := l.svc.CreateAccount(ctx, "cadre", auth.VillageCadre, "654202101001"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("reuse a deleted account's name: got %v, want ErrConflict", err)
		}
		if _, err := l.svc.ChangeAccount(ctx, "admin", auth.Delete); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("delete the last administrator: got %v, want ErrLastAdmin", err)
		}
		if _, err := l.svc.ChangeAccount(ctx, "admin", auth.Disable); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("disable the last administrator: got %v, want ErrLastAdmin", err)
		}
	})
}

func TestRevokeTokens(t *testing.T) {
	eachLifecycle(t, func(t *testing.T, l *lifecycle) {
		ctx := context.Background()
		var tokens []string
		for range 3 {
			tok, _, err := l.svc.Login(ctx, "cadre", l.cadreSecret, "192.0.2.1")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := l.svc.Authenticate(ctx, tok); err != nil {
				t.Fatal(err)
			}
			tokens = append(tokens, tok)
		}
		list, err := l.svc.Tokens(ctx, "cadre")
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 3 {
			t.Fatalf("Tokens: got %d, want 3", len(list))
		}
		first := strings.TrimPrefix(strings.SplitN(tokens[0], ".", 2)[0], auth.TokenPrefix)
		if n, err := l.svc.RevokeTokens(ctx, "cadre", first); err != nil || n != 1 {
			t.Fatalf("revoke one: got %d, %v", n, err)
		}
		if _, err := l.svc.Authenticate(ctx, tokens[0]); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("revoked token: got %v, want ErrUnauthenticated", err)
		}
		if _, err := l.svc.Authenticate(ctx, tokens[1]); err != nil {
			t.Errorf("other token: %v", err)
		}
		if _, err := l.svc.RevokeTokens(ctx, "admin", list[1].ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoke another account's token: got %v, want ErrNotFound", err)
		}
		if n, err := l.svc.RevokeTokens(ctx, "cadre", ""); err != nil || n != 2 {
			t.Errorf("revoke all: got %d, %v, want 2", n, err)
		}
		for _, tok := range tokens[1:] {
			if _, err := l.svc.Authenticate(ctx, tok); !errors.Is(err, auth.ErrUnauthenticated) {
				t.Errorf("token after revoking all: got %v, want ErrUnauthenticated", err)
			}
		}
	})
}

func TestDisabledDevice(t *testing.T) {
	eachLifecycle(t, func(t *testing.T, l *lifecycle) {
		ctx := context.Background()
		secret, err := l.svc.CreateAccount(ctx, "gw-1", auth.GatewayDevice, "654202101001")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.svc.AuthenticateDevice(ctx, "gw-1", secret); err != nil {
			t.Fatal(err)
		}
		if _, err := l.svc.ChangeAccount(ctx, "gw-1", auth.Disable); err != nil {
			t.Fatal(err)
		}
		if _, err := l.svc.AuthenticateDevice(ctx, "gw-1", secret); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("disabled device: got %v, want ErrUnauthenticated", err)
		}
		if _, err := l.svc.ChangeAccount(ctx, "gw-1", auth.Delete); err != nil {
			t.Fatal(err)
		}
		if _, err := l.svc.AuthenticateDevice(ctx, "gw-1", secret); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("deleted device: got %v, want ErrUnauthenticated", err)
		}
	})
}

// TestLoginStatsAndLogs checks the counters of login outcomes and that the
// back-off is logged with the account and client and without the secret.
func TestLoginStatsAndLogs(t *testing.T) {
	eachLifecycle(t, func(t *testing.T, l *lifecycle) {
		ctx := context.Background()
		for range 2 {
			if _, _, err := l.svc.Login(ctx, "admin", "guess-secret-1", "192.0.2.66"); !errors.Is(err, auth.ErrUnauthenticated) {
				t.Fatalf("wrong secret: got %v", err)
			}
		}
		if _, _, err := l.svc.Login(ctx, "admin", "guess-secret-2", "192.0.2.66"); !errors.Is(err, auth.ErrRateLimited) {
			t.Fatalf("third attempt: got %v, want ErrRateLimited", err)
		}
		if _, _, err := l.svc.Login(ctx, "admin", l.adminSecret, "203.0.113.9"); err != nil {
			t.Fatalf("admin from another address: %v", err)
		}
		if _, _, err := l.svc.Login(ctx, "Not A Name", "x", "203.0.113.9"); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("invalid name: got %v, want ErrUnauthenticated", err)
		}
		got := l.svc.LoginStats()
		want := auth.LoginStats{Succeeded: 1, Failed: 3, LimitedPair: 1, BackoffPairs: 1}
		if got != want {
			t.Errorf("LoginStats: got %+v, want %+v", got, want)
		}
		logs := l.logs.String()
		for _, s := range []string{"login back-off", "account=admin", "client=192.0.2.66", "rule=pair"} {
			if !strings.Contains(logs, s) {
				t.Errorf("logs lack %q:\n%s", s, logs)
			}
		}
		for _, secret := range []string{"guess-secret", l.adminSecret} {
			if strings.Contains(logs, secret) {
				t.Errorf("logs contain a secret:\n%s", logs)
			}
		}
	})
}

func TestCanManage(t *testing.T) {
	admin := auth.Principal{Account: "a", Role: auth.CountyAdmin, Division: "654202"}
	tests := []struct {
		name string
		p    auth.Principal
		role auth.Role
		div  land.DivisionCode
		want bool
	}{
		{"admin, cadre in county", admin, auth.VillageCadre, "654202101001", true},
		{"admin, admin of county", admin, auth.CountyAdmin, "654202", true},
		{"admin, other county", admin, auth.VillageCadre, "654203101001", false},
		{"admin, wider division", admin, auth.Regulator, "650000", false},
		{"regulator", auth.Principal{Account: "r", Role: auth.Regulator, Division: "654202"}, auth.Public, "654202", false},
		{"township officer", auth.Principal{Account: "t", Role: auth.TownshipOfficer, Division: "654202101"},
			auth.VillageCadre, "654202101001", false},
	}
	for _, tt := range tests {
		if got := tt.p.CanManage(tt.role, tt.div); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLoginTokenLifetime(t *testing.T) {
	eachLifecycle(t, func(t *testing.T, l *lifecycle) {
		ctx := context.Background()
		before := time.Now()
		if _, _, err := l.svc.Login(ctx, "cadre", l.cadreSecret, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		toks, err := l.svc.Tokens(ctx, "cadre")
		if err != nil || len(toks) != 1 {
			t.Fatalf("Tokens: %v, %v", toks, err)
		}
		if toks[0].Expires.Before(before.Add(12*time.Hour - time.Minute)) {
			t.Errorf("token expires at %v, want 12 hours after login", toks[0].Expires)
		}
	})
}
