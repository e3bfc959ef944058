package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"testing/fstest"

	_ "modernc.org/sqlite"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// ExampleMigrator shows a store migrating its own tables in a SQLite file.
func ExampleMigrator() {
	dir, err := os.MkdirTemp("", "sqlstore")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(dir, "county.db")))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	h := sqlstore.NewHandle(db, sqlstore.SQLite, "gatesql")
	if err := h.SetupSQLite(ctx); err != nil {
		log.Fatal(err)
	}
	files := fstest.MapFS{
		"migrations/0001_gates.sql": {Data: []byte("CREATE TABLE gate_gates (id TEXT PRIMARY KEY);")},
	}
	migrations, err := sqlstore.LoadMigrations(files, "migrations")
	if err != nil {
		log.Fatal(err)
	}
	m := &sqlstore.Migrator{Handle: h, Table: "gate_schema_migrations"}
	if err := m.Run(ctx, migrations); err != nil {
		log.Fatal(err)
	}
	version, err := m.Version(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("schema version", version)
	// Output: schema version 1
}
