package landsql

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landtest"
)

func openTestStore(t testing.TB, tdb testDB) *Store {
	t.Helper()
	s, err := Open(context.Background(), tdb.db, tdb.dialect, Options{})
	require.NoError(t, err)
	return s
}

func newTestStore(t testing.TB, d Dialect) *Store {
	t.Helper()
	return openTestStore(t, newTestDB(t, d))
}

func TestStoreSQLite(t *testing.T) {
	landtest.TestStore(t, func(t *testing.T) land.Store { return newTestStore(t, SQLite) })
}

func TestStorePostgreSQL(t *testing.T) {
	landtest.TestStore(t, func(t *testing.T) land.Store { return newTestStore(t, PostgreSQL) })
}
