package landsql

import (
	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// SQLiteBusyTimeoutMillis is the busy timeout, in milliseconds, that
// [SQLiteDSN] sets: how long a connection waits for another connection's
// write lock before it fails with SQLITE_BUSY.
const SQLiteBusyTimeoutMillis = 5000

// SQLiteDSN returns a data source name for modernc.org/sqlite that opens the
// database file at path with the per-connection settings [Open] requires.
// The path must name a file: with ":memory:" every connection of the pool
// opens a separate, empty database. It
// sets a busy timeout of [SQLiteBusyTimeoutMillis] and enforces foreign keys.
// It also begins write transactions with BEGIN IMMEDIATE, so that writers in
// other processes wait for the lock instead of failing when they upgrade a
// read. [Open] then switches the file to WAL journal mode, which the file
// keeps. The DSN uses that driver's _pragma and _txlock parameters: pass it
// to sql.Open("sqlite", dsn) after importing modernc.org/sqlite.
//
// The DSN is the same as that of watersql.SQLiteDSN, so one pool can serve
// the land and the water store.
func SQLiteDSN(path string) string { return sqlstore.SQLiteDSN(path) }
