// Package watertest tests that an implementation of [water.Store] meets the contract
// the interface documents: versioned creates and updates, not-found and conflict
// errors, copies in and out, times and decimals kept exactly, filters, paging, meter
// ids unique across wells, coefficient starts and alarm ids and statuses.
//
// A store package runs the kit from its own tests:
//
//	func TestStore(t *testing.T) {
//		watertest.TestStore(t, func(t *testing.T) water.Store { return newEmptyStore(t) })
//	}
package watertest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// TestStore runs the conformance tests against stores that newStore returns. It calls
// newStore once per subtest, and each call must return an empty store that is not
// shared with another subtest. Subtests run in parallel, so newStore must be safe to
// call concurrently.
func TestStore(t *testing.T, newStore func(t *testing.T) water.Store) {
	t.Run("Well", func(t *testing.T) { testRecords(t, newStore, wellKind()) })
	t.Run("Reservoir", func(t *testing.T) { testRecords(t, newStore, reservoirKind()) })
	t.Run("Canal", func(t *testing.T) { testRecords(t, newStore, canalKind()) })
	t.Run("Gate", func(t *testing.T) { testRecords(t, newStore, gateKind()) })
	t.Run("VillageMeter", func(t *testing.T) { testRecords(t, newStore, villageMeterKind()) })
	t.Run("Plan", func(t *testing.T) { testRecords(t, newStore, planKind()) })
	t.Run("CoefficientHistory", func(t *testing.T) { testRecords(t, newStore, historyKind()) })
	t.Run("Bill", func(t *testing.T) { testRecords(t, newStore, billKind()) })
	t.Run("Payment", func(t *testing.T) { testRecords(t, newStore, paymentKind()) })
	t.Run("Alarm", func(t *testing.T) { testAlarms(t, newStore) })
	t.Run("WellMeters", func(t *testing.T) { testWellMeters(t, newStore) })
	t.Run("StartCoefficient", func(t *testing.T) { testStartCoefficient(t, newStore) })
	t.Run("Times", func(t *testing.T) { t.Parallel(); testTimes(t, newStore(t)) })
	t.Run("Filters", func(t *testing.T) { testFilters(t, newStore) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, newStore) })
	t.Run("CanceledContext", func(t *testing.T) { t.Parallel(); testCanceledContext(t, newStore(t)) })
}

func testRecords[T any](t *testing.T, newStore func(t *testing.T) water.Store, k recordKind[T]) {
	t.Run("CreateGet", func(t *testing.T) { t.Parallel(); testCreateGet(t, newStore(t), k) })
	t.Run("Update", func(t *testing.T) { t.Parallel(); testUpdate(t, newStore(t), k) })
	t.Run("CreateExisting", func(t *testing.T) { t.Parallel(); testCreateExisting(t, newStore(t), k) })
	t.Run("StaleVersion", func(t *testing.T) { t.Parallel(); testStaleVersion(t, newStore(t), k) })
	t.Run("NotFound", func(t *testing.T) { t.Parallel(); testNotFound(t, newStore(t), k) })
	t.Run("Delete", func(t *testing.T) { t.Parallel(); testDelete(t, newStore(t), k) })
	t.Run("Invalid", func(t *testing.T) { t.Parallel(); testInvalid(t, newStore(t), k) })
	t.Run("Nil", func(t *testing.T) { t.Parallel(); testNil(t, newStore(t), k) })
	t.Run("Copies", func(t *testing.T) { t.Parallel(); testCopies(t, newStore(t), k) })
	t.Run("Paging", func(t *testing.T) { t.Parallel(); testPaging(t, newStore(t), k) })
}

func testCreateGet[T any](t *testing.T, s water.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh()
	require.NoError(t, k.put(ctx, s, r))

	rev := k.revision(r)
	assert.Equal(t, int64(1), rev.Version, "version after create")
	assert.False(t, rev.UpdatedAt.IsZero(), "updated at after create")
	assert.Equal(t, rev.UpdatedAt, water.StoreTime(rev.UpdatedAt), "updated at in UTC to the microsecond")

	got, err := k.get(ctx, s, r)
	require.NoError(t, err)
	assertRecord(t, r, got)
}

func testUpdate[T any](t *testing.T, s water.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh()
	require.NoError(t, k.put(ctx, s, r))
	created := k.revision(r).UpdatedAt

	k.modify(r)
	require.NoError(t, k.put(ctx, s, r))
	rev := k.revision(r)
	assert.Equal(t, int64(2), rev.Version, "version after update")
	assert.Falsef(t, rev.UpdatedAt.Before(created), "updated at %v is before created at %v", rev.UpdatedAt, created)

	got, err := k.get(ctx, s, r)
	require.NoError(t, err)
	assertRecord(t, r, got)
}

func testCreateExisting[T any](t *testing.T, s water.Store, k recordKind[T]) {
	ctx := context.Background()
	require.NoError(t, k.put(ctx, s, k.fresh()))

	again := k.fresh()
	k.modify(again)
	err := k.put(ctx, s, again)
	assert.ErrorIs(t, err, water.ErrConflict)
	assert.Equal(t, int64(0), k.revision(again).Version, "version of the rejected record")

	got, err := k.get(ctx, s, again)
	require.NoError(t, err)
	want := k.fresh()
	*k.revision(want) = *k.revision(got)
	assertRecord(t, want, got, "record after the rejected create")
}

func testStaleVersion[T any](t *testing.T, s water.Store, k recordKind[T]) {
	ctx := context.Background()
	first := k.fresh()
	require.NoError(t, k.put(ctx, s, first))
	second, err := k.get(ctx, s, first)
	require.NoError(t, err)

	k.modify(first)
	require.NoError(t, k.put(ctx, s, first), "first update")
	k.modify(second)
	assert.ErrorIs(t, k.put(ctx, s, second), water.ErrConflict, "update from a stale read")

	ahead := k.fresh()
	k.revision(ahead).Version = 7
	assert.ErrorIs(t, k.put(ctx, s, ahead), water.ErrConflict, "update with a future version")

	got, err := k.get(ctx, s, first)
	require.NoError(t, err)
	assertRecord(t, first, got)
}

func testNotFound[T any](t *testing.T, s water.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh()
	_, err := k.get(ctx, s, r)
	assert.ErrorIs(t, err, water.ErrNotFound, "get")
	assert.ErrorIs(t, k.delete(ctx, s, r), water.ErrNotFound, "delete")

	k.revision(r).Version = 1
	assert.ErrorIs(t, k.put(ctx, s, r), water.ErrNotFound, "update")
}

func testDelete[T any](t *testing.T, s water.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh()
	require.NoError(t, k.put(ctx, s, r))
	require.NoError(t, k.delete(ctx, s, r))

	_, err := k.get(ctx, s, r)
	assert.ErrorIs(t, err, water.ErrNotFound, "get after delete")
	assert.ErrorIs(t, k.delete(ctx, s, r), water.ErrNotFound, "second delete")

	again := k.fresh()
	require.NoError(t, k.put(ctx, s, again), "create after delete")
	assert.Equal(t, int64(1), k.revision(again).Version, "version after create")
}

func testInvalid[T any](t *testing.T, s water.Store, k recordKind[T]) {
	ctx := context.Background()
	err := k.put(ctx, s, k.invalid())
	require.Error(t, err)
	assert.NotErrorIs(t, err, water.ErrConflict)
	assert.NotErrorIs(t, err, water.ErrNotFound)

	records, _, err := k.list(ctx, s, land.Page{})
	require.NoError(t, err)
	assert.Empty(t, records, "records after an invalid put")
}

// testNil checks that a put of a nil record returns an error and stores nothing.
func testNil[T any](t *testing.T, s water.Store, k recordKind[T]) {
	ctx := context.Background()
	require.Error(t, k.put(ctx, s, nil))

	records, _, err := k.list(ctx, s, land.Page{})
	require.NoError(t, err)
	assert.Empty(t, records, "records after a nil put")
}

// testCopies checks that changing a record after Put, or a record that Get returned,
// nested values included, leaves the stored record unchanged.
func testCopies[T any](t *testing.T, s water.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh()
	require.NoError(t, k.put(ctx, s, r))
	want := k.fresh()
	*k.revision(want) = *k.revision(r)

	k.modify(r)
	got, err := k.get(ctx, s, r)
	require.NoError(t, err)
	assertRecord(t, want, got, "record after changing the one put")

	k.modify(got)
	again, err := k.get(ctx, s, r)
	require.NoError(t, err)
	assertRecord(t, want, again, "record after changing the one read")
}

func testPaging[T any](t *testing.T, s water.Store, k recordKind[T]) {
	ctx := context.Background()
	const n = 7
	// Put in reverse order, so a store that returns insertion order fails.
	for i := n - 1; i >= 0; i-- {
		require.NoError(t, k.put(ctx, s, k.seq(i)))
	}
	want := make([]string, n)
	for i := range want {
		want[i] = k.key(k.seq(i))
	}
	assertPages(t, want, func(p land.Page) ([]string, string, error) {
		records, next, err := k.list(ctx, s, p)
		keys := make([]string, len(records))
		for i, r := range records {
			keys[i] = k.key(r)
		}
		return keys, next, err
	})

	_, _, err := k.list(ctx, s, land.Page{Limit: -1})
	assert.Error(t, err, "negative limit")
}

// assertPages checks that a listing returns want in one unlimited page and in pages of
// several sizes.
func assertPages(t *testing.T, want []string, list func(land.Page) ([]string, string, error)) {
	t.Helper()
	all, next, err := list(land.Page{})
	require.NoError(t, err)
	assert.Empty(t, next, "next token of an unlimited listing")
	assert.Equal(t, want, all, "keys of the unlimited listing")

	for _, limit := range []int{1, 2, 3, len(want), len(want) + 1} {
		var keys []string
		page := land.Page{Limit: limit}
		for calls := 0; calls <= len(want); calls++ {
			got, next, err := list(page)
			require.NoError(t, err)
			assert.LessOrEqual(t, len(got), limit, "records in one page")
			keys = append(keys, got...)
			if next == "" {
				break
			}
			page.After = next
		}
		assert.Equal(t, want, keys, "keys listed %d per page", limit)
	}
}
