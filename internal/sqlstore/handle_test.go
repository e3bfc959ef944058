package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

func mkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

func TestHandleWrite(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := t.Context()
		h := handle(t, db)
		_, err := db.DB.ExecContext(ctx, "CREATE TABLE wells (code TEXT PRIMARY KEY)")
		require.NoError(t, err)
		insert := db.Dialect.Bind("INSERT INTO wells (code) VALUES (?)")

		err = h.Write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, insert, "W1")
			return err
		})
		require.NoError(t, err, "committed write")

		failure := errors.New("rejected by the caller")
		err = h.Write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, insert, "W2"); err != nil {
				return err
			}
			return failure
		})
		assert.Same(t, failure, err, "the error of fn comes back unchanged")

		var n int
		err = h.Read(ctx, func(tx *sql.Tx) error {
			return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM wells").Scan(&n)
		})
		require.NoError(t, err)
		assert.Equal(t, 1, n, "rows after a commit and a rollback")
	})
}

func TestHandleWriteLockHonoursContext(t *testing.T) {
	db := sqlstoretest.SQLite(t, "lock")
	h := handle(t, sqlstoretest.Database{DB: db.DB, Dialect: db.Dialect})
	ctx, cancel := context.WithCancel(t.Context())

	err := h.Write(t.Context(), func(*sql.Tx) error {
		// A second writer of the same Handle waits for the lock until its
		// context ends.
		cancel()
		err := h.Write(ctx, func(*sql.Tx) error { return nil })
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorContains(t, err, "teststore: wait for write lock")
		return nil
	})
	require.NoError(t, err)
	require.NoError(t, h.Write(t.Context(), func(*sql.Tx) error { return nil }), "write after unlock")
}

func TestHandleReadIsReadOnlyOnPostgreSQL(t *testing.T) {
	ctx := t.Context()
	db := sqlstoretest.PostgreSQL(t, "sqlstore")
	h := handle(t, db)
	_, err := db.DB.ExecContext(ctx, "CREATE TABLE wells (code TEXT PRIMARY KEY)")
	require.NoError(t, err)
	err = h.Read(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO wells (code) VALUES ('W1')")
		return err
	})
	assert.Error(t, err, "insert in a read-only transaction")
}

func TestNewHandleWriteLockOnlyOnSQLite(t *testing.T) {
	// Two writers of one Handle run at once on PostgreSQL, which has no
	// write lock; on SQLite the second would wait for the first forever.
	db := sqlstoretest.PostgreSQL(t, "sqlstore")
	h := sqlstore.NewHandle(db.DB, db.Dialect, "teststore")
	err := h.Write(t.Context(), func(*sql.Tx) error {
		return h.Write(t.Context(), func(*sql.Tx) error { return nil })
	})
	assert.NoError(t, err)
}
