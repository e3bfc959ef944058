package landsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
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
func SQLiteDSN(path string) string {
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + escaped +
		"?_pragma=busy_timeout(" + strconv.Itoa(SQLiteBusyTimeoutMillis) + ")" +
		"&_pragma=foreign_keys(1)" +
		"&_txlock=immediate"
}

// setupSQLite switches the database to WAL mode, which persists in the file,
// and checks the per-connection settings that only the data source name can
// give every connection of the pool.
func setupSQLite(ctx context.Context, db *sql.DB) error {
	if err := setWAL(ctx, db); err != nil {
		return err
	}

	var foreignKeys int
	if err := db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&foreignKeys); err != nil {
		return fmt.Errorf("landsql: read sqlite foreign_keys: %w", err)
	}
	if foreignKeys != 1 {
		return fmt.Errorf("landsql: sqlite foreign_keys is off: " +
			"open the database with SQLiteDSN or the DSN parameter _pragma=foreign_keys(1)")
	}

	var busyTimeout int
	if err := db.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busyTimeout); err != nil {
		return fmt.Errorf("landsql: read sqlite busy_timeout: %w", err)
	}
	if busyTimeout <= 0 {
		return fmt.Errorf("landsql: sqlite busy_timeout is 0: " +
			"open the database with SQLiteDSN or the DSN parameter _pragma=busy_timeout(5000)")
	}
	return nil
}

// setWALAttempts bounds the retries of setWAL.
const setWALAttempts = 20

// setWAL switches the database file to WAL journal mode unless it is in it.
// The switch needs an exclusive lock, and when two processes switch a new
// file at once SQLite fails one with SQLITE_BUSY at once rather than let it
// wait, so setWAL retries after a short pause.
func setWAL(ctx context.Context, db *sql.DB) error {
	for attempt := 1; ; attempt++ {
		mode, err := switchToWAL(ctx, db)
		if err == nil {
			return checkJournalMode(mode)
		}
		if !isSQLiteBusy(err) || attempt == setWALAttempts {
			return fmt.Errorf("landsql: set sqlite journal_mode to wal: %w", err)
		}
		select {
		case <-time.After(time.Duration(attempt) * 5 * time.Millisecond):
		case <-ctx.Done():
			return fmt.Errorf("landsql: set sqlite journal_mode to wal: %w", context.Cause(ctx))
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
		return fmt.Errorf("landsql: sqlite journal_mode is %q after setting wal", mode)
	}
	return nil
}

// isSQLiteBusy reports whether err carries the SQLite result code
// SQLITE_BUSY, primary or extended, as the errors of modernc.org/sqlite do
// through a Code method.
func isSQLiteBusy(err error) bool {
	const sqliteBusy = 5
	var coded interface{ Code() int }
	return errors.As(err, &coded) && coded.Code()&0xff == sqliteBusy
}

// writeLock admits one writing transaction at a time. SQLite has a single
// writer per database file, so goroutines queue here rather than poll the
// file lock through the busy handler. A nil writeLock admits everyone, which
// suits PostgreSQL.
type writeLock chan struct{}

func newWriteLock(d Dialect) writeLock {
	if d != SQLite {
		return nil
	}
	return make(writeLock, 1)
}

// lock waits for the lock or for ctx to end.
func (l writeLock) lock(ctx context.Context) error {
	if l == nil {
		return nil
	}
	select {
	case l <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("landsql: wait for write lock: %w", context.Cause(ctx))
	}
}

func (l writeLock) unlock() {
	if l != nil {
		<-l
	}
}

// inTx runs fn in a read-write transaction on db, holding l throughout, and
// commits when fn returns nil.
func inTx(ctx context.Context, db *sql.DB, l writeLock, fn func(tx *sql.Tx) error) error {
	if err := l.lock(ctx); err != nil {
		return err
	}
	defer l.unlock()

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("landsql: begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("landsql: commit: %w", err)
	}
	return nil
}
