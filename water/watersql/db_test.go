package watersql_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/shuxiang/shuxiang/water/watersql"
)

// testDB is an empty database of one dialect, removed when its test ends. open opens
// another pool on the same database, as a second process would.
type testDB struct {
	db      *sql.DB
	dialect watersql.Dialect
	open    func(t testing.TB) *sql.DB
}

// bothDialects runs fn as a subtest on a new SQLite file and on a new PostgreSQL schema.
func bothDialects(t *testing.T, fn func(t *testing.T, tdb testDB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, sqliteDB(t)) })
	t.Run("postgresql", func(t *testing.T) { fn(t, postgresDB(t)) })
}

func newDB(t testing.TB, d watersql.Dialect) testDB {
	t.Helper()
	if d == watersql.PostgreSQL {
		return postgresDB(t)
	}
	return sqliteDB(t)
}

func sqliteDB(t testing.TB) testDB {
	t.Helper()
	dsn := watersql.SQLiteDSN(filepath.Join(t.TempDir(), "water.db"))
	open := func(t testing.TB) *sql.DB {
		t.Helper()
		db, err := sql.Open("sqlite", dsn)
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	return testDB{db: open(t), dialect: watersql.SQLite, open: open}
}

// postgresDB creates a schema of its own on the server that SHUXIANG_TEST_POSTGRES_DSN
// names, and returns a pool whose connections have it as search_path, so that parallel
// tests share no table. It skips the test when the variable is unset, unless CI=true.
func postgresDB(t testing.TB) testDB {
	t.Helper()
	dsn := os.Getenv("SHUXIANG_TEST_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("SHUXIANG_TEST_POSTGRES_DSN is not set, and CI=true requires the PostgreSQL tests")
		}
		t.Skip("SHUXIANG_TEST_POSTGRES_DSN is not set")
	}
	admin, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = admin.Close() })
	ctx := context.Background()
	require.NoError(t, admin.PingContext(ctx), "PostgreSQL at SHUXIANG_TEST_POSTGRES_DSN is unreachable")

	schema := "watersql_test_" + randomHex(t)
	_, err = admin.ExecContext(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})

	schemaDSN := searchPathDSN(t, dsn, schema)
	open := func(t testing.TB) *sql.DB {
		t.Helper()
		db, err := sql.Open("pgx", schemaDSN)
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	// Cleanups run last in, first out, so the pools close before the schema is dropped.
	return testDB{db: open(t), dialect: watersql.PostgreSQL, open: open}
}

// searchPathDSN adds search_path to a URL or keyword/value DSN, which pgx sends as a
// run-time parameter when it connects.
func searchPathDSN(t testing.TB, dsn, schema string) string {
	t.Helper()
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(t testing.TB) string {
	t.Helper()
	b := make([]byte, 6)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

func openStore(t testing.TB, tdb testDB) *watersql.Store {
	t.Helper()
	s, err := watersql.Open(context.Background(), tdb.db, tdb.dialect, watersql.Options{})
	require.NoError(t, err)
	return s
}

func openSQLite(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}
