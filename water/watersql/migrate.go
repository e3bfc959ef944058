package watersql

import (
	"context"
	"database/sql"
	"embed"
	"errors"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

// ErrSchemaTooNew is wrapped by [Open] when a newer version of this package has
// migrated the database: the schema has migrations this code does not know, so it must
// not read or write it.
var ErrSchemaTooNew = errors.New("watersql: database schema is newer than this code")

//go:embed migrations
var migrationFS embed.FS

// schema describes the tables of this package. Its migration table is named for this
// package, so that a database can also hold the tables of other stores with their own
// migrations.
var schema = &sqlstore.Schema{
	Component:   "watersql",
	Migrations:  migrationFS,
	Dir:         "migrations",
	Table:       "water_schema_migrations",
	ErrTooNew:   ErrSchemaTooNew,
	ErrNotFound: water.ErrNotFound,
	ErrConflict: water.ErrConflict,
}

// SchemaVersion returns the latest migration applied to the database behind db, or 0
// when none has been.
func SchemaVersion(ctx context.Context, db *sql.DB, dialect Dialect) (int, error) {
	return schema.Version(ctx, db, dialect.shared())
}
