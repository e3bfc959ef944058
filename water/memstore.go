package water

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/internal/memtable"
	"github.com/shuxiang/shuxiang/land"
)

// MemoryStore is a [Store] that keeps every record in memory, for tests, examples and
// field gateways that sync from a county server. It is safe for concurrent use, and it
// copies records deeply on the way in and out.
//
// The zero MemoryStore is empty and ready to use, with [time.Now] as its clock.
type MemoryStore struct {
	// Clock returns the time a write is stamped with; nil means [time.Now]. Set it before
	// the first call.
	Clock func() time.Time

	mu            sync.RWMutex
	wells         memtable.Table[WellRecord]
	meterWells    map[MeterID]WellCode
	reservoirs    memtable.Table[ReservoirRecord]
	canals        memtable.Table[CanalRecord]
	gates         memtable.Table[GateRecord]
	villageMeters memtable.Table[VillageMeterRecord]
	plans         memtable.Table[PlanRecord]
	histories     memtable.Table[CoefficientHistoryRecord]
	bills         memtable.Table[BillRecord]
	payments      memtable.Table[PaymentRecord]
	alarms        memtable.Table[AlarmRecord]
	lastAlarm     int64
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty store that stamps writes with clock, or with
// [time.Now] when clock is nil.
func NewMemoryStore(clock func() time.Time) *MemoryStore {
	return &MemoryStore{Clock: clock}
}

// now returns the clock's time as stores keep it.
func (s *MemoryStore) now() time.Time {
	clock := s.Clock
	if clock == nil {
		clock = time.Now
	}
	return StoreTime(clock())
}

// storable is the part of a stored record kind that a table needs.
type storable[T any] interface {
	*T
	Validate() error
	storeKey() string
	revision() *Revision
	// clone returns a deep copy with times as stores keep them.
	clone() *T
}

// errs are the message prefix and the sentinel errors of the store's writes.
var errs = memtable.Errors{Prefix: "water", NotFound: ErrNotFound, Conflict: ErrConflict}

// putHooks adapt put to a record kind. Each may be nil.
type putHooks[T any] struct {
	// create prepares a copy of a new record before its key is taken, as an alarm
	// gets its id.
	create func(stored *T) error
	// check runs before the write with the stored record, nil on create, and may
	// reject the write or set fields of the copy to store.
	check func(stored, old *T, now time.Time) error
	// written runs after the write, to keep an index, and copies the fields the store
	// set into the caller's record.
	written func(arg, stored, old *T)
	// name returns the record's name in messages, when it is not the key.
	name func(stored *T) string
}

func put[T any, P storable[T]](s *MemoryStore, t *memtable.Table[T], kind string, v P, hooks putHooks[T]) error {
	if v == nil {
		return fmt.Errorf("water: put %s: record is nil: pass a record to store", kind)
	}
	// The copy holds the times as stored, so validation checks what readers will get.
	stored := P(v.clone())
	if err := stored.Validate(); err != nil {
		return err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	version := v.revision().Version
	if version == 0 && hooks.create != nil {
		if err := hooks.create((*T)(stored)); err != nil {
			return err
		}
	}
	key := stored.storeKey()
	name := key
	if hooks.name != nil {
		name = hooks.name((*T)(stored))
	}
	old, exists := t.Get(key)
	var storedVersion int64
	if exists {
		storedVersion = P(old).revision().Version
	}
	if err := errs.CheckVersion(kind, name, version, storedVersion, exists); err != nil {
		return err
	}
	now := s.now()
	if hooks.check != nil {
		if err := hooks.check((*T)(stored), old, now); err != nil {
			return err
		}
	}

	*stored.revision() = Revision{Version: version + 1, UpdatedAt: now}
	t.Set(key, (*T)(stored))
	*v.revision() = *stored.revision()
	if hooks.written != nil {
		hooks.written((*T)(v), (*T)(stored), old)
	}
	return nil
}

func get[T any, P storable[T]](s *MemoryStore, t *memtable.Table[T], kind, key string) (*T, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := t.Get(key)
	if !ok {
		return nil, errs.Missing(kind, key)
	}
	return P(v).clone(), nil
}

// remove deletes the record with key, and calls removed, when not nil, with the record
// under the store's mutex.
func remove[T any](ctx context.Context, s *MemoryStore, t *memtable.Table[T], kind, key string, removed func(*T)) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := t.Delete(key)
	if !ok {
		return errs.Missing(kind, key)
	}
	if removed != nil {
		removed(v)
	}
	return nil
}

// list returns copies of the matching records after the page token, in key order. The
// next token is the key of the last record returned when more match.
func list[T any, P storable[T]](s *MemoryStore, t *memtable.Table[T], page land.Page, match func(*T) bool) ([]*T, string, error) {
	if err := page.Validate(); err != nil {
		return nil, "", fmt.Errorf("water: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out, next := t.Page(page, match, func(r *T) *T { return P(r).clone() })
	return out, next, nil
}

// matchAll is the match function of a listing without a filter.
func matchAll[T any](*T) bool { return true }

// planKey is the key of a plan, ordered by well, then year: the space sorts below every
// character a well code may have, and valid years have four digits.
func planKey(well WellCode, year int) string { return fmt.Sprintf("%s %04d", well, year) }

// alarmKey is the key of an alarm, ordered by id.
func alarmKey(id int64) string { return fmt.Sprintf("%020d", id) }

func checkContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("water: memory store: %w", err)
	}
	return nil
}
