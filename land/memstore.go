package land

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// MemoryStore is a [Store] that keeps every record in memory, for tests, examples and field
// gateways that sync from a county server. It is safe for concurrent use, and it copies
// records deeply, geometry included, on the way in and out.
//
// The zero MemoryStore is empty and ready to use, with [time.Now] as its clock.
type MemoryStore struct {
	// Clock returns the time a write is stamped with; nil means [time.Now]. Set it before
	// the first call.
	Clock func() time.Time

	mu          sync.RWMutex
	plots       table[Plot]
	issuers     table[Issuer]
	contractors table[Contractor]
	contracts   table[Contract]
	transfers   table[Transfer]
	plantings   table[Planting]
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty store that stamps writes with clock, or with [time.Now]
// when clock is nil.
func NewMemoryStore(clock func() time.Time) *MemoryStore {
	return &MemoryStore{Clock: clock}
}

// now returns the clock's time in UTC, truncated to whole microseconds like the timestamps
// of SQL stores.
func (s *MemoryStore) now() time.Time {
	clock := s.Clock
	if clock == nil {
		clock = time.Now
	}
	return clock().UTC().Truncate(time.Microsecond)
}

// record is the part of a stored record kind that a table needs.
type record[T any] interface {
	*T
	Validate() error
	storeKey() string
	clone() *T
	stamp(version int64, at time.Time)
	version() int64
}

// table holds the records of one kind by key. Its methods run under the store's mutex.
type table[T any] struct {
	rows map[string]*T
}

func put[T any, P record[T]](s *MemoryStore, t *table[T], kind string, v P) error {
	if err := v.Validate(); err != nil {
		return err
	}
	key := v.storeKey()

	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := t.rows[key]
	switch {
	case v.version() == 0 && exists:
		return fmt.Errorf("land: %s %s already exists: %w", kind, key, ErrConflict)
	case v.version() != 0 && !exists:
		return fmt.Errorf("land: %s %s: %w", kind, key, ErrNotFound)
	case exists && P(old).version() != v.version():
		return fmt.Errorf("land: %s %s: version %d, stored version %d: %w",
			kind, key, v.version(), P(old).version(), ErrConflict)
	}

	version, at := v.version()+1, s.now()
	stored := P(v.clone())
	stored.stamp(version, at)
	if t.rows == nil {
		t.rows = make(map[string]*T)
	}
	t.rows[key] = (*T)(stored)
	v.stamp(version, at)
	return nil
}

func get[T any, P record[T]](s *MemoryStore, t *table[T], kind, key string) (*T, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := t.rows[key]
	if !ok {
		return nil, fmt.Errorf("land: %s %s: %w", kind, key, ErrNotFound)
	}
	return P(v).clone(), nil
}

func remove[T any](s *MemoryStore, t *table[T], kind, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := t.rows[key]; !ok {
		return fmt.Errorf("land: %s %s: %w", kind, key, ErrNotFound)
	}
	delete(t.rows, key)
	return nil
}

// list returns copies of the matching records after the page token, in key order. The next
// token is the key of the last record returned when more match.
func list[T any, P record[T]](s *MemoryStore, t *table[T], page Page, match func(*T) bool) ([]*T, string, error) {
	if err := page.Validate(); err != nil {
		return nil, "", err
	}
	s.mu.RLock()
	keys := make([]string, 0, len(t.rows))
	for key, v := range t.rows {
		if key > page.After && match(v) {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	more := page.Limit > 0 && len(keys) > page.Limit
	if more {
		keys = keys[:page.Limit]
	}
	out := make([]*T, len(keys))
	for i, key := range keys {
		out[i] = P(t.rows[key]).clone()
	}
	s.mu.RUnlock()

	if !more {
		return out, "", nil
	}
	return out, keys[len(keys)-1], nil
}

// plantingStoreKey encodes k so that byte order matches [PlantingKey.Compare] for valid keys,
// because valid plot codes have a fixed length, years four digits and seasons one.
func plantingStoreKey(k PlantingKey) string {
	return fmt.Sprintf("%s/%04d/%d/%s", k.Plot, k.Year, k.Season, k.Crop)
}

func checkContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("land: memory store: %w", err)
	}
	return nil
}
