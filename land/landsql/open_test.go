package landsql

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenMigratesOnce(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		openTestStore(t, tdb)
		openTestStore(t, tdb)

		migrations, err := schema.Load(tdb.dialect.shared())
		require.NoError(t, err)
		version, err := SchemaVersion(ctx, tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, len(migrations), version)
	})
}

func TestOpenRejectsNewerSchema(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		openTestStore(t, tdb)
		insert := tdb.dialect.rebind("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")
		_, err := tdb.db.ExecContext(ctx, insert, 9999, "from_the_future")
		require.NoError(t, err)

		_, err = Open(ctx, tdb.db, tdb.dialect, Options{})
		require.ErrorIs(t, err, ErrSchemaTooNew)
		assert.Contains(t, err.Error(), "schema version 9999")
	})
}

func TestOpenInvalidArguments(t *testing.T) {
	ctx := context.Background()
	tdb := newTestDB(t, SQLite)
	_, err := Open(ctx, tdb.db, 0, Options{})
	assert.ErrorContains(t, err, "invalid dialect")
	_, err = Open(ctx, nil, SQLite, Options{})
	assert.ErrorContains(t, err, "db is nil")
}

func TestOpenSQLiteWithoutForeignKeys(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "land.db")+"?_pragma=busy_timeout(1000)")
	require.NoError(t, err)
	defer db.Close()
	_, err = Open(context.Background(), db, SQLite, Options{})
	assert.ErrorContains(t, err, "foreign_keys is off")
}
