package epcis

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCanonicalIDVectors(t *testing.T) {
	rows := readTSV(t, filepath.Join(sharedDir(t), "vectors", "dl-epc-to-canonical.tsv"))
	if len(rows) < 70 {
		t.Fatalf("got %d rows, want at least 70", len(rows))
	}
	for _, row := range rows {
		input, want := row[0], row[1]
		t.Run(input, func(t *testing.T) {
			got, ok := canonicalID(input)
			if strings.HasPrefix(want, "(none") {
				if ok {
					t.Errorf("canonicalID(%q) = %q, want rejection", input, got)
				}
				return
			}
			if !ok || got != want {
				t.Errorf("canonicalID(%q) = %q, %v; want %q", input, got, ok, want)
			}
		})
	}
}

func TestGS1CheckDigit(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"0401234511111", "8"}, {"34012345111111111", "1"}, {"401234500005", "4"},
	} {
		if got := string(gs1CheckDigit(tc.body)); got != tc.want {
			t.Errorf("gs1CheckDigit(%s) = %s, want %s", tc.body, got, tc.want)
		}
	}
}
