package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// Kind maps one record kind with a key of its own to a table whose rows carry
// the key columns, the other columns, and the columns version and updated_at.
// Its methods create, update, read, delete and list records as the Store
// interfaces of the domain packages describe. A put of a record with version
// 0 creates it, and fails with the [Handle]'s ErrConflict when its key
// exists. Any other put updates the version it names, and fails with
// ErrConflict when the stored version differs or with ErrNotFound when the
// record is missing.
//
// A Kind is a description set up once, and its methods are safe for
// concurrent use.
type Kind[T any] struct {
	// Name is the record kind in messages, such as "plot".
	Name string
	// Table is the SQL table, such as plots.
	Table string
	// Keys are the primary key columns, in listing order.
	Keys []string
	// Cols are the other columns, without version and updated_at.
	Cols []string
	// ReadCols are the columns that reads return before version and
	// updated_at, when they are not Keys then Cols: columns derived from
	// others are written only, and a record kept whole in one column needs
	// no other. Nil means Keys then Cols.
	ReadCols []string

	// Key returns the values of the key columns of r.
	Key func(r *T) []any
	// Label returns r's name in messages, such as its code.
	Label func(r *T) string
	// Revision returns pointers to the version and the time of the last
	// write of r.
	Revision func(r *T) (version *int64, updatedAt *time.Time)
	// Normalize returns a copy of r with its values as the store keeps them,
	// such as times truncated to the microsecond, so that validation checks
	// what readers will get. Nil means r is stored as it is.
	Normalize func(r *T) *T
	// Values checks what r's Validate method does not, and returns the values
	// of Cols for r. It runs before the transaction.
	Values func(d Dialect, r *T) ([]any, error)
	// Scan reads a row of the columns of [Kind.SelectSQL].
	Scan func(row Scanner) (*T, error)

	// Check runs in the write transaction before the row of r is written, and
	// may reject the write. Nil means none.
	Check func(ctx context.Context, tx *Tx, r *T) error
	// SaveChildren replaces the rows of other tables that belong to r, after
	// its row is written. created reports whether r is new, so that there are
	// no rows to delete. Nil means the kind has one table.
	SaveChildren func(ctx context.Context, tx *Tx, r *T, created bool) error
	// LoadChildren reads the rows of other tables into records just read,
	// from the snapshot that q reads. Nil means the kind has one table.
	LoadChildren func(ctx context.Context, q Querier, d Dialect, rs []*T) error
}

// SelectSQL returns the SELECT of the read columns, version and updated_at
// from the table, without a WHERE clause.
func (k *Kind[T]) SelectSQL() string {
	cols := k.ReadCols
	if cols == nil {
		cols = append(append([]string(nil), k.Keys...), k.Cols...)
	}
	return "SELECT " + strings.Join(cols, ", ") + ", version, updated_at FROM " + k.Table
}

// KeyCondition returns "k1 = ? AND k2 = ?" over the key columns.
func (k *Kind[T]) KeyCondition() string {
	return strings.Join(k.Keys, " = ? AND ") + " = ?"
}

func (k *Kind[T]) insertSQL() string {
	cols := append(append(append([]string(nil), k.Keys...), k.Cols...), "version", "updated_at")
	return InsertIgnoreSQL(k.Table, cols, k.Keys)
}

func (k *Kind[T]) updateSQL() string {
	sets := make([]string, 0, len(k.Cols)+2)
	for _, c := range k.Cols {
		sets = append(sets, c+" = ?")
	}
	sets = append(sets, "version = ?", "updated_at = ?")
	return "UPDATE " + k.Table + " SET " + strings.Join(sets, ", ") +
		" WHERE " + k.KeyCondition() + " AND version = ?"
}

// pendingRow is a record ready to write: the copy to store, its column
// values and the version the caller read.
type pendingRow[T any] struct {
	record  *T
	values  []any
	version int64
}

// Put stores records in one transaction, each as the Store interfaces
// describe. It stores none of them if one fails, and the error then names
// that record. It stamps every record with at, which the caller has
// truncated to the precision the store keeps, and on success sets the
// version and update time of each record. Before the transaction it runs
// each record's Validate method, when the record has one, and [Kind.Values].
func (k *Kind[T]) Put(ctx context.Context, h *Handle, at time.Time, records ...*T) error {
	rows, err := k.prepareAll(h, records)
	if err != nil {
		return err
	}
	var versions []int64
	err = h.WriteTx(ctx, func(tx *Tx) error {
		var err error
		versions, err = k.writeAll(ctx, h, tx, rows, at)
		return err
	})
	if err != nil {
		return err
	}
	k.stamp(records, versions, at)
	return nil
}

// PutTx stores records as [Kind.Put] does, in the caller's transaction tx,
// and sets their versions and update times at once, before tx commits.
func (k *Kind[T]) PutTx(ctx context.Context, h *Handle, tx *Tx, at time.Time, records ...*T) error {
	rows, err := k.prepareAll(h, records)
	if err != nil {
		return err
	}
	versions, err := k.writeAll(ctx, h, tx, rows, at)
	if err != nil {
		return err
	}
	k.stamp(records, versions, at)
	return nil
}

func (k *Kind[T]) prepareAll(h *Handle, records []*T) ([]pendingRow[T], error) {
	rows := make([]pendingRow[T], len(records))
	for i, arg := range records {
		row, err := k.prepare(h, arg)
		if err != nil {
			return nil, err
		}
		rows[i] = row
	}
	return rows, nil
}

func (k *Kind[T]) writeAll(ctx context.Context, h *Handle, tx *Tx, rows []pendingRow[T],
	at time.Time) ([]int64, error) {
	versions := make([]int64, len(rows))
	for i, row := range rows {
		var err error
		if versions[i], err = k.write(ctx, h, tx, row, at); err != nil {
			return nil, err
		}
	}
	return versions, nil
}

// stamp sets the version and update time of each record after a write.
func (k *Kind[T]) stamp(records []*T, versions []int64, at time.Time) {
	for i, arg := range records {
		version, updatedAt := k.Revision(arg)
		*version, *updatedAt = versions[i], at
	}
}

func (k *Kind[T]) prepare(h *Handle, arg *T) (pendingRow[T], error) {
	if arg == nil {
		return pendingRow[T]{}, fmt.Errorf("%s: put %s: record is nil: pass a record to store",
			h.Component, k.Name)
	}
	r := arg
	if k.Normalize != nil {
		r = k.Normalize(arg)
	}
	if v, ok := any(r).(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return pendingRow[T]{}, err
		}
	}
	values, err := k.Values(h.Dialect, r)
	if err != nil {
		return pendingRow[T]{}, err
	}
	version, _ := k.Revision(r)
	return pendingRow[T]{record: r, values: values, version: *version}, nil
}

// write writes one row and its children in tx and returns the new version.
func (k *Kind[T]) write(ctx context.Context, h *Handle, tx *Tx, row pendingRow[T],
	at time.Time) (int64, error) {
	if k.Check != nil {
		if err := k.Check(ctx, tx, row.record); err != nil {
			return 0, err
		}
	}
	version, err := k.writeRow(ctx, h, tx, row, at)
	if err != nil {
		return 0, err
	}
	if k.SaveChildren != nil {
		if err := k.SaveChildren(ctx, tx, row.record, row.version == 0); err != nil {
			return 0, err
		}
	}
	return version, nil
}

// writeRow inserts the row of a new record or updates the row with the key
// and version of row, and returns the new version.
func (k *Kind[T]) writeRow(ctx context.Context, h *Handle, tx *Tx, row pendingRow[T],
	at time.Time) (int64, error) {
	r, next, stamp := row.record, row.version+1, h.Dialect.TimeArg(at)
	if row.version == 0 {
		args := append(append(k.Key(r), row.values...), next, stamp)
		created, err := tx.Exec(ctx, k.insertSQL(), args...)
		if err != nil {
			return 0, fmt.Errorf("%s: create %s %s: %w", h.Component, k.Name, k.Label(r), err)
		}
		if created == 0 {
			return 0, fmt.Errorf("%s: %s %s already exists: %w", h.Component, k.Name, k.Label(r), h.ErrConflict)
		}
		return next, nil
	}

	args := append(append(append(append([]any(nil), row.values...), next, stamp), k.Key(r)...), row.version)
	updated, err := tx.Exec(ctx, k.updateSQL(), args...)
	if err != nil {
		return 0, fmt.Errorf("%s: update %s %s: %w", h.Component, k.Name, k.Label(r), err)
	}
	if updated == 1 {
		return next, nil
	}
	return 0, k.VersionError(ctx, h, tx, r, row.version)
}

// VersionError returns the error of an update of r from version that changed
// no row, reading the stored version through q: the record is missing, or it
// has another version.
func (k *Kind[T]) VersionError(ctx context.Context, h *Handle, q Querier, r *T, version int64) error {
	query := h.Dialect.Bind("SELECT version FROM " + k.Table + " WHERE " + k.KeyCondition())
	var stored int64
	err := q.QueryRowContext(ctx, query, k.Key(r)...).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %s %s: %w", h.Component, k.Name, k.Label(r), h.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s: read version of %s %s: %w", h.Component, k.Name, k.Label(r), err)
	}
	return fmt.Errorf("%s: %s %s: version %d, stored version %d: %w",
		h.Component, k.Name, k.Label(r), version, stored, h.ErrConflict)
}

// Get returns the record with the key, or an error wrapping the [Handle]'s
// ErrNotFound. label is the key in messages.
func (k *Kind[T]) Get(ctx context.Context, h *Handle, label string, key ...any) (*T, error) {
	var r *T
	err := k.read(ctx, h, func(q Querier) error {
		var err error
		query := h.Dialect.Bind(k.SelectSQL() + " WHERE " + k.KeyCondition())
		r, err = k.Scan(q.QueryRowContext(ctx, query, key...))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %s %s: %w", h.Component, k.Name, label, h.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("%s: read %s %s: %w", h.Component, k.Name, label, err)
		}
		return k.loadChildren(ctx, h, q, []*T{r})
	})
	return r, err
}

// read runs fn on the database when the kind has one table, because one
// statement reads one snapshot, and otherwise in a read transaction.
func (k *Kind[T]) read(ctx context.Context, h *Handle, fn func(q Querier) error) error {
	if k.LoadChildren == nil {
		return fn(h.DB)
	}
	return h.Read(ctx, func(tx *sql.Tx) error { return fn(tx) })
}

func (k *Kind[T]) loadChildren(ctx context.Context, h *Handle, q Querier, rs []*T) error {
	if k.LoadChildren == nil || len(rs) == 0 {
		return nil
	}
	return k.LoadChildren(ctx, q, h.Dialect, rs)
}

// Delete removes the record with the key, or returns an error wrapping the
// [Handle]'s ErrNotFound. Rows of other tables that belong to it go with it
// through ON DELETE CASCADE. label is the key in messages.
func (k *Kind[T]) Delete(ctx context.Context, h *Handle, label string, key ...any) error {
	return h.WriteTx(ctx, func(tx *Tx) error {
		deleted, err := tx.Exec(ctx, "DELETE FROM "+k.Table+" WHERE "+k.KeyCondition(), key...)
		if err != nil {
			return fmt.Errorf("%s: delete %s %s: %w", h.Component, k.Name, label, err)
		}
		if deleted == 0 {
			return fmt.Errorf("%s: %s %s: %w", h.Component, k.Name, label, h.ErrNotFound)
		}
		return nil
	})
}

// List returns the records that meet w in key order, one page at a time.
// The caller has added to w the condition that skips the records up to
// p.After. next is token of the last record returned when more records meet
// w, and "" otherwise.
func (k *Kind[T]) List(ctx context.Context, h *Handle, w *Where, p land.Page,
	token func(*T) string) (records []*T, next string, err error) {
	if err := p.Validate(); err != nil {
		return nil, "", fmt.Errorf("%s: %w", h.Component, err)
	}
	orderBy := strings.Join(k.Keys, ", ")
	err = k.read(ctx, h, func(q Querier) error {
		var err error
		records, next, err = QueryPage(ctx, q, h.Dialect, k.SelectSQL(), w, orderBy, p.Limit, k.Scan, token)
		if err != nil {
			return fmt.Errorf("%s: list %s records: %w", h.Component, k.Name, err)
		}
		return k.loadChildren(ctx, h, q, records)
	})
	if err != nil {
		return nil, "", err
	}
	return records, next, nil
}
