// Package landsql stores land registers in a SQL database through
// database/sql: a [land.Store] for plots, issuers, contractors, contracts,
// transfers and planting records, and a [land.SequenceStore] for the code
// allocator's high-water marks.
//
// Two dialects are supported. SQLite (modernc.org/sqlite, pure Go) is the
// embedded default. Open it with [SQLiteDSN], which sets a busy timeout,
// foreign keys and BEGIN IMMEDIATE for writes; [Open] then switches the file
// to WAL journal mode. PostgreSQL 12 or newer works through any
// database/sql driver that takes $1 placeholders, such as
// github.com/jackc/pgx/v5/stdlib. This package imports no driver: the
// program does, so the land packages stay free of them.
//
//	db, err := sql.Open("sqlite", landsql.SQLiteDSN("land.db"))
//	...
//	store, err := landsql.Open(ctx, db, landsql.SQLite, landsql.Options{})
//
// # Schema and migrations
//
// [Open] applies the migrations embedded in this package in version order,
// each in its own transaction together with its row in schema_migrations,
// and serialises concurrent migrators (BEGIN IMMEDIATE on SQLite, an
// advisory lock per schema on PostgreSQL). It rejects a database migrated by
// a newer version of the package with [ErrSchemaTooNew] and one whose
// applied migrations differ from the package's. On PostgreSQL the tables
// live in the first schema of the connection's search_path.
//
// The water store of package watersql keeps its tables and its migration
// history (water_schema_migrations) apart from these, so one SQLite file or
// one PostgreSQL schema, and one *sql.DB, can hold both.
//
// Values are stored so that they come back exactly:
//   - geometries as EWKB (WKB with an SRID when one is set), with float64
//     coordinates bit for bit, beside a bounding box in min_lon, min_lat,
//     max_lon and max_lat that [Store.PlotsInBounds] filters on through an
//     index;
//   - areas in mu and rents in yuan as decimal text (SQLite) or NUMERIC
//     (PostgreSQL), never as floating point, keeping the scale they were
//     written with;
//   - timestamps in UTC with microsecond precision, dates as calendar days;
//   - enumerations as the integer values of the land package's constants.
//
// Text keys sort in byte order in both dialects (COLLATE "C" on
// PostgreSQL), which is the order of [land.Store] listings.
package landsql
