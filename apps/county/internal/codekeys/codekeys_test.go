package codekeys_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/apps/county/internal/codekeys"
	"github.com/shuxiang/shuxiang/trace/mint"
)

var now = time.Date(2026, 5, 2, 2, 0, 0, 0, time.UTC)

func TestLoadCreatesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", codekeys.FileName)
	keys, err := codekeys.Load(path, now)
	require.NoError(t, err)
	assert.Equal(t, uint8(1), keys.Current)
	assert.True(t, keys.Mint.Has(1))
	assert.Len(t, keys.Client, 32)

	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	again, err := codekeys.Load(path, now)
	require.NoError(t, err)
	assert.Equal(t, keys.Client, again.Client, "a second load reads the same keys")
}

func TestRotateKeepsOldCodes(t *testing.T) {
	path := filepath.Join(t.TempDir(), codekeys.FileName)
	keys, err := codekeys.Load(path, now)
	require.NoError(t, err)
	m, err := mint.NewMinter(keys.Mint, keys.Current)
	require.NoError(t, err)
	old, err := m.Code(3, 7)
	require.NoError(t, err)

	v, err := codekeys.Rotate(path, now)
	require.NoError(t, err)
	assert.Equal(t, uint8(2), v)
	rotated, err := codekeys.Load(path, now)
	require.NoError(t, err)
	assert.Equal(t, uint8(2), rotated.Current)
	id, err := rotated.Mint.Verify(old.String())
	require.NoError(t, err)
	assert.Equal(t, mint.ID{Version: 1, Batch: 3, Serial: 7}, id)
}

func TestLoadRejectsOpenMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), codekeys.FileName)
	_, err := codekeys.Load(path, now)
	require.NoError(t, err)
	require.NoError(t, os.Chmod(path, 0o644))
	_, err = codekeys.Load(path, now)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "chmod 600")
}

func TestLoadErrorHidesSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), codekeys.FileName)
	require.NoError(t, os.WriteFile(path, []byte(`{"current":1,"mint":[{"version":1,"secret":"c2VjcmV0"}],`), 0o600))
	_, err := codekeys.Load(path, now)
	require.Error(t, err)
	assert.False(t, strings.Contains(err.Error(), "c2VjcmV0"), "error %q quotes the secret", err)
}
