package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestWatcherDeduplicatesAndGaps(t *testing.T) {
	var out bytes.Buffer
	w := newWatcher(&out, false)
	now := time.Date(2026, 6, 21, 8, 0, 0, 0, time.UTC)
	base := "shuxiang/v1/g/gw"
	msgs := []string{
		`{"seq":1,"ts":1,"hist":false,"data":{"a":1}}`,
		`{"seq":2,"items":[{"seq":2,"ts":2,"hist":false,"data":{}},{"seq":3,"ts":3,"hist":false,"data":{}}]}`,
		`{"seq":2,"ts":2,"hist":false,"data":{}}`,
		`{"seq":6,"ts":6,"hist":true,"data":{}}`,
	}
	for _, m := range msgs {
		w.message(now, base+"/telemetry", []byte(m), false)
	}
	w.message(now, base+"/birth", []byte(`{"bdSeq":1}`), false)

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	tests := []struct {
		line int
		want string
	}{
		{0, "seq=1 {\"a\":1}"},
		{1, "seq=2 "},
		{2, "seq=3 "},
		{3, "seq=6 GAP: 2 missing after seq 3 hist"},
		{4, "/birth {\"bdSeq\":1}"},
	}
	if len(lines) != len(tests) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(tests), out.String())
	}
	for _, tt := range tests {
		if !strings.Contains(lines[tt.line], tt.want) {
			t.Errorf("line %d = %q, want it to contain %q", tt.line, lines[tt.line], tt.want)
		}
	}
	if got := w.summary(); !strings.Contains(got, "1 duplicates dropped, 1 gaps (2 seq missing)") {
		t.Errorf("summary %q", got)
	}
}
