package watersql

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
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
	dialect Dialect
	clock   func() time.Time
	// handle runs the transactions. On SQLite it admits one writing transaction of this
	// Store at a time, so that goroutines queue there instead of polling the file lock.
	handle *sqlstore.Handle
}

var _ water.Store = (*Store)(nil)

// Open returns a Store on db after bringing the schema up to date. For SQLite, db must
// have been opened with [SQLiteDSN] or the same settings; Open switches the file to WAL
// journal mode. It returns an error wrapping [ErrSchemaTooNew] when a newer version of
// this package has migrated the database.
func Open(ctx context.Context, db *sql.DB, dialect Dialect, opts Options) (*Store, error) {
	h, err := schema.Open(ctx, db, dialect.shared(), opts.Logger)
	if err != nil {
		return nil, err
	}
	s := &Store{dialect: dialect, clock: opts.Clock, handle: h}
	if s.clock == nil {
		s.clock = time.Now
	}
	return s, nil
}

// Dialect returns the dialect the store was opened with.
func (s *Store) Dialect() Dialect { return s.dialect }

func (s *Store) now() time.Time { return water.StoreTime(s.clock()) }

// read runs fn in a read-only transaction over one snapshot of the database, so that a
// record and its rows in other tables agree.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.handle.Read(ctx, fn)
}
