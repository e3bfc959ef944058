// Package store keeps what the county server holds beside the land and water
// registers: accounts, API tokens, the audit log of changes, the daily water
// totals of each well, the devices with their health, the alarms about devices,
// the tamper events of meters, named settings such as the alarm rules and the
// names of the divisions. It opens the one database that the server shares between
// land/landsql, water/watersql and this package, embedded SQLite in a data folder
// or PostgreSQL by URL, and keeps its migration history in county_schema_migrations.
//
// Times are stored as microseconds since the Unix epoch in UTC, in both dialects,
// and decimals as text on SQLite and NUMERIC on PostgreSQL.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

//go:embed migrations
var migrationFiles embed.FS

// MigrationTable is the table that records the migrations of this package.
const MigrationTable = "county_schema_migrations"

// DefaultZone is the time zone of the daily totals when [Options] names none:
// China Standard Time, UTC+8.
const DefaultZone = "Asia/Shanghai"

// ErrNotFound reports that a record does not exist.
var ErrNotFound = errors.New("store: not found")

// ErrConflict reports that a record with the same key exists.
var ErrConflict = errors.New("store: conflict")

// Store is the county server's own tables on a shared database. It is safe for
// concurrent use.
type Store struct {
	h     *sqlstore.Handle
	clock func() time.Time
	zone  string // of the daily totals
	// dailyGeneration counts the PutDaily calls that committed.
	dailyGeneration atomic.Uint64
}

// Options configures Open. The zero Options stamps records with time.Now,
// keeps daily totals of Asia/Shanghai and discards migration messages.
type Options struct {
	// Clock returns the time records are stamped with; nil means time.Now.
	Clock func() time.Time
	// Zone is the IANA name of the time zone whose daily totals the Store
	// writes and reads, such as "Asia/Urumqi"; empty means [DefaultZone].
	// The totals of each zone are kept apart, see [Daily].
	Zone string
	// Logger receives a message per migration applied; nil discards them.
	Logger *slog.Logger
}

// Open returns a Store on db after applying the migrations the database lacks.
// For SQLite, db must have been opened with sqlstore.SQLiteDSN settings.
func Open(ctx context.Context, db *sql.DB, dialect sqlstore.Dialect, opts Options) (*Store, error) {
	if err := dialect.Validate(); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	h := sqlstore.NewHandle(db, dialect, "county store")
	if dialect == sqlstore.SQLite {
		if err := h.SetupSQLite(ctx); err != nil {
			return nil, err
		}
	}
	dir := "migrations/sqlite"
	if dialect == sqlstore.PostgreSQL {
		dir = "migrations/postgres"
	}
	migrations, err := sqlstore.LoadMigrations(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	m := &sqlstore.Migrator{Handle: h, Table: MigrationTable, Logger: opts.Logger}
	if err := m.Run(ctx, migrations); err != nil {
		return nil, err
	}
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	zone := opts.Zone
	if zone == "" {
		zone = DefaultZone
	}
	return &Store{h: h, clock: clock, zone: zone}, nil
}

// SchemaVersion returns the number of the last migration of this package that
// the database behind db has, or 0 when it has none.
func SchemaVersion(ctx context.Context, db *sql.DB, dialect sqlstore.Dialect) (int, error) {
	m := &sqlstore.Migrator{Handle: sqlstore.NewHandle(db, dialect, "county store"), Table: MigrationTable}
	return m.Version(ctx)
}

// Ping checks that the database replies to a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.h.DB.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

func (s *Store) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}
