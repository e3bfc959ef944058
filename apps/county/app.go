package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/trace/tracesql"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// storageFlags are the flags that choose the database, and the time zone of
// the daily totals read and written in it.
type storageFlags struct {
	data     string
	database string
	// zone is the -zone of the commands that count days, see registerZone;
	// empty means defaultZone.
	zone string
}

// register adds -data and -database to fs, with defaults from the environment.
func (f *storageFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.data, "data", envOr("SHUXIANG_DATA", "data"),
		"`folder` of the SQLite database county.db, created when missing (env SHUXIANG_DATA)")
	fs.StringVar(&f.database, "database", os.Getenv("SHUXIANG_DATABASE_URL"),
		"PostgreSQL `URL` such as postgres://user@127.0.0.1:5432/county; empty means SQLite in -data (env SHUXIANG_DATABASE_URL)")
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// newLogger returns the JSON logger of the command.
func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// app is the opened database and the stores on it.
type app struct {
	db      *sql.DB
	dialect sqlstore.Dialect
	land    *landsql.Store
	water   *watersql.Store
	county  *store.Store
	auth    *auth.Service
	trace   *tracesql.Store
	zone    countyZone
}

// openApp opens the database and brings the schemas of the land, water,
// county and trace stores up to date; each keeps its own migration table.
func openApp(ctx context.Context, f storageFlags, log *slog.Logger) (*app, error) {
	zone, err := loadZone(f.zone)
	if err != nil {
		return nil, err
	}
	db, dialect, err := store.OpenDatabase(ctx, f.data, f.database)
	if err != nil {
		return nil, err
	}
	a := &app{db: db, dialect: dialect, zone: zone}
	if a.land, err = landsql.Open(ctx, db, landsql.Dialect(dialect), landsql.Options{Logger: log}); err != nil {
		db.Close()
		return nil, fmt.Errorf("open land store: %w", err)
	}
	if a.water, err = watersql.Open(ctx, db, watersql.Dialect(dialect), watersql.Options{Logger: log}); err != nil {
		db.Close()
		return nil, fmt.Errorf("open water store: %w", err)
	}
	if a.county, err = store.Open(ctx, db, dialect, store.Options{Logger: log, Zone: zone.name()}); err != nil {
		db.Close()
		return nil, fmt.Errorf("open county store: %w", err)
	}
	if a.trace, err = tracesql.Open(ctx, db, tracesql.Dialect(dialect), tracesql.Options{Logger: log}); err != nil {
		db.Close()
		return nil, fmt.Errorf("open trace store: %w", err)
	}
	a.auth = auth.NewService(a.county, auth.Options{})
	return a, nil
}

func (a *app) close() error { return a.db.Close() }

// schemaVersions returns the schema version of each store.
func (a *app) schemaVersions(ctx context.Context) (landV, waterV, countyV int, err error) {
	if landV, err = landsql.SchemaVersion(ctx, a.db, landsql.Dialect(a.dialect)); err != nil {
		return
	}
	if waterV, err = watersql.SchemaVersion(ctx, a.db, watersql.Dialect(a.dialect)); err != nil {
		return
	}
	countyV, err = store.SchemaVersion(ctx, a.db, a.dialect)
	return
}
