package landsql

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// ErrSchemaTooNew reports that the database was migrated by a newer version
// of this package than the running one: its schema has migrations the code
// does not know, so the code must not read or write it.
var ErrSchemaTooNew = errors.New("database schema is newer than this code")

// migrationTable records the migrations of this package. Its name predates
// the stores that share a database and is kept so that existing databases
// open. The other stores name their tables for themselves, such as
// water_schema_migrations, so the histories do not mix.
const migrationTable = "schema_migrations"

//go:embed migrations
var migrationFiles embed.FS

// migrationsFor returns the embedded migrations of dialect d.
func migrationsFor(d Dialect) ([]sqlstore.Migration, error) {
	migrations, err := sqlstore.LoadMigrations(migrationFiles, "migrations/"+d.String())
	if err != nil {
		return nil, fmt.Errorf("landsql: %w", err)
	}
	return migrations, nil
}

// newMigrator returns the migrator of this package's tables on h.
func newMigrator(h *sqlstore.Handle, opts Options) *sqlstore.Migrator {
	return &sqlstore.Migrator{Handle: h, Table: migrationTable, ErrTooNew: ErrSchemaTooNew, Logger: opts.Logger}
}

// SchemaVersion returns the schema version of the database behind db: the
// number of the last migration applied, or 0 when none has been.
func SchemaVersion(ctx context.Context, db *sql.DB, dialect Dialect) (int, error) {
	if err := dialect.validate(); err != nil {
		return 0, err
	}
	return newMigrator(newHandle(db, dialect), Options{}).Version(ctx)
}

// newHandle returns the shared handle of this package on db.
func newHandle(db *sql.DB, dialect Dialect) *sqlstore.Handle {
	return sqlstore.NewHandle(db, dialect.shared(), "landsql")
}
