package durable

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	for _, want := range []string{`{"n":1}`, `{"n":22}`, ``} {
		if err := WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatalf("WriteFile(%q): %v", want, err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("contents = %q, want %q", got, want)
		}
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("temporary file after a write: %v", err)
	}
}

func TestWriteFileFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	t.Run("rename onto a directory", func(t *testing.T) {
		path := filepath.Join(dir, "busy")
		if err := os.MkdirAll(filepath.Join(path, "child"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WriteFile(path, []byte("new"), 0o644); err == nil {
			t.Fatal("WriteFile onto a directory returned no error")
		}
		if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
			t.Errorf("temporary file left after a failed write: %v", err)
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		path := filepath.Join(dir, "missing", "state")
		if err := WriteFile(path, []byte("new"), 0o644); err == nil {
			t.Fatal("WriteFile into a missing directory returned no error")
		}
	})
	t.Run("temporary name taken", func(t *testing.T) {
		path := filepath.Join(dir, "state")
		if err := WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(path+".tmp", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WriteFile(path, []byte("new"), 0o644); err == nil {
			t.Fatal("WriteFile with a directory at the temporary name returned no error")
		}
		if got, _ := os.ReadFile(path); string(got) != "old" {
			t.Errorf("contents after a failed write = %q, want old", got)
		}
		if info, err := os.Stat(path + ".tmp"); err != nil || !info.IsDir() {
			t.Errorf("directory at the temporary name: %v, %v; want it kept", info, err)
		}
	})
}
