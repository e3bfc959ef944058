package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes checks that every registered route is in the
// OpenAPI document and every operation of the document is registered.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapiDocument, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi version: got %q, want 3.1.x", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options":
				documented[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	s := New(Config{})
	registered := map[string]bool{}
	for _, rt := range s.routes {
		registered[rt.method+" "+rt.path] = true
	}
	for _, k := range sorted(registered) {
		if !documented[k] {
			t.Errorf("route %s is not in openapi.json", k)
		}
	}
	for _, k := range sorted(documented) {
		if !registered[k] {
			t.Errorf("openapi.json has %s, which is not registered", k)
		}
	}

	// Each route reaches its handler through the mux, not the fallback.
	for _, rt := range s.routes {
		path := strings.ReplaceAll(rt.path, "{code}", "X")
		req := httptest.NewRequest(rt.method, path, nil)
		if _, pattern := s.mux.Handler(req); pattern != rt.method+" "+rt.path {
			t.Errorf("%s %s: the mux matched %q", rt.method, path, pattern)
		}
	}
	_ = http.MethodGet
}

func sorted(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
