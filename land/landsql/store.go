package landsql

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// Options configures a [Store]. The zero Options works: it stamps writes with
// [time.Now] and discards log messages.
type Options struct {
	// Clock returns the time writes are stamped with; nil means [time.Now].
	// The store keeps it in UTC and truncates it to whole microseconds.
	Clock func() time.Time
	// Logger receives a message per schema migration applied; nil discards
	// them.
	Logger *slog.Logger
}

// Store is a [land.Store] and a [land.SequenceStore] on a SQL database. It is
// safe for concurrent use, also by several processes on one database: SQLite
// admits one writing transaction at a time, and PostgreSQL locks the rows a
// write changes.
//
// A Store does not own its *sql.DB: close the database when done with the
// store.
type Store struct {
	db      *sql.DB
	dialect Dialect
	clock   func() time.Time
	// handle runs the transactions, with a write lock on SQLite.
	handle *sqlstore.Handle
}

var (
	_ land.Store         = (*Store)(nil)
	_ land.SequenceStore = (*Store)(nil)
)

// Open returns a Store on db after bringing the schema up to date. For
// SQLite, db must have been opened with [SQLiteDSN] or equivalent settings;
// Open switches the file to WAL journal mode and checks that foreign keys and
// a busy timeout are on. It returns an error wrapping [ErrSchemaTooNew] when
// a newer version of this package has migrated the database.
func Open(ctx context.Context, db *sql.DB, dialect Dialect, opts Options) (*Store, error) {
	h, err := schema.Open(ctx, db, dialect.shared(), opts.Logger)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, dialect: dialect, clock: opts.Clock, handle: h}
	if s.clock == nil {
		s.clock = time.Now
	}
	return s, nil
}

// Dialect returns the dialect the store was opened with.
func (s *Store) Dialect() Dialect { return s.dialect }

// now returns the time to stamp a write with.
func (s *Store) now() time.Time {
	return s.clock().UTC().Truncate(time.Microsecond)
}
