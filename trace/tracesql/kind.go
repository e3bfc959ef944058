package tracesql

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// kindSpec describes one keyed record kind stored as JSON: the key in column id, the
// record without its revision in column body, and the columns that listings filter on.
type kindSpec[T any] struct {
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
	check func(ctx context.Context, tx *sqlstore.Tx, r *T) error
}

// kind is a record kind of a [kindSpec] on the shared machinery of sqlstore.
type kind[T any] struct {
	spec kindSpec[T]
	*sqlstore.Kind[T]
}

func newKind[T any](spec kindSpec[T]) *kind[T] {
	k := &kind[T]{spec: spec}
	k.Kind = &sqlstore.Kind[T]{
		Name:     spec.name,
		Table:    spec.table,
		Keys:     []string{"id"},
		Cols:     append(append([]string(nil), spec.cols...), "body"),
		ReadCols: []string{"body"},
		Key:      func(r *T) []any { return []any{spec.key(r)} },
		Label:    spec.key,
		Revision: func(r *T) (*int64, *time.Time) {
			rev := spec.revision(r)
			return &rev.Version, &rev.UpdatedAt
		},
		Values: func(d sqlstore.Dialect, r *T) ([]any, error) {
			body, err := k.encode(r)
			return append(spec.values(d, r), body), err
		},
		Scan:  k.scan,
		Check: spec.check,
	}
	return k
}

// encode returns the body of r: its JSON without the revision, which has columns of
// its own.
func (k *kind[T]) encode(r *T) (string, error) {
	c := *r
	*k.spec.revision(&c) = trace.Revision{}
	body, err := json.Marshal(&c)
	if err != nil {
		return "", fmt.Errorf("tracesql: encode %s %s: %w", k.spec.name, k.spec.key(r), err)
	}
	return string(body), nil
}

// bodyCols are the columns that scan reads.
const bodyCols = "body, version, updated_at"

// scan reads a row of bodyCols.
func (k *kind[T]) scan(row sqlstore.Scanner) (*T, error) {
	var body string
	var rev trace.Revision
	if err := row.Scan(&body, &rev.Version, sqlstore.TimeScanner{T: &rev.UpdatedAt}); err != nil {
		return nil, err
	}
	r := new(T)
	if err := json.Unmarshal([]byte(body), r); err != nil {
		return nil, fmt.Errorf("decode stored %s: %w", k.spec.name, err)
	}
	*k.spec.revision(r) = rev
	if k.spec.normalize != nil {
		k.spec.normalize(r)
	}
	return r, nil
}

// put creates or updates r as trace.Store describes.
func (k *kind[T]) put(ctx context.Context, s *Store, r *T) error {
	return k.Put(ctx, s.handle, s.now(), r)
}

// get returns the record with the key, or an error wrapping trace.ErrNotFound.
func (k *kind[T]) get(ctx context.Context, s *Store, key string) (*T, error) {
	return k.Get(ctx, s.handle, key, key)
}

// remove deletes the record with the key.
func (k *kind[T]) remove(ctx context.Context, s *Store, key string) error {
	return k.Delete(ctx, s.handle, key, key)
}

// list returns the records that meet w after the page token, in key order.
func (k *kind[T]) list(ctx context.Context, s *Store, w *sqlstore.Where,
	page land.Page) ([]*T, string, error) {
	if page.After != "" {
		w.Add("id > ?", page.After)
	}
	return k.List(ctx, s.handle, w, page, k.spec.key)
}
