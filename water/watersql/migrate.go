package watersql

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// ErrSchemaTooNew is wrapped by [Open] when a newer version of this package has
// migrated the database: the schema has migrations this code does not know, so it must
// not read or write it.
var ErrSchemaTooNew = errors.New("watersql: database schema is newer than this code")

// migrationTable records the migrations applied. It is named for this package, so that
// a database can also hold the tables of other stores with their own migrations.
const migrationTable = "water_schema_migrations"

//go:embed migrations
var migrationFS embed.FS

// migrations returns the embedded migrations of d, by version.
func migrations(d Dialect) ([]sqlstore.Migration, error) {
	all, err := sqlstore.LoadMigrations(migrationFS, "migrations/"+d.String())
	if err != nil {
		return nil, fmt.Errorf("watersql: %w", err)
	}
	return all, nil
}

// newMigrator returns the migrator of this package's tables on h.
func newMigrator(h *sqlstore.Handle, opts Options) *sqlstore.Migrator {
	return &sqlstore.Migrator{Handle: h, Table: migrationTable, ErrTooNew: ErrSchemaTooNew, Logger: opts.Logger}
}

// newHandle returns the shared handle of this package on db.
func newHandle(db *sql.DB, dialect Dialect) *sqlstore.Handle {
	return sqlstore.NewHandle(db, dialect.shared(), "watersql")
}

// SchemaVersion returns the latest migration applied to the database behind db, or 0
// when none has been.
func SchemaVersion(ctx context.Context, db *sql.DB, dialect Dialect) (int, error) {
	if err := dialect.validate(); err != nil {
		return 0, err
	}
	return newMigrator(newHandle(db, dialect), Options{}).Version(ctx)
}
