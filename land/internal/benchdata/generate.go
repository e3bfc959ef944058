package benchdata

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Generate runs the genplots command of the Go module in genDir (the folder
// whose cmd/genplots builds the generator) with "go run", writing its files
// into outDir. The go tool is looked up in PATH.
func Generate(ctx context.Context, genDir, outDir string) error {
	cmd := exec.CommandContext(ctx, "go", "run", "./cmd/genplots", "-dir", outDir)
	cmd.Dir = genDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("benchdata: go run ./cmd/genplots in %s: %w\n%s", genDir, err, out)
	}
	return nil
}

// Cache generates and loads the data set at most once per process, for
// tests and benchmarks that share it. The zero value is ready to use, and a
// Cache is safe for concurrent use.
type Cache struct {
	once sync.Once
	set  *Set
	err  error
}

// Load returns the data set, generating it on the first call into
// tb.TempDir() from the genplots module in genDir and reading it into
// memory. The files are removed with that temporary folder, but the loaded
// set stays for later calls, which ignore genDir. Load stops tb with
// tb.Fatal when generating or reading fails, on the first and every later
// call. The returned set is shared and must not be modified.
func (c *Cache) Load(tb testing.TB, genDir string) *Set {
	tb.Helper()
	c.once.Do(func() {
		dir := tb.TempDir()
		if err := Generate(tb.Context(), genDir, dir); err != nil {
			c.err = err
			return
		}
		c.set, c.err = Load(dir)
	})
	if c.err != nil {
		tb.Fatal(c.err)
	}
	return c.set
}

// ModuleRoot returns the nearest folder at or above the working directory
// that holds a go.mod file.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("benchdata: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("benchdata: no go.mod at or above the working directory")
		}
		dir = parent
	}
}
