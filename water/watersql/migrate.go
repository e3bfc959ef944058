package watersql

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

// ErrSchemaTooNew is wrapped by [Open] when a newer version of this package has
// migrated the database: the schema has migrations this code does not know, so it must
// not read or write it.
var ErrSchemaTooNew = errors.New("watersql: database schema is newer than this code")

// migrationTable records the migrations applied. It is named for this package, so that
// a database can also hold the tables of other stores with their own migrations.
const migrationTable = "water_schema_migrations"

//go:embed migrations
var migrationFS embed.FS

// migration is one schema change, from a file named NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations of d, by version. Versions count from 1
// without gaps, so that a database's latest version tells which migrations it has.
func migrations(d Dialect) ([]migration, error) {
	dir := "migrations/" + d.String()
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("watersql: read migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		digits, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		version, err := strconv.Atoi(digits)
		if !ok || err != nil || version < 1 || name == "" || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("watersql: invalid migration file %q: want NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("watersql: read migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version: version, name: name, sql: string(body)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("watersql: migration %04d_%s: want version %d", m.version, m.name, i+1)
		}
	}
	return out, nil
}

// migrate applies the migrations the database lacks, each in a transaction of its own
// with its row in migrationTable, so that a failed migration leaves the previous version.
// Concurrent migrators wait for each other: SQLite admits one writer, and on PostgreSQL
// each transaction takes an advisory lock on the schema first.
func (s *Store) migrate(ctx context.Context, logger *slog.Logger) error {
	all, err := migrations(s.dialect)
	if err != nil {
		return err
	}
	for _, m := range all {
		err := s.write(ctx, func(tx *sql.Tx) error { return s.applyMigration(ctx, tx, m, all, logger) })
		if err != nil {
			return err
		}
	}
	return nil
}

// applyMigration applies m unless the database has it, after checking that the
// migrations the database records are those of all.
func (s *Store) applyMigration(ctx context.Context, tx *sql.Tx, m migration, all []migration, logger *slog.Logger) error {
	if s.dialect == PostgreSQL {
		lock := "SELECT pg_advisory_xact_lock(hashtext('watersql migrate ' || current_schema()))"
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return fmt.Errorf("watersql: lock schema for migration: %w", err)
		}
	}
	applied, err := s.appliedMigrations(ctx, tx)
	if err != nil {
		return err
	}
	for version, name := range applied {
		switch {
		case version > len(all):
			return fmt.Errorf("watersql: database has migration %04d_%s, code knows up to %d: %w",
				version, name, len(all), ErrSchemaTooNew)
		case version < 1:
			return fmt.Errorf("watersql: database has migration %d_%s, want versions from 1", version, name)
		case name != all[version-1].name:
			return fmt.Errorf("watersql: database has migration %04d_%s where this code has %04d_%s",
				version, name, version, all[version-1].name)
		}
	}
	if _, ok := applied[m.version]; ok {
		return nil
	}

	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("watersql: migration %04d_%s: %w", m.version, m.name, err)
	}
	insert := s.dialect.bind("INSERT INTO " + migrationTable + " (version, name) VALUES (?, ?)")
	if _, err := tx.ExecContext(ctx, insert, m.version, m.name); err != nil {
		return fmt.Errorf("watersql: record migration %04d_%s: %w", m.version, m.name, err)
	}
	logger.InfoContext(ctx, "applied schema migration",
		"dialect", s.dialect.String(), "version", m.version, "name", m.name)
	return nil
}

// appliedMigrations creates migrationTable when missing and returns its rows.
func (s *Store) appliedMigrations(ctx context.Context, tx *sql.Tx) (map[int]string, error) {
	appliedAt := "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
	if s.dialect == PostgreSQL {
		appliedAt = "TIMESTAMPTZ NOT NULL DEFAULT now()"
	}
	create := "CREATE TABLE IF NOT EXISTS " + migrationTable +
		" (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at " + appliedAt + ")"
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return nil, fmt.Errorf("watersql: create %s: %w", migrationTable, err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT version, name FROM "+migrationTable)
	if err != nil {
		return nil, fmt.Errorf("watersql: read %s: %w", migrationTable, err)
	}
	defer rows.Close()
	applied := make(map[int]string)
	for rows.Next() {
		var version int
		var name string
		if err := rows.Scan(&version, &name); err != nil {
			return nil, fmt.Errorf("watersql: read %s: %w", migrationTable, err)
		}
		applied[version] = name
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("watersql: read %s: %w", migrationTable, err)
	}
	return applied, nil
}

// SchemaVersion returns the latest migration applied to the database behind db, or 0
// when none has been.
func SchemaVersion(ctx context.Context, db *sql.DB, dialect Dialect) (int, error) {
	if err := dialect.validate(); err != nil {
		return 0, err
	}
	exists := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if dialect == PostgreSQL {
		exists = "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?"
	}
	var n int
	if err := db.QueryRowContext(ctx, dialect.bind(exists), migrationTable).Scan(&n); err != nil {
		return 0, fmt.Errorf("watersql: read schema version: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	var version int
	err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM "+migrationTable).Scan(&version)
	if err != nil {
		return 0, fmt.Errorf("watersql: read schema version: %w", err)
	}
	return version, nil
}
