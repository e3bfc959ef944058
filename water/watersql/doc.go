// Package watersql stores the water register, plans, coefficient histories, bills,
// payments and alarms in a SQL database through database/sql, as a [water.Store].
//
// Two dialects are supported. SQLite (modernc.org/sqlite, pure Go) is the embedded
// default: open it with [SQLiteDSN], which turns foreign keys on, sets a busy timeout
// and begins writes with BEGIN IMMEDIATE, and [Open] switches the file to WAL journal
// mode. PostgreSQL 12 or newer works through any database/sql driver that takes $1
// placeholders, such as github.com/jackc/pgx/v5/stdlib. The package imports no driver:
// the program does, so the water packages stay free of them.
//
//	db, err := sql.Open("sqlite", watersql.SQLiteDSN("water.db"))
//	...
//	store, err := watersql.Open(ctx, db, watersql.SQLite, watersql.Options{})
//
// # Schema and migrations
//
// [Open] applies the migrations embedded in this package in version order, each in a
// transaction of its own with its row in water_schema_migrations. Concurrent migrators
// wait for each other: SQLite admits one writer, and on PostgreSQL each takes an advisory
// lock on the schema. It rejects a database that a newer version of the package migrated with
// [ErrSchemaTooNew], and one whose migrations differ from the package's. Every table
// name starts with water_, so the tables can share a database, and on PostgreSQL a
// schema, with those of other stores such as the land register's. On PostgreSQL the
// tables live in the first schema of the connection's search_path.
//
// Values come back exactly as they were stored:
//   - decimals (m³, mu, yuan, m³/kWh) as text on SQLite and NUMERIC on PostgreSQL,
//     never floating point, with every place they were written with;
//   - coordinates as float64, bit for bit;
//   - timestamps in UTC to the microsecond, dates as calendar days;
//   - enumerations as the integer values of the constants of package water;
//   - the lists inside a record (measuring points, canal paths, plots, monthly splits,
//     shares, warnings, bill lines, alarm evidence) as JSON text in the record's row,
//     with decimals as strings. A well's meters and a history's coefficients have tables
//     of their own, so that a meter id is unique across wells and
//     [Store.WellByMeter] finds a well through an index.
//
// Text keys sort in byte order in both dialects (COLLATE "C" on PostgreSQL), which is
// the order of [water.Store] listings.
package watersql
