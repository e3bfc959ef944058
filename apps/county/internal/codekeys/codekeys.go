// Package codekeys keeps the county server's secret keys for traceability: the
// versioned keys that mint and verify county codes (package trace/mint), and the
// key that hashes the clients of public lookups (trace.HashClient).
//
// The keys live in one JSON file, created with mode 0600 on first use:
//
//	{"current": 2,
//	 "mint": [{"version": 1, "secret": "BASE64", "created": "..."},
//	          {"version": 2, "secret": "BASE64", "created": "..."}],
//	 "client": "BASE64"}
//
// Codes are minted under the current version. Older versions stay in the file so
// that the codes they minted still verify; Rotate adds a version and makes it
// current. Secrets never appear in errors or logs.
package codekeys

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/shuxiang/shuxiang/trace/mint"
)

// FileName is the name of the key file in the server's data folder.
const FileName = "trace-keys.json"

// clientKeyBytes is the size of the client hash key: 256 bits for HMAC-SHA256.
const clientKeyBytes = 32

// Keys is the loaded key file.
type Keys struct {
	// Current is the key version new codes are minted under.
	Current uint8
	// Mint verifies the codes of every version in the file.
	Mint *mint.Keyring
	// Client is the key of trace.HashClient.
	Client []byte
}

type fileKey struct {
	Version uint8     `json:"version"`
	Secret  []byte    `json:"secret"`
	Created time.Time `json:"created"`
}

type file struct {
	Current uint8     `json:"current"`
	Mint    []fileKey `json:"mint"`
	Client  []byte    `json:"client"`
}

// Load reads the key file at path, creating it with a first mint key (version 1)
// and a client key when it does not exist. It fails when the file is readable by
// others than its owner, because anyone who reads it can mint codes that verify.
func Load(path string, now time.Time) (*Keys, error) {
	f, err := read(path)
	if errors.Is(err, fs.ErrNotExist) {
		f = &file{Current: 1}
		if err := f.addVersion(1, now); err != nil {
			return nil, err
		}
		if f.Client, err = random(clientKeyBytes); err != nil {
			return nil, err
		}
		if err := write(path, f); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	return f.keys(path)
}

// Rotate adds a mint key of the next version to the key file at path and makes
// it current, and returns the new version. Codes minted before keep verifying.
func Rotate(path string, now time.Time) (uint8, error) {
	f, err := read(path)
	if err != nil {
		return 0, err
	}
	next := f.Current + 1
	for _, k := range f.Mint {
		next = max(next, k.Version+1)
	}
	if next > mint.MaxVersion {
		return 0, fmt.Errorf("key file %s: version %d is the last one; remove the keys of versions "+
			"whose codes no longer circulate and reuse their numbers", path, mint.MaxVersion)
	}
	if err := f.addVersion(next, now); err != nil {
		return 0, err
	}
	f.Current = next
	return next, write(path, f)
}

func (f *file) addVersion(v uint8, now time.Time) error {
	secret, err := random(mint.SecretSize)
	if err != nil {
		return err
	}
	f.Mint = append(f.Mint, fileKey{Version: v, Secret: secret, Created: now.UTC()})
	return nil
}

func (f *file) keys(path string) (*Keys, error) {
	keys := make([]mint.Key, 0, len(f.Mint))
	current := false
	for _, k := range f.Mint {
		keys = append(keys, mint.Key{Version: k.Version, Secret: k.Secret})
		current = current || k.Version == f.Current
	}
	if !current {
		return nil, fmt.Errorf("key file %s: current version %d has no mint key", path, f.Current)
	}
	ring, err := mint.NewKeyring(keys...)
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	if len(f.Client) < 16 {
		return nil, fmt.Errorf("key file %s: client key has %d bytes, want at least 16", path, len(f.Client))
	}
	return &Keys{Current: f.Current, Mint: ring, Client: f.Client}, nil
}

func read(path string) (*file, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("key file %s has mode %v, want 0600: run chmod 600 %s", path, info.Mode().Perm(), path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		// The decoder's message may quote the file's bytes, so it is left out.
		return nil, fmt.Errorf("key file %s is not valid JSON; restore it from a backup", path)
	}
	sort.Slice(f.Mint, func(i, j int) bool { return f.Mint[i].Version < f.Mint[j].Version })
	return &f, nil
}

// write replaces the file at path through a temporary file of mode 0600.
func write(path string, f *file) error {
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".trace-keys-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func random(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("read random key: %w", err)
	}
	return b, nil
}
