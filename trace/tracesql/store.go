package tracesql

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"log/slog"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/trace"
)

// Dialect is the SQL dialect of the database behind a [Store]. The zero value is not a
// dialect: [Open] rejects it.
type Dialect int

const (
	// SQLite is SQLite 3.35 or newer, for RETURNING, for example through
	// modernc.org/sqlite.
	SQLite Dialect = iota + 1
	// PostgreSQL is PostgreSQL 12 or newer, for example through
	// github.com/jackc/pgx/v5/stdlib.
	PostgreSQL
)

// String returns "sqlite" or "postgresql", or "Dialect(N)" for other values.
func (d Dialect) String() string { return d.shared().String() }

func (d Dialect) shared() sqlstore.Dialect { return sqlstore.Dialect(d) }

// SQLiteDSN returns a data source name for modernc.org/sqlite that opens the database
// file at path with the settings [Open] requires: foreign keys on, a busy timeout and
// BEGIN IMMEDIATE for writes. It is the DSN of landsql and watersql too, so one pool can
// serve all three stores.
func SQLiteDSN(path string) string { return sqlstore.SQLiteDSN(path) }

// ErrSchemaTooNew is wrapped by [Open] when a newer version of this package has
// migrated the database.
var ErrSchemaTooNew = errors.New("tracesql: database schema is newer than this code")

//go:embed migrations
var migrationFS embed.FS

// schema describes the tables of this package, with a migration table of its own.
var schema = &sqlstore.Schema{
	Component:   "tracesql",
	Migrations:  migrationFS,
	Dir:         "migrations",
	Table:       "trace_schema_migrations",
	ErrTooNew:   ErrSchemaTooNew,
	ErrNotFound: trace.ErrNotFound,
	ErrConflict: trace.ErrConflict,
}

// Options configures a [Store]. The zero Options works: it stamps writes with
// [time.Now] and discards log messages.
type Options struct {
	// Clock returns the time writes are stamped with; nil means [time.Now].
	Clock func() time.Time
	// Logger receives a message per schema migration applied; nil discards them.
	Logger *slog.Logger
}

// Store is a [trace.Store] on a SQL database. It is safe for concurrent use, also by
// several processes on one database. A Store does not own its *sql.DB: close the
// database when done with the store.
type Store struct {
	dialect Dialect
	clock   func() time.Time
	handle  *sqlstore.Handle
}

var _ trace.Store = (*Store)(nil)

// Open returns a Store on db after bringing the schema up to date. For SQLite, db must
// have been opened with [SQLiteDSN] or the same settings. It returns an error wrapping
// [ErrSchemaTooNew] when a newer version of this package has migrated the database.
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

func (s *Store) now() time.Time { return trace.StoreTime(s.clock()) }

func (s *Store) bind(query string) string { return s.dialect.shared().Bind(query) }

func (s *Store) timeArg(t time.Time) any { return s.dialect.shared().TimeArg(trace.StoreTime(t)) }
