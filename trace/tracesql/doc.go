// Package tracesql stores traceability records in a SQL database through database/sql:
// a [trace.Store] for producers, products, batches, animals, certificates, test reports,
// code issuances and code states, scans and flags.
//
// Two dialects are supported. SQLite (modernc.org/sqlite, pure Go) is the embedded
// default: open it with [SQLiteDSN], and [Open] switches the file to WAL journal mode.
// PostgreSQL 12 or newer works through any database/sql driver that takes $1
// placeholders, such as github.com/jackc/pgx/v5/stdlib. This package imports no driver:
// the program does, so the trace packages stay free of them.
//
//	db, err := sql.Open("sqlite", tracesql.SQLiteDSN("county.db"))
//	...
//	store, err := tracesql.Open(ctx, db, tracesql.SQLite, tracesql.Options{})
//
// # Schema
//
// [Open] applies the migrations embedded in this package, recording them in
// trace_schema_migrations, so one database can also hold the land and water stores. Its
// tables begin with trace_. A register or document record is one row: the record as
// JSON text, with decimals as text that keeps every place, beside the columns its
// listings filter on. An issuance is one row however many codes it holds, with its
// serial range in two columns that [Store.IssuanceFor] searches through an index, so
// issuing a million codes writes one row. Scans and flags are rows with an ID the
// database assigns, indexed by code and by client.
//
// Text keys sort in byte order in both dialects (COLLATE "C" on PostgreSQL), which is
// the order of [trace.Store] listings. Timestamps are kept in UTC to the microsecond.
package tracesql
