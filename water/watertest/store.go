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
	"testing"

	"github.com/shuxiang/shuxiang/internal/storetest"
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

// contract is what the checks of package storetest need to know of [water.Store].
var contract = storetest.Contract{
	ErrNotFound: water.ErrNotFound,
	ErrConflict: water.ErrConflict,
	StoreTime:   water.StoreTime,
	RejectsNil:  true,
}

// testRecords runs the checks of package storetest on k, comparing records with
// assertRecord.
func testRecords[T any](t *testing.T, newStore func(t *testing.T) water.Store, k storetest.Kind[water.Store, T]) {
	k.Equal = func(t *testing.T, want, got *T, msgAndArgs ...any) {
		t.Helper()
		assertRecord(t, want, got, msgAndArgs...)
	}
	storetest.TestRecords(t, newStore, contract, k)
}
