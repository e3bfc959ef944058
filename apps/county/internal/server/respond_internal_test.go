package server

import "testing"

func TestCheckNUL(t *testing.T) {
	tests := []struct {
		body string
		nul  bool
	}{
		{`{"name":"a\u0000b"}`, true},
		{`{"a\u0000":1}`, true},
		{`["\"\u0000"]`, true},
		{`{"name":"a\\u0000b"}`, false}, // a backslash, then the text u0000
		{`{"name":"a\\\u0000b"}`, true},
		{`{"name":"a\u00001"}`, true},
		{`{"name":"a\u0001b"}`, false},
		{`{"name":"\\"}`, false},
		{`{"name":"trailing \`, false},
		{``, false},
	}
	for _, tt := range tests {
		if got := checkNUL([]byte(tt.body)) != nil; got != tt.nul {
			t.Errorf("checkNUL(%s): rejected %v, want %v", tt.body, got, tt.nul)
		}
	}
}
