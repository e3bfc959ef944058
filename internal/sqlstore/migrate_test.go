package sqlstore_test

import (
	"bytes"
	"errors"
	"log/slog"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
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

func mustLoad(t *testing.T, fsys fstest.MapFS, dir string) []sqlstore.Migration {
	t.Helper()
	migrations, err := sqlstore.LoadMigrations(fsys, dir)
	require.NoError(t, err)
	return migrations
}

// newMigrator returns a migrator of the component teststore on its own
// Handle, as a separate process has.
func newMigrator(t *testing.T, db sqlstoretest.Database, pool bool) *sqlstore.Migrator {
	t.Helper()
	if pool {
		db.DB = db.Open(t)
	}
	return &sqlstore.Migrator{Handle: handle(t, db), Table: "teststore_schema_migrations"}
}

func version(t *testing.T, m *sqlstore.Migrator) int {
	t.Helper()
	v, err := m.Version(t.Context())
	require.NoError(t, err)
	return v
}

func TestLoadMigrations(t *testing.T) {
	migrations := mustLoad(t, testMigrations, "m")
	require.Len(t, migrations, 2)
	assert.Equal(t, 1, migrations[0].Version)
	assert.Equal(t, "parcels", migrations[0].Name)
	assert.Equal(t, 2, migrations[1].Version)
	assert.Equal(t, "owners", migrations[1].Name)
	assert.Contains(t, migrations[1].SQL, "ALTER TABLE parcel")
}

func TestLoadMigrationsInvalid(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string
	}{
		{"no version", "m/parcels.sql", `invalid migration file name "parcels.sql"`},
		{"no name", "m/0001_.sql", `invalid migration file name "0001_.sql"`},
		{"zero version", "m/0000_parcels.sql", `invalid migration file name "0000_parcels.sql"`},
		{"gap", "m/0002_owners.sql", "migration 0002_owners: want version 1"},
		{"letters in version", "m/00a1_parcels.sql", `invalid migration file name "00a1_parcels.sql"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.file: {Data: []byte("SELECT 1;")}}
			_, err := sqlstore.LoadMigrations(fsys, "m")
			assert.ErrorContains(t, err, tt.want)
		})
	}
	_, err := sqlstore.LoadMigrations(testMigrations, "missing")
	assert.ErrorContains(t, err, "read migrations")
}

func TestMigrateFresh(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := t.Context()
		var log bytes.Buffer
		m := newMigrator(t, db, false)
		m.Logger = slog.New(slog.NewTextHandler(&log, nil))
		assert.Equal(t, 0, version(t, m), "version of an empty database")

		require.NoError(t, m.Run(ctx, mustLoad(t, testMigrations, "m")))
		assert.Equal(t, 2, version(t, m))
		_, err := db.DB.ExecContext(ctx, db.Dialect.Bind(
			"INSERT INTO parcel (id, name, owner_id) VALUES (?, ?, NULL)"), 1, "east field")
		require.NoError(t, err)
		assert.Contains(t, log.String(), "component=teststore")
		assert.Contains(t, log.String(), "name=owners")
	})
}

func TestMigrateRerun(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := t.Context()
		migrations := mustLoad(t, testMigrations, "m")
		m := newMigrator(t, db, false)
		require.NoError(t, m.Run(ctx, migrations[:1]))
		require.NoError(t, m.Run(ctx, migrations))
		require.NoError(t, m.Run(ctx, migrations))

		var rows int
		err := db.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM teststore_schema_migrations").Scan(&rows)
		require.NoError(t, err)
		assert.Equal(t, 2, rows)
	})
}

func TestMigrateNoMigrations(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		m := newMigrator(t, db, false)
		require.NoError(t, m.Run(t.Context(), nil))
		assert.Equal(t, 0, version(t, m))
	})
}

func TestMigrateRejectsNewerSchema(t *testing.T) {
	errOwn := errors.New("own sentinel")
	tests := []struct {
		name      string
		errTooNew error
		want      error
	}{
		{"default sentinel", nil, sqlstore.ErrSchemaTooNew},
		{"sentinel of the component", errOwn, errOwn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
				ctx := t.Context()
				migrations := mustLoad(t, testMigrations, "m")
				require.NoError(t, newMigrator(t, db, false).Run(ctx, migrations))

				m := newMigrator(t, db, false)
				m.ErrTooNew = tt.errTooNew
				err := m.Run(ctx, migrations[:1])
				require.ErrorIs(t, err, tt.want)
				assert.ErrorContains(t, err, "teststore: database is at schema version 2, code knows up to 1")
				assert.ErrorContains(t, m.Run(ctx, nil), "schema version 2, code knows up to 0")
			})
		})
	}
}

func TestMigrateRejectsDivergingHistory(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := t.Context()
		migrations := mustLoad(t, testMigrations, "m")
		m := newMigrator(t, db, false)
		require.NoError(t, m.Run(ctx, migrations[:1]))

		renamed := append([]sqlstore.Migration(nil), migrations...)
		renamed[0].Name = "plots"
		err := m.Run(ctx, renamed)
		assert.ErrorContains(t, err, "teststore: database has migration 0001_parcels where this code has 0001_plots")
		assert.NotErrorIs(t, err, sqlstore.ErrSchemaTooNew)
		assert.Equal(t, 1, version(t, m), "no migration after the divergence is applied")
	})
}

func TestMigrateFailureRollsBack(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := t.Context()
		migrations := mustLoad(t, testMigrations, "m")
		migrations[1].SQL = "CREATE TABLE owner (id INTEGER PRIMARY KEY);\n" +
			"ALTER TABLE no_such_table ADD COLUMN x INTEGER;\n"
		m := newMigrator(t, db, false)
		err := m.Run(ctx, migrations)
		assert.ErrorContains(t, err, "teststore: migration 0002_owners")

		assert.Equal(t, 1, version(t, m))
		_, err = db.DB.ExecContext(ctx, "SELECT COUNT(*) FROM owner")
		assert.Error(t, err, "table owner of the failed migration exists")
	})
}

func TestMigrateConcurrentProcesses(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := t.Context()
		migrations := mustLoad(t, testMigrations, "m")
		var g errgroup.Group
		for range 4 {
			m := newMigrator(t, db, true)
			g.Go(func() error { return m.Run(ctx, migrations) })
		}
		require.NoError(t, g.Wait())
		assert.Equal(t, 2, version(t, newMigrator(t, db, false)))
	})
}

// TestMigrateComponentsShareDatabase migrates two components with their own
// migration tables, and versions that overlap, into one database at once.
func TestMigrateComponentsShareDatabase(t *testing.T) {
	others := fstest.MapFS{
		"o/0001_wells.sql":  {Data: []byte("CREATE TABLE well (code TEXT PRIMARY KEY);\n")},
		"o/0002_meters.sql": {Data: []byte("CREATE TABLE meter (id TEXT PRIMARY KEY, well TEXT REFERENCES well (code));\n")},
		"o/0003_gates.sql":  {Data: []byte("CREATE TABLE gate (id TEXT PRIMARY KEY);\n")},
	}
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := t.Context()
		parcels := mustLoad(t, testMigrations, "m")
		wells := mustLoad(t, others, "o")
		var g errgroup.Group
		for range 2 {
			first := newMigrator(t, db, true)
			second := &sqlstore.Migrator{
				Handle: sqlstore.NewHandle(first.Handle.DB, db.Dialect, "otherstore"),
				Table:  "otherstore_schema_migrations",
			}
			g.Go(func() error { return first.Run(ctx, parcels) })
			g.Go(func() error { return second.Run(ctx, wells) })
		}
		require.NoError(t, g.Wait())

		assert.Equal(t, 2, version(t, newMigrator(t, db, false)), "version of teststore")
		other := &sqlstore.Migrator{Handle: handle(t, db), Table: "otherstore_schema_migrations"}
		assert.Equal(t, 3, version(t, other), "version of otherstore")
		require.NoError(t, newMigrator(t, db, false).Run(ctx, parcels), "rerun of teststore")
		require.NoError(t, other.Run(ctx, wells), "rerun of otherstore")
	})
}
