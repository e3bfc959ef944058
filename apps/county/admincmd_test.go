package main

import (
	"context"
	"database/sql"
	"io"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// TestAdminSubcommands runs county admin on SQLite and PostgreSQL: it
// creates two administrators and a cadre, then disables, enables, resets,
// lists, revokes and deletes, and checks each outcome and the audit log.
func TestAdminSubcommands(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgresql"} {
		t.Run(dialect, func(t *testing.T) {
			storage := storageArgs(t, dialect)
			admin := func(args ...string) (int, string, string) {
				t.Helper()
				return runCounty(t, append(append([]string{"admin"}, args...), storage...)...)
			}
			if code, _, errOut := admin("create", "-division", "654202"); code != 0 {
				t.Fatalf("create admin: status %d: %s", code, errOut)
			}
			if code, _, _ := admin("disable", "admin"); code != 1 {
				t.Errorf("disable the last administrator: status %d, want 1", code)
			}
			if code, _, errOut := admin("create", "-division", "654202", "-name", "admin2"); code != 0 {
				t.Fatalf("create admin2: status %d: %s", code, errOut)
			}
			a := openTestApp(t, storage)
			ctx := context.Background()
			if _, err := a.auth.CreateAccount(ctx, "cadre", auth.VillageCadre, "654202101001"); err != nil {
				t.Fatal(err)
			}
			token, err := a.auth.IssueToken(ctx, "cadre", time.Time{})
			if err != nil {
				t.Fatal(err)
			}

			code, out, errOut := admin("disable", "cadre")
			if code != 0 || !strings.Contains(out, `account "cadre" is disabled`) {
				t.Fatalf("disable: status %d, %q, %s", code, out, errOut)
			}
			if _, err := a.auth.Authenticate(ctx, token); err == nil {
				t.Error("token of a disabled account still works")
			}
			_, out, _ = admin("list")
			if !strings.Contains(out, "cadre") || !strings.Contains(out, "disabled") {
				t.Errorf("list after disable:\n%s", out)
			}
			if code, _, errOut := admin("enable", "cadre"); code != 0 {
				t.Fatalf("enable: status %d: %s", code, errOut)
			}
			code, out, errOut = admin("reset", "cadre")
			secret := secretOf(out)
			if code != 0 || secret == "" {
				t.Fatalf("reset: status %d, %q, %s", code, out, errOut)
			}
			if _, _, err := a.auth.Login(ctx, "cadre", secret, "192.0.2.1"); err != nil {
				t.Errorf("login with the reset secret: %v", err)
			}
			_, out, _ = admin("tokens", "cadre")
			if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 {
				t.Errorf("tokens: got %q, want a header and the token of the login", out)
			}
			if code, out, _ := admin("revoke", "cadre"); code != 0 || !strings.Contains(out, "revoked 1 tokens") {
				t.Errorf("revoke: status %d, %q", code, out)
			}
			if code, _, _ := admin("revoke", "cadre", "-token", "AAAAAAAAAAAA"); code != 1 {
				t.Errorf("revoke an unknown token: status %d, want 1", code)
			}
			if code, _, errOut := admin("delete", "cadre"); code != 0 {
				t.Fatalf("delete: status %d: %s", code, errOut)
			}
			if code, _, _ := admin("enable", "cadre"); code != 1 {
				t.Errorf("enable a deleted account: status %d, want 1", code)
			}
			_, out, _ = admin("list", "-state", "deleted")
			if !strings.Contains(out, "cadre") {
				t.Errorf("list -state deleted:\n%s", out)
			}
			if code, _, errOut := admin("disable", "admin2"); code != 0 {
				t.Errorf("disable one of two administrators: status %d: %s", code, errOut)
			}
			if code, _, _ := admin("delete", "admin"); code != 1 {
				t.Errorf("delete the last enabled administrator: status %d, want 1", code)
			}

			entries, err := a.county.Audit(ctx, store.AuditFilter{Kind: "account", Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				if !strings.HasPrefix(e.Actor, "cli:") {
					t.Errorf("audit actor %q, want cli:USER", e.Actor)
				}
				got = append(got, e.Action+" "+e.Record)
			}
			want := "create admin,create admin2,disable cadre,enable cadre,reset_secret cadre,revoke_tokens cadre,delete cadre,disable admin2"
			if strings.Join(got, ",") != want {
				t.Errorf("audit: got %q, want %q", strings.Join(got, ","), want)
			}
		})
	}
}

// openTestApp opens the stores of the storage flags given as arguments.
func openTestApp(t *testing.T, storage []string) *app {
	t.Helper()
	var sf storageFlags
	for i := 0; i+1 < len(storage); i += 2 {
		switch storage[i] {
		case "-data":
			sf.data = storage[i+1]
		case "-database":
			sf.database = storage[i+1]
		}
	}
	a, err := openApp(context.Background(), sf, newLogger(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.close() })
	return a
}

func TestAdminUsage(t *testing.T) {
	storage := []string{"-data", t.TempDir()}
	tests := [][]string{
		{"admin", "fly"},
		{"admin", "disable"},
		{"admin", "disable", "Bad Name"},
		{"admin", "disable", "a", "b"},
		{"admin", "list", "-state", "asleep"},
		{"admin", "list", "-division", "12"},
		{"admin", "reset", "-nope", "a"},
	}
	for _, args := range tests {
		if code, _, _ := runCounty(t, append(args, storage...)...); code != 2 {
			t.Errorf("county %v: status %d, want 2", args, code)
		}
	}
	if code, _, _ := runCounty(t, append([]string{"admin", "disable", "nobody"}, storage...)...); code != 1 {
		t.Errorf("disable a missing account: status %d, want 1", code)
	}
}

func TestAccessFlags(t *testing.T) {
	tests := []struct {
		name    string
		f       accessFlags
		proxies []netip.Prefix
		header  string
		ok      bool
	}{
		{"zero", accessFlags{}, nil, server.HeaderXForwardedFor, true},
		{"proxies", accessFlags{trustedProxies: "10.0.0.0/8,192.0.2.1"},
			[]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.1/32")}, server.HeaderXForwardedFor, true},
		{"Forwarded", accessFlags{forwardedHeader: "forwarded"}, nil, server.HeaderForwarded, true},
		{"bad proxy", accessFlags{trustedProxies: "10.0.0.0/99"}, nil, "", false},
		{"bad header", accessFlags{forwardedHeader: "X-Real-IP"}, nil, "", false},
		{"negative failures", accessFlags{login: auth.LoginLimits{PairFailures: -1}}, nil, "", false},
		{"max below backoff", accessFlags{login: auth.LoginLimits{Backoff: time.Minute, MaxBackoff: time.Second}}, nil, "", false},
	}
	for _, tt := range tests {
		proxies, header, err := tt.f.check()
		if (err == nil) != tt.ok {
			t.Errorf("%s: got %v, want ok %v", tt.name, err, tt.ok)
			continue
		}
		if !tt.ok {
			continue
		}
		if header != tt.header || len(proxies) != len(tt.proxies) {
			t.Errorf("%s: got %v %q, want %v %q", tt.name, proxies, header, tt.proxies, tt.header)
		}
	}
	if code, _, errOut := runCounty(t, "serve", "-trusted-proxies", "nonsense", "-data", t.TempDir()); code != 2 ||
		!strings.Contains(errOut, "-trusted-proxies") {
		t.Errorf("serve with a bad -trusted-proxies: status %d, %s", code, errOut)
	}
}

// TestLoginMetrics checks the login series that /metrics exports.
func TestLoginMetrics(t *testing.T) {
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), "county.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cs, err := store.Open(context.Background(), db, sqlstore.SQLite, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := auth.NewService(cs, auth.Options{Login: auth.LoginLimits{PairFailures: 1},
		Hash: auth.HashParams{MemoryKiB: 64, Passes: 1, Lanes: 1}})
	ctx := context.Background()
	secret, err := svc.CreateAccount(ctx, "clerk", auth.Regulator, "654202")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{secret, "wrong", "wrong"} {
		_, _, _ = svc.Login(ctx, "clerk", s, "192.0.2.1")
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(loginMetrics{svc: svc})
	for kind, want := range map[string]float64{"pair": 1, "client": 0} {
		got, err := gatherValue(reg, metricPrefix+"login_backoffs", "kind", kind)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("login_backoffs{kind=%q}: got %v, want %v", kind, got, want)
		}
	}
	for _, tt := range []struct {
		labels []string
		want   float64
	}{{[]string{"success"}, 1}, {[]string{"failure"}, 1}, {[]string{"limited"}, 1}, {[]string{"disabled"}, 0}} {
		got, err := gatherValue(reg, metricPrefix+"login_attempts_total", "result", tt.labels[0])
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("login_attempts_total{result=%q}: got %v, want %v", tt.labels[0], got, tt.want)
		}
	}
	if got, _ := gatherValue(reg, metricPrefix+"login_limited_total", "rule", "pair"); got != 1 {
		t.Errorf("login_limited_total{rule=pair}: got %v, want 1", got)
	}
}

// gatherValue returns the value of the series of a metric with one label.
func gatherValue(reg *prometheus.Registry, name, label, value string) (float64, error) {
	families, err := reg.Gather()
	if err != nil {
		return 0, err
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == label && l.GetValue() == value {
					if m.GetCounter() != nil {
						return m.GetCounter().GetValue(), nil
					}
					return m.GetGauge().GetValue(), nil
				}
			}
		}
	}
	return 0, nil
}
