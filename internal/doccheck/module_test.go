package doccheck_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/internal/doccheck"
)

// TestModule fails on every package of this module that lacks a package doc comment and
// every exported name that lacks a doc comment, listing each with its file and line.
func TestModule(t *testing.T) {
	root := moduleRoot(t)
	problems, err := doccheck.Tree(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) == 0 {
		return
	}
	var b strings.Builder
	for _, p := range problems {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	t.Errorf("%d doc comments missing or malformed (see internal/doccheck/doc.go for the rules):\n%s",
		len(problems), b.String())
}

// moduleRoot walks up from the working directory to the folder with go.mod.
func moduleRoot(t *testing.T) string {
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
