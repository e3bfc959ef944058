package landsql

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
)

func TestEmbeddedMigrations(t *testing.T) {
	for _, d := range []Dialect{SQLite, PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) {
			migrations, err := schema.Load(d.shared())
			require.NoError(t, err)
			require.NotEmpty(t, migrations)
			assert.Equal(t, "land", migrations[0].Name)
		})
	}
}

func TestSchemaVersionEmptyDatabase(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		version, err := SchemaVersion(context.Background(), tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 0, version)
	})
}

// oldMigrationTable is the DDL with which the migration runner of this
// package created schema_migrations before the stores shared one runner.
var oldMigrationTable = map[Dialect]string{
	SQLite: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`,
	PostgreSQL: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
}

// TestOpenDatabaseOfOldRunner builds a database as the earlier migration
// runner of this package left it, with a record in it, and opens it.
func TestOpenDatabaseOfOldRunner(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		updated := time.Date(2025, time.November, 3, 9, 30, 0, 0, time.UTC)
		migrations, err := schema.Load(tdb.dialect.shared())
		require.NoError(t, err)
		tx, err := tdb.db.BeginTx(ctx, nil)
		require.NoError(t, err)
		_, err = tx.ExecContext(ctx, oldMigrationTable[tdb.dialect])
		require.NoError(t, err)
		_, err = tx.ExecContext(ctx, migrations[0].SQL)
		require.NoError(t, err)
		_, err = tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name) VALUES (1, 'land')")
		require.NoError(t, err)
		_, err = tx.ExecContext(ctx, tdb.dialect.rebind(
			"INSERT INTO issuers (code, name, village, representative, version, updated_at) "+
				"VALUES (?, ?, ?, ?, 1, ?)"),
			"65420210100101", "第一村民小组", "654202101001", "张三",
			tdb.dialect.shared().TimeArg(updated))
		require.NoError(t, err)
		require.NoError(t, tx.Commit())

		s, err := Open(ctx, tdb.db, tdb.dialect, Options{})
		require.NoError(t, err)
		version, err := SchemaVersion(ctx, tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, len(migrations), version)

		issuer, err := s.Issuer(ctx, "65420210100101")
		require.NoError(t, err)
		assert.Equal(t, "第一村民小组", issuer.Name)
		assert.Equal(t, land.DivisionCode("654202101001"), issuer.Village)
		assert.Equal(t, updated, issuer.UpdatedAt)
		require.NoError(t, s.PutIssuer(ctx, &land.Issuer{Code: "65420210100102", Village: "654202101001"}),
			"write after opening")
	})
}
