package trace

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/internal/memtable"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

// MemoryStore is a [Store] that keeps every record in memory, for tests, examples and
// small deployments. It is safe for concurrent use, and it copies records on the way in
// and out. Its events live in the embedded [epcis.MemoryRepository].
//
// The zero MemoryStore is empty and ready to use, with [time.Now] as its clock.
type MemoryStore struct {
	// Clock returns the time a write is stamped with; nil means [time.Now]. Set it before
	// the first call.
	Clock func() time.Time

	epcis.MemoryRepository

	mu           sync.RWMutex
	producers    memtable.Table[Producer]
	products     memtable.Table[Product]
	batches      memtable.Table[Batch]
	animals      memtable.Table[Animal]
	certificates memtable.Table[Certificate]
	reports      memtable.Table[TestReport]
	issuances    memtable.Table[Issuance]
	codeStates   memtable.Table[CodeState]
	scans        []*Scan
	flags        []*Flag
	// byEPC and byClient index scans by code and by client, as positions in scans.
	byEPC    map[string][]int
	byClient map[string][]int
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty store that stamps writes with clock, or with [time.Now]
// when clock is nil.
func NewMemoryStore(clock func() time.Time) *MemoryStore { return &MemoryStore{Clock: clock} }

func (s *MemoryStore) now() time.Time {
	clock := s.Clock
	if clock == nil {
		clock = time.Now
	}
	return StoreTime(clock())
}

// record constrains the record kinds that a table stores.
type record[T any] interface {
	*T
	Validate() error
	storeKey() string
	clone() *T
	revision() *Revision
}

// errs are the message prefix and the sentinel errors of the store's writes.
var errs = memtable.Errors{Prefix: "trace", NotFound: ErrNotFound, Conflict: ErrConflict}

// put stores v as Store describes. check, when not nil, runs under the lock before the
// write and may reject it.
func put[T any, P record[T]](ctx context.Context, s *MemoryStore, t *memtable.Table[T], kind string, v P,
	check func(P) error) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	if err := v.Validate(); err != nil {
		return err
	}
	key := v.storeKey()

	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := t.Get(key)
	version := v.revision().Version
	var stored int64
	if exists {
		stored = P(old).revision().Version
	}
	if err := errs.CheckVersion(kind, key, version, stored, exists); err != nil {
		return err
	}
	if check != nil {
		if err := check(v); err != nil {
			return err
		}
	}

	copied := P(v.clone())
	*copied.revision() = Revision{Version: version + 1, UpdatedAt: s.now()}
	t.Set(key, (*T)(copied))
	*v.revision() = *copied.revision()
	return nil
}

func get[T any, P record[T]](ctx context.Context, s *MemoryStore, t *memtable.Table[T], kind, key string) (*T, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := t.Get(key)
	if !ok {
		return nil, errs.Missing(kind, key)
	}
	return P(v).clone(), nil
}

func remove[T any](ctx context.Context, s *MemoryStore, t *memtable.Table[T], kind, key string) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := t.Delete(key); !ok {
		return errs.Missing(kind, key)
	}
	return nil
}

// list returns copies of the matching records after the page token, in key order. The
// next token is the key of the last record returned when more match.
func list[T any, P record[T]](ctx context.Context, s *MemoryStore, t *memtable.Table[T], page land.Page,
	match func(*T) bool) ([]*T, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	if err := page.Validate(); err != nil {
		return nil, "", fmt.Errorf("trace: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out, next := t.Page(page, match, func(r *T) *T { return P(r).clone() })
	return out, next, nil
}

func checkContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("trace: memory store: %w", err)
	}
	return nil
}

func (r *Producer) storeKey() string       { return string(r.Code) }
func (r *Producer) revision() *Revision    { return &r.Revision }
func (r *Product) storeKey() string        { return string(r.ID) }
func (r *Product) revision() *Revision     { return &r.Revision }
func (r *Batch) storeKey() string          { return string(r.ID) }
func (r *Batch) revision() *Revision       { return &r.Revision }
func (r *Animal) storeKey() string         { return string(r.Tag) }
func (r *Animal) revision() *Revision      { return &r.Revision }
func (r *Certificate) storeKey() string    { return r.Number }
func (r *Certificate) revision() *Revision { return &r.Revision }
func (r *TestReport) storeKey() string     { return r.Number }
func (r *TestReport) revision() *Revision  { return &r.Revision }
func (r *Issuance) storeKey() string       { return r.ID }
func (r *Issuance) revision() *Revision    { return &r.Revision }
func (r *CodeState) storeKey() string      { return r.EPC }
func (r *CodeState) revision() *Revision   { return &r.Revision }

func (r *Producer) clone() *Producer { c := *r; return &c }
func (r *Product) clone() *Product   { c := *r; return &c }
func (r *Batch) clone() *Batch       { c := *r; return &c }

func (r *Animal) clone() *Animal {
	c := *r
	c.TaggedAt = StoreTime(r.TaggedAt)
	return &c
}

func (r *Certificate) clone() *Certificate { c := *r; return &c }

func (r *TestReport) clone() *TestReport {
	c := *r
	c.Items = slices.Clone(r.Items)
	return &c
}

func (r *Issuance) clone() *Issuance {
	c := *r
	c.Destinations = slices.Clone(r.Destinations)
	c.ActivatedAt = StoreTime(r.ActivatedAt)
	c.IssuedAt = StoreTime(r.IssuedAt)
	return &c
}

func (r *CodeState) clone() *CodeState {
	c := *r
	c.FirstSale = StoreTime(r.FirstSale)
	c.LastSale = StoreTime(r.LastSale)
	return &c
}

func cloneScan(s *Scan) *Scan {
	c := *s
	c.At = StoreTime(s.At)
	if s.Location != nil {
		loc := *s.Location
		c.Location = &loc
	}
	return &c
}

func cloneFlag(f *Flag) *Flag {
	c := *f
	c.At = StoreTime(f.At)
	c.Evidence.Scans = slices.Clone(f.Evidence.Scans)
	c.Evidence.Destinations = slices.Clone(f.Evidence.Destinations)
	c.Evidence.ActivatedAt = StoreTime(f.Evidence.ActivatedAt)
	if f.Evidence.Sales != nil {
		c.Evidence.Sales = make([]time.Time, len(f.Evidence.Sales))
		for i, t := range f.Evidence.Sales {
			c.Evidence.Sales[i] = StoreTime(t)
		}
	}
	return &c
}
