package landsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// table describes the table of one record kind.
type table struct {
	name string   // SQL table name, such as plots
	kind string   // record kind in messages, such as plot
	keys []string // primary key columns
	cols []string // other columns, without version and updated_at
	// readCols are the columns after the keys that reads return, when they
	// are fewer than cols: columns derived from others are written only.
	readCols []string
}

func (t table) selectSQL() string {
	cols := t.cols
	if t.readCols != nil {
		cols = t.readCols
	}
	return "SELECT " + strings.Join(t.keys, ", ") + ", " + strings.Join(cols, ", ") +
		", version, updated_at FROM " + t.name
}

// keyCondition returns "k1 = ? AND k2 = ?" over the key columns.
func (t table) keyCondition() string {
	conds := make([]string, len(t.keys))
	for i, k := range t.keys {
		conds[i] = k + " = ?"
	}
	return strings.Join(conds, " AND ")
}

func (t table) insertSQL() string {
	cols := append(append(append([]string(nil), t.keys...), t.cols...), "version", "updated_at")
	return sqlstore.InsertIgnoreSQL(t.name, cols, t.keys)
}

func (t table) updateSQL() string {
	sets := make([]string, 0, len(t.cols)+2)
	for _, c := range t.cols {
		sets = append(sets, c+" = ?")
	}
	sets = append(sets, "version = ?", "updated_at = ?")
	return "UPDATE " + t.name + " SET " + strings.Join(sets, ", ") +
		" WHERE " + t.keyCondition() + " AND version = ?"
}

// record is the row of one record: its key and column values in the order
// of its table, its version as the caller read it, and the key in messages.
type record struct {
	key     []any
	values  []any
	version int64
	name    string
}

// put creates or updates r in t as [land.Store] describes and returns the
// new version.
func (s *Store) put(ctx context.Context, tx *writeTx, t table, r record, at time.Time) (int64, error) {
	stamp := s.dialect.timeArg(at)
	if r.version == 0 {
		args := append(append(append([]any(nil), r.key...), r.values...), int64(1), stamp)
		created, err := s.exec(ctx, tx, t.insertSQL(), args...)
		if err != nil {
			return 0, fmt.Errorf("landsql: create %s %s: %w", t.kind, r.name, err)
		}
		if created == 0 {
			return 0, fmt.Errorf("landsql: %s %s already exists: %w", t.kind, r.name, land.ErrConflict)
		}
		return 1, nil
	}

	args := append(append(append([]any(nil), r.values...), r.version+1, stamp), r.key...)
	updated, err := s.exec(ctx, tx, t.updateSQL(), append(args, r.version)...)
	if err != nil {
		return 0, fmt.Errorf("landsql: update %s %s: %w", t.kind, r.name, err)
	}
	if updated == 1 {
		return r.version + 1, nil
	}
	return 0, s.versionMismatch(ctx, tx, t, r)
}

// versionMismatch returns the error for an update that changed no row: the
// record is missing, or it has another version.
func (s *Store) versionMismatch(ctx context.Context, tx *writeTx, t table, r record) error {
	query := s.dialect.rebind("SELECT version FROM " + t.name + " WHERE " + t.keyCondition())
	var stored int64
	err := tx.QueryRowContext(ctx, query, r.key...).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("landsql: %s %s: %w", t.kind, r.name, land.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("landsql: read version of %s %s: %w", t.kind, r.name, err)
	}
	return fmt.Errorf("landsql: %s %s: version %d, stored version %d: %w",
		t.kind, r.name, r.version, stored, land.ErrConflict)
}

// remove deletes the record with key from t. Rows of other tables that
// belong to it go with it through ON DELETE CASCADE.
func (s *Store) remove(ctx context.Context, t table, name string, key ...any) error {
	return s.write(ctx, func(tx *writeTx) error {
		deleted, err := s.exec(ctx, tx, "DELETE FROM "+t.name+" WHERE "+t.keyCondition(), key...)
		if err != nil {
			return fmt.Errorf("landsql: delete %s %s: %w", t.kind, name, err)
		}
		if deleted == 0 {
			return fmt.Errorf("landsql: %s %s: %w", t.kind, name, land.ErrNotFound)
		}
		return nil
	})
}

// exec runs query with args and returns the number of rows it changed.
func (s *Store) exec(ctx context.Context, tx *writeTx, query string, args ...any) (int64, error) {
	var res sql.Result
	var err error
	query = s.dialect.rebind(query)
	if s.dialect == SQLite {
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

// writeTx is a read-write transaction that can prepare each statement once,
// so that SQLite parses the statement of a batch of records of one kind once,
// not per record.
type writeTx struct {
	*sql.Tx
	statements map[string]*sql.Stmt
}

// execPrepared runs query prepared on tx, preparing it on first use. The
// statements close with tx.
func (tx *writeTx) execPrepared(ctx context.Context, query string, args []any) (sql.Result, error) {
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

// querier is a *sql.DB for a listing of one statement or a *sql.Tx for one
// that reads several tables.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// where is the WHERE clause of a listing, built condition by condition.
type where struct {
	conds []string
	args  []any
	// empty is set by a condition that no stored record can meet.
	empty bool
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// prefix keeps rows whose column col begins with p; an empty p keeps all.
// It compares ranges rather than use LIKE, so that an index on col serves
// it in both dialects and p needs no escaping. Stored codes are printable
// ASCII, so a p with other bytes matches nothing.
func (w *where) prefix(col, p string) {
	if p == "" {
		return
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 0x20 || p[i] > 0x7e {
			w.empty = true
			return
		}
	}
	upper := p[:len(p)-1] + string(p[len(p)-1]+1)
	w.add(col+" >= ? AND "+col+" < ?", p, upper)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// queryRecords runs a listing query and scans each row with scan.
func queryRecords[T any](ctx context.Context, s *Store, tx querier, query string, args []any,
	scan func(scanner) (*T, error)) ([]*T, error) {
	rows, err := tx.QueryContext(ctx, s.dialect.rebind(query), args...)
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

// page lists the records of t that meet w, in the order of orderBy, one
// page at a time. The caller has added the condition that skips records up
// to page.After. next is the key of the last record returned when more
// records meet w.
func page[T any](ctx context.Context, s *Store, tx querier, t table, w *where, orderBy string,
	p land.Page, scan func(scanner) (*T, error), key func(*T) string) (records []*T, next string, err error) {
	if w.empty {
		return nil, "", nil
	}
	query := t.selectSQL() + w.String() + " ORDER BY " + orderBy
	args := w.args
	if p.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, p.Limit+1)
	}
	records, err = queryRecords(ctx, s, tx, query, args, scan)
	if err != nil {
		return nil, "", fmt.Errorf("landsql: list %ss: %w", t.kind, err)
	}
	if p.Limit > 0 && len(records) > p.Limit {
		records = records[:p.Limit]
		next = key(records[len(records)-1])
	}
	return records, next, nil
}
