package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// DatabaseFile is the name of the SQLite file in the data folder.
const DatabaseFile = "county.db"

// OpenDatabase opens the server's database: PostgreSQL when url starts with
// postgres:// or postgresql://, and otherwise the SQLite file DatabaseFile in
// the folder dataDir, which it creates when missing. It checks that the
// database replies to a query before it returns.
func OpenDatabase(ctx context.Context, dataDir, url string) (*sql.DB, sqlstore.Dialect, error) {
	if url != "" {
		if !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://") {
			return nil, 0, fmt.Errorf("database URL %q: want postgres://user@host:port/db, or none for SQLite in the data folder", redact(url))
		}
		db, err := sql.Open("pgx", url)
		if err != nil {
			return nil, 0, fmt.Errorf("open PostgreSQL %s: %w", redact(url), err)
		}
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, 0, fmt.Errorf("connect to PostgreSQL %s: %w", redact(url), err)
		}
		return db, sqlstore.PostgreSQL, nil
	}
	if dataDir == "" {
		return nil, 0, fmt.Errorf("no data folder: set -data DIR or SHUXIANG_DATA")
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, 0, fmt.Errorf("create data folder: %w", err)
	}
	path := filepath.Join(dataDir, DatabaseFile)
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	if err != nil {
		return nil, 0, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, 0, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	return db, sqlstore.SQLite, nil
}

// redact removes the password from a database URL, for messages and logs.
func redact(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		return url
	}
	userinfo, host, ok := strings.Cut(rest, "@")
	if !ok {
		return url
	}
	user, _, hasPassword := strings.Cut(userinfo, ":")
	if !hasPassword {
		return url
	}
	return scheme + "://" + user + ":xxxxx@" + host
}
