package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// badInput is one rejected request body with the response it must get.
type badInput struct {
	name   string
	body   any
	status int
	code   string
	field  string
}

// commonBadInputs apply to every write endpoint.
func commonBadInputs() []badInput {
	return []badInput{
		{"invalid JSON", `{"code": `, http.StatusBadRequest, "invalid_json", ""},
		{"not an object", `[1, 2]`, http.StatusBadRequest, "invalid_type", "(body)"},
		{"trailing data", `{} {}`, http.StatusBadRequest, "invalid_json", ""},
		{"empty body", ``, http.StatusBadRequest, "invalid_json", ""},
		{"oversized body", `{"name": "` + strings.Repeat("x", maxBody) + `"}`, http.StatusRequestEntityTooLarge, "body_too_large", ""},
		{"unknown field", `{"colour": "red"}`, http.StatusBadRequest, "unknown_field", "colour"},
		{"NUL in a text", `{"name": "a\u0000b"}`, http.StatusBadRequest, "invalid_json", ""},
		{"duplicate key", `{"name": "a", "name": "b"}`, http.StatusBadRequest, "duplicate_key", "name"},
	}
}

func withPlot(change func(m map[string]any)) map[string]any {
	m := plotBody("6542021010010100009", villageA, 0)
	change(m)
	return m
}

func plotBadInputs(version int64, code string) []badInput {
	body := func(change func(m map[string]any)) map[string]any {
		m := plotBody(code, villageA, version)
		change(m)
		return m
	}
	return append(commonBadInputs(),
		badInput{"wrong type name", body(func(m map[string]any) { m["name"] = 5 }), 400, "invalid_type", "name"},
		badInput{"wrong type version", body(func(m map[string]any) { m["version"] = "one" }), 400, "invalid_type", "version"},
		badInput{"wrong type area", body(func(m map[string]any) { m["declared_area"] = true }), 400, "invalid_type", "declared_area"},
		badInput{"bad area", body(func(m map[string]any) { m["declared_area"] = "2,5" }), 422, "invalid_field", "declared_area"},
		badInput{"negative area", body(func(m map[string]any) { m["declared_area"] = "-1" }), 422, "invalid_field", "declared_area"},
		badInput{"invalid village", body(func(m map[string]any) { m["village"] = "65420210100" }), 422, "invalid_field", "village"},
		badInput{"township as village", body(func(m map[string]any) { m["village"] = township }), 422, "invalid_field", "village"},
		badInput{"missing village", body(func(m map[string]any) { delete(m, "village") }), 422, "invalid_field", "village"},
		badInput{"invalid use", body(func(m map[string]any) { m["use"] = "9999" }), 422, "invalid_field", "use"},
		badInput{"invalid class", body(func(m map[string]any) { m["class"] = "moon" }), 422, "invalid_field", "class"},
		badInput{"geometry not GeoJSON", body(func(m map[string]any) { m["geometry"] = map[string]any{"type": "Blob"} }), 422, "invalid_field", "geometry"},
		badInput{"geometry a point", body(func(m map[string]any) {
			m["geometry"] = map[string]any{"type": "Point", "coordinates": []float64{84, 44}}
		}), 422, "invalid_field", "geometry"},
		badInput{"geometry self-intersecting", body(func(m map[string]any) {
			m["geometry"] = map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{84, 44}, {84.001, 44.001}, {84.001, 44}, {84, 44.001}, {84, 44}}}}
		}), 422, "invalid_field", "geometry"},
		badInput{"geometry too few points", body(func(m map[string]any) {
			m["geometry"] = map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{84, 44}, {84.001, 44}, {84, 44}}}}
		}), 422, "invalid_field", "geometry"},
		badInput{"geometry out of range", body(func(m map[string]any) {
			m["geometry"] = map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{184, 44}, {184.001, 44}, {184.001, 44.001}, {184, 44}}}}
		}), 422, "invalid_field", "geometry"},
		badInput{"geometry 3D", body(func(m map[string]any) {
			m["geometry"] = map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{84, 44, 1}, {84.001, 44, 1}, {84.001, 44.001, 1}, {84, 44, 1}}}}
		}), 422, "invalid_field", "geometry"},
	)
}

func householdBadInputs(version int64, code string) []badInput {
	body := func(change func(m map[string]any)) map[string]any {
		m := householdBody(code, version)
		change(m)
		return m
	}
	return append(commonBadInputs(),
		badInput{"wrong type members", body(func(m map[string]any) { m["members"] = "all" }), 400, "invalid_type", "members"},
		badInput{"wrong type member name", body(func(m map[string]any) { m["members"] = []map[string]any{{"name": 1}} }), 400, "invalid_type", "members.name"},
		badInput{"unknown member field", body(func(m map[string]any) { m["members"] = []map[string]any{{"name": "a", "age": 3}} }), 400, "unknown_field", "age"},
		badInput{"missing name", body(func(m map[string]any) { m["name"] = "" }), 422, "invalid_field", "name"},
		badInput{"invalid relation", body(func(m map[string]any) { m["members"] = []map[string]any{{"name": "a", "relation": "uncle-ish"}} }), 422, "invalid_field", "members[0].relation"},
		badInput{"missing member name", body(func(m map[string]any) { m["members"] = []map[string]any{{"relation": "head"}} }), 422, "invalid_field", "members[0].name"},
	)
}

// TestBadInput sends every bad body to every write endpoint and checks the
// status, the error code and field, and that nothing stored changed.
func TestBadInput(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		endpoints := []struct {
			method, path string
			cases        []badInput
			extra        []badInput
		}{
			{"POST", "/api/v1/plots", plotBadInputs(0, "6542021010010100009"), []badInput{
				{"invalid code", withPlot(func(m map[string]any) { m["code"] = "123" }), 422, "invalid_field", "code"},
				{"version on create", withPlot(func(m map[string]any) { m["version"] = 3 }), 422, "invalid_field", "version"},
				{"existing code", plotBody(plotA, villageA, 0), 409, "conflict", "code"},
			}},
			{"PUT", "/api/v1/plots/" + plotA, plotBadInputs(1, plotA), []badInput{
				{"code differs from path", plotBody("6542021010010100009", villageA, 1), 422, "invalid_field", "code"},
				{"missing version", plotBody(plotA, villageA, 0), 422, "invalid_field", "version"},
				{"stale version", plotBody(plotA, villageA, 7), 409, "conflict", "version"},
			}},
			{"POST", "/api/v1/households", householdBadInputs(0, "654202101001010009"), []badInput{
				{"invalid code", householdBody("65420210100101000X", 0), 422, "invalid_field", "code"},
				{"existing code", householdBody(houseA, 0), 409, "conflict", "code"},
				{"NUL in a member's name", func() map[string]any {
					m := householdBody("654202101001010009", 0)
					m["members"] = []map[string]any{{"name": "新\x00户", "relation": "head"}}
					return m
				}(), 400, "invalid_json", ""},
			}},
			{"PUT", "/api/v1/households/" + houseA, householdBadInputs(1, houseA), []badInput{
				{"stale version", householdBody(houseA, 9), 409, "conflict", "version"},
			}},
			{"PUT", "/api/v1/wells/" + wellA + "/plans/2026", commonBadInputs(), []badInput{
				{"wrong type annual", map[string]any{"annual_m3": true, "version": 1}, 400, "invalid_type", "annual_m3"},
				{"wrong type monthly", map[string]any{"monthly_m3": "many", "version": 1}, 400, "invalid_type", "monthly_m3"},
				{"no volume", map[string]any{"version": 1}, 422, "invalid_field", "annual_m3"},
				{"negative annual", map[string]any{"annual_m3": "-5", "version": 1}, 422, "invalid_field", "annual_m3"},
				{"too many places", map[string]any{"annual_m3": "1.1234567", "version": 1}, 422, "invalid_field", "annual_m3"},
				{"eleven months", map[string]any{"monthly_m3": []string{"1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1"}, "version": 1}, 422, "invalid_field", "monthly_m3"},
				{"sum differs", map[string]any{"annual_m3": "13", "monthly_m3": []string{"1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1"}, "version": 1}, 422, "invalid_field", "annual_m3"},
				{"bad month", map[string]any{"monthly_m3": []string{"1", "1", "x", "1", "1", "1", "1", "1", "1", "1", "1", "1"}, "version": 1}, 422, "invalid_field", "monthly_m3[2]"},
				{"warning of 100", map[string]any{"annual_m3": "12", "warnings_percent": []string{"100"}, "version": 1}, 422, "invalid_field", "warnings_percent[0]"},
				{"bad action", map[string]any{"annual_m3": "12", "at_limit": "explode", "version": 1}, 422, "invalid_field", "at_limit"},
				{"stale version", map[string]any{"annual_m3": "12", "version": 5}, 409, "conflict", "version"},
				{"create over existing", map[string]any{"annual_m3": "12"}, 409, "conflict", "version"},
			}},
			{"PUT", "/api/v1/wells/" + wellA + "/plans/20x6", nil, []badInput{
				{"invalid year", map[string]any{"annual_m3": "12", "version": 1}, 400, "invalid_path", "year"},
			}},
			{"POST", "/api/v1/accounts", commonBadInputs(), []badInput{
				{"invalid name", map[string]any{"name": "Big Name", "role": "village_cadre", "division": villageA}, 422, "invalid_field", "name"},
				{"invalid role", map[string]any{"name": "n", "role": "king", "division": villageA}, 422, "invalid_field", "role"},
				{"wrong level", map[string]any{"name": "n", "role": "village_cadre", "division": township}, 422, "invalid_field", "division"},
				{"existing name", map[string]any{"name": "cadre-a", "role": "village_cadre", "division": villageA}, 409, "conflict", "name"},
			}},
			{"POST", "/api/v1/login", commonBadInputs(), []badInput{
				{"missing secret", map[string]any{"account": "admin"}, 422, "invalid_field", "secret"},
				{"wrong type", map[string]any{"account": 5, "secret": "x"}, 400, "invalid_type", "account"},
			}},
		}
		for _, ep := range endpoints {
			for _, tt := range append(ep.cases, ep.extra...) {
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
					if !json.Valid(res.body) {
						t.Errorf("body is not JSON: %s", res.body)
					}
					if after := f.snapshot(); after != before {
						t.Error("the stored records changed")
					}
				})
			}
		}
	})
}

func TestUnsupportedMediaType(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	res := f.do("POST", "/api/v1/plots", "admin", plotBody("6542021010010100009", villageA, 0), "Content-Type", "text/plain")
	if res.status != http.StatusUnsupportedMediaType {
		t.Errorf("status: got %d, want 415", res.status)
	}
}

func TestBadQuery(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	tests := []struct {
		path, field string
		status      int
	}{
		{"/api/v1/plots?limit=0", "limit", 400},
		{"/api/v1/plots?limit=abc", "limit", 400},
		{"/api/v1/plots?division=12", "division", 400},
		{"/api/v1/wells?limit=100000", "limit", 400},
		{"/api/v1/wells/" + wellA + "/daily?from=2026-13-01", "from", 400},
		{"/api/v1/wells/" + wellA + "/daily?from=2026-05-02&to=2026-05-01", "to", 400},
		{"/api/v1/alarms?status=burning", "status", 400},
		{"/api/v1/alarms?well=bad%20code", "well", 400},
		{"/api/v1/audit?after=x", "after", 400},
		{"/api/v1/plots/123", "code", 400},
		{"/api/v1/households/123", "code", 400},
	}
	for _, tt := range tests {
		res := f.do("GET", tt.path, "admin", nil)
		if res.status != tt.status {
			t.Errorf("%s: got %d %s, want %d", tt.path, res.status, res.body, tt.status)
		}
		if _, field := res.errorField(); field != tt.field {
			t.Errorf("%s: field %q, want %q", tt.path, field, tt.field)
		}
	}
}
