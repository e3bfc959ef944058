package landsql

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// Dialect is the SQL dialect of the database behind a [Store]. The zero
// value is not a dialect: [Open] rejects it.
type Dialect int

const (
	// SQLite is SQLite 3.35 or newer, for example through modernc.org/sqlite.
	SQLite Dialect = iota + 1
	// PostgreSQL is PostgreSQL 12 or newer, for example through
	// github.com/jackc/pgx/v5/stdlib.
	PostgreSQL
)

// String returns "sqlite" or "postgresql", or "Dialect(N)" for other values.
func (d Dialect) String() string { return d.shared().String() }

// shared returns d as the dialect of package sqlstore, which has the same values.
func (d Dialect) shared() sqlstore.Dialect { return sqlstore.Dialect(d) }

// DetectDialect calls the version functions that only one dialect has, and
// returns the dialect whose function succeeded. It returns an error when db is neither
// SQLite nor PostgreSQL or cannot be reached.
func DetectDialect(ctx context.Context, db *sql.DB) (Dialect, error) {
	d, err := sqlstore.Detect(ctx, db)
	if err != nil {
		return 0, fmt.Errorf("landsql: detect dialect: %w", err)
	}
	return Dialect(d), nil
}

// rebind rewrites the ? placeholders of query into the dialect's form:
// unchanged for SQLite, $1, $2, … for PostgreSQL. The queries of this package
// contain no ? inside string literals, so every ? is a placeholder.
func (d Dialect) rebind(query string) string { return d.shared().Bind(query) }

// greatest returns the name of the function that returns the largest of its
// arguments.
func (d Dialect) greatest() string { return d.shared().Greatest() }
