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

// QueryPage runs selectSQL with the conditions of w and the ORDER BY clause
// orderBy in q, and scans at most limit rows, or every row when limit is 0.
// next is token of the last record returned when more rows meet w, and ""
// otherwise. A w with None set returns nothing without a query.
func QueryPage[T any](ctx context.Context, q Querier, d Dialect, selectSQL string, w *Where, orderBy string,
	limit int, scan func(Scanner) (*T, error), token func(*T) string) (records []*T, next string, err error) {
	if w.None {
		return nil, "", nil
	}
	query := selectSQL + w.String() + " ORDER BY " + orderBy
	args := w.Args
	if limit > 0 {
		query += " LIMIT ?"
		args = append(args[:len(args):len(args)], limit+1)
	}
	records, err = QueryAll(ctx, q, d, query, args, scan)
	if err != nil {
		return nil, "", err
	}
	if limit > 0 && len(records) > limit {
		records = records[:limit]
		next = token(records[len(records)-1])
	}
	return records, next, nil
}

// Tx is a read-write transaction that [Handle.WriteTx] runs. Its Exec method
// binds the placeholders of a statement and, on SQLite, prepares a statement
// that runs a second time in the transaction, so that SQLite parses the
// statement of a batch of records of one kind once, not per record. The
// methods of the embedded *sql.Tx take statements in the dialect's form: see
// [Dialect.Bind].
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

// execPrepared runs query as it is the first time, and prepared on tx from
// the second time on, because preparing a statement that runs once costs more
// than it saves. The statements close with tx.
func (tx *Tx) execPrepared(ctx context.Context, query string, args []any) (sql.Result, error) {
	stmt, seen := tx.statements[query]
	if !seen {
		if tx.statements == nil {
			tx.statements = make(map[string]*sql.Stmt)
		}
		tx.statements[query] = nil
		return tx.ExecContext(ctx, query, args...)
	}
	if stmt == nil {
		var err error
		if stmt, err = tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		tx.statements[query] = stmt
	}
	return stmt.ExecContext(ctx, args...)
}
