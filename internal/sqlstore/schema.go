package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
)

// Schema describes the tables of one store: the component name that prefixes
// its errors, its migrations and the table that records those applied. The
// SQL stores open through it, so that each checks, prepares and migrates its
// database the same way.
type Schema struct {
	// Component prefixes errors, such as "landsql".
	Component string
	// Migrations holds the migration files below Dir, in a directory per
	// dialect named as [Dialect.String] returns it: Dir/sqlite and
	// Dir/postgresql.
	Migrations fs.FS
	Dir        string
	// Table records the migrations applied, such as water_schema_migrations;
	// see [Migrator.Table].
	Table string
	// ErrTooNew is wrapped when newer code has migrated the database; see
	// [Migrator.ErrTooNew].
	ErrTooNew error
	// ErrNotFound and ErrConflict are the sentinels of the Handles that the
	// Schema returns; see [Handle].
	ErrNotFound, ErrConflict error
}

// Handle returns a Handle of the component on db, which it neither checks nor
// prepares.
func (s *Schema) Handle(db *sql.DB, d Dialect) *Handle {
	h := NewHandle(db, d, s.Component)
	h.ErrNotFound, h.ErrConflict = s.ErrNotFound, s.ErrConflict
	return h
}

// Load returns the migrations of dialect d, by version.
func (s *Schema) Load(d Dialect) ([]Migration, error) {
	migrations, err := LoadMigrations(s.Migrations, s.Dir+"/"+d.String())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Component, err)
	}
	return migrations, nil
}

func (s *Schema) migrator(h *Handle, logger *slog.Logger) *Migrator {
	return &Migrator{Handle: h, Table: s.Table, ErrTooNew: s.ErrTooNew, Logger: logger}
}

// Open returns the Handle of the store on db after bringing the schema up to
// date. It checks that d is a dialect and that db is reachable, and on SQLite runs
// [Handle.SetupSQLite]. logger receives a message per migration applied; nil
// discards them.
func (s *Schema) Open(ctx context.Context, db *sql.DB, d Dialect, logger *slog.Logger) (*Handle, error) {
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", s.Component, err)
	}
	if db == nil {
		return nil, errors.New(s.Component + ": open: db is nil, want a *sql.DB")
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("%s: open %v database: %w", s.Component, d, err)
	}
	h := s.Handle(db, d)
	if d == SQLite {
		if err := h.SetupSQLite(ctx); err != nil {
			return nil, err
		}
	}

	migrations, err := s.Load(d)
	if err != nil {
		return nil, err
	}
	if err := s.migrator(h, logger).Run(ctx, migrations); err != nil {
		return nil, err
	}
	return h, nil
}

// Version returns the schema version of the store on db: the number of the
// last migration applied, or 0 when none has been.
func (s *Schema) Version(ctx context.Context, db *sql.DB, d Dialect) (int, error) {
	if err := d.Validate(); err != nil {
		return 0, fmt.Errorf("%s: %w", s.Component, err)
	}
	return s.migrator(s.Handle(db, d), nil).Version(ctx)
}
