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
	sqlstoretest.EachDialect(t, "landsql", func(t *testing.T, db sqlstoretest.Database) {
		fn(t, fromDatabase(db))
	})
}

// newTestDB returns a new database of dialect d: a SQLite file, or a schema of
// its own on the PostgreSQL test server, so that parallel tests do not share
// tables.
func newTestDB(t testing.TB, d Dialect) testDB {
	t.Helper()
	return fromDatabase(sqlstoretest.Open(t, d.shared(), "landsql"))
}

func fromDatabase(db sqlstoretest.Database) testDB {
	return testDB{db: db.DB, dialect: Dialect(db.Dialect), open: db.Open}
}
