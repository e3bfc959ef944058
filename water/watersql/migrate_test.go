package watersql_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
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
	tdb := newDB(t, watersql.SQLite)
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

// oldMigrationTables are the migration tables that the earlier runners of watersql and
// landsql created, before the stores shared one runner.
var oldMigrationTables = map[watersql.Dialect][]string{
	watersql.SQLite: {
		"CREATE TABLE IF NOT EXISTS water_schema_migrations (version INTEGER PRIMARY KEY, " +
			"name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))",
		`CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`,
	},
	watersql.PostgreSQL: {
		"CREATE TABLE IF NOT EXISTS water_schema_migrations (version INTEGER PRIMARY KEY, " +
			"name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
		`CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	},
}

// TestOpenDatabaseOfOldRunners builds a database as the earlier runners of watersql and
// landsql left it, with the first migration of each, and opens both stores on it.
func TestOpenDatabaseOfOldRunners(t *testing.T) {
	bothDialects(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		waterSQL, err := os.ReadFile(filepath.Join("migrations", tdb.dialect.String(), "0001_water.sql"))
		require.NoError(t, err)
		landSQL, err := os.ReadFile(filepath.Join("..", "..", "land", "landsql", "migrations",
			tdb.dialect.String(), "0001_land.sql"))
		require.NoError(t, err)
		tx, err := tdb.db.BeginTx(ctx, nil)
		require.NoError(t, err)
		for _, stmt := range append(oldMigrationTables[tdb.dialect], string(waterSQL), string(landSQL),
			"INSERT INTO water_schema_migrations (version, name) VALUES (1, 'water')",
			"INSERT INTO schema_migrations (version, name) VALUES (1, 'land')") {
			_, err := tx.ExecContext(ctx, stmt)
			require.NoError(t, err, "statement %.60q", stmt)
		}
		require.NoError(t, tx.Commit())

		waterStore := openStore(t, tdb)
		landStore, err := landsql.Open(ctx, tdb.db, landDialect(tdb.dialect), landsql.Options{})
		require.NoError(t, err)
		version, err := watersql.SchemaVersion(ctx, tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 1, version, "water schema version")
		assert.Equal(t, []string{"water"}, migrationNames(t, tdb, "water_schema_migrations"))
		assert.Equal(t, []string{"land"}, migrationNames(t, tdb, "schema_migrations"))

		plan, err := water.NewPlan("654202-J0001", 2025, [12]decimal.Decimal{})
		require.NoError(t, err)
		require.NoError(t, waterStore.PutPlan(ctx, &water.PlanRecord{Plan: plan}))
		_, err = waterStore.Plan(ctx, "654202-J0001", 2025)
		assert.NoError(t, err, "read plan")
		require.NoError(t, landStore.PutIssuer(ctx, &land.Issuer{Code: "65420210100101", Village: "654202101001"}))
	})
}
