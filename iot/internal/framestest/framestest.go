// Package framestest reads the tab-separated table of telemetry frames that
// the protocol tests check their decoders against. Its columns are protocol,
// hex, expected decoding and source; lines with fewer columns are skipped.
package framestest

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Row is one frame of the table.
type Row struct {
	Protocol, Hex, Expected, Source string
}

// Read returns the rows of the table at path whose protocol column starts
// with prefix.
func Read(path, prefix string) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	var rows []Row
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 4 || !strings.HasPrefix(cols[0], prefix) {
			continue
		}
		rows = append(rows, Row{cols[0], cols[1], cols[2], cols[3]})
	}
	return rows, sc.Err()
}

// ModuleRoot walks up from the working directory to the folder with go.mod
// and fails tb when there is none.
func ModuleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}
