package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

func plotBody(code, village string, version int64) map[string]any {
	return map[string]any{"code": code, "village": village, "geometry": square(84.6, 44.4),
		"declared_area": "3.00", "use": "0102", "version": version}
}

func householdBody(code string, version int64) map[string]any {
	return map[string]any{"code": code, "name": "新户", "version": version,
		"members": []map[string]any{{"name": "新户", "relation": "head"}}}
}

// TestVillageCadreScope checks every endpoint with a village cadre of village
// A against records of village A (allowed) and village B (not found or
// forbidden).
func TestVillageCadreScope(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		tests := []struct {
			name         string
			method, path string
			body         any
			want         int
		}{
			{"own plot", "GET", "/api/v1/plots/" + plotA, nil, http.StatusOK},
			{"other plot", "GET", "/api/v1/plots/" + plotB, nil, http.StatusNotFound},
			{"update own plot", "PUT", "/api/v1/plots/" + plotA, plotBody(plotA, villageA, 1), http.StatusOK},
			{"update other plot", "PUT", "/api/v1/plots/" + plotB, plotBody(plotB, villageB, 1), http.StatusNotFound},
			{"move plot out", "PUT", "/api/v1/plots/" + plotA, plotBody(plotA, villageB, 2), http.StatusForbidden},
			{"create own plot", "POST", "/api/v1/plots", plotBody("6542021010010100002", villageA, 0), http.StatusCreated},
			{"create other plot", "POST", "/api/v1/plots", plotBody("6542021010020100002", villageB, 0), http.StatusForbidden},
			{"create plot with other village's code", "POST", "/api/v1/plots", plotBody("6542021010020100003", villageA, 0), http.StatusForbidden},
			{"list other village plots", "GET", "/api/v1/plots?division=" + villageB, nil, http.StatusForbidden},
			{"list township plots", "GET", "/api/v1/plots?division=" + township, nil, http.StatusForbidden},
			{"own household", "GET", "/api/v1/households/" + houseA, nil, http.StatusOK},
			{"other household", "GET", "/api/v1/households/" + houseB, nil, http.StatusNotFound},
			{"update own household", "PUT", "/api/v1/households/" + houseA, householdBody(houseA, 1), http.StatusOK},
			{"update other household", "PUT", "/api/v1/households/" + houseB, householdBody(houseB, 1), http.StatusNotFound},
			{"create own household", "POST", "/api/v1/households", householdBody("654202101001010002", 0), http.StatusCreated},
			{"create other household", "POST", "/api/v1/households", householdBody("654202101002010002", 0), http.StatusForbidden},
			{"list other village households", "GET", "/api/v1/households?division=" + villageB, nil, http.StatusForbidden},
			{"own well", "GET", "/api/v1/wells/" + wellA, nil, http.StatusOK},
			{"other well", "GET", "/api/v1/wells/" + wellB, nil, http.StatusNotFound},
			{"own well daily", "GET", "/api/v1/wells/" + wellA + "/daily", nil, http.StatusOK},
			{"other well daily", "GET", "/api/v1/wells/" + wellB + "/daily", nil, http.StatusNotFound},
			{"own well plan", "GET", "/api/v1/wells/" + wellA + "/plans/2026", nil, http.StatusOK},
			{"other well plan", "GET", "/api/v1/wells/" + wellB + "/plans/2026", nil, http.StatusNotFound},
			{"change own well plan", "PUT", "/api/v1/wells/" + wellA + "/plans/2026", map[string]any{"annual_m3": "1300", "version": 1}, http.StatusForbidden},
			{"list other village wells", "GET", "/api/v1/wells?division=" + villageB, nil, http.StatusForbidden},
			{"list other village alarms", "GET", "/api/v1/alarms?division=" + villageB, nil, http.StatusForbidden},
			{"audit", "GET", "/api/v1/audit", nil, http.StatusForbidden},
			{"create account", "POST", "/api/v1/accounts", map[string]any{"name": "x", "role": "village_cadre", "division": villageA}, http.StatusForbidden},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := f.do(tt.method, tt.path, "cadre-a", tt.body)
				if got.status != tt.want {
					t.Errorf("%s %s: got %d %s, want %d", tt.method, tt.path, got.status, got.body, tt.want)
				}
			})
		}
	})
}

// TestListingsScoped checks that listings show a village cadre only the
// records of the village.
func TestListingsScoped(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		tests := []struct {
			path       string
			key        string
			mine, them string
		}{
			{"/api/v1/plots", "code", plotA, plotB},
			{"/api/v1/households", "code", houseA, houseB},
			{"/api/v1/wells", "code", wellA, wellB},
			{"/api/v1/alarms", "well", wellA, wellB},
		}
		for _, tt := range tests {
			for _, account := range []string{"cadre-a", "admin", "township", "cadre-c"} {
				res := f.do("GET", tt.path, account, nil)
				if res.status != http.StatusOK {
					t.Fatalf("%s as %s: got %d %s", tt.path, account, res.status, res.body)
				}
				items := decode[struct{ Items []map[string]any }](t, res).Items
				seen := map[string]bool{}
				for _, it := range items {
					seen[it[tt.key].(string)] = true
				}
				wantMine := account != "cadre-c"
				wantThem := account == "admin" || account == "township"
				if seen[tt.mine] != wantMine {
					t.Errorf("%s as %s: village A record listed %v, want %v", tt.path, account, seen[tt.mine], wantMine)
				}
				if seen[tt.them] != wantThem {
					t.Errorf("%s as %s: village B record listed %v, want %v", tt.path, account, seen[tt.them], wantThem)
				}
			}
		}
	})
}

// protectedRoutes are requests to every route that needs a token.
var protectedRoutes = []struct{ method, path string }{
	{"GET", "/api/v1/me"},
	{"POST", "/api/v1/logout"},
	{"POST", "/api/v1/accounts"},
	{"GET", "/api/v1/accounts"},
	{"GET", "/api/v1/accounts/cadre-a"},
	{"DELETE", "/api/v1/accounts/cadre-a"},
	{"POST", "/api/v1/accounts/cadre-a/disable"},
	{"POST", "/api/v1/accounts/cadre-a/enable"},
	{"POST", "/api/v1/accounts/cadre-a/reset-secret"},
	{"GET", "/api/v1/accounts/cadre-a/tokens"},
	{"DELETE", "/api/v1/accounts/cadre-a/tokens"},
	{"DELETE", "/api/v1/accounts/cadre-a/tokens/AAAAAAAAAAAA"},
	{"GET", "/api/v1/plots"},
	{"POST", "/api/v1/plots"},
	{"GET", "/api/v1/plots/" + plotA},
	{"PUT", "/api/v1/plots/" + plotA},
	{"GET", "/api/v1/households"},
	{"POST", "/api/v1/households"},
	{"GET", "/api/v1/households/" + houseA},
	{"PUT", "/api/v1/households/" + houseA},
	{"GET", "/api/v1/wells"},
	{"GET", "/api/v1/wells/" + wellA},
	{"GET", "/api/v1/wells/" + wellA + "/daily"},
	{"GET", "/api/v1/wells/" + wellA + "/plans/2026"},
	{"PUT", "/api/v1/wells/" + wellA + "/plans/2026"},
	{"GET", "/api/v1/alarms"},
	{"GET", "/api/v1/audit"},
	{"GET", "/api/v1/divisions"},
	{"GET", "/api/v1/map/plots"},
	{"GET", "/api/v1/stats/plan-use"},
	{"GET", "/api/v1/stats/water"},
	{"GET", "/api/v1/stats/land"},
	{"GET", "/api/v1/events"},
	{"POST", "/api/v1/alarms/1/ack"},
	{"POST", "/api/v1/alarms/1/clear"},
	{"GET", "/api/v1/alarm-rules"},
	{"PUT", "/api/v1/alarm-rules"},
	{"GET", "/api/v1/devices"},
	{"GET", "/api/v1/device-alarms"},
	{"POST", "/api/v1/device-alarms/1/ack"},
	{"POST", "/api/v1/device-alarms/1/clear"},
}

var publicRoutes = []struct{ method, path string }{
	{"GET", "/healthz"},
	{"GET", "/readyz"},
	{"GET", "/api/v1/openapi.json"},
}

func TestUnauthenticated(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	for _, rt := range protectedRoutes {
		res := f.do(rt.method, rt.path, "", "{}")
		if res.status != http.StatusUnauthorized {
			t.Errorf("%s %s without a token: got %d, want 401", rt.method, rt.path, res.status)
		}
		if code, _ := res.errorField(); code != "unauthenticated" {
			t.Errorf("%s %s without a token: error code %q, want unauthenticated", rt.method, rt.path, code)
		}
		if !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s %s: WWW-Authenticate %q, want Bearer", rt.method, rt.path, res.header.Get("WWW-Authenticate"))
		}
		f.tokens["forged"] = "sxt_AAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
		if res := f.do(rt.method, rt.path, "forged", "{}"); res.status != http.StatusUnauthorized {
			t.Errorf("%s %s with a forged token: got %d, want 401", rt.method, rt.path, res.status)
		}
	}
	for _, rt := range publicRoutes {
		if res := f.do(rt.method, rt.path, "", nil); res.status != http.StatusOK {
			t.Errorf("%s %s without a token: got %d, want 200", rt.method, rt.path, res.status)
		}
	}
}

func TestPublicRole(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	for _, rt := range protectedRoutes {
		if res := f.do(rt.method, rt.path, "public", "{}"); res.status != http.StatusForbidden {
			t.Errorf("%s %s as public: got %d, want 403", rt.method, rt.path, res.status)
		}
	}
	for _, rt := range publicRoutes {
		if res := f.do(rt.method, rt.path, "public", nil); res.status != http.StatusOK {
			t.Errorf("%s %s as public: got %d, want 200", rt.method, rt.path, res.status)
		}
	}
}

// TestRoleRights checks what each role may read and change.
func TestRoleRights(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	tests := []struct {
		account      string
		method, path string
		body         any
		want         int
	}{
		{"gateway", "GET", "/api/v1/plots", nil, http.StatusForbidden},
		{"gateway", "GET", "/api/v1/wells", nil, http.StatusForbidden},
		{"water", "GET", "/api/v1/plots", nil, http.StatusOK},
		{"water", "POST", "/api/v1/plots", plotBody("6542021010010100003", villageA, 0), http.StatusForbidden},
		{"regulator", "GET", "/api/v1/audit", nil, http.StatusOK},
		{"regulator", "PUT", "/api/v1/wells/" + wellA + "/plans/2026", map[string]any{"annual_m3": "1", "version": 1}, http.StatusForbidden},
		{"township", "PUT", "/api/v1/wells/" + wellA + "/plans/2026", map[string]any{"annual_m3": "1", "version": 1}, http.StatusForbidden},
		{"water", "PUT", "/api/v1/wells/" + wellA + "/plans/2027", map[string]any{"annual_m3": "1200.5"}, http.StatusCreated},
		{"water", "PUT", "/api/v1/wells/" + wellA + "/plans/2026", map[string]any{"annual_m3": "1300", "version": 1}, http.StatusOK},
		{"water", "PUT", "/api/v1/wells/NOPE/plans/2026", map[string]any{"annual_m3": "1300", "version": 1}, http.StatusNotFound},
		{"regulator", "PUT", "/api/v1/plots/" + plotA, plotBody(plotA, villageA, 1), http.StatusForbidden},
		{"township", "GET", "/api/v1/plots/" + plotB, nil, http.StatusOK},
		{"township", "GET", "/api/v1/audit", nil, http.StatusForbidden},
		{"admin", "POST", "/api/v1/accounts", map[string]any{"name": "cadre-b", "role": "village_cadre", "division": villageB}, http.StatusCreated},
		{"admin", "POST", "/api/v1/accounts", map[string]any{"name": "far", "role": "village_cadre", "division": "654203101001"}, http.StatusForbidden},
	}
	for _, tt := range tests {
		res := f.do(tt.method, tt.path, tt.account, tt.body)
		if res.status != tt.want {
			t.Errorf("%s %s as %s: got %d %s, want %d", tt.method, tt.path, tt.account, res.status, res.body, tt.want)
		}
	}
}
