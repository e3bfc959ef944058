package watersql_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/watersql"
)

func TestOpenMigrates(t *testing.T) {
	bothDialects(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		version, err := watersql.SchemaVersion(ctx, tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 0, version, "version of an empty database")

		openStore(t, tdb)
		version, err = watersql.SchemaVersion(ctx, tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 1, version, "version after Open")

		openStore(t, tdb)
		version, err = watersql.SchemaVersion(ctx, tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 1, version, "version after a second Open")
	})
}

func TestOpenRejectsNewerSchema(t *testing.T) {
	bothDialects(t, func(t *testing.T, tdb testDB) {
		openStore(t, tdb)
		insert := "INSERT INTO water_schema_migrations (version, name) VALUES (2, 'future')"
		_, err := tdb.db.ExecContext(context.Background(), insert)
		require.NoError(t, err)

		_, err = watersql.Open(context.Background(), tdb.db, tdb.dialect, watersql.Options{})
		assert.ErrorIs(t, err, watersql.ErrSchemaTooNew)
	})
}

func TestOpenRejectsOtherMigrations(t *testing.T) {
	bothDialects(t, func(t *testing.T, tdb testDB) {
		openStore(t, tdb)
		_, err := tdb.db.ExecContext(context.Background(), "UPDATE water_schema_migrations SET name = 'other'")
		require.NoError(t, err)

		_, err = watersql.Open(context.Background(), tdb.db, tdb.dialect, watersql.Options{})
		require.Error(t, err)
		assert.ErrorContains(t, err, "0001_other")
		assert.NotErrorIs(t, err, watersql.ErrSchemaTooNew)
	})
}

func TestOpenConcurrently(t *testing.T) {
	bothDialects(t, func(t *testing.T, tdb testDB) {
		const openers = 4
		pools := make([]*sql.DB, openers)
		for i := range pools {
			pools[i] = tdb.open(t)
		}
		errs := make([]error, openers)
		var wg sync.WaitGroup
		for i, db := range pools {
			wg.Go(func() {
				_, errs[i] = watersql.Open(context.Background(), db, tdb.dialect, watersql.Options{})
			})
		}
		wg.Wait()
		for i, err := range errs {
			assert.NoError(t, err, "opener %d", i)
		}
		version, err := watersql.SchemaVersion(context.Background(), tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 1, version)
	})
}

// TestOpenBesideLandStore checks that the water tables and their migrations share a
// database with those of the land register.
func TestOpenBesideLandStore(t *testing.T) {
	bothDialects(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		landDialect := landsql.SQLite
		if tdb.dialect == watersql.PostgreSQL {
			landDialect = landsql.PostgreSQL
		}
		landStore, err := landsql.Open(ctx, tdb.db, landDialect, landsql.Options{})
		require.NoError(t, err)
		waterStore := openStore(t, tdb)
		_, err = landsql.Open(ctx, tdb.db, landDialect, landsql.Options{})
		require.NoError(t, err, "land store after the water store")

		require.NoError(t, landStore.PutIssuer(ctx, &land.Issuer{Code: "65420210100101", Village: "654202101001"}))
		_, _, err = waterStore.Wells(ctx, water.WellFilter{})
		assert.NoError(t, err)
	})
}

func TestOpenRejectsBadArguments(t *testing.T) {
	ctx := context.Background()
	tdb := sqliteDB(t)
	_, err := watersql.Open(ctx, tdb.db, 0, watersql.Options{})
	assert.ErrorContains(t, err, "dialect", "zero dialect")
	_, err = watersql.Open(ctx, nil, watersql.SQLite, watersql.Options{})
	assert.ErrorContains(t, err, "nil", "nil db")

	// Without the settings of SQLiteDSN, foreign keys are off.
	plain, err := sql.Open("sqlite", t.TempDir()+"/plain.db")
	require.NoError(t, err)
	defer plain.Close()
	_, err = watersql.Open(ctx, plain, watersql.SQLite, watersql.Options{})
	assert.ErrorContains(t, err, "SQLiteDSN")
}
