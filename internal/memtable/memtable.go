// Package memtable is the table of records by key that the in-memory stores of
// packages trace and water keep, with the paging of their listings and the
// errors of their versioned writes.
package memtable

import (
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/shuxiang/shuxiang/land"
)

// Table holds the records of one kind by key. It is not safe for concurrent
// use: the store that keeps it guards it with its mutex. The zero Table is
// empty and ready to use.
type Table[T any] struct {
	rows map[string]*T
}

// Get returns the record with the key, and whether there is one.
func (t *Table[T]) Get(key string) (*T, bool) {
	r, ok := t.rows[key]
	return r, ok
}

// All returns the records in no set order.
func (t *Table[T]) All() iter.Seq[*T] { return maps.Values(t.rows) }

// Set stores r under the key, in place of the record stored before.
func (t *Table[T]) Set(key string, r *T) {
	if t.rows == nil {
		t.rows = make(map[string]*T)
	}
	t.rows[key] = r
}

// Delete removes the record with the key and returns it, with whether there
// was one.
func (t *Table[T]) Delete(key string) (*T, bool) {
	r, ok := t.rows[key]
	delete(t.rows, key)
	return r, ok
}

// Page returns copies, made by clone, of the records that match and whose key
// sorts after p.After, in key order: at most p.Limit of them, or all when
// p.Limit is 0. next is the key of the last record returned when more match,
// and "" otherwise. The caller has validated p.
func (t *Table[T]) Page(p land.Page, match func(*T) bool, clone func(*T) *T) (records []*T, next string) {
	keys := make([]string, 0, len(t.rows))
	for key, r := range t.rows {
		if key > p.After && match(r) {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	more := p.Limit > 0 && len(keys) > p.Limit
	if more {
		keys = keys[:p.Limit]
	}
	records = make([]*T, len(keys))
	for i, key := range keys {
		records[i] = clone(t.rows[key])
	}
	if more {
		next = keys[len(keys)-1]
	}
	return records, next
}

// Errors are the message prefix and the sentinel errors of the domain package
// of a store.
type Errors struct {
	// Prefix starts every message, such as "water".
	Prefix string
	// NotFound is wrapped for a missing record, and Conflict for a create of
	// an existing key or an update from another version.
	NotFound, Conflict error
}

// Missing returns the error for the record of kind named name that is not
// stored.
func (e Errors) Missing(kind, name string) error {
	return fmt.Errorf("%s: %s %s: %w", e.Prefix, kind, name, e.NotFound)
}

// CheckVersion returns the error of a put of the record of kind named name
// with version, against the stored record's version, stored, when exists
// reports that there is one. It returns nil when the put creates a new record
// or updates the version stored.
func (e Errors) CheckVersion(kind, name string, version int64, stored int64, exists bool) error {
	switch {
	case version == 0 && exists:
		return fmt.Errorf("%s: %s %s already exists: %w", e.Prefix, kind, name, e.Conflict)
	case version != 0 && !exists:
		return e.Missing(kind, name)
	case exists && stored != version:
		return fmt.Errorf("%s: %s %s: version %d, stored version %d: %w",
			e.Prefix, kind, name, version, stored, e.Conflict)
	}
	return nil
}
