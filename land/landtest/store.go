// Package landtest tests that an implementation of [land.Store] meets the contract the
// interface documents: versioned creates and updates, not-found and conflict errors, copies
// in and out, filters, paging and geometry round trips.
//
// A store package runs the kit from its own tests:
//
//	func TestStore(t *testing.T) {
//		landtest.TestStore(t, func(t *testing.T) land.Store { return newEmptyStore(t) })
//	}
package landtest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
)

// TestStore runs the conformance tests against stores that newStore returns. It calls
// newStore once per subtest, and each call must return an empty store that is not shared
// with another subtest. Subtests run in parallel, so newStore must be safe to call
// concurrently.
func TestStore(t *testing.T, newStore func(t *testing.T) land.Store) {
	t.Run("Plot", func(t *testing.T) { testRecords(t, newStore, plotKind()) })
	t.Run("Issuer", func(t *testing.T) { testRecords(t, newStore, issuerKind()) })
	t.Run("Contractor", func(t *testing.T) { testRecords(t, newStore, contractorKind()) })
	t.Run("Contract", func(t *testing.T) { testRecords(t, newStore, contractKind()) })
	t.Run("Transfer", func(t *testing.T) { testRecords(t, newStore, transferKind()) })
	t.Run("Planting", func(t *testing.T) { testRecords(t, newStore, plantingKind()) })
	t.Run("PlotGeometry", func(t *testing.T) { testPlotGeometry(t, newStore) })
	t.Run("PlotFilter", func(t *testing.T) { testPlotFilter(t, newStore) })
	t.Run("IssuerFilter", func(t *testing.T) { testIssuerFilter(t, newStore) })
	t.Run("ContractorFilter", func(t *testing.T) { testContractorFilter(t, newStore) })
	t.Run("ContractFilter", func(t *testing.T) { testContractFilter(t, newStore) })
	t.Run("TransferFilter", func(t *testing.T) { testTransferFilter(t, newStore) })
	t.Run("PlantingFilter", func(t *testing.T) { testPlantingFilter(t, newStore) })
	t.Run("ConcurrentCreate", func(t *testing.T) { testConcurrentCreate(t, newStore) })
	t.Run("ConcurrentUpdate", func(t *testing.T) { testConcurrentUpdate(t, newStore) })
}

// recordKind describes one record kind to the generic tests.
type recordKind[T any] struct {
	fresh   func() *T // a valid record with Version 0
	seq     func(i int) *T
	modify  func(*T) // changes a stored field
	invalid func() *T
	stamp   func(*T) (*int64, *time.Time)
	key     func(*T) string
	put     func(context.Context, land.Store, *T) error
	get     func(context.Context, land.Store, *T) (*T, error)
	delete  func(context.Context, land.Store, *T) error
	list    func(context.Context, land.Store, land.Page) ([]*T, string, error)
	equal   func(t *testing.T, want, got *T)
}

func testRecords[T any](t *testing.T, newStore func(t *testing.T) land.Store, k recordKind[T]) {
	t.Run("CreateGet", func(t *testing.T) { t.Parallel(); testCreateGet(t, newStore(t), k) })
	t.Run("Update", func(t *testing.T) { t.Parallel(); testUpdate(t, newStore(t), k) })
	t.Run("CreateExisting", func(t *testing.T) { t.Parallel(); testCreateExisting(t, newStore(t), k) })
	t.Run("StaleVersion", func(t *testing.T) { t.Parallel(); testStaleVersion(t, newStore(t), k) })
	t.Run("NotFound", func(t *testing.T) { t.Parallel(); testNotFound(t, newStore(t), k) })
	t.Run("Delete", func(t *testing.T) { t.Parallel(); testDelete(t, newStore(t), k) })
	t.Run("Invalid", func(t *testing.T) { t.Parallel(); testInvalid(t, newStore(t), k) })
	t.Run("Copies", func(t *testing.T) { t.Parallel(); testCopies(t, newStore(t), k) })
	t.Run("Paging", func(t *testing.T) { t.Parallel(); testPaging(t, newStore(t), k) })
}

func testCreateGet[T any](t *testing.T, s land.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh()
	require.NoError(t, k.put(ctx, s, r))

	version, at := k.stamp(r)
	assert.Equal(t, int64(1), *version, "version after create")
	assert.False(t, at.IsZero(), "updated at after create")

	got, err := k.get(ctx, s, r)
	require.NoError(t, err)
	k.equal(t, r, got)
}

func testUpdate[T any](t *testing.T, s land.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh()
	require.NoError(t, k.put(ctx, s, r))
	_, created := k.stamp(r)
	createdAt := *created

	k.modify(r)
	require.NoError(t, k.put(ctx, s, r))
	version, at := k.stamp(r)
	assert.Equal(t, int64(2), *version, "version after update")
	assert.Falsef(t, at.Before(createdAt), "updated at %v is before created at %v", *at, createdAt)

	got, err := k.get(ctx, s, r)
	require.NoError(t, err)
	k.equal(t, r, got)
}

func testCreateExisting[T any](t *testing.T, s land.Store, k recordKind[T]) {
	ctx := context.Background()
	require.NoError(t, k.put(ctx, s, k.fresh()))

	again := k.fresh()
	k.modify(again)
	err := k.put(ctx, s, again)
	assert.ErrorIs(t, err, land.ErrConflict)
	version, _ := k.stamp(again)
	assert.Equal(t, int64(0), *version, "version of the rejected record")
}

func testStaleVersion[T any](t *testing.T, s land.Store, k recordKind[T]) {
	ctx := context.Background()
	first := k.fresh()
	require.NoError(t, k.put(ctx, s, first))
	second, err := k.get(ctx, s, first)
	require.NoError(t, err)

	k.modify(first)
	require.NoError(t, k.put(ctx, s, first), "first update")
	k.modify(second)
	assert.ErrorIs(t, k.put(ctx, s, second), land.ErrConflict, "update from a stale read")

	ahead := k.fresh()
	version, _ := k.stamp(ahead)
	*version = 7
	assert.ErrorIs(t, k.put(ctx, s, ahead), land.ErrConflict, "update with a future version")

	got, err := k.get(ctx, s, first)
	require.NoError(t, err)
	k.equal(t, first, got)
}

func testNotFound[T any](t *testing.T, s land.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh()
	_, err := k.get(ctx, s, r)
	assert.ErrorIs(t, err, land.ErrNotFound, "get")
	assert.ErrorIs(t, k.delete(ctx, s, r), land.ErrNotFound, "delete")

	version, _ := k.stamp(r)
	*version = 1
	assert.ErrorIs(t, k.put(ctx, s, r), land.ErrNotFound, "update")
}

func testDelete[T any](t *testing.T, s land.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh()
	require.NoError(t, k.put(ctx, s, r))
	require.NoError(t, k.delete(ctx, s, r))

	_, err := k.get(ctx, s, r)
	assert.ErrorIs(t, err, land.ErrNotFound, "get after delete")
	assert.ErrorIs(t, k.delete(ctx, s, r), land.ErrNotFound, "second delete")

	again := k.fresh()
	require.NoError(t, k.put(ctx, s, again), "create after delete")
	version, _ := k.stamp(again)
	assert.Equal(t, int64(1), *version, "version after create")
}

func testInvalid[T any](t *testing.T, s land.Store, k recordKind[T]) {
	ctx := context.Background()
	err := k.put(ctx, s, k.invalid())
	require.Error(t, err)
	assert.NotErrorIs(t, err, land.ErrConflict)
	assert.NotErrorIs(t, err, land.ErrNotFound)

	records, _, err := k.list(ctx, s, land.Page{})
	require.NoError(t, err)
	assert.Empty(t, records, "records after an invalid put")
}

// testCopies checks that changing a record after Put, or a record that Get returned, leaves
// the stored record unchanged.
func testCopies[T any](t *testing.T, s land.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh()
	require.NoError(t, k.put(ctx, s, r))
	want := k.fresh()
	wantVersion, wantAt := k.stamp(want)
	version, at := k.stamp(r)
	*wantVersion, *wantAt = *version, *at

	k.modify(r)
	got, err := k.get(ctx, s, r)
	require.NoError(t, err)
	k.equal(t, want, got)

	k.modify(got)
	again, err := k.get(ctx, s, r)
	require.NoError(t, err)
	k.equal(t, want, again)
}

func testPaging[T any](t *testing.T, s land.Store, k recordKind[T]) {
	ctx := context.Background()
	const n = 7
	// Put in reverse order, so a store that returns insertion order fails.
	for i := n - 1; i >= 0; i-- {
		require.NoError(t, k.put(ctx, s, k.seq(i)))
	}
	all, next, err := k.list(ctx, s, land.Page{})
	require.NoError(t, err)
	assert.Empty(t, next, "next token of an unlimited listing")
	require.Len(t, all, n)
	for i, r := range all {
		assert.Equal(t, k.key(k.seq(i)), k.key(r), "record %d of the unlimited listing", i)
	}

	for _, limit := range []int{1, 2, 3, n, n + 1} {
		var keys []string
		page := land.Page{Limit: limit}
		for calls := 0; calls <= n; calls++ {
			records, next, err := k.list(ctx, s, page)
			require.NoError(t, err)
			assert.LessOrEqual(t, len(records), limit, "records in one page")
			for _, r := range records {
				keys = append(keys, k.key(r))
			}
			if next == "" {
				break
			}
			page.After = next
		}
		want := make([]string, n)
		for i := range want {
			want[i] = k.key(k.seq(i))
		}
		assert.Equal(t, want, keys, "keys listed %d per page", limit)
	}

	_, _, err = k.list(ctx, s, land.Page{Limit: -1})
	assert.Error(t, err, "negative limit")
}

func testConcurrentCreate(t *testing.T, newStore func(t *testing.T) land.Store) {
	t.Parallel()
	s := newStore(t)
	const writers = 8
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			p := fullPlot()
			p.Name = string(rune('A' + i))
			errs[i] = s.PutPlot(context.Background(), p)
		})
	}
	wg.Wait()
	assertOneWinner(t, errs)
}

func testConcurrentUpdate(t *testing.T, newStore func(t *testing.T) land.Store) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	require.NoError(t, s.PutPlot(ctx, fullPlot()))

	const writers = 8
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			p := fullPlot()
			p.Version = 1
			p.Name = string(rune('A' + i))
			errs[i] = s.PutPlot(ctx, p)
		})
	}
	wg.Wait()
	assertOneWinner(t, errs)

	got, err := s.Plot(ctx, fullPlot().Code)
	require.NoError(t, err)
	assert.Equal(t, int64(2), got.Version, "version after the concurrent updates")
}

// assertOneWinner checks that exactly one error is nil and the others wrap ErrConflict.
func assertOneWinner(t *testing.T, errs []error) {
	t.Helper()
	wins := 0
	for i, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, land.ErrConflict):
			t.Errorf("writer %d: got %v, want nil or an error wrapping ErrConflict", i, err)
		}
	}
	assert.Equal(t, 1, wins, "writers that succeeded")
}
