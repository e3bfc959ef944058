package landsql

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
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
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case PostgreSQL:
		return "postgresql"
	}
	return "Dialect(" + strconv.Itoa(int(d)) + ")"
}

func (d Dialect) validate() error {
	if d == SQLite || d == PostgreSQL {
		return nil
	}
	return fmt.Errorf("landsql: invalid dialect %v: want SQLite or PostgreSQL", d)
}

// DetectDialect calls the version functions that only one dialect has, and
// returns the dialect whose function succeeded. It returns an error when db is neither
// SQLite nor PostgreSQL or cannot be reached.
func DetectDialect(ctx context.Context, db *sql.DB) (Dialect, error) {
	var version string
	errSQLite := db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&version)
	if errSQLite == nil {
		return SQLite, nil
	}
	errPostgres := db.QueryRowContext(ctx, "SELECT version()").Scan(&version)
	if errPostgres == nil && strings.HasPrefix(version, "PostgreSQL") {
		return PostgreSQL, nil
	}
	if errPostgres == nil {
		return 0, fmt.Errorf("landsql: detect dialect: unsupported server %q", version)
	}
	return 0, fmt.Errorf("landsql: detect dialect: neither sqlite_version() (%v) "+
		"nor version() (%w) answered", errSQLite, errPostgres)
}

// rebind rewrites the ? placeholders of query into the dialect's form:
// unchanged for SQLite, $1, $2, … for PostgreSQL. The queries of this package
// contain no ? inside string literals, so every ? is a placeholder.
func (d Dialect) rebind(query string) string {
	if d != PostgreSQL || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			b.WriteByte(query[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// greatest returns the name of the function that returns the largest of its
// arguments.
func (d Dialect) greatest() string {
	if d == PostgreSQL {
		return "GREATEST"
	}
	return "MAX"
}
