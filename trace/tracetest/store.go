// Package tracetest tests that an implementation of [trace.Store] meets the contract the
// interface documents. It covers versioned creates and updates, not-found and conflict
// errors, copies in and out, times and decimals kept exactly, filters and paging. It
// also covers issuance ranges that do not overlap and are found by serial, sales counted
// in one step, scans and flags with growing IDs, scan statistics and client failures,
// and EPCIS events captured, queried by identifier in any spelling, paged and rejected
// as duplicates.
//
// A store package runs the kit from its own tests:
//
//	func TestStore(t *testing.T) {
//		tracetest.TestStore(t, func(t *testing.T) trace.Store { return newEmptyStore(t) })
//	}
package tracetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// TestStore runs the conformance tests against stores that newStore returns. It calls
// newStore once per subtest, and each call must return an empty store that is not
// shared with another subtest. Subtests run in parallel, so newStore must be safe to
// call concurrently.
func TestStore(t *testing.T, newStore func(t *testing.T) trace.Store) {
	t.Run("Producer", func(t *testing.T) { testRecords(t, newStore, producerKind()) })
	t.Run("Product", func(t *testing.T) { testRecords(t, newStore, productKind()) })
	t.Run("Batch", func(t *testing.T) { testRecords(t, newStore, batchKind()) })
	t.Run("Animal", func(t *testing.T) { testRecords(t, newStore, animalKind()) })
	t.Run("Certificate", func(t *testing.T) { testRecords(t, newStore, certificateKind()) })
	t.Run("Report", func(t *testing.T) { testRecords(t, newStore, reportKind()) })
	t.Run("Issuance", func(t *testing.T) { testRecords(t, newStore, issuanceKind()) })
	t.Run("CodeState", func(t *testing.T) { testRecords(t, newStore, codeStateKind()) })
	t.Run("IssuanceRanges", func(t *testing.T) { t.Parallel(); testIssuanceRanges(t, newStore(t)) })
	t.Run("RecordSale", func(t *testing.T) { t.Parallel(); testRecordSale(t, newStore(t)) })
	t.Run("Scans", func(t *testing.T) { t.Parallel(); testScans(t, newStore(t)) })
	t.Run("ScanStats", func(t *testing.T) { t.Parallel(); testScanStats(t, newStore(t)) })
	t.Run("ClientFailures", func(t *testing.T) { t.Parallel(); testClientFailures(t, newStore(t)) })
	t.Run("Flags", func(t *testing.T) { t.Parallel(); testFlags(t, newStore(t)) })
	t.Run("Filters", func(t *testing.T) { testFilters(t, newStore) })
	t.Run("Events", func(t *testing.T) { t.Parallel(); testEvents(t, newStore(t)) })
	t.Run("StoryEvents", func(t *testing.T) { t.Parallel(); testStoryEvents(t, newStore(t)) })
	t.Run("Times", func(t *testing.T) { t.Parallel(); testTimes(t, newStore(t)) })
	t.Run("CanceledContext", func(t *testing.T) { t.Parallel(); testCanceledContext(t, newStore(t)) })
}

func testRecords[T any](t *testing.T, newStore func(t *testing.T) trace.Store, k recordKind[T]) {
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

func testCreateGet[T any](t *testing.T, s trace.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh(1)
	require.NoError(t, k.put(ctx, s, r))
	rev := k.revision(r)
	assert.Equal(t, int64(1), rev.Version, "version after create")
	assert.False(t, rev.UpdatedAt.IsZero(), "updated at after create")
	assert.Equal(t, trace.StoreTime(rev.UpdatedAt), rev.UpdatedAt, "updated at in UTC to the microsecond")

	got, err := k.get(ctx, s, r)
	require.NoError(t, err)
	assert.Equal(t, r, got)
}

func testUpdate[T any](t *testing.T, s trace.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh(1)
	require.NoError(t, k.put(ctx, s, r))
	created := k.revision(r).UpdatedAt
	k.modify(r)
	require.NoError(t, k.put(ctx, s, r))
	assert.Equal(t, int64(2), k.revision(r).Version, "version after update")
	assert.False(t, k.revision(r).UpdatedAt.Before(created), "updated at after update")

	got, err := k.get(ctx, s, r)
	require.NoError(t, err)
	assert.Equal(t, r, got)
}

func testCreateExisting[T any](t *testing.T, s trace.Store, k recordKind[T]) {
	ctx := context.Background()
	require.NoError(t, k.put(ctx, s, k.fresh(1)))
	again := k.fresh(1)
	k.modify(again)
	assert.ErrorIs(t, k.put(ctx, s, again), trace.ErrConflict)
	assert.Equal(t, int64(0), k.revision(again).Version, "version of the rejected record")

	got, err := k.get(ctx, s, again)
	require.NoError(t, err)
	want := k.fresh(1)
	*k.revision(want) = *k.revision(got)
	assert.Equal(t, want, got, "record after the rejected create")
}

func testStaleVersion[T any](t *testing.T, s trace.Store, k recordKind[T]) {
	ctx := context.Background()
	first := k.fresh(1)
	require.NoError(t, k.put(ctx, s, first))
	second, err := k.get(ctx, s, first)
	require.NoError(t, err)
	k.modify(first)
	require.NoError(t, k.put(ctx, s, first))
	k.modify(second)
	assert.ErrorIs(t, k.put(ctx, s, second), trace.ErrConflict, "update from a stale read")

	missing := k.fresh(2)
	k.revision(missing).Version = 3
	assert.ErrorIs(t, k.put(ctx, s, missing), trace.ErrNotFound, "update of a missing record")
}

func testNotFound[T any](t *testing.T, s trace.Store, k recordKind[T]) {
	ctx := context.Background()
	_, err := k.get(ctx, s, k.fresh(1))
	assert.ErrorIs(t, err, trace.ErrNotFound)
	assert.ErrorIs(t, k.del(ctx, s, k.fresh(1)), trace.ErrNotFound)
}

func testDelete[T any](t *testing.T, s trace.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh(1)
	require.NoError(t, k.put(ctx, s, r))
	require.NoError(t, k.put(ctx, s, k.fresh(2)))
	require.NoError(t, k.del(ctx, s, r))
	_, err := k.get(ctx, s, r)
	assert.ErrorIs(t, err, trace.ErrNotFound)
	_, err = k.get(ctx, s, k.fresh(2))
	assert.NoError(t, err, "the other record")

	again := k.fresh(1)
	assert.NoError(t, k.put(ctx, s, again), "create after delete")
	assert.Equal(t, int64(1), k.revision(again).Version)
}

func testInvalid[T any](t *testing.T, s trace.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh(1)
	k.invalidate(r)
	var verr *trace.ValidationError
	assert.ErrorAs(t, k.put(ctx, s, r), &verr)
	_, err := k.get(ctx, s, r)
	assert.ErrorIs(t, err, trace.ErrNotFound, "invalid record not stored")
}

func testCopies[T any](t *testing.T, s trace.Store, k recordKind[T]) {
	ctx := context.Background()
	r := k.fresh(1)
	require.NoError(t, k.put(ctx, s, r))
	stored := k.fresh(1)
	*k.revision(stored) = *k.revision(r)
	k.modify(r)
	got, err := k.get(ctx, s, r)
	require.NoError(t, err)
	assert.Equal(t, stored, got, "changing the argument after put")

	k.modify(got)
	again, err := k.get(ctx, s, r)
	require.NoError(t, err)
	assert.Equal(t, stored, again, "changing a returned record")
}

func testPaging[T any](t *testing.T, s trace.Store, k recordKind[T]) {
	ctx := context.Background()
	var want []*T
	for seq := 3; seq >= 0; seq-- {
		r := k.fresh(seq)
		require.NoError(t, k.put(ctx, s, r))
		want = append([]*T{r}, want...)
	}
	all, next, err := k.list(ctx, s, land.Page{})
	require.NoError(t, err)
	assert.Empty(t, next)
	require.Equal(t, want, all, "all records in key order")

	var paged []*T
	page := land.Page{Limit: 3}
	for range 4 {
		got, next, err := k.list(ctx, s, page)
		require.NoError(t, err)
		paged = append(paged, got...)
		if next == "" {
			break
		}
		page.After = next
	}
	assert.Equal(t, want, paged, "records over pages of 3")

	_, _, err = k.list(ctx, s, land.Page{Limit: -1})
	assert.Error(t, err, "negative limit")
}
