package land

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrSequenceExhausted reports that every number of a sequence range has been handed out
// or marked as used. Errors from [SequenceStore.NextSequence] and the [Allocator] wrap it.
var ErrSequenceExhausted = errors.New("land: sequence exhausted")

// SequenceStore keeps a high-water mark per sequence key: the highest number handed out
// or marked as used. Numbers at or below the mark are never handed out again, so gaps
// left by retired or skipped codes are not filled and a code is never issued twice.
//
// The [Allocator] uses these keys, which a store persists as opaque strings:
//
//	plot:<issuer code>                for plot sequences, range 1-99999
//	contractor:<issuer code>:<kind>   for contractor sequences, kind "household",
//	                                  "individual" or "unit", range as [ContractorKind.Range]
//
// Implementations must be safe for concurrent use, and each call must be atomic per key:
// two concurrent NextSequence calls for one key never return the same number.
// [MemorySequenceStore] is the in-memory implementation.
type SequenceStore interface {
	// NextSequence raises the mark of key to the next number within first-last and
	// returns that number: the mark plus one, or first if the mark is below first. It
	// returns an error wrapping [ErrSequenceExhausted] when the mark is last or above.
	NextSequence(ctx context.Context, key string, first, last int) (int, error)

	// MarkSequenceUsed raises the mark of key to n if it is below n, so that
	// NextSequence returns only numbers above n. A mark above n stays.
	MarkSequenceUsed(ctx context.Context, key string, n int) error
}

// MemorySequenceStore is a [SequenceStore] that keeps its marks in memory. The zero value
// is an empty store ready for use. It is safe for concurrent use.
type MemorySequenceStore struct {
	mu    sync.Mutex
	marks map[string]int
}

var _ SequenceStore = (*MemorySequenceStore)(nil)

// NextSequence implements [SequenceStore]. It returns an error if ctx is done, if first
// is below 1 or if last is below first.
func (s *MemorySequenceStore) NextSequence(ctx context.Context, key string, first, last int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if first < 1 || last < first {
		return 0, fmt.Errorf("land: sequence %q: invalid range %d-%d, want 1 <= first <= last",
			key, first, last)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	next := max(s.marks[key]+1, first)
	if next > last {
		return 0, fmt.Errorf("%w: %q has used every number in %d-%d",
			ErrSequenceExhausted, key, first, last)
	}
	s.setMark(key, next)
	return next, nil
}

// MarkSequenceUsed implements [SequenceStore]. It returns an error if ctx is done or if n
// is below 1.
func (s *MemorySequenceStore) MarkSequenceUsed(ctx context.Context, key string, n int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if n < 1 {
		return fmt.Errorf("land: sequence %q: invalid used number %d, want 1 or more", key, n)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if n > s.marks[key] {
		s.setMark(key, n)
	}
	return nil
}

// HighWaterMark returns the mark of key: the highest number handed out or marked as used,
// or 0 if there is none.
func (s *MemorySequenceStore) HighWaterMark(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.marks[key]
}

// setMark stores the mark of key. The caller holds s.mu.
func (s *MemorySequenceStore) setMark(key string, n int) {
	if s.marks == nil {
		s.marks = make(map[string]int)
	}
	s.marks[key] = n
}
