package watersql

import (
	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// SQLiteBusyTimeout is the busy timeout that [SQLiteDSN] sets: how long a connection
// waits for another connection's write lock before it fails with SQLITE_BUSY.
const SQLiteBusyTimeout = sqlstore.SQLiteBusyTimeout

// SQLiteDSN returns a data source name for modernc.org/sqlite that opens the database
// file at path with the settings [Open] requires on every connection of the pool. It
// turns foreign keys on and sets a busy timeout of [SQLiteBusyTimeout]. Write
// transactions begin with BEGIN IMMEDIATE, so that a writer waits for the lock instead of
// failing when it upgrades a read. The path must name a file, because with ":memory:" each connection
// opens a database of its own. Pass the DSN to sql.Open("sqlite", dsn) after importing
// modernc.org/sqlite.
//
// The DSN is the same as that of landsql.SQLiteDSN, so one pool can serve the water and
// the land store.
func SQLiteDSN(path string) string { return sqlstore.SQLiteDSN(path) }
