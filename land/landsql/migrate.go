package landsql

import (
	"context"
	"database/sql"
	"embed"
	"errors"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// ErrSchemaTooNew reports that the database was migrated by a newer version
// of this package than the running one: its schema has migrations the code
// does not know, so the code must not read or write it.
var ErrSchemaTooNew = errors.New("database schema is newer than this code")

//go:embed migrations
var migrationFiles embed.FS

// schema describes the tables of this package. Its migration table,
// schema_migrations, predates the stores that share a database and keeps its
// name so that existing databases open. The other stores name their tables
// for themselves, such as water_schema_migrations, so the histories do not
// mix.
var schema = &sqlstore.Schema{
	Component:   "landsql",
	Migrations:  migrationFiles,
	Dir:         "migrations",
	Table:       "schema_migrations",
	ErrTooNew:   ErrSchemaTooNew,
	ErrNotFound: land.ErrNotFound,
	ErrConflict: land.ErrConflict,
}

// SchemaVersion returns the schema version of the database behind db: the
// number of the last migration applied, or 0 when none has been.
func SchemaVersion(ctx context.Context, db *sql.DB, dialect Dialect) (int, error) {
	return schema.Version(ctx, db, dialect.shared())
}
