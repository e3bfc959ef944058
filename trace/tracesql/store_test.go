package tracesql_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/tracesql"
	"github.com/shuxiang/shuxiang/trace/tracetest"
)

// newStore opens a store on a new database of the dialect: a SQLite file, or a schema of
// its own on the PostgreSQL test server, so that parallel tests share no table.
func newStore(t testing.TB, d tracesql.Dialect) *tracesql.Store {
	t.Helper()
	db := sqlstoretest.Open(t, sqlstore.Dialect(d), "tracesql")
	s, err := tracesql.Open(context.Background(), db.DB, d, tracesql.Options{})
	require.NoError(t, err)
	return s
}

func TestStoreSQLite(t *testing.T) {
	tracetest.TestStore(t, func(t *testing.T) trace.Store { return newStore(t, tracesql.SQLite) })
}

func TestStorePostgreSQL(t *testing.T) {
	tracetest.TestStore(t, func(t *testing.T) trace.Store { return newStore(t, tracesql.PostgreSQL) })
}
