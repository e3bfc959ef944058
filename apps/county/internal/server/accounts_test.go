package server_test

import (
	"context"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// addAccount creates an account with a token in f.tokens and returns its
// secret.
func (f *fixture) addAccount(name string, role auth.Role, div land.DivisionCode) string {
	f.t.Helper()
	ctx := context.Background()
	secret, err := f.auth.CreateAccount(ctx, name, role, div)
	if err != nil {
		f.t.Fatal(err)
	}
	tok, err := f.auth.IssueToken(ctx, name, time.Time{})
	if err != nil {
		f.t.Fatal(err)
	}
	f.tokens[name] = tok
	return secret
}

// tokenID returns the id of the token of an account in f.tokens.
func (f *fixture) tokenID(account string) string {
	rest := strings.TrimPrefix(f.tokens[account], auth.TokenPrefix)
	id, _, _ := strings.Cut(rest, ".")
	return id
}

// TestAccountRoutesScope checks every account route as each role, and as a
// county administrator of another county.
func TestAccountRoutesScope(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		f.addAccount("far-admin", auth.CountyAdmin, "654203")
		f.addAccount("far-cadre", auth.VillageCadre, "654203101001")
		for _, who := range []string{"x1", "x2", "x3", "x4"} {
			f.addAccount(who, auth.VillageCadre, villageA)
		}
		tests := []struct {
			account      string
			method, path string
			want         int
		}{
			{"admin", "GET", "/api/v1/accounts", 200},
			{"regulator", "GET", "/api/v1/accounts", 200},
			{"township", "GET", "/api/v1/accounts", 403},
			{"cadre-a", "GET", "/api/v1/accounts", 403},
			{"water", "GET", "/api/v1/accounts", 403},
			{"gateway", "GET", "/api/v1/accounts", 403},
			{"admin", "GET", "/api/v1/accounts?division=654203", 403},
			{"admin", "GET", "/api/v1/accounts/cadre-a", 200},
			{"regulator", "GET", "/api/v1/accounts/cadre-a", 200},
			{"township", "GET", "/api/v1/accounts/cadre-a", 403},
			{"admin", "GET", "/api/v1/accounts/far-cadre", 404},
			{"far-admin", "GET", "/api/v1/accounts/cadre-a", 404},
			{"admin", "GET", "/api/v1/accounts/cadre-a/tokens", 200},
			{"regulator", "GET", "/api/v1/accounts/cadre-a/tokens", 200},
			{"cadre-a", "GET", "/api/v1/accounts/cadre-a/tokens", 403},
			{"far-admin", "GET", "/api/v1/accounts/cadre-a/tokens", 404},
			{"regulator", "POST", "/api/v1/accounts/x1/disable", 403},
			{"township", "POST", "/api/v1/accounts/x1/disable", 403},
			{"x1", "POST", "/api/v1/accounts/x1/disable", 403},
			{"far-admin", "POST", "/api/v1/accounts/x1/disable", 404},
			{"admin", "POST", "/api/v1/accounts/far-cadre/disable", 404},
			{"admin", "POST", "/api/v1/accounts/x1/disable", 200},
			{"regulator", "POST", "/api/v1/accounts/x1/enable", 403},
			{"far-admin", "POST", "/api/v1/accounts/x1/enable", 404},
			{"admin", "POST", "/api/v1/accounts/x1/enable", 200},
			{"regulator", "POST", "/api/v1/accounts/x2/reset-secret", 403},
			{"cadre-a", "POST", "/api/v1/accounts/x2/reset-secret", 403},
			{"far-admin", "POST", "/api/v1/accounts/x2/reset-secret", 404},
			{"admin", "POST", "/api/v1/accounts/x2/reset-secret", 200},
			{"regulator", "DELETE", "/api/v1/accounts/x3/tokens", 403},
			{"far-admin", "DELETE", "/api/v1/accounts/x3/tokens", 404},
			{"admin", "DELETE", "/api/v1/accounts/x3/tokens", 204},
			{"regulator", "DELETE", "/api/v1/accounts/cadre-a/tokens/" + f.tokenID("cadre-a"), 403},
			{"far-admin", "DELETE", "/api/v1/accounts/cadre-a/tokens/" + f.tokenID("cadre-a"), 404},
			{"admin", "DELETE", "/api/v1/accounts/cadre-c/tokens/" + f.tokenID("cadre-a"), 404},
			{"admin", "DELETE", "/api/v1/accounts/cadre-a/tokens/" + f.tokenID("cadre-a"), 204},
			{"regulator", "DELETE", "/api/v1/accounts/x4", 403},
			{"township", "DELETE", "/api/v1/accounts/x4", 403},
			{"far-admin", "DELETE", "/api/v1/accounts/x4", 404},
			{"admin", "DELETE", "/api/v1/accounts/x4", 204},
			{"admin", "DELETE", "/api/v1/accounts/x4", 404},
			{"admin", "GET", "/api/v1/accounts/x4", 200},
			{"far-admin", "POST", "/api/v1/accounts", 403},
			{"admin", "POST", "/api/v1/accounts/far-admin/disable", 404},
		}
		for _, tt := range tests {
			var body any
			if tt.method == "POST" && tt.path == "/api/v1/accounts" {
				body = map[string]string{"name": "new", "role": "village_cadre", "division": villageA}
			}
			res := f.do(tt.method, tt.path, tt.account, body)
			if res.status != tt.want {
				t.Errorf("%s %s as %s: got %d %s, want %d", tt.method, tt.path, tt.account, res.status, res.body, tt.want)
			}
		}
	})
}

// TestAccountListScoped checks that a listing holds the accounts within the
// caller's division only, and the deleted ones only when asked for.
func TestAccountListScoped(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		f.addAccount("far-cadre", auth.VillageCadre, "654203101001")
		f.addAccount("gone", auth.VillageCadre, villageA)
		if res := f.do("DELETE", "/api/v1/accounts/gone", "admin", nil); res.status != http.StatusNoContent {
			t.Fatalf("delete: got %d %s", res.status, res.body)
		}
		names := func(path string) map[string]string {
			res := f.do("GET", path, "admin", nil)
			if res.status != http.StatusOK {
				t.Fatalf("%s: got %d %s", path, res.status, res.body)
			}
			got := map[string]string{}
			for _, a := range decode[struct {
				Items []struct{ Name, State string }
			}](t, res).Items {
				got[a.Name] = a.State
			}
			return got
		}
		all := names("/api/v1/accounts")
		if all["admin"] != "enabled" || all["cadre-a"] != "enabled" {
			t.Errorf("listing lacks own accounts: %v", all)
		}
		if _, ok := all["far-cadre"]; ok {
			t.Error("listing holds an account of another county")
		}
		if _, ok := all["gone"]; ok {
			t.Error("listing holds a deleted account")
		}
		if got := names("/api/v1/accounts?state=deleted"); len(got) != 1 || got["gone"] != "deleted" {
			t.Errorf("state=deleted: got %v, want gone", got)
		}
		if got := names("/api/v1/accounts?division=" + villageA); len(got) != 1 || got["cadre-a"] == "" {
			t.Errorf("division=%s: got %v, want cadre-a", villageA, got)
		}
		first := decode[struct {
			Items []struct{ Name string }
			Next  string
		}](t, f.do("GET", "/api/v1/accounts?limit=2", "admin", nil))
		if len(first.Items) != 2 || first.Next != first.Items[1].Name {
			t.Errorf("first page: got %+v", first)
		}
	})
}

// TestAccountLifecycle disables, enables, resets, revokes and deletes an
// account through the API and checks its logins, tokens, event stream and
// audit entries.
func TestAccountLifecycle(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		// A keep-alive of an hour shows that the stream ends on the change
		// itself, not on its next check of the token.
		f = f.withServer(func(c *server.Config) { c.KeepAlive = time.Hour })
		secret := f.newAccount(t, "clerk")
		login := func(secret string) response {
			return f.do("POST", "/api/v1/login", "", map[string]string{"account": "clerk", "secret": secret})
		}
		res := login(secret)
		if res.status != http.StatusOK {
			t.Fatalf("login: got %d %s", res.status, res.body)
		}
		f.tokens["clerk"] = decode[struct{ Token string }](t, res).Token
		s := f.openStream(t, "", bearerOf(f, "clerk"))
		if s.res.StatusCode != http.StatusOK {
			t.Fatalf("open stream: got %d", s.res.StatusCode)
		}

		res = f.do("POST", "/api/v1/accounts/clerk/disable", "admin", nil)
		if res.status != http.StatusOK || decode[struct{ State string }](t, res).State != "disabled" {
			t.Fatalf("disable: got %d %s", res.status, res.body)
		}
		select {
		case _, ok := <-s.events:
			if ok {
				t.Error("got an event, want the stream to end")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("stream of a disabled account still open after 5 s")
		}
		if res := f.do("GET", "/api/v1/me", "clerk", nil); res.status != http.StatusUnauthorized {
			t.Errorf("token of a disabled account: got %d, want 401", res.status)
		}
		res = login(secret)
		if code, _ := res.errorField(); res.status != http.StatusForbidden || code != "account_disabled" {
			t.Errorf("login of a disabled account: got %d %s, want 403 account_disabled", res.status, res.body)
		}
		if res := f.do("POST", "/api/v1/accounts/clerk/disable", "admin", nil); res.status != http.StatusOK {
			t.Errorf("disable again: got %d %s", res.status, res.body)
		}

		if res := f.do("POST", "/api/v1/accounts/clerk/enable", "admin", nil); res.status != http.StatusOK {
			t.Fatalf("enable: got %d %s", res.status, res.body)
		}
		if res := f.do("GET", "/api/v1/me", "clerk", nil); res.status != http.StatusUnauthorized {
			t.Errorf("old token after enable: got %d, want 401", res.status)
		}
		if res := login(secret); res.status != http.StatusOK {
			t.Fatalf("login after enable: got %d %s", res.status, res.body)
		}

		res = f.do("POST", "/api/v1/accounts/clerk/reset-secret", "admin", map[string]any{})
		reset := decode[struct{ Secret, State string }](t, res)
		if res.status != http.StatusOK || len(reset.Secret) < 40 || reset.State != "enabled" {
			t.Fatalf("reset: got %d %s", res.status, res.body)
		}
		if cc := res.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("reset: Cache-Control %q, want no-store", cc)
		}
		if res := login(secret); res.status != http.StatusUnauthorized {
			t.Errorf("old secret after reset: got %d, want 401", res.status)
		}
		res = login(reset.Secret)
		if res.status != http.StatusOK {
			t.Fatalf("new secret: got %d %s", res.status, res.body)
		}
		f.tokens["clerk"] = decode[struct{ Token string }](t, res).Token

		tokens := decode[struct{ Items []struct{ ID string } }](t, f.do("GET", "/api/v1/accounts/clerk/tokens", "admin", nil)).Items
		if len(tokens) != 1 || tokens[0].ID != f.tokenID("clerk") {
			t.Fatalf("tokens: got %+v, want the one of the last login", tokens)
		}
		if res := f.do("DELETE", "/api/v1/accounts/clerk/tokens/"+tokens[0].ID, "admin", nil); res.status != http.StatusNoContent {
			t.Fatalf("revoke: got %d %s", res.status, res.body)
		}
		if res := f.do("GET", "/api/v1/me", "clerk", nil); res.status != http.StatusUnauthorized {
			t.Errorf("revoked token: got %d, want 401", res.status)
		}
		if res := f.do("DELETE", "/api/v1/accounts/clerk/tokens/"+tokens[0].ID, "admin", nil); res.status != http.StatusNotFound {
			t.Errorf("revoke again: got %d, want 404", res.status)
		}

		if res := f.do("DELETE", "/api/v1/accounts/clerk", "admin", nil); res.status != http.StatusNoContent {
			t.Fatalf("delete: got %d %s", res.status, res.body)
		}
		if res := login(reset.Secret); res.status != http.StatusUnauthorized {
			t.Errorf("login of a deleted account: got %d, want 401", res.status)
		}
		res = f.do("POST", "/api/v1/accounts", "admin", map[string]string{"name": "clerk", "role": "village_cadre", "division": villageA})
		if res.status != http.StatusConflict || !strings.Contains(string(res.body), "deleted") || strings.Contains(string(res.body), "version") {
			t.Errorf("reuse of a deleted name: got %d %s, want 409 about the deleted account", res.status, res.body)
		}

		entries, err := f.county.Audit(context.Background(), store.AuditFilter{Kind: "account", Record: "clerk"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			if e.Actor != "admin" {
				t.Errorf("audit entry %s: actor %q, want admin", e.Action, e.Actor)
			}
			if strings.Contains(string(e.After), "$argon2id") || strings.Contains(string(e.After), reset.Secret) {
				t.Errorf("audit entry %s holds a secret or hash: %s", e.Action, e.After)
			}
			actions = append(actions, e.Action)
		}
		want := "create disable enable reset_secret revoke_tokens delete"
		if got := strings.Join(actions, " "); got != want {
			t.Errorf("audit actions: got %q, want %q", got, want)
		}
	})
}

// TestAccountLastAdmin checks that the last enabled county administrator
// can be neither disabled nor deleted, and that another one can.
func TestAccountLastAdmin(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		for _, req := range []struct{ method, path string }{
			{"POST", "/api/v1/accounts/admin/disable"}, {"DELETE", "/api/v1/accounts/admin"},
		} {
			res := f.do(req.method, req.path, "admin", nil)
			if code, _ := res.errorField(); res.status != http.StatusConflict || code != "last_admin" {
				t.Errorf("%s %s: got %d %s, want 409 last_admin", req.method, req.path, res.status, res.body)
			}
		}
		f.addAccount("admin2", auth.CountyAdmin, county)
		if res := f.do("POST", "/api/v1/accounts/admin2/disable", "admin", nil); res.status != http.StatusOK {
			t.Fatalf("disable the second administrator: got %d %s", res.status, res.body)
		}
		if res := f.do("POST", "/api/v1/accounts/admin/disable", "admin", nil); res.status != http.StatusConflict {
			t.Errorf("disable the last with the second disabled: got %d, want 409", res.status)
		}
		if res := f.do("POST", "/api/v1/accounts/admin2/enable", "admin", nil); res.status != http.StatusOK {
			t.Fatalf("enable: got %d %s", res.status, res.body)
		}
		if res := f.do("POST", "/api/v1/accounts/admin/disable", "admin", nil); res.status != http.StatusOK {
			t.Errorf("disable oneself with another enabled: got %d %s", res.status, res.body)
		}
		if res := f.do("GET", "/api/v1/me", "admin", nil); res.status != http.StatusUnauthorized {
			t.Errorf("own token after disabling oneself: got %d, want 401", res.status)
		}
	})
}

// TestAccountDuplicateName checks that a taken name is reported as such,
// not as a version conflict.
func TestAccountDuplicateName(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	res := f.do("POST", "/api/v1/accounts", "admin", map[string]string{"name": "cadre-a", "role": "village_cadre", "division": villageA})
	code, field := res.errorField()
	if res.status != http.StatusConflict || code != "conflict" || field != "name" {
		t.Errorf("got %d %s, want 409 conflict on name", res.status, res.body)
	}
	if body := string(res.body); !strings.Contains(body, `account name \"cadre-a\" is taken`) || strings.Contains(body, "version") {
		t.Errorf("message: got %s, want one about the name", body)
	}
}

// TestAccountBadInput sends bad bodies, paths and queries to the account
// routes and checks the status, the error code and field, and that nothing
// stored changed.
func TestAccountBadInput(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		var bodies []badInput
		for _, b := range commonBadInputs() {
			if b.name != "empty body" { // the actions take an empty body
				bodies = append(bodies, b)
			}
		}
		long := strings.Repeat("a", 65)
		type endpoint struct {
			method, path string
			cases        []badInput
		}
		var endpoints []endpoint
		for _, action := range []string{"disable", "enable", "reset-secret"} {
			base := "/api/v1/accounts/cadre-a/" + action
			endpoints = append(endpoints,
				endpoint{"POST", base, bodies},
				endpoint{"POST", "/api/v1/accounts/Bad%20Name/" + action, []badInput{{"invalid name", nil, 400, "invalid_path", "name"}}},
				endpoint{"POST", "/api/v1/accounts/" + long + "/" + action, []badInput{{"long name", nil, 400, "invalid_path", "name"}}},
				endpoint{"POST", "/api/v1/accounts/nobody/" + action, []badInput{{"unknown account", nil, 404, "not_found", "name"}}},
			)
		}
		endpoints = append(endpoints,
			endpoint{"DELETE", "/api/v1/accounts/cadre-a", bodies},
			endpoint{"DELETE", "/api/v1/accounts/cadre-a/tokens", bodies},
			endpoint{"DELETE", "/api/v1/accounts/cadre-a/tokens/" + f.tokenID("cadre-a"), bodies},
			endpoint{"DELETE", "/api/v1/accounts/Bad%20Name", []badInput{{"invalid name", nil, 400, "invalid_path", "name"}}},
			endpoint{"DELETE", "/api/v1/accounts/nobody", []badInput{{"unknown account", nil, 404, "not_found", "name"}}},
			endpoint{"GET", "/api/v1/accounts/Bad%20Name", []badInput{{"invalid name", nil, 400, "invalid_path", "name"}}},
			endpoint{"GET", "/api/v1/accounts/nobody", []badInput{{"unknown account", nil, 404, "not_found", "name"}}},
			endpoint{"GET", "/api/v1/accounts/Bad%20Name/tokens", []badInput{{"invalid name", nil, 400, "invalid_path", "name"}}},
			endpoint{"GET", "/api/v1/accounts/nobody/tokens", []badInput{{"unknown account", nil, 404, "not_found", "name"}}},
			endpoint{"DELETE", "/api/v1/accounts/Bad%20Name/tokens", []badInput{{"invalid name", nil, 400, "invalid_path", "name"}}},
			endpoint{"DELETE", "/api/v1/accounts/nobody/tokens", []badInput{{"unknown account", nil, 404, "not_found", "name"}}},
			endpoint{"DELETE", "/api/v1/accounts/cadre-a/tokens/short", []badInput{{"invalid id", nil, 400, "invalid_path", "id"}}},
			endpoint{"DELETE", "/api/v1/accounts/cadre-a/tokens/AAAA%2FAAAAAAA", []badInput{{"id with a slash", nil, 400, "invalid_path", "id"}}},
			endpoint{"DELETE", "/api/v1/accounts/cadre-a/tokens/AAAAAAAAAAAA", []badInput{{"unknown id", nil, 404, "not_found", "id"}}},
			endpoint{"DELETE", "/api/v1/accounts/Bad%20Name/tokens/AAAAAAAAAAAA", []badInput{{"invalid name", nil, 400, "invalid_path", "name"}}},
			endpoint{"GET", "/api/v1/accounts?state=asleep", []badInput{{"unknown state", nil, 400, "invalid_query", "state"}}},
			endpoint{"GET", "/api/v1/accounts?division=12", []badInput{{"invalid division", nil, 400, "invalid_query", "division"}}},
			endpoint{"GET", "/api/v1/accounts?limit=0", []badInput{{"zero limit", nil, 400, "invalid_query", "limit"}}},
			endpoint{"GET", "/api/v1/accounts?colour=red", []badInput{{"unknown parameter", nil, 400, "invalid_query", "colour"}}},
			endpoint{"GET", "/api/v1/accounts?division=654203", []badInput{{"other county", nil, 403, "forbidden", "division"}}},
		)
		for _, ep := range endpoints {
			for _, tt := range ep.cases {
				t.Run(ep.method+" "+ep.path+" "+tt.name, func(t *testing.T) {
					before := f.snapshot()
					res := f.do(ep.method, ep.path, "admin", tt.body)
					if res.status != tt.status {
						t.Errorf("status: got %d %s, want %d", res.status, res.body, tt.status)
					}
					code, field := res.errorField()
					if code != tt.code {
						t.Errorf("error code: got %q, want %q", code, tt.code)
					}
					if field != tt.field {
						t.Errorf("error field: got %q, want %q", field, tt.field)
					}
					if after := f.snapshot(); after != before {
						t.Error("the stored records changed")
					}
				})
			}
		}
	})
}

// TestLoginLimitsOverAPI checks that successful logins from one address use
// up no allowance, that failures get 429 with the exact Retry-After, and that
// failures from one address do not keep the account out at another.
func TestLoginLimitsOverAPI(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	secret := f.newAccount(t, "clerk")
	login := func(f *fixture, secret, forwardedFor string) response {
		return f.do("POST", "/api/v1/login", "", map[string]string{"account": "clerk", "secret": secret},
			"X-Forwarded-For", forwardedFor)
	}
	for i := range 10 {
		if res := login(f, secret, ""); res.status != http.StatusOK {
			t.Fatalf("login %d: got %d %s", i+1, res.status, res.body)
		}
	}
	behind := f.withServer(func(c *server.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	})
	for range 3 {
		if res := login(behind, "wrong", "192.0.2.66"); res.status != http.StatusUnauthorized {
			t.Fatalf("wrong secret: got %d %s", res.status, res.body)
		}
	}
	res := login(behind, "wrong", "192.0.2.66")
	if res.status != http.StatusTooManyRequests {
		t.Fatalf("fourth failure: got %d %s, want 429", res.status, res.body)
	}
	if got := res.header.Get("Retry-After"); got != "30" {
		t.Errorf("Retry-After: got %q, want 30, the first back-off", got)
	}
	if res := login(behind, secret, "203.0.113.9"); res.status != http.StatusOK {
		t.Errorf("login from another address behind the proxy: got %d %s", res.status, res.body)
	}
	// Without trusted proxies the header is ignored, so a spoofed address
	// does not escape the limit of the TCP peer.
	for range 3 {
		login(f, "wrong", "")
	}
	if res := login(f, "wrong", "198.51.100.1"); res.status != http.StatusTooManyRequests {
		t.Errorf("spoofed X-Forwarded-For from an untrusted peer: got %d, want 429", res.status)
	}
}
