package sqlstore_test

import (
	"testing"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

// eachDialect runs fn as a subtest on a new SQLite file and on a new
// PostgreSQL schema.
func eachDialect(t *testing.T, fn func(t *testing.T, db sqlstoretest.Database)) {
	t.Helper()
	sqlstoretest.EachDialect(t, "sqlstore", fn)
}

// handle returns a Handle on db, prepared as a store's Open prepares it.
func handle(t *testing.T, db sqlstoretest.Database) *sqlstore.Handle {
	t.Helper()
	h := sqlstore.NewHandle(db.DB, db.Dialect, "teststore")
	if db.Dialect == sqlstore.SQLite {
		if err := h.SetupSQLite(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	return h
}
