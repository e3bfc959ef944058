package watersql

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
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
	if d != SQLite && d != PostgreSQL {
		return fmt.Errorf("watersql: invalid dialect %v: want SQLite or PostgreSQL", d)
	}
	return nil
}

// bind returns query with its ? placeholders in the dialect's form: ? for SQLite and $1,
// $2, … for PostgreSQL. The queries of this package have no ? in string literals.
func (d Dialect) bind(query string) string {
	if d == SQLite {
		return query
	}
	parts := strings.Split(query, "?")
	var b strings.Builder
	b.Grow(len(query) + 2*len(parts))
	for i, part := range parts {
		if i > 0 {
			b.WriteString("$" + strconv.Itoa(i))
		}
		b.WriteString(part)
	}
	return b.String()
}

// isUniqueViolation reports whether err is a unique or primary key violation. It reads
// the SQLSTATE 23505 of PostgreSQL through the SQLState method of pgx errors, and the
// SQLite extended result codes 2067 and 1555 through the Code method of
// modernc.org/sqlite errors.
func isUniqueViolation(err error) bool {
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		return pg.SQLState() == "23505"
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		code := lite.Code()
		return code == 2067 || code == 1555
	}
	return false
}
