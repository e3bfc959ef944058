package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SQLiteBusyTimeout is the busy timeout that [SQLiteDSN] sets: how long a
// connection waits for another connection's write lock before it fails with
// SQLITE_BUSY.
const SQLiteBusyTimeout = 5 * time.Second

// SQLiteDSN returns a data source name for modernc.org/sqlite that opens the
// database file at path with the per-connection settings that
// [Handle.SetupSQLite] checks: a busy timeout of [SQLiteBusyTimeout] and
// foreign keys on. Write transactions begin with BEGIN IMMEDIATE, so that a
// writer waits for the lock instead of failing when it upgrades a read. The path must name a file, because with ":memory:" every connection
// of a pool opens a separate, empty database. The characters %, ? and # of
// path are percent-encoded, as a file: URI needs.
func SQLiteDSN(path string) string {
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	millis := strconv.FormatInt(SQLiteBusyTimeout.Milliseconds(), 10)
	return "file:" + escaped +
		"?_pragma=busy_timeout(" + millis + ")" +
		"&_pragma=foreign_keys(1)" +
		"&_txlock=immediate"
}

// setWALAttempts bounds the tries of setWAL.
const setWALAttempts = 20

// SetupSQLite switches the database file to WAL journal mode, which lets
// readers run beside the writer and persists in the file, and checks the
// settings that only the data source name can give every connection of the
// pool: foreign keys on and a busy timeout. It is safe to call again, also
// from several processes at once.
func (h *Handle) SetupSQLite(ctx context.Context) error {
	if err := setWAL(ctx, h.DB); err != nil {
		return fmt.Errorf("%s: set sqlite journal_mode to wal: %w", h.Component, err)
	}

	var foreignKeys, busyTimeout int
	if err := h.DB.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&foreignKeys); err != nil {
		return fmt.Errorf("%s: read sqlite foreign_keys: %w", h.Component, err)
	}
	if foreignKeys != 1 {
		return fmt.Errorf("%s: sqlite foreign_keys is off: "+
			"open the database with SQLiteDSN or the DSN parameter _pragma=foreign_keys(1)", h.Component)
	}
	if err := h.DB.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busyTimeout); err != nil {
		return fmt.Errorf("%s: read sqlite busy_timeout: %w", h.Component, err)
	}
	if busyTimeout <= 0 {
		return fmt.Errorf("%s: sqlite busy_timeout is 0: "+
			"open the database with SQLiteDSN or the DSN parameter _pragma=busy_timeout(5000)", h.Component)
	}
	return nil
}

// setWAL switches the database file to WAL journal mode unless it is in it.
// The switch needs an exclusive lock, and when two processes switch a new
// file at once SQLite fails one with SQLITE_BUSY at once rather than let it
// wait in the busy handler, so setWAL tries again after a growing pause.
func setWAL(ctx context.Context, db *sql.DB) error {
	for attempt := 1; ; attempt++ {
		mode, err := switchToWAL(ctx, db)
		if err == nil {
			return checkJournalMode(mode)
		}
		if !IsBusy(err) || attempt == setWALAttempts {
			return err
		}
		select {
		case <-time.After(time.Duration(attempt) * 5 * time.Millisecond):
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

func switchToWAL(ctx context.Context, db *sql.DB) (string, error) {
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return "", err
	}
	if strings.EqualFold(mode, "wal") {
		return mode, nil
	}
	err := db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
	return mode, err
}

func checkJournalMode(mode string) error {
	// An in-memory database reports "memory": it has no file to share with
	// other processes, so WAL would add nothing.
	if mode = strings.ToLower(mode); mode != "wal" && mode != "memory" {
		return fmt.Errorf("journal_mode is %q after setting wal", mode)
	}
	return nil
}
