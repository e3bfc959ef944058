package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// Handle is the database of one store: the pool, its dialect, the component
// name that prefixes errors, and on SQLite a write lock. It is safe for
// concurrent use. A Handle does not own its *sql.DB, and several Handles,
// of one store or of different ones, may share one.
//
// NOTE: the write lock is per Handle. Writers of two Handles on one SQLite
// file queue on the file lock instead, through the busy timeout of
// [SQLiteDSN], as writers in separate processes do.
type Handle struct {
	// DB is the pool the store reads and writes through.
	DB *sql.DB
	// Dialect is the dialect of DB.
	Dialect Dialect
	// Component prefixes the errors of the Handle, such as "landsql".
	Component string
	// ErrNotFound and ErrConflict are the sentinel errors of the store's
	// domain package that the errors of [Kind] wrap: for a record that is
	// missing, and for one that exists already or has another version.
	// [Schema.Handle] and [Schema.Open] set them; a store that calls
	// [NewHandle] and uses Kind sets them itself.
	ErrNotFound, ErrConflict error
	// writers admits one writing transaction at a time on SQLite, which has
	// a single writer per file, so that goroutines queue here instead of
	// polling the file lock. It is nil on PostgreSQL, which admits many.
	writers chan struct{}
}

// NewHandle returns a Handle on db. It neither checks nor prepares db; see
// [Handle.SetupSQLite].
func NewHandle(db *sql.DB, dialect Dialect, component string) *Handle {
	h := &Handle{DB: db, Dialect: dialect, Component: component}
	if dialect == SQLite {
		h.writers = make(chan struct{}, 1)
	}
	return h
}

// Write runs fn in a read-write transaction and commits it when fn returns
// nil; otherwise it rolls back and returns the error of fn unchanged. On
// SQLite it first waits for the write lock of h or for ctx to end.
func (h *Handle) Write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if h.writers != nil {
		select {
		case h.writers <- struct{}{}:
			defer func() { <-h.writers }()
		case <-ctx.Done():
			return fmt.Errorf("%s: wait for write lock: %w", h.Component, context.Cause(ctx))
		}
	}

	tx, err := h.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin transaction: %w", h.Component, err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", h.Component, err)
	}
	return nil
}

// Read runs fn in a transaction over one snapshot of the database
// (REPEATABLE READ on PostgreSQL), so that a record and its rows in other
// tables agree, and then rolls the transaction back. The transaction is
// marked read-only, which PostgreSQL enforces.
//
// NOTE: modernc.org/sqlite v1.63 ignores the read-only mark: on SQLite a
// write inside fn succeeds, and only the rollback of Read undoes it.
func (h *Handle) Read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if h.Dialect == PostgreSQL {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := h.DB.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("%s: begin transaction: %w", h.Component, err)
	}
	defer func() { _ = tx.Rollback() }()
	return fn(tx)
}
