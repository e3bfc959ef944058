package watersql

import (
	"github.com/shuxiang/shuxiang/internal/sqlstore"
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

// shared returns d as the dialect of package sqlstore, which has the same values.
func (d Dialect) shared() sqlstore.Dialect { return sqlstore.Dialect(d) }

// bind returns query with its ? placeholders in the dialect's form: ? for SQLite and $1,
// $2, … for PostgreSQL. The queries of this package have no ? in string literals.
func (d Dialect) bind(query string) string { return d.shared().Bind(query) }
