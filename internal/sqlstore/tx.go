package sqlstore

import (
	"context"
	"database/sql"
)

// Scanner is a *sql.Row or *sql.Rows.
type Scanner interface {
	Scan(dest ...any) error
}

// Querier is a *sql.DB for a read of one statement, or a *sql.Tx or [Tx] for
// one that reads several statements from one snapshot.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// QueryAll runs query, with ? placeholders for args, in q and scans every row
// with scan.
func QueryAll[T any](ctx context.Context, q Querier, d Dialect, query string, args []any,
	scan func(Scanner) (*T, error)) ([]*T, error) {
	rows, err := q.QueryContext(ctx, d.Bind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Tx is a read-write transaction that [Handle.WriteTx] runs. Its Exec method
// binds the placeholders of a statement and, on SQLite, prepares each
// statement once per transaction, so that SQLite parses the statement of a
// batch of records of one kind once, not per record. The methods of the
// embedded *sql.Tx take statements in the dialect's form: see [Dialect.Bind].
type Tx struct {
	*sql.Tx
	// Dialect is the dialect of the database.
	Dialect    Dialect
	statements map[string]*sql.Stmt
}

// WriteTx runs fn in a read-write transaction as [Handle.Write] does.
func (h *Handle) WriteTx(ctx context.Context, fn func(tx *Tx) error) error {
	return h.Write(ctx, func(tx *sql.Tx) error { return fn(&Tx{Tx: tx, Dialect: h.Dialect}) })
}

// Exec runs query, with ? placeholders for args, and returns the number of
// rows it changed.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	var res sql.Result
	var err error
	query = tx.Dialect.Bind(query)
	if tx.Dialect == SQLite {
		res, err = tx.execPrepared(ctx, query, args)
	} else {
		// pgx and most PostgreSQL drivers cache prepared statements per
		// connection themselves, and preparing here would cost round trips.
		res, err = tx.ExecContext(ctx, query, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// execPrepared runs query prepared on tx, preparing it on first use. The
// statements close with tx.
func (tx *Tx) execPrepared(ctx context.Context, query string, args []any) (sql.Result, error) {
	stmt, ok := tx.statements[query]
	if !ok {
		var err error
		if stmt, err = tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		if tx.statements == nil {
			tx.statements = make(map[string]*sql.Stmt)
		}
		tx.statements[query] = stmt
	}
	return stmt.ExecContext(ctx, args...)
}
