package watersql_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

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
	return fromDatabase(sqlstoretest.SQLite(t, "water"))
}

// postgresDB creates a schema of its own on the test server and returns a pool whose
// connections have it as search_path, so that parallel tests share no table.
func postgresDB(t testing.TB) testDB {
	t.Helper()
	return fromDatabase(sqlstoretest.PostgreSQL(t, "watersql"))
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
