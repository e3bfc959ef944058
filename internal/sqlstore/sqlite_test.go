package sqlstore_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

func TestSQLiteDSN(t *testing.T) {
	tests := []struct {
		name string
		path string
		want string
	}{
		{"plain", "/var/lib/land.db",
			"file:/var/lib/land.db?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_txlock=immediate"},
		{"escaped", "/tmp/odd?#%dir/land.db",
			"file:/tmp/odd%3f%23%25dir/land.db?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_txlock=immediate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sqlstore.SQLiteDSN(tt.path))
		})
	}
}

func TestSQLiteDSNOpensOddPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "odd?#%dir", "land.db")
	require.NoError(t, mkdirAll(filepath.Dir(path)))
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, sqlstore.NewHandle(db, sqlstore.SQLite, "teststore").SetupSQLite(t.Context()))
	assert.FileExists(t, path)
}

func TestSetupSQLite(t *testing.T) {
	ctx := t.Context()
	db := sqlstoretest.SQLite(t, "setup")
	h := sqlstore.NewHandle(db.DB, db.Dialect, "teststore")
	require.NoError(t, h.SetupSQLite(ctx))
	require.NoError(t, h.SetupSQLite(ctx), "second setup")

	var mode string
	require.NoError(t, db.DB.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
	assert.Equal(t, "wal", mode)
}

func TestSetupSQLiteConcurrentProcesses(t *testing.T) {
	db := sqlstoretest.SQLite(t, "setup")
	var g errgroup.Group
	for range 4 {
		h := sqlstore.NewHandle(db.Open(t), sqlstore.SQLite, "teststore")
		g.Go(func() error { return h.SetupSQLite(t.Context()) })
	}
	require.NoError(t, g.Wait())
}

func TestSetupSQLiteRejectsDSN(t *testing.T) {
	path := filepath.Join(t.TempDir(), "land.db")
	tests := []struct {
		name string
		dsn  string
		want string
	}{
		{"foreign keys off", "file:" + path + "?_pragma=busy_timeout(100)",
			"teststore: sqlite foreign_keys is off"},
		{"no busy timeout", "file:" + path + "?_pragma=foreign_keys(1)",
			"teststore: sqlite busy_timeout is 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sql.Open("sqlite", tt.dsn)
			require.NoError(t, err)
			defer db.Close()
			err = sqlstore.NewHandle(db, sqlstore.SQLite, "teststore").SetupSQLite(t.Context())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "SQLiteDSN", "message names the fix")
		})
	}
}
