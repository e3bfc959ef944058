package szy206

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/iot/internal/framestest"
)

// tsvRow is one row of the shared water-frames table.
type tsvRow struct {
	protocol, hex, expected, source string
}

// sharedFrames returns the rows of the shared water-frames table whose
// protocol column starts with prefix. It skips the test when the table is
// missing, or fails it when CI=true.
func sharedFrames(t testing.TB, prefix string) []tsvRow {
	t.Helper()
	rows, err := readSharedFrames(moduleRoot(t), prefix)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("read shared frames: %v", err)
		}
		t.Skipf("shared frames not available: %v", err)
	}
	return rows
}

// seedFrames returns the rows for a fuzz corpus, none when the table is
// missing, so that fuzzing runs without it.
func seedFrames(f *testing.F, prefix string) []tsvRow {
	rows, _ := readSharedFrames(moduleRoot(f), prefix)
	return rows
}

func readSharedFrames(root, prefix string) ([]tsvRow, error) {
	path := filepath.Join(root, "..", "shared", "testdata", "water-frames.tsv")
	read, err := framestest.Read(path, prefix)
	rows := make([]tsvRow, len(read))
	for i, r := range read {
		rows[i] = tsvRow{r.Protocol, r.Hex, r.Expected, r.Source}
	}
	return rows, err
}

// moduleRoot walks up from the working directory to the folder with go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	return framestest.ModuleRoot(t)
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("hex %q: %v", s, err)
	}
	return b
}

func TestReadSharedFramesMissing(t *testing.T) {
	_, err := readSharedFrames(t.TempDir(), "SL")
	if err == nil {
		t.Fatal("got no error for a missing table, want one")
	}
}
