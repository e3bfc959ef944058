package watersql

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/shuxiang/shuxiang/water"
)

// Options configures a [Store]. The zero Options works: it stamps writes with
// [time.Now] and discards log messages.
type Options struct {
	// Clock returns the time writes are stamped with; nil means [time.Now]. The store
	// keeps it as water.StoreTime returns it.
	Clock func() time.Time
	// Logger receives a message per schema migration applied; nil discards them.
	Logger *slog.Logger
}

// Store is a [water.Store] on a SQL database. It is safe for concurrent use, also by
// several processes on one database: SQLite admits one writing transaction at a time,
// and PostgreSQL locks the rows a write changes. A Store does not own its *sql.DB: close
// the database when done with the store.
type Store struct {
	db      *sql.DB
	dialect Dialect
	clock   func() time.Time
	// writers admits one writing transaction of this Store at a time on SQLite, so that
	// goroutines queue here instead of polling the file lock; it is nil on PostgreSQL.
	writers chan struct{}
}

var _ water.Store = (*Store)(nil)

// Open returns a Store on db after bringing the schema up to date. For SQLite, db must
// have been opened with [SQLiteDSN] or the same settings; Open switches the file to WAL
// journal mode. It returns an error wrapping [ErrSchemaTooNew] when a newer version of
// this package has migrated the database.
func Open(ctx context.Context, db *sql.DB, dialect Dialect, opts Options) (*Store, error) {
	if err := dialect.validate(); err != nil {
		return nil, err
	}
	if db == nil {
		return nil, fmt.Errorf("watersql: open: db is nil, want a *sql.DB")
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("watersql: open %v database: %w", dialect, err)
	}
	s := &Store{db: db, dialect: dialect, clock: opts.Clock}
	if s.clock == nil {
		s.clock = time.Now
	}
	if dialect == SQLite {
		if err := prepareSQLite(ctx, db); err != nil {
			return nil, err
		}
		s.writers = make(chan struct{}, 1)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := s.migrate(ctx, logger); err != nil {
		return nil, err
	}
	return s, nil
}

// Dialect returns the dialect the store was opened with.
func (s *Store) Dialect() Dialect { return s.dialect }

func (s *Store) now() time.Time { return water.StoreTime(s.clock()) }

// write runs fn in a read-write transaction and commits when fn returns nil.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.writers != nil {
		select {
		case s.writers <- struct{}{}:
			defer func() { <-s.writers }()
		case <-ctx.Done():
			return fmt.Errorf("watersql: wait to write: %w", ctx.Err())
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("watersql: begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("watersql: commit: %w", err)
	}
	return nil
}

// read runs fn in a read-only transaction over one snapshot of the database, so that a
// record and its rows in other tables agree.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == PostgreSQL {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("watersql: begin transaction: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	return fn(tx)
}
