package landsql

import (
	"database/sql"
	"testing"

	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
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
	return fromDatabase(sqlstoretest.SQLite(t, "land"))
}

// newPostgresDB creates a schema of its own on the test server and returns a
// pool whose connections all have it as search_path, so that parallel tests
// do not share tables.
func newPostgresDB(t testing.TB) testDB {
	t.Helper()
	return fromDatabase(sqlstoretest.PostgreSQL(t, "landsql"))
}

func fromDatabase(db sqlstoretest.Database) testDB {
	return testDB{db: db.DB, dialect: Dialect(db.Dialect), open: db.Open}
}
