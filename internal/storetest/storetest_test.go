package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/internal/storetest"
	"github.com/shuxiang/shuxiang/land"
)

var (
	errNotFound = errors.New("note not found")
	errConflict = errors.New("note conflict")
)

// note is the record of noteStore, the smallest store that meets the contract
// the checks describe.
type note struct {
	ID        string
	Tags      []string
	Version   int64
	UpdatedAt time.Time
}

func (n *note) clone() *note {
	c := *n
	c.Tags = slices.Clone(n.Tags)
	return &c
}

type noteStore struct {
	mu    sync.Mutex
	notes map[string]*note
}

func (s *noteStore) Put(_ context.Context, n *note) error {
	if n == nil {
		return errors.New("put note: nil")
	}
	if n.ID == "" {
		return errors.New("put note: ID is missing")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.notes[n.ID]
	switch {
	case n.Version == 0 && ok:
		return fmt.Errorf("note %s: %w", n.ID, errConflict)
	case n.Version != 0 && !ok:
		return fmt.Errorf("note %s: %w", n.ID, errNotFound)
	case ok && old.Version != n.Version:
		return fmt.Errorf("note %s: version %d: %w", n.ID, n.Version, errConflict)
	}
	stored := n.clone()
	stored.Version, stored.UpdatedAt = n.Version+1, time.Now().UTC().Truncate(time.Microsecond)
	s.notes[n.ID] = stored
	n.Version, n.UpdatedAt = stored.Version, stored.UpdatedAt
	return nil
}

func (s *noteStore) Get(_ context.Context, id string) (*note, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.notes[id]
	if !ok {
		return nil, fmt.Errorf("note %s: %w", id, errNotFound)
	}
	return n.clone(), nil
}

func (s *noteStore) Delete(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.notes[id]; !ok {
		return fmt.Errorf("note %s: %w", id, errNotFound)
	}
	delete(s.notes, id)
	return nil
}

// List returns the notes with tag, or every note for an empty tag, in ID order.
func (s *noteStore) List(_ context.Context, tag string, p land.Page) ([]*note, string, error) {
	if err := p.Validate(); err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, n := range s.notes {
		if id > p.After && (tag == "" || slices.Contains(n.Tags, tag)) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	next := ""
	if p.Limit > 0 && len(ids) > p.Limit {
		ids = ids[:p.Limit]
		next = ids[len(ids)-1]
	}
	out := make([]*note, len(ids))
	for i, id := range ids {
		out[i] = s.notes[id].clone()
	}
	return out, next, nil
}

func newNoteStore(*testing.T) *noteStore { return &noteStore{notes: map[string]*note{}} }

var contract = storetest.Contract{
	ErrNotFound: errNotFound,
	ErrConflict: errConflict,
	StoreTime:   func(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) },
	RejectsNil:  true,
}

func noteKind() storetest.Kind[*noteStore, note] {
	return storetest.Kind[*noteStore, note]{
		Fresh:    func() *note { return &note{ID: "N-05", Tags: []string{"canal", "gate"}} },
		Seq:      func(i int) *note { return &note{ID: fmt.Sprintf("N-%02d", i), Tags: []string{"well"}} },
		Modify:   func(n *note) { n.Tags[0] = "reservoir" },
		Invalid:  func() *note { return &note{Tags: []string{"canal"}} },
		Revision: func(n *note) (*int64, *time.Time) { return &n.Version, &n.UpdatedAt },
		Key:      func(n *note) string { return n.ID },
		Put:      (*noteStore).Put,
		Get: func(s *noteStore, ctx context.Context, n *note) (*note, error) {
			return s.Get(ctx, n.ID)
		},
		Delete: func(s *noteStore, ctx context.Context, n *note) error { return s.Delete(ctx, n.ID) },
		List: func(s *noteStore, ctx context.Context, p land.Page) ([]*note, string, error) {
			return s.List(ctx, "", p)
		},
		Equal: func(t *testing.T, want, got *note, msgAndArgs ...any) {
			t.Helper()
			assert.Equal(t, want, got, msgAndArgs...)
		},
	}
}

func TestRecordsOnNoteStore(t *testing.T) {
	storetest.TestRecords(t, newNoteStore, contract, noteKind())
}

func TestConcurrentWritersOnNoteStore(t *testing.T) {
	t.Run("Create", func(t *testing.T) {
		storetest.ConcurrentCreate(t, contract, newNoteStore(t), noteKind())
	})
	t.Run("Update", func(t *testing.T) {
		storetest.ConcurrentUpdate(t, contract, newNoteStore(t), noteKind())
	})
}

func TestCheckFiltersOnNoteStore(t *testing.T) {
	s, ctx := newNoteStore(t), context.Background()
	for i, tags := range [][]string{{"well"}, {"canal"}, {"well", "canal"}} {
		assert.NoError(t, s.Put(ctx, &note{ID: fmt.Sprintf("N-%d", i), Tags: tags}))
	}
	type filter struct {
		tag  string
		page land.Page
	}
	cases := []storetest.FilterCase[filter]{
		{Name: "all", Filter: filter{}, Want: []string{"N-0", "N-1", "N-2"}},
		{Name: "well", Filter: filter{tag: "well"}, Want: []string{"N-0", "N-2"}},
		{Name: "none", Filter: filter{tag: "gate"}},
	}
	list := func(ctx context.Context, f filter) ([]*note, string, error) { return s.List(ctx, f.tag, f.page) }
	key := func(n *note) string { return n.ID }
	storetest.CheckFilters(t, cases, list, key, func(f *filter, p land.Page) { f.page = p })
	storetest.CheckFilters(t, cases, list, key, nil)
}

func TestPageAll(t *testing.T) {
	s, ctx := newNoteStore(t), context.Background()
	for i := range 5 {
		assert.NoError(t, s.Put(ctx, &note{ID: fmt.Sprintf("N-%d", i)}))
	}
	all := storetest.PageAll(t, 2, func(p land.Page) ([]*note, string, error) { return s.List(ctx, "", p) })
	assert.Equal(t, []string{"N-0", "N-1", "N-2", "N-3", "N-4"},
		storetest.Keys(all, func(n *note) string { return n.ID }))
	assert.Nil(t, storetest.Keys([]*note(nil), func(n *note) string { return n.ID }), "keys of no records")
}

func TestAssertOneWinner(t *testing.T) {
	errs := storetest.RunWriters(func(i int) error {
		if i == 3 {
			return nil
		}
		return fmt.Errorf("writer %d: %w", i, errConflict)
	})
	assert.Len(t, errs, storetest.Writers)
	storetest.AssertOneWinner(t, errs, errConflict)
}
