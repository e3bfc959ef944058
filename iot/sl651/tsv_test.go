package sl651

import (
	"bufio"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []tsvRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 4 || !strings.HasPrefix(cols[0], prefix) {
			continue
		}
		rows = append(rows, tsvRow{cols[0], cols[1], cols[2], cols[3]})
	}
	return rows, sc.Err()
}

// moduleRoot walks up from the working directory to the folder with go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
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
