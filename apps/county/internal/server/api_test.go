package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

func TestETag(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	paths := []string{
		"/api/v1/plots/" + plotA, "/api/v1/plots", "/api/v1/households/" + houseA, "/api/v1/wells/" + wellA,
		"/api/v1/wells/" + wellA + "/daily", "/api/v1/alarms", "/api/v1/openapi.json",
	}
	for _, path := range paths {
		first := f.do("GET", path, "admin", nil)
		etag := first.header.Get("ETag")
		if first.status != http.StatusOK || etag == "" {
			t.Fatalf("%s: got %d with ETag %q, want 200 with an ETag", path, first.status, etag)
		}
		again := f.do("GET", path, "admin", nil, "If-None-Match", etag)
		if again.status != http.StatusNotModified {
			t.Errorf("%s with If-None-Match: got %d, want 304", path, again.status)
		}
		if len(again.body) != 0 {
			t.Errorf("%s 304 body: got %q, want none", path, again.body)
		}
		other := f.do("GET", path, "admin", nil, "If-None-Match", `"other"`)
		if other.status != http.StatusOK {
			t.Errorf("%s with another ETag: got %d, want 200", path, other.status)
		}
	}

	// A change gives a new ETag.
	first := f.do("GET", "/api/v1/plots/"+plotA, "admin", nil)
	if res := f.do("PUT", "/api/v1/plots/"+plotA, "admin", plotBody(plotA, villageA, 1)); res.status != http.StatusOK {
		t.Fatalf("update: got %d %s", res.status, res.body)
	}
	res := f.do("GET", "/api/v1/plots/"+plotA, "admin", nil, "If-None-Match", first.header.Get("ETag"))
	if res.status != http.StatusOK {
		t.Errorf("after a change: got %d, want 200", res.status)
	}
}

func TestPagination(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	for _, path := range []string{"/api/v1/plots", "/api/v1/households", "/api/v1/wells", "/api/v1/alarms"} {
		var all []any
		next := ""
		for range 5 {
			res := f.do("GET", path+"?limit=1&after="+next, "admin", nil)
			if res.status != http.StatusOK {
				t.Fatalf("%s: got %d %s", path, res.status, res.body)
			}
			pg := decode[struct {
				Items []any
				Next  string
			}](t, res)
			if len(pg.Items) > 1 {
				t.Errorf("%s: got %d items, want at most 1", path, len(pg.Items))
			}
			all = append(all, pg.Items...)
			if pg.Next == "" {
				break
			}
			next = pg.Next
		}
		if len(all) != 2 {
			t.Errorf("%s: paged through %d records, want 2", path, len(all))
		}
	}
}

func TestPlotRoundTrip(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	body := plotBody("6542021010010100005", villageA, 0)
	body["name"] = "西大渠边"
	body["declared_area"] = json.Number("1.50")
	body["class"] = "contracted"
	res := f.do("POST", "/api/v1/plots", "cadre-a", body)
	if res.status != http.StatusCreated {
		t.Fatalf("create: got %d %s", res.status, res.body)
	}
	if loc := res.header.Get("Location"); loc != "/api/v1/plots/6542021010010100005" {
		t.Errorf("Location: got %q", loc)
	}
	got := decode[map[string]any](t, f.do("GET", "/api/v1/plots/6542021010010100005", "cadre-a", nil))
	if got["name"] != "西大渠边" || got["declared_area"] != "1.50" || got["version"] != 1.0 {
		t.Errorf("plot: got %v", got)
	}
	if area := got["measured_area_m2"].(float64); area < 8000 || area > 10000 {
		t.Errorf("measured area: got %v m², want about 8900 for 0.001° squares at 44.4°N", area)
	}
	if g, _ := json.Marshal(got["geometry"]); len(g) < 20 {
		t.Errorf("geometry: got %s", g)
	}
}

func TestAuditBeforeAfter(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	body := plotBody(plotA, villageA, 1)
	body["declared_area"] = "9.99"
	if res := f.do("PUT", "/api/v1/plots/"+plotA, "cadre-a", body); res.status != http.StatusOK {
		t.Fatalf("update: got %d %s", res.status, res.body)
	}
	res := f.do("GET", "/api/v1/audit?kind=plot&record="+plotA, "regulator", nil)
	if res.status != http.StatusOK {
		t.Fatalf("audit: got %d %s", res.status, res.body)
	}
	entries := decode[struct {
		Items []struct {
			Actor, Role, Action string
			Before, After       map[string]any
		}
	}](t, res).Items
	if len(entries) != 1 {
		t.Fatalf("got %d entries, want 1", len(entries))
	}
	e := entries[0]
	if e.Actor != "cadre-a" || e.Role != "village_cadre" || e.Action != "update" {
		t.Errorf("entry: got %+v", e)
	}
	if e.Before["declared_area"] != "2.50" || e.After["declared_area"] != "9.99" {
		t.Errorf("before %v, after %v: want declared area 2.50 then 9.99", e.Before["declared_area"], e.After["declared_area"])
	}
}

func TestHouseholdMasking(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	tests := []struct {
		account string
		masked  bool
	}{{"cadre-a", false}, {"water", true}, {"regulator", true}}
	for _, tt := range tests {
		h := decode[struct {
			Members []struct {
				IDNumber string `json:"id_number"`
			}
		}](t, f.do("GET", "/api/v1/households/"+houseA, tt.account, nil))
		if len(h.Members) != 1 {
			t.Fatalf("%s: got %d members", tt.account, len(h.Members))
		}
		full := h.Members[0].IDNumber == "654202199001011234"
		if full == tt.masked {
			t.Errorf("%s: ID number %q, want masked %v", tt.account, h.Members[0].IDNumber, tt.masked)
		}
	}
}

func TestDailySeries(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	tests := []struct {
		query string
		days  int
		total string
	}{
		{"", 2, "14.75"},
		{"?from=2026-05-02", 1, "4.25"},
		{"?to=2026-05-01", 1, "10.50"},
		{"?from=2026-06-01", 0, "0"},
	}
	for _, tt := range tests {
		res := f.do("GET", "/api/v1/wells/"+wellA+"/daily"+tt.query, "water", nil)
		s := decode[struct {
			Total string `json:"total_m3"`
			Days  []any
		}](t, res)
		if len(s.Days) != tt.days || s.Total != tt.total {
			t.Errorf("%q: got %d days totalling %s, want %d totalling %s", tt.query, len(s.Days), s.Total, tt.days, tt.total)
		}
	}
}

func TestLoginRateLimit(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	statuses := []int{}
	for range 4 {
		res := f.do("POST", "/api/v1/login", "", map[string]string{"account": "admin", "secret": "wrong"})
		statuses = append(statuses, res.status)
	}
	want := []int{401, 401, 401, 429}
	for i := range want {
		if statuses[i] != want[i] {
			t.Errorf("attempt %d: got %d, want %d", i+1, statuses[i], want[i])
		}
	}
}

func TestUnknownRoute(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	res := f.do("GET", "/api/v1/nothing", "admin", nil)
	if code, _ := res.errorField(); res.status != http.StatusNotFound || code != "not_found" {
		t.Errorf("got %d %s, want 404 not_found", res.status, res.body)
	}
	res = f.do("DELETE", "/api/v1/plots/"+plotA, "admin", nil)
	if res.status != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: got %d, want 405", res.status)
	}
}

func TestPlanAudit(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	body := map[string]any{"annual_m3": "1500", "warnings_percent": []string{"80", "90"}, "at_limit": "remote-stop", "version": 1}
	res := f.do("PUT", "/api/v1/wells/"+wellA+"/plans/2026", "water", body)
	if res.status != http.StatusOK {
		t.Fatalf("put plan: got %d %s", res.status, res.body)
	}
	plan := decode[struct {
		Annual  string   `json:"annual_m3"`
		Monthly []string `json:"monthly_m3"`
		AtLimit string   `json:"at_limit"`
		Version int64
	}](t, res)
	if plan.Annual != "1500" || len(plan.Monthly) != 12 || plan.Monthly[0] != "125.000000" || plan.AtLimit != "remote-stop" || plan.Version != 2 {
		t.Errorf("plan: got %+v", plan)
	}
	entries := decode[struct {
		Items []struct {
			Actor, Action string
			Before, After map[string]any
		}
	}](t, f.do("GET", "/api/v1/audit?kind=plan&record="+wellA+"/2026", "admin", nil)).Items
	if len(entries) != 1 {
		t.Fatalf("got %d audit entries, want 1", len(entries))
	}
	e := entries[0]
	if e.Actor != "water" || e.Action != "update" || e.Before["annual_m3"] != "1200" || e.After["annual_m3"] != "1500" {
		t.Errorf("audit entry: got %+v", e)
	}
}

func TestLogout(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	if res := f.do("GET", "/api/v1/me", "cadre-a", nil); res.status != http.StatusOK {
		t.Fatalf("me: got %d", res.status)
	}
	if res := f.do("POST", "/api/v1/logout", "cadre-a", nil); res.status != http.StatusNoContent {
		t.Fatalf("logout: got %d %s", res.status, res.body)
	}
	if res := f.do("GET", "/api/v1/me", "cadre-a", nil); res.status != http.StatusUnauthorized {
		t.Errorf("me after logout: got %d, want 401", res.status)
	}
}

func TestHouseholdAuditMasked(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	body := householdBody(houseA, 1)
	body["members"] = []map[string]any{{"name": "新户", "relation": "head", "id_number": "654202199201015678"}}
	if res := f.do("PUT", "/api/v1/households/"+houseA, "cadre-a", body); res.status != http.StatusOK {
		t.Fatalf("update: got %d %s", res.status, res.body)
	}
	res := f.do("GET", "/api/v1/audit?kind=household&record="+houseA, "admin", nil)
	if res.status != http.StatusOK {
		t.Fatalf("audit: got %d", res.status)
	}
	for _, full := range []string{"654202199201015678", "654202199001011234"} {
		if strings.Contains(string(res.body), full) {
			t.Errorf("audit log holds the whole ID number %s, want it masked", full)
		}
	}
}
