package watersql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// kind maps one record kind with a key of its own to its table.
type kind[T any] struct {
	name  string   // the kind in messages, such as "well"
	table string   // such as water_wells
	keys  []string // primary key columns
	cols  []string // the other columns, without version and updated_at
	// key returns the values of the key columns of r, and label r's name in messages.
	key   func(r *T) []any
	label func(r *T) string
	// values returns the values of cols for r.
	values func(d Dialect, r *T) ([]any, error)
	// scan reads a row of keys, cols, version and updated_at.
	scan     func(row scanner) (*T, error)
	revision func(r *T) *water.Revision
	// normalize returns a copy of r with its times as stores keep them, for kinds with
	// times of their own; nil means r needs none.
	normalize func(r *T) *T
	// saveChildren replaces the rows of other tables that belong to r, and loadChildren
	// reads them into records just read. They are nil for kinds with one table.
	saveChildren func(ctx context.Context, s *Store, tx *sql.Tx, r *T) error
	loadChildren func(ctx context.Context, s *Store, tx *sql.Tx, rs []*T) error
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

func (k *kind[T]) selectSQL() string {
	cols := append(append(append([]string{}, k.keys...), k.cols...), "version", "updated_at")
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + k.table
}

// keyWhere returns "k1 = ? AND k2 = ?" over the key columns.
func (k *kind[T]) keyWhere() string {
	return strings.Join(k.keys, " = ? AND ") + " = ?"
}

// put creates or updates r as water.Store describes, in one transaction with its
// children, and then writes the new revision into r.
func (k *kind[T]) put(ctx context.Context, s *Store, arg *T) error {
	if arg == nil {
		return fmt.Errorf("watersql: put %s: record is nil: pass a record to store", k.name)
	}
	r := arg
	if k.normalize != nil {
		r = k.normalize(arg)
	}
	if err := validate(r); err != nil {
		return err
	}
	values, err := k.values(s.dialect, r)
	if err != nil {
		return err
	}
	rev := *k.revision(r)
	next := water.Revision{Version: rev.Version + 1, UpdatedAt: s.now()}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := k.writeRow(ctx, s, tx, r, values, rev.Version, next); err != nil {
			return err
		}
		if k.saveChildren == nil {
			return nil
		}
		return k.saveChildren(ctx, s, tx, r)
	})
	if err != nil {
		return err
	}
	*k.revision(arg) = next
	return nil
}

// validate runs r's Validate method.
func validate(r any) error {
	return r.(interface{ Validate() error }).Validate()
}

func (k *kind[T]) writeRow(ctx context.Context, s *Store, tx *sql.Tx, r *T, values []any,
	version int64, next water.Revision) error {
	stamp := s.dialect.timeArg(next.UpdatedAt)
	if version == 0 {
		cols := append(append(append([]string{}, k.keys...), k.cols...), "version", "updated_at")
		query := sqlstore.InsertIgnoreSQL(k.table, cols, k.keys)
		args := append(append(k.key(r), values...), next.Version, stamp)
		n, err := exec(ctx, s, tx, query, args...)
		if err != nil {
			return fmt.Errorf("watersql: create %s %s: %w", k.name, k.label(r), err)
		}
		if n == 0 {
			return fmt.Errorf("watersql: %s %s already exists: %w", k.name, k.label(r), water.ErrConflict)
		}
		return nil
	}

	sets := make([]string, 0, len(k.cols)+2)
	for _, c := range append(append([]string{}, k.cols...), "version", "updated_at") {
		sets = append(sets, c+" = ?")
	}
	query := "UPDATE " + k.table + " SET " + strings.Join(sets, ", ") + " WHERE " + k.keyWhere() + " AND version = ?"
	args := append(append(append(values, next.Version, stamp), k.key(r)...), version)
	n, err := exec(ctx, s, tx, query, args...)
	if err != nil {
		return fmt.Errorf("watersql: update %s %s: %w", k.name, k.label(r), err)
	}
	if n == 1 {
		return nil
	}
	return k.versionError(ctx, s, tx, r, version)
}

// versionError returns the error of an update that changed no row: the record is
// missing, or has another version.
func (k *kind[T]) versionError(ctx context.Context, s *Store, tx *sql.Tx, r *T, version int64) error {
	var stored int64
	query := s.dialect.bind("SELECT version FROM " + k.table + " WHERE " + k.keyWhere())
	err := tx.QueryRowContext(ctx, query, k.key(r)...).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("watersql: %s %s: %w", k.name, k.label(r), water.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("watersql: read version of %s %s: %w", k.name, k.label(r), err)
	}
	return fmt.Errorf("watersql: %s %s: version %d, stored version %d: %w",
		k.name, k.label(r), version, stored, water.ErrConflict)
}

// get returns the record with the key, or an error wrapping water.ErrNotFound.
func (k *kind[T]) get(ctx context.Context, s *Store, label string, key ...any) (*T, error) {
	var r *T
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = k.scan(tx.QueryRowContext(ctx, s.dialect.bind(k.selectSQL()+" WHERE "+k.keyWhere()), key...))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("watersql: %s %s: %w", k.name, label, water.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("watersql: read %s %s: %w", k.name, label, err)
		}
		if k.loadChildren == nil {
			return nil
		}
		return k.loadChildren(ctx, s, tx, []*T{r})
	})
	return r, err
}

// remove deletes the record with the key; rows of other tables that belong to it go
// with it through ON DELETE CASCADE.
func (k *kind[T]) remove(ctx context.Context, s *Store, label string, key ...any) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		n, err := exec(ctx, s, tx, "DELETE FROM "+k.table+" WHERE "+k.keyWhere(), key...)
		if err != nil {
			return fmt.Errorf("watersql: delete %s %s: %w", k.name, label, err)
		}
		if n == 0 {
			return fmt.Errorf("watersql: %s %s: %w", k.name, label, water.ErrNotFound)
		}
		return nil
	})
}

// list returns the records that meet w after the page token, in key order. The caller
// has added the condition on page.After to w. next is the token of the last record
// returned when more meet w.
func (k *kind[T]) list(ctx context.Context, s *Store, w *where, page land.Page,
	token func(*T) string) (records []*T, next string, err error) {
	if err := page.Validate(); err != nil {
		return nil, "", fmt.Errorf("watersql: %w", err)
	}
	if w.none {
		return nil, "", nil
	}
	query := k.selectSQL() + w.String() + " ORDER BY " + strings.Join(k.keys, ", ")
	if page.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", page.Limit+1)
	}
	err = s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if records, err = queryAll(ctx, s, tx, query, w.args, k.scan); err != nil {
			return fmt.Errorf("watersql: list %ss: %w", k.name, err)
		}
		if page.Limit > 0 && len(records) > page.Limit {
			records = records[:page.Limit]
			next = token(records[len(records)-1])
		}
		if k.loadChildren == nil || len(records) == 0 {
			return nil
		}
		return k.loadChildren(ctx, s, tx, records)
	})
	if err != nil {
		return nil, "", err
	}
	return records, next, nil
}

// queryAll runs query and scans every row.
func queryAll[T any](ctx context.Context, s *Store, tx *sql.Tx, query string, args []any,
	scan func(scanner) (*T, error)) ([]*T, error) {
	rows, err := tx.QueryContext(ctx, s.dialect.bind(query), args...)
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

// exec runs a statement and returns the number of rows it changed.
func exec(ctx context.Context, s *Store, tx *sql.Tx, query string, args ...any) (int64, error) {
	res, err := tx.ExecContext(ctx, s.dialect.bind(query), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// where is the WHERE clause of a listing, built one condition at a time.
type where struct {
	conds []string
	args  []any
	// none is set by a condition that no stored record meets.
	none bool
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// equal keeps rows whose col equals v, unless v is the zero value.
func equal[V comparable](w *where, col string, v V) {
	var zero V
	if v != zero {
		w.add(col+" = ?", v)
	}
}

// within keeps rows whose division column col lies within d, as
// land.DivisionCode.Contains has it: the codes that start with d's significant digits.
// An invalid d keeps none.
func (w *where) within(col string, d land.DivisionCode) {
	if d == "" {
		return
	}
	if d.Validate() != nil {
		w.none = true
		return
	}
	prefix := string(d)
	switch d.Level() {
	case land.DivisionProvince:
		prefix = prefix[:2]
	case land.DivisionPrefecture:
		prefix = prefix[:4]
	}
	// Codes are digits, so the next prefix in byte order bounds the range and an index
	// on col serves it.
	upper := prefix[:len(prefix)-1] + string(prefix[len(prefix)-1]+1)
	w.add(col+" >= ? AND "+col+" < ?", prefix, upper)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// chunkSize is the number of records whose children one query reads.
const chunkSize = 500

// inChunks calls fn with successive parts of rs of at most chunkSize records.
func inChunks[T any](rs []T, fn func([]T) error) error {
	for start := 0; start < len(rs); start += chunkSize {
		if err := fn(rs[start:min(start+chunkSize, len(rs))]); err != nil {
			return err
		}
	}
	return nil
}
