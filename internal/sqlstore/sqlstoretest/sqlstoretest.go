// Package sqlstoretest opens empty test databases for the SQL stores of this
// module: a new SQLite file, and a new schema on the PostgreSQL server that
// SHUXIANG_TEST_POSTGRES_DSN names. It imports the drivers
// modernc.org/sqlite ("sqlite") and github.com/jackc/pgx/v5/stdlib ("pgx"),
// so only tests import it.
package sqlstoretest

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

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// DefaultPostgresDSN is the server the PostgreSQL tests use when
// SHUXIANG_TEST_POSTGRES_DSN is unset.
const DefaultPostgresDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Database is an empty database of one dialect, removed when its test ends.
type Database struct {
	// DB is a pool on the database, closed when the test ends.
	DB *sql.DB
	// Dialect is the dialect of DB.
	Dialect sqlstore.Dialect
	// Open opens another pool on the same database, as a second process
	// would, and closes it when t ends.
	Open func(t testing.TB) *sql.DB
	// DSN is the data source name that Open passes to sql.Open, so that a
	// child process can open the same database.
	DSN string
}

// Open returns a new database of dialect d: [SQLite] or [PostgreSQL].
func Open(t testing.TB, d sqlstore.Dialect, prefix string) Database {
	t.Helper()
	if d == sqlstore.PostgreSQL {
		return PostgreSQL(t, prefix)
	}
	return SQLite(t, prefix)
}

// EachDialect runs fn as a subtest named for the dialect, "sqlite" and
// "postgresql", on a new database of each, opened as [Open] opens it.
func EachDialect(t *testing.T, prefix string, fn func(t *testing.T, db Database)) {
	t.Helper()
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) { fn(t, Open(t, d, prefix)) })
	}
}

// SQLite creates the file prefix.db in a temporary directory of t and opens
// it with [sqlstore.SQLiteDSN].
func SQLite(t testing.TB, prefix string) Database {
	t.Helper()
	dsn := sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), prefix+".db"))
	open := func(t testing.TB) *sql.DB {
		t.Helper()
		return openPool(t, "sqlite", dsn)
	}
	return Database{DB: open(t), Dialect: sqlstore.SQLite, Open: open, DSN: dsn}
}

// PostgreSQL creates a schema named prefix_test_ and random hex digits on
// the server that SHUXIANG_TEST_POSTGRES_DSN names, or [DefaultPostgresDSN]
// when it is unset, and returns pools whose connections all have it as
// search_path, so that parallel tests share no table. The schema is dropped
// when t ends. When the default server is unreachable the test is skipped,
// unless CI=true; an unreachable server that SHUXIANG_TEST_POSTGRES_DSN
// names fails the test.
func PostgreSQL(t testing.TB, prefix string) Database {
	t.Helper()
	dsn, chosen := os.LookupEnv("SHUXIANG_TEST_POSTGRES_DSN")
	if dsn == "" {
		dsn, chosen = DefaultPostgresDSN, false
	}
	admin := openPool(t, "pgx", dsn)
	ctx := context.Background()
	if err := admin.PingContext(ctx); err != nil {
		if chosen || os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL at %s is unreachable: %v", dsn, err)
		}
		t.Skipf("PostgreSQL at %s is unreachable, set SHUXIANG_TEST_POSTGRES_DSN to test on another server: %v",
			dsn, err)
	}

	schema := prefix + "_test_" + randomHex(t)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})

	schemaDSN := withSearchPath(t, dsn, schema)
	open := func(t testing.TB) *sql.DB {
		t.Helper()
		return openPool(t, "pgx", schemaDSN)
	}
	// Cleanups run last in, first out, so the pools close before the schema
	// is dropped.
	return Database{DB: open(t), Dialect: sqlstore.PostgreSQL, Open: open, DSN: schemaDSN}
}

func openPool(t testing.TB, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s database: %v", driver, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// withSearchPath adds search_path to a URL or keyword/value DSN, which pgx
// sends as a run-time parameter when it connects.
func withSearchPath(t testing.TB, dsn, schema string) string {
	t.Helper()
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("parse PostgreSQL DSN: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(t testing.TB) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("random schema name: %v", err)
	}
	return hex.EncodeToString(b)
}
