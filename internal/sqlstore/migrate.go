package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"
)

// ErrSchemaTooNew is the error that a [Migrator] wraps, unless its ErrTooNew
// is set, when the database has migrations beyond those of the code.
var ErrSchemaTooNew = errors.New("database schema is newer than this code")

// Migration is one versioned schema change, read from a file named
// NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations reads the files NNNN_name.sql of dir in fsys, sorted by
// version, and skips files without the .sql suffix. Versions start at 1 and
// have no gaps, so that a database's latest version identifies the migrations
// it has.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var migrations []Migration
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
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		m.SQL = string(body)
		migrations = append(migrations, m)
	}
	slices.SortFunc(migrations, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range migrations {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %04d_%s: want version %d", m.Version, m.Name, i+1)
		}
	}
	return migrations, nil
}

func parseMigrationName(file string) (Migration, error) {
	digits, name, ok := strings.Cut(strings.TrimSuffix(file, ".sql"), "_")
	version, err := strconv.Atoi(digits)
	if !ok || err != nil || version <= 0 || name == "" {
		return Migration{}, fmt.Errorf("invalid migration file name %q: want NNNN_name.sql", file)
	}
	return Migration{Version: version, Name: name}, nil
}

// Migrator applies the migrations of one component, such as the land
// register, to a database that may hold the tables of other components too.
// Each component records its history in a table of its own, Table, with the
// columns version (INTEGER PRIMARY KEY), name (TEXT) and applied_at (UTC
// text on SQLite, TIMESTAMPTZ on PostgreSQL).
type Migrator struct {
	// Handle is the database, its dialect and write lock, and the component
	// name that prefixes errors and, on PostgreSQL, the advisory lock key.
	Handle *Handle
	// Table is the migration table of the component, such as
	// water_schema_migrations. It must be a plain SQL identifier in lower
	// case, as PostgreSQL folds unquoted names.
	Table string
	// ErrTooNew is the sentinel error wrapped when the database is newer
	// than the code; nil means [ErrSchemaTooNew].
	ErrTooNew error
	// Logger receives a message per migration applied; nil discards them.
	Logger *slog.Logger
}

// Run applies the migrations the database lacks, in version order, each in
// a transaction of its own together with its row in m.Table, so that a
// failed migration leaves the previous version. Before each one it checks
// that every row of m.Table names the migration of its version. It returns
// an error wrapping m.ErrTooNew when the database has a version beyond the
// last of migrations. Concurrent migrators of one component wait for each
// other: SQLite admits one writer, and on PostgreSQL each transaction first
// takes an advisory lock on the component and schema.
func (m *Migrator) Run(ctx context.Context, migrations []Migration) error {
	if len(migrations) == 0 {
		return m.apply(ctx, Migration{}, migrations)
	}
	for _, mig := range migrations {
		if err := m.apply(ctx, mig, migrations); err != nil {
			return err
		}
	}
	return nil
}

// apply applies mig unless the database has it; a zero mig only checks the
// history against all.
func (m *Migrator) apply(ctx context.Context, mig Migration, all []Migration) error {
	component := m.Handle.Component
	return m.Handle.Write(ctx, func(tx *sql.Tx) error {
		applied, err := m.prepare(ctx, tx)
		if err != nil {
			return err
		}
		if err := m.checkHistory(applied, all); err != nil {
			return err
		}
		if _, ok := applied[mig.Version]; ok || mig.Version == 0 {
			return nil
		}

		if _, err := tx.ExecContext(ctx, mig.SQL); err != nil {
			return fmt.Errorf("%s: migration %04d_%s: %w", component, mig.Version, mig.Name, err)
		}
		insert := m.Handle.Dialect.Bind("INSERT INTO " + m.Table + " (version, name) VALUES (?, ?)")
		if _, err := tx.ExecContext(ctx, insert, mig.Version, mig.Name); err != nil {
			return fmt.Errorf("%s: record migration %04d_%s: %w", component, mig.Version, mig.Name, err)
		}
		m.logger().InfoContext(ctx, "applied schema migration", "component", component,
			"dialect", m.Handle.Dialect.String(), "version", mig.Version, "name", mig.Name)
		return nil
	})
}

// checkHistory returns an error unless every migration in applied, by
// version, is the one of all with that version.
func (m *Migrator) checkHistory(applied map[int]string, all []Migration) error {
	component := m.Handle.Component
	if latest := maxVersion(applied); latest > len(all) {
		tooNew := m.ErrTooNew
		if tooNew == nil {
			tooNew = ErrSchemaTooNew
		}
		return fmt.Errorf("%s: database is at schema version %d, code knows up to %d: %w",
			component, latest, len(all), tooNew)
	}
	for version, name := range applied {
		if version < 1 {
			return fmt.Errorf("%s: database has migration %d_%s in %s, want versions from 1",
				component, version, name, m.Table)
		}
		if want := all[version-1]; name != want.Name {
			return fmt.Errorf("%s: database has migration %04d_%s where this code has %04d_%s",
				component, version, name, want.Version, want.Name)
		}
	}
	return nil
}

func maxVersion(applied map[int]string) int {
	latest := 0
	for version := range applied {
		latest = max(latest, version)
	}
	return latest
}

// prepare serialises the migrators of the component, creates m.Table when
// missing and returns its rows, name by version.
func (m *Migrator) prepare(ctx context.Context, tx *sql.Tx) (map[int]string, error) {
	component := m.Handle.Component
	if m.Handle.Dialect == PostgreSQL {
		// The lock is per component and schema, so that stores sharing a
		// server or a schema but not a migration table migrate in parallel.
		// It ends with the transaction.
		lock := "SELECT pg_advisory_xact_lock(hashtext($1::text || current_schema()))"
		if _, err := tx.ExecContext(ctx, lock, component+" migrate "); err != nil {
			return nil, fmt.Errorf("%s: lock schema for migration: %w", component, err)
		}
	}
	if _, err := tx.ExecContext(ctx, m.tableDDL()); err != nil {
		return nil, fmt.Errorf("%s: create %s: %w", component, m.Table, err)
	}

	rows, err := tx.QueryContext(ctx, "SELECT version, name FROM "+m.Table)
	if err != nil {
		return nil, fmt.Errorf("%s: read %s: %w", component, m.Table, err)
	}
	defer rows.Close()
	applied := make(map[int]string)
	for rows.Next() {
		var version int
		var name string
		if err := rows.Scan(&version, &name); err != nil {
			return nil, fmt.Errorf("%s: read %s: %w", component, m.Table, err)
		}
		applied[version] = name
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: read %s: %w", component, m.Table, err)
	}
	return applied, nil
}

func (m *Migrator) tableDDL() string {
	appliedAt := "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
	if m.Handle.Dialect == PostgreSQL {
		appliedAt = "TIMESTAMPTZ NOT NULL DEFAULT now()"
	}
	return "CREATE TABLE IF NOT EXISTS " + m.Table + " (\n" +
		"\tversion    INTEGER PRIMARY KEY,\n" +
		"\tname       TEXT NOT NULL,\n" +
		"\tapplied_at " + appliedAt + ")"
}

func (m *Migrator) logger() *slog.Logger {
	if m.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return m.Logger
}

// Version returns the schema version of the component: the number of the
// last migration recorded in m.Table, or 0 when the table is missing or
// empty. It creates nothing and takes no lock.
func (m *Migrator) Version(ctx context.Context) (int, error) {
	h := m.Handle
	exists := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if h.Dialect == PostgreSQL {
		exists = "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?"
	}
	var n int
	if err := h.DB.QueryRowContext(ctx, h.Dialect.Bind(exists), m.Table).Scan(&n); err != nil {
		return 0, fmt.Errorf("%s: read schema version: %w", h.Component, err)
	}
	if n == 0 {
		return 0, nil
	}
	var version int
	err := h.DB.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM "+m.Table).Scan(&version)
	if err != nil {
		return 0, fmt.Errorf("%s: read schema version: %w", h.Component, err)
	}
	return version, nil
}
