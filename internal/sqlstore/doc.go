// Package sqlstore is the database/sql machinery that the SQL stores of this
// module share. It covers the dialects they support (SQLite and PostgreSQL)
// with their placeholders, value forms and error codes, the connection
// settings SQLite needs, transactions with a write lock, and a runner of
// versioned migrations.
//
// Several stores can keep their tables in one database. Each names its own
// migration table in [Migrator.Table], so their histories never mix, and on
// PostgreSQL each takes an advisory lock of its own per schema while it
// migrates.
//
// The package imports no SQL driver. Its errors carry no package prefix
// unless they come from a [Handle] or a [Migrator], which prefix them with
// the component name of the store, such as "landsql".
package sqlstore
