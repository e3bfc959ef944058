package landsql

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"
)

var testMigrations = fstest.MapFS{
	"m/0001_parcels.sql": {Data: []byte(
		"CREATE TABLE parcel (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n" +
			"CREATE INDEX parcel_name ON parcel (name);\n")},
	"m/0002_owners.sql": {Data: []byte(
		"CREATE TABLE owner (id INTEGER PRIMARY KEY);\n" +
			"ALTER TABLE parcel ADD COLUMN owner_id INTEGER REFERENCES owner (id);\n")},
	"m/README.md": {Data: []byte("not a migration")},
}

func newTestMigrator(tdb testDB, db *sql.DB) *migrator {
	return &migrator{
		db:      db,
		dialect: tdb.dialect,
		lock:    newWriteLock(tdb.dialect),
		logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

func mustLoad(t *testing.T, fsys fstest.MapFS) []migration {
	t.Helper()
	migrations, err := loadMigrations(fsys, "m")
	require.NoError(t, err)
	return migrations
}

func TestLoadMigrations(t *testing.T) {
	migrations := mustLoad(t, testMigrations)
	require.Len(t, migrations, 2)
	assert.Equal(t, 1, migrations[0].version)
	assert.Equal(t, "parcels", migrations[0].name)
	assert.Equal(t, 2, migrations[1].version)
	assert.Contains(t, migrations[1].sql, "ALTER TABLE parcel")
}

func TestLoadMigrationsInvalid(t *testing.T) {
	tests := []struct {
		name string
		file string
	}{
		{"no version", "m/parcels.sql"},
		{"no name", "m/0001_.sql"},
		{"zero version", "m/0000_parcels.sql"},
		{"gap", "m/0002_owners.sql"},
		{"letters in version", "m/00a1_parcels.sql"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.file: {Data: []byte("SELECT 1;")}}
			_, err := loadMigrations(fsys, "m")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "landsql: ")
		})
	}
}

func TestEmbeddedMigrations(t *testing.T) {
	for _, d := range []Dialect{SQLite, PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) {
			migrations, err := migrationsFor(d)
			require.NoError(t, err)
			require.NotEmpty(t, migrations)
		})
	}
}

func TestMigrateFresh(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		require.NoError(t, newTestMigrator(tdb, tdb.db).run(ctx, mustLoad(t, testMigrations)))

		version, err := SchemaVersion(ctx, tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 2, version)
		_, err = tdb.db.ExecContext(ctx, tdb.dialect.rebind(
			"INSERT INTO parcel (id, name, owner_id) VALUES (?, ?, NULL)"), 1, "east field")
		require.NoError(t, err)
	})
}

func TestMigrateRerun(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		migrations := mustLoad(t, testMigrations)
		m := newTestMigrator(tdb, tdb.db)
		require.NoError(t, m.run(ctx, migrations[:1]))
		require.NoError(t, m.run(ctx, migrations))
		require.NoError(t, m.run(ctx, migrations))

		var rows int
		err := tdb.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&rows)
		require.NoError(t, err)
		assert.Equal(t, 2, rows)
	})
}

func TestMigrateRejectsNewerSchema(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		migrations := mustLoad(t, testMigrations)
		require.NoError(t, newTestMigrator(tdb, tdb.db).run(ctx, migrations))

		err := newTestMigrator(tdb, tdb.db).run(ctx, migrations[:1])
		require.ErrorIs(t, err, ErrSchemaTooNew)
		assert.Contains(t, err.Error(), "schema version 2, code knows up to 1")
	})
}

func TestMigrateRejectsDivergingHistory(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		migrations := mustLoad(t, testMigrations)
		m := newTestMigrator(tdb, tdb.db)
		require.NoError(t, m.run(ctx, migrations))

		renamed := append([]migration(nil), migrations...)
		renamed[1].name = "holders"
		err := m.run(ctx, renamed)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "database has migration 0002_owners")
	})
}

func TestMigrateFailureRollsBack(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		migrations := mustLoad(t, testMigrations)
		migrations[1].sql = "CREATE TABLE owner (id INTEGER PRIMARY KEY);\n" +
			"ALTER TABLE no_such_table ADD COLUMN x INTEGER;\n"
		err := newTestMigrator(tdb, tdb.db).run(ctx, migrations)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "migration 0002_owners")

		version, err := SchemaVersion(ctx, tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 1, version)
		_, err = tdb.db.ExecContext(ctx, "SELECT COUNT(*) FROM owner")
		assert.Error(t, err, "table owner of the failed migration exists")
	})
}

func TestMigrateConcurrentProcesses(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		migrations := mustLoad(t, testMigrations)
		var g errgroup.Group
		for range 4 {
			// Each migrator has its own pool and lock, as separate processes do.
			m := newTestMigrator(tdb, tdb.open(t))
			g.Go(func() error {
				if tdb.dialect == SQLite {
					if err := setupSQLite(ctx, m.db); err != nil {
						return err
					}
				}
				return m.run(ctx, migrations)
			})
		}
		require.NoError(t, g.Wait())

		version, err := SchemaVersion(ctx, tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 2, version)
	})
}

func TestSchemaVersionEmptyDatabase(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		version, err := SchemaVersion(context.Background(), tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 0, version)
	})
}
