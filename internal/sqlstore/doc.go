// Package sqlstore is the database/sql machinery that the SQL stores of this
// module share. It covers the dialects they support (SQLite and PostgreSQL)
// with their placeholders, value forms and error codes, the connection
// settings SQLite needs, transactions with a write lock, and a runner of
// versioned migrations.
//
// A store describes its tables with a [Schema], which opens, prepares and
// migrates its database. It describes each record kind with a [Kind], which
// writes, reads, deletes and lists records with the version checks that the
// Store interfaces of the domain packages describe. Rows that belong to a
// record and keep its order live in [Children], and listings build their
// conditions with [Where].
//
// Several stores can keep their tables in one database. Each names its own
// migration table in [Migrator.Table], so their histories never mix, and on
// PostgreSQL each takes an advisory lock of its own per schema while it
// migrates.
//
// The package imports no SQL driver. Its errors carry no package prefix
// unless they come from a [Handle], a [Migrator], a [Schema] or a [Kind],
// which prefix them with the component name of the store, such as "landsql".
package sqlstore
