package watersql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// SQLiteBusyTimeout is the busy timeout that [SQLiteDSN] sets: how long a connection
// waits for another connection's write lock before it fails with SQLITE_BUSY.
const SQLiteBusyTimeout = 5 * time.Second

// SQLiteDSN returns a data source name for modernc.org/sqlite that opens the database
// file at path with the settings [Open] requires on every connection of the pool. It
// turns foreign keys on and sets a busy timeout of [SQLiteBusyTimeout]. Write
// transactions begin with BEGIN IMMEDIATE, so that a writer waits for the lock instead of
// failing when it upgrades a read. The path must name a file, because with ":memory:" each connection
// opens a database of its own. Pass the DSN to sql.Open("sqlite", dsn) after importing
// modernc.org/sqlite.
func SQLiteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", SQLiteBusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	return "file:" + url.PathEscape(path) + "?" + q.Encode()
}

// prepareSQLite switches the database to WAL journal mode, which lets readers run
// beside the writer and persists in the file, and checks the settings of SQLiteDSN.
func prepareSQLite(ctx context.Context, db *sql.DB) error {
	if err := setJournalWAL(ctx, db); err != nil {
		return err
	}
	var foreignKeys, busyTimeout int
	if err := db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&foreignKeys); err != nil {
		return fmt.Errorf("watersql: read sqlite foreign_keys: %w", err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busyTimeout); err != nil {
		return fmt.Errorf("watersql: read sqlite busy_timeout: %w", err)
	}
	if foreignKeys != 1 || busyTimeout <= 0 {
		return fmt.Errorf("watersql: sqlite foreign_keys is %d and busy_timeout %d ms: "+
			"open the database with SQLiteDSN, which sets foreign_keys(1) and a busy timeout",
			foreignKeys, busyTimeout)
	}
	return nil
}

// setJournalWAL sets WAL journal mode unless the database is in it or in memory. Two
// processes that switch a new file at once can make one fail with SQLITE_BUSY without
// waiting, so it tries a few times.
func setJournalWAL(ctx context.Context, db *sql.DB) error {
	const attempts = 10
	var err error
	for attempt := range attempts {
		var mode string
		if err = db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err == nil {
			if mode = strings.ToLower(mode); mode != "wal" && mode != "memory" {
				return fmt.Errorf("watersql: sqlite journal_mode is %q after setting wal", mode)
			}
			return nil
		}
		if !isBusy(err) {
			break
		}
		select {
		case <-time.After(time.Duration(attempt+1) * 10 * time.Millisecond):
		case <-ctx.Done():
			return fmt.Errorf("watersql: set sqlite journal_mode: %w", ctx.Err())
		}
	}
	return fmt.Errorf("watersql: set sqlite journal_mode: %w", err)
}

// isBusy reports whether err has the SQLite result code SQLITE_BUSY (5), primary or
// extended.
func isBusy(err error) bool {
	var coded interface{ Code() int }
	return errors.As(err, &coded) && coded.Code()&0xff == 5
}
