package tracesql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// kind maps one keyed record kind to its table: the key in column id, the record as
// JSON in body, and the columns that listings filter on.
type kind[T any] struct {
	name  string   // the kind in messages, such as "batch"
	table string   // such as trace_batches
	cols  []string // filter columns between id and body
	key   func(r *T) string
	// values returns the values of cols for r.
	values   func(d sqlstore.Dialect, r *T) []any
	revision func(r *T) *trace.Revision
	// normalize puts the times of a record read from JSON into UTC; nil means the kind
	// has no times of its own.
	normalize func(r *T)
	// check runs inside the write transaction before the row is written; nil means none.
	check func(ctx context.Context, s *Store, tx *sql.Tx, r *T) error
}

// encode returns the body of r: its JSON without the revision, which has columns of
// its own.
func (k *kind[T]) encode(r *T) (string, error) {
	c := *r
	*k.revision(&c) = trace.Revision{}
	body, err := json.Marshal(&c)
	if err != nil {
		return "", fmt.Errorf("tracesql: encode %s %s: %w", k.name, k.key(r), err)
	}
	return string(body), nil
}

// put creates or updates r as trace.Store describes.
func (k *kind[T]) put(ctx context.Context, s *Store, r *T) error {
	if err := validate(r); err != nil {
		return err
	}
	body, err := k.encode(r)
	if err != nil {
		return err
	}
	version := k.revision(r).Version
	next := trace.Revision{Version: version + 1, UpdatedAt: s.now()}
	values := append(append([]any{k.key(r)}, k.values(s.dialect.shared(), r)...), body, next.Version,
		s.timeArg(next.UpdatedAt))
	err = s.handle.Write(ctx, func(tx *sql.Tx) error {
		if k.check != nil {
			if err := k.check(ctx, s, tx, r); err != nil {
				return err
			}
		}
		return k.writeRow(ctx, s, tx, r, values, version)
	})
	if err != nil {
		return err
	}
	*k.revision(r) = next
	return nil
}

func validate(r any) error { return r.(interface{ Validate() error }).Validate() }

func (k *kind[T]) allCols() []string {
	return append(append([]string{"id"}, k.cols...), "body", "version", "updated_at")
}

func (k *kind[T]) writeRow(ctx context.Context, s *Store, tx *sql.Tx, r *T, values []any, version int64) error {
	if version == 0 {
		query := sqlstore.InsertIgnoreSQL(k.table, k.allCols(), []string{"id"})
		n, err := s.exec(ctx, tx, query, values...)
		if err != nil {
			return fmt.Errorf("tracesql: create %s %s: %w", k.name, k.key(r), err)
		}
		if n == 0 {
			return fmt.Errorf("tracesql: %s %s already exists: %w", k.name, k.key(r), trace.ErrConflict)
		}
		return nil
	}
	sets := make([]string, 0, len(k.cols)+3)
	for _, c := range k.allCols()[1:] {
		sets = append(sets, c+" = ?")
	}
	query := "UPDATE " + k.table + " SET " + strings.Join(sets, ", ") + " WHERE id = ? AND version = ?"
	n, err := s.exec(ctx, tx, query, append(values[1:], values[0], version)...)
	if err != nil {
		return fmt.Errorf("tracesql: update %s %s: %w", k.name, k.key(r), err)
	}
	if n == 1 {
		return nil
	}
	var stored int64
	err = tx.QueryRowContext(ctx, s.bind("SELECT version FROM "+k.table+" WHERE id = ?"), k.key(r)).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("tracesql: %s %s: %w", k.name, k.key(r), trace.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("tracesql: read version of %s %s: %w", k.name, k.key(r), err)
	}
	return fmt.Errorf("tracesql: %s %s: version %d, stored version %d: %w",
		k.name, k.key(r), version, stored, trace.ErrConflict)
}

// scan reads a row of body, version and updated_at.
func (k *kind[T]) scan(row interface{ Scan(...any) error }) (*T, error) {
	var body string
	var rev trace.Revision
	if err := row.Scan(&body, &rev.Version, sqlstore.TimeScanner{T: &rev.UpdatedAt}); err != nil {
		return nil, err
	}
	r := new(T)
	if err := json.Unmarshal([]byte(body), r); err != nil {
		return nil, fmt.Errorf("decode stored %s: %w", k.name, err)
	}
	*k.revision(r) = rev
	if k.normalize != nil {
		k.normalize(r)
	}
	return r, nil
}

const bodyCols = "body, version, updated_at"

// get returns the record with the key, or an error wrapping trace.ErrNotFound.
func (k *kind[T]) get(ctx context.Context, s *Store, key string) (*T, error) {
	var r *T
	err := s.handle.Read(ctx, func(tx *sql.Tx) error {
		var err error
		row := tx.QueryRowContext(ctx, s.bind("SELECT "+bodyCols+" FROM "+k.table+" WHERE id = ?"), key)
		r, err = k.scan(row)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("tracesql: %s %s: %w", k.name, key, trace.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("tracesql: read %s %s: %w", k.name, key, err)
		}
		return nil
	})
	return r, err
}

// remove deletes the record with the key.
func (k *kind[T]) remove(ctx context.Context, s *Store, key string) error {
	return s.handle.Write(ctx, func(tx *sql.Tx) error {
		n, err := s.exec(ctx, tx, "DELETE FROM "+k.table+" WHERE id = ?", key)
		if err != nil {
			return fmt.Errorf("tracesql: delete %s %s: %w", k.name, key, err)
		}
		if n == 0 {
			return fmt.Errorf("tracesql: %s %s: %w", k.name, key, trace.ErrNotFound)
		}
		return nil
	})
}

// list returns the records that meet w after the page token, in key order.
func (k *kind[T]) list(ctx context.Context, s *Store, w *where, page land.Page) ([]*T, string, error) {
	if err := page.Validate(); err != nil {
		return nil, "", fmt.Errorf("tracesql: %w", err)
	}
	if w.none {
		return nil, "", nil
	}
	if page.After != "" {
		w.add("id > ?", page.After)
	}
	query := "SELECT " + bodyCols + " FROM " + k.table + w.String() + " ORDER BY id"
	if page.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", page.Limit+1)
	}
	var out []*T
	err := s.handle.Read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.bind(query), w.args...)
		if err != nil {
			return fmt.Errorf("tracesql: list %s: %w", k.name, err)
		}
		defer rows.Close()
		for rows.Next() {
			r, err := k.scan(rows)
			if err != nil {
				return fmt.Errorf("tracesql: list %s: %w", k.name, err)
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, "", err
	}
	if page.Limit > 0 && len(out) > page.Limit {
		out = out[:page.Limit]
		return out, k.key(out[len(out)-1]), nil
	}
	return out, "", nil
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

// within keeps rows whose division column lies within d, as land.DivisionCode.Contains
// has it: codes that start with d's significant digits. An invalid d keeps none.
func (w *where) within(col string, d land.DivisionCode) {
	if d == "" {
		return
	}
	prefix := string(d)
	switch d.Level() {
	case 0:
		w.none = true
		return
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
