package landsql

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
)

// testDB is an empty database of one dialect, dropped when its test ends.
type testDB struct {
	db      *sql.DB
	dialect Dialect
	// open opens another *sql.DB on the same database, as a second process
	// would.
	open func(t testing.TB) *sql.DB
}

// eachDialect runs fn as a subtest on a fresh SQLite file and on a fresh
// PostgreSQL schema.
func eachDialect(t *testing.T, fn func(t *testing.T, tdb testDB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, newSQLiteDB(t)) })
	t.Run("postgresql", func(t *testing.T) { fn(t, newPostgresDB(t)) })
}

func newTestDB(t testing.TB, d Dialect) testDB {
	t.Helper()
	if d == PostgreSQL {
		return newPostgresDB(t)
	}
	return newSQLiteDB(t)
}

func newSQLiteDB(t testing.TB) testDB {
	t.Helper()
	dsn := SQLiteDSN(filepath.Join(t.TempDir(), "land.db"))
	open := func(t testing.TB) *sql.DB {
		t.Helper()
		db, err := sql.Open("sqlite", dsn)
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	return testDB{db: open(t), dialect: SQLite, open: open}
}

// newPostgresDB creates a schema of its own on the server named by
// SHUXIANG_TEST_POSTGRES_DSN and returns a pool whose connections all have
// it as search_path, so that parallel tests do not share tables.
func newPostgresDB(t testing.TB) testDB {
	t.Helper()
	dsn := os.Getenv("SHUXIANG_TEST_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("SHUXIANG_TEST_POSTGRES_DSN is not set, and CI=true requires PostgreSQL tests")
		}
		t.Skip("SHUXIANG_TEST_POSTGRES_DSN is not set")
	}
	admin, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = admin.Close() })
	ctx := context.Background()
	require.NoError(t, admin.PingContext(ctx), "PostgreSQL at SHUXIANG_TEST_POSTGRES_DSN is unreachable")

	schema := "landsql_test_" + randomHex(t, 6)
	_, err = admin.ExecContext(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})

	schemaDSN := withSearchPath(t, dsn, schema)
	open := func(t testing.TB) *sql.DB {
		t.Helper()
		db, err := sql.Open("pgx", schemaDSN)
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	// Cleanups run last in, first out: the pools opened for the test close
	// before the schema is dropped.
	return testDB{db: open(t), dialect: PostgreSQL, open: open}
}

// withSearchPath adds search_path to a URL or keyword/value DSN; pgx sends
// unknown parameters as run-time parameters when it connects.
func withSearchPath(t testing.TB, dsn, schema string) string {
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

func randomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}
