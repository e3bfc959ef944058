package ingest

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

func sqliteDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openChildDB(path string) (*sql.DB, error) {
	return sql.Open("sqlite", sqlstore.SQLiteDSN(path))
}
