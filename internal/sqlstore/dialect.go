package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Dialect is the SQL dialect of a database. The zero value is not a dialect:
// [Dialect.Validate] rejects it. The values match those of the Dialect types
// of the store packages, which convert to and from it.
type Dialect int

const (
	// SQLite is SQLite 3.35 or newer, the first with RETURNING, for example
	// through modernc.org/sqlite.
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

// Validate returns an error unless d is SQLite or PostgreSQL.
func (d Dialect) Validate() error {
	if d != SQLite && d != PostgreSQL {
		return fmt.Errorf("invalid dialect %v: want SQLite or PostgreSQL", d)
	}
	return nil
}

// Bind rewrites the ? placeholders of query into the dialect's form: ? for
// SQLite, $1, $2, … for PostgreSQL. Every ? counts as a placeholder, so the
// query must not contain one inside a string literal or an identifier.
func (d Dialect) Bind(query string) string {
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

// Greatest returns the name of the scalar function that returns the largest
// of its arguments: GREATEST on PostgreSQL, MAX with two or more arguments on
// SQLite.
func (d Dialect) Greatest() string {
	if d == PostgreSQL {
		return "GREATEST"
	}
	return "MAX"
}

// Placeholders returns n comma-separated ? placeholders, for [Dialect.Bind].
func Placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// InsertIgnoreSQL returns an INSERT of cols into table that inserts nothing
// when a row with the same keys exists, in the ON CONFLICT form that both
// dialects accept. The statement has ? placeholders for cols, in order, and
// keys must name a primary key or unique constraint of table.
func InsertIgnoreSQL(table string, cols, keys []string) string {
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" +
		Placeholders(len(cols)) + ") ON CONFLICT (" + strings.Join(keys, ", ") + ") DO NOTHING"
}

// Detect calls the version functions that only one dialect has, and returns
// the dialect whose function succeeded. It returns an error when db is
// neither SQLite nor PostgreSQL or cannot be reached.
func Detect(ctx context.Context, db *sql.DB) (Dialect, error) {
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
		return 0, fmt.Errorf("unsupported server %q", version)
	}
	return 0, fmt.Errorf("neither sqlite_version() (%v) nor version() (%w) succeeded",
		errSQLite, errPostgres)
}

// SQLite result codes, primary and extended, from the SQLite C interface
// documentation (sqlite.org/rescode.html).
const (
	sqliteBusy             = 5
	sqliteConstraintPK     = 1555
	sqliteConstraintUnique = 2067
)

// postgresUniqueViolation is the SQLSTATE unique_violation of PostgreSQL
// (Appendix A of its manual).
const postgresUniqueViolation = "23505"

// IsUniqueViolation reports whether err is a unique or primary key
// violation. It reads the SQLSTATE of PostgreSQL through the SQLState method
// of pgx errors, and the SQLite extended result codes
// SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY through the Code
// method of modernc.org/sqlite errors.
func IsUniqueViolation(err error) bool {
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		return pg.SQLState() == postgresUniqueViolation
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		code := lite.Code()
		return code == sqliteConstraintUnique || code == sqliteConstraintPK
	}
	return false
}

// IsBusy reports whether err carries the SQLite result code SQLITE_BUSY,
// primary or extended, through the Code method of modernc.org/sqlite errors.
func IsBusy(err error) bool {
	var coded interface{ Code() int }
	return errors.As(err, &coded) && coded.Code()&0xff == sqliteBusy
}
