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
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/internal/storetest"
	"github.com/shuxiang/shuxiang/trace"
)

// TestStore runs the conformance tests against stores that newStore returns. It calls
// newStore once per subtest, and each call must return an empty store that is not
// shared with another subtest. Subtests run in parallel, so newStore must be safe to
// call concurrently.
func TestStore(t *testing.T, newStore func(t *testing.T) trace.Store) {
	t.Run("Producer", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, producerKind()) })
	t.Run("Product", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, productKind()) })
	t.Run("Batch", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, batchKind()) })
	t.Run("Animal", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, animalKind()) })
	t.Run("Certificate", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, certificateKind()) })
	t.Run("Report", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, reportKind()) })
	t.Run("Issuance", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, issuanceKind()) })
	t.Run("CodeState", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, codeStateKind()) })
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

// contract is what the checks of package storetest need to know of [trace.Store]. An
// invalid record fails with a *[trace.ValidationError].
var contract = storetest.Contract{
	ErrNotFound: trace.ErrNotFound,
	ErrConflict: trace.ErrConflict,
	StoreTime:   trace.StoreTime,
	CheckInvalid: func(t *testing.T, err error) {
		var verr *trace.ValidationError
		assert.ErrorAs(t, err, &verr)
	},
}
