package uplink

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestBirthSeqFile(t *testing.T) {
	tests := []struct {
		name    string
		content string // "" for no file
		min     uint64 // lowest bdSeq of the first connection
		max     uint64 // highest, 0 for no bound
	}{
		{"no file", "", 1, 1},
		{"saved", "41\n", 42, 42},
		{"unreadable", "4x", uint64(time.Now().UnixMilli()), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			box := openBox(t, t.TempDir())
			path := filepath.Join(box.Dir(), birthSeqName)
			if tt.content != "" {
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			u, err := New(box, testConfig("tcp://127.0.0.1:1883"))
			if err != nil {
				t.Fatal(err)
			}
			u.nextBirthSeq()
			if u.bdSeq < tt.min || (tt.max != 0 && u.bdSeq > tt.max) {
				t.Errorf("bdSeq = %d, want %d to %d", u.bdSeq, tt.min, tt.max)
			}
			saved, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			u2, err := New(box, testConfig("tcp://127.0.0.1:1883"))
			if err != nil {
				t.Fatal(err)
			}
			if u2.bdSeq != u.bdSeq {
				t.Errorf("bdSeq read back from %q = %d, want %d", saved, u2.bdSeq, u.bdSeq)
			}
		})
	}
}
