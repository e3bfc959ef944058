package watersql_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
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
	sqlstoretest.EachDialect(t, "watersql", func(t *testing.T, db sqlstoretest.Database) {
		fn(t, fromDatabase(db))
	})
}

// newDB returns a new database of dialect d: a SQLite file, or a schema of its own on
// the PostgreSQL test server, so that parallel tests share no table.
func newDB(t testing.TB, d watersql.Dialect) testDB {
	t.Helper()
	return fromDatabase(sqlstoretest.Open(t, sqlstore.Dialect(d), "watersql"))
}

func fromDatabase(db sqlstoretest.Database) testDB {
	return testDB{db: db.DB, dialect: watersql.Dialect(db.Dialect), open: db.Open}
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
