package server

import (
	"strings"
	"testing"
)

func TestCheckDuplicateKeys(t *testing.T) {
	tests := []struct {
		name, body string
		key, where string // "" when the body passes
	}{
		{"distinct keys", `{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}`, "", ""},
		{"top level", `{"a": 1, "b": 2, "a": 3}`, "a", `"/"`},
		{"nested object", `{"geometry": {"type": "Point", "type": "Polygon"}}`, "type", `"/geometry"`},
		{"object in array", `{"shares": [{"x": 1}, {"x": 1, "x": 2}]}`, "x", `"/shares/1"`},
		{"escaped key", `{"name": "a", "n\u0061me": "b"}`, "name", `"/"`},
		{"key with slash", `{"a/b": {"k": 1, "k": 2}}`, "k", `"/a~1b"`},
		{"differs in case", `{"name": "a", "Name": "b"}`, "", ""},
		{"invalid JSON", `{"a": 1, "a": `, "", ""},
		{"not an object", `[1, 2, 2]`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := checkDuplicateKeys([]byte(tt.body))
			if tt.key == "" {
				if fe != nil {
					t.Fatalf("got %v, want no error", fe)
				}
				return
			}
			if fe == nil {
				t.Fatal("got no error, want duplicate_key")
			}
			if fe.status != 400 || fe.code != "duplicate_key" || fe.field != tt.key {
				t.Errorf("got %d %s field %q, want 400 duplicate_key field %q", fe.status, fe.code, fe.field, tt.key)
			}
			if !strings.Contains(fe.msg, tt.where) {
				t.Errorf("message %q does not name the object %s", fe.msg, tt.where)
			}
		})
	}
}

func FuzzCheckDuplicateKeys(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"a":[{"b":1}]}`, `[[[[{}]]]]`, `{"a":`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDuplicateKeys(b)
	})
}
