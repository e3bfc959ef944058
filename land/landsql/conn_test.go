package landsql

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

func TestDialectString(t *testing.T) {
	assert.Equal(t, "sqlite", SQLite.String())
	assert.Equal(t, "postgresql", PostgreSQL.String())
	assert.Equal(t, "Dialect(0)", Dialect(0).String())
	assert.Error(t, Dialect(0).shared().Validate())
	assert.Error(t, Dialect(7).shared().Validate())
}

func TestDialectMatchesShared(t *testing.T) {
	assert.Equal(t, sqlstore.SQLite, SQLite.shared())
	assert.Equal(t, sqlstore.PostgreSQL, PostgreSQL.shared())
	assert.Equal(t, sqlstore.SQLiteBusyTimeout.Milliseconds(), int64(SQLiteBusyTimeoutMillis))
}

func TestRebind(t *testing.T) {
	tests := []struct {
		name    string
		dialect Dialect
		query   string
		want    string
	}{
		{"sqlite unchanged", SQLite, "SELECT a FROM t WHERE b = ? AND c = ?",
			"SELECT a FROM t WHERE b = ? AND c = ?"},
		{"postgresql numbered", PostgreSQL, "SELECT a FROM t WHERE b = ? AND c = ?",
			"SELECT a FROM t WHERE b = $1 AND c = $2"},
		{"postgresql no placeholders", PostgreSQL, "SELECT 1", "SELECT 1"},
		{"postgresql ten and more", PostgreSQL, "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
			"VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.dialect.rebind(tt.query))
		})
	}
}

func TestDetectDialect(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		got, err := DetectDialect(context.Background(), tdb.db)
		require.NoError(t, err)
		assert.Equal(t, tdb.dialect, got)
	})
}

func TestSQLiteDSNEscapesPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "odd?#%dir")
	dsn := SQLiteDSN(filepath.Join(dir, "land.db"))
	assert.Contains(t, dsn, "odd%3f%23%25dir")
}

func TestOpenSetsWAL(t *testing.T) {
	ctx := context.Background()
	tdb := newTestDB(t, SQLite)
	openTestStore(t, tdb)
	openTestStore(t, tdb)

	var mode string
	require.NoError(t, tdb.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
	assert.Equal(t, "wal", mode)
}

func TestOpenRejectsSQLiteDSN(t *testing.T) {
	path := filepath.Join(t.TempDir(), "land.db")
	tests := []struct {
		name string
		dsn  string
		want string
	}{
		{"foreign keys off", "file:" + path + "?_pragma=busy_timeout(100)", "landsql: sqlite foreign_keys is off"},
		{"no busy timeout", "file:" + path + "?_pragma=foreign_keys(1)", "landsql: sqlite busy_timeout is 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sql.Open("sqlite", tt.dsn)
			require.NoError(t, err)
			defer db.Close()
			_, err = Open(context.Background(), db, SQLite, Options{})
			assert.ErrorContains(t, err, tt.want)
		})
	}
}
