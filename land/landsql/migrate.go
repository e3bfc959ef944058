package landsql

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"
)

// ErrSchemaTooNew reports that the database was migrated by a newer version
// of this package than the running one: its schema has migrations the code
// does not know, so the code must not read or write it.
var ErrSchemaTooNew = errors.New("database schema is newer than this code")

//go:embed migrations
var migrationFiles embed.FS

// migration is one versioned schema change, read from a file named
// NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the migrations of dir in fsys, sorted by version.
// Versions start at 1 and have no gaps, so that a database's version
// identifies exactly which migrations it has.
func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("landsql: read migrations: %w", err)
	}
	var migrations []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		m, err := parseMigrationName(e.Name())
		if err != nil {
			return nil, err
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("landsql: read migration %s: %w", e.Name(), err)
		}
		m.sql = string(body)
		migrations = append(migrations, m)
	}
	slices.SortFunc(migrations, func(a, b migration) int { return a.version - b.version })
	for i, m := range migrations {
		if m.version != i+1 {
			return nil, fmt.Errorf("landsql: migration %04d_%s: want version %d", m.version, m.name, i+1)
		}
	}
	return migrations, nil
}

func parseMigrationName(file string) (migration, error) {
	digits, name, ok := strings.Cut(strings.TrimSuffix(file, ".sql"), "_")
	version, err := strconv.Atoi(digits)
	if !ok || err != nil || version <= 0 || name == "" {
		return migration{}, fmt.Errorf("landsql: invalid migration file name %q: want NNNN_name.sql", file)
	}
	return migration{version: version, name: name}, nil
}

// migrationsFor returns the embedded migrations of dialect d.
func migrationsFor(d Dialect) ([]migration, error) {
	return loadMigrations(migrationFiles, "migrations/"+d.String())
}

// migrator applies migrations to one database.
type migrator struct {
	db      *sql.DB
	dialect Dialect
	lock    writeLock
	logger  *slog.Logger
}

// run applies every migration the database lacks, each in its own
// transaction together with its schema_migrations row, so a failed migration
// leaves the database at the previous version. It returns an error wrapping
// [ErrSchemaTooNew] when the database has a version beyond the last of
// migrations.
func (m *migrator) run(ctx context.Context, migrations []migration) error {
	latest := 0
	if len(migrations) > 0 {
		latest = migrations[len(migrations)-1].version
	}
	for _, mig := range migrations {
		if err := m.apply(ctx, mig, latest); err != nil {
			return err
		}
	}
	if len(migrations) == 0 {
		return m.apply(ctx, migration{}, latest)
	}
	return m.verify(ctx, migrations)
}

// verify checks that the migrations recorded in the database are the ones
// of the code, so that a database migrated by a diverging build is caught
// before it is used.
func (m *migrator) verify(ctx context.Context, migrations []migration) error {
	rows, err := m.db.QueryContext(ctx, "SELECT version, name FROM schema_migrations ORDER BY version")
	if err != nil {
		return fmt.Errorf("landsql: read schema_migrations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var version int
		var name string
		if err := rows.Scan(&version, &name); err != nil {
			return fmt.Errorf("landsql: read schema_migrations: %w", err)
		}
		if version < 1 || version > len(migrations) || migrations[version-1].name != name {
			return fmt.Errorf("landsql: database has migration %04d_%s, which this code does not have",
				version, name)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("landsql: read schema_migrations: %w", err)
	}
	return nil
}

// apply applies mig unless the database already has it. A zero mig only
// checks the version.
func (m *migrator) apply(ctx context.Context, mig migration, latest int) error {
	return inTx(ctx, m.db, m.lock, func(tx *sql.Tx) error {
		current, err := m.prepare(ctx, tx)
		if err != nil {
			return err
		}
		if current > latest {
			return fmt.Errorf("landsql: database is at schema version %d, code knows up to %d: %w",
				current, latest, ErrSchemaTooNew)
		}
		if mig.version == 0 || mig.version <= current {
			return nil
		}

		if _, err := tx.ExecContext(ctx, mig.sql); err != nil {
			return fmt.Errorf("landsql: migration %04d_%s: %w", mig.version, mig.name, err)
		}
		insert := m.dialect.rebind("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")
		if _, err := tx.ExecContext(ctx, insert, mig.version, mig.name); err != nil {
			return fmt.Errorf("landsql: record migration %04d_%s: %w", mig.version, mig.name, err)
		}
		m.logger.InfoContext(ctx, "applied schema migration",
			"dialect", m.dialect.String(), "version", mig.version, "name", mig.name)
		return nil
	})
}

// prepare serialises migrators of the same schema, creates the
// schema_migrations table if missing and returns the current version.
func (m *migrator) prepare(ctx context.Context, tx *sql.Tx) (int, error) {
	if m.dialect == PostgreSQL {
		// The lock is per schema, so that databases sharing a server but
		// not a schema migrate in parallel. It ends with the transaction.
		const lock = "SELECT pg_advisory_xact_lock(hashtext('landsql migrate ' || current_schema()))"
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return 0, fmt.Errorf("landsql: lock schema for migration: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, m.schemaMigrationsDDL()); err != nil {
		return 0, fmt.Errorf("landsql: create schema_migrations: %w", err)
	}
	var current int
	err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&current)
	if err != nil {
		return 0, fmt.Errorf("landsql: read schema version: %w", err)
	}
	return current, nil
}

func (m *migrator) schemaMigrationsDDL() string {
	if m.dialect == PostgreSQL {
		return `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`
	}
	return `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`
}

// SchemaVersion returns the schema version of the database behind db: the
// number of the last migration applied, or 0 when none has been.
func SchemaVersion(ctx context.Context, db *sql.DB, dialect Dialect) (int, error) {
	if err := dialect.validate(); err != nil {
		return 0, err
	}
	var version int
	err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&version)
	if err != nil {
		exists, existsErr := schemaMigrationsExists(ctx, db, dialect)
		if existsErr == nil && !exists {
			return 0, nil
		}
		return 0, fmt.Errorf("landsql: read schema version: %w", err)
	}
	return version, nil
}

func schemaMigrationsExists(ctx context.Context, db *sql.DB, dialect Dialect) (bool, error) {
	query := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
	if dialect == PostgreSQL {
		query = "SELECT COUNT(*) FROM pg_tables " +
			"WHERE schemaname = current_schema() AND tablename = 'schema_migrations'"
	}
	var n int
	if err := db.QueryRowContext(ctx, query).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}
