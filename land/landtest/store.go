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
	"testing"

	"github.com/shuxiang/shuxiang/internal/storetest"
	"github.com/shuxiang/shuxiang/land"
)

// TestStore runs the conformance tests against stores that newStore returns. It calls
// newStore once per subtest, and each call must return an empty store that is not shared
// with another subtest. Subtests run in parallel, so newStore must be safe to call
// concurrently.
func TestStore(t *testing.T, newStore func(t *testing.T) land.Store) {
	t.Run("Plot", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, plotKind()) })
	t.Run("Issuer", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, issuerKind()) })
	t.Run("Contractor", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, contractorKind()) })
	t.Run("Contract", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, contractKind()) })
	t.Run("Transfer", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, transferKind()) })
	t.Run("Planting", func(t *testing.T) { storetest.TestRecords(t, newStore, contract, plantingKind()) })
	t.Run("PlotGeometry", func(t *testing.T) { testPlotGeometry(t, newStore) })
	t.Run("PlotFilter", func(t *testing.T) { testPlotFilter(t, newStore) })
	t.Run("IssuerFilter", func(t *testing.T) { testIssuerFilter(t, newStore) })
	t.Run("ContractorFilter", func(t *testing.T) { testContractorFilter(t, newStore) })
	t.Run("ContractFilter", func(t *testing.T) { testContractFilter(t, newStore) })
	t.Run("TransferFilter", func(t *testing.T) { testTransferFilter(t, newStore) })
	t.Run("PlantingFilter", func(t *testing.T) { testPlantingFilter(t, newStore) })
	t.Run("ConcurrentCreate", func(t *testing.T) {
		t.Parallel()
		storetest.ConcurrentCreate(t, contract, newStore(t), plotKind())
	})
	t.Run("ConcurrentUpdate", func(t *testing.T) {
		t.Parallel()
		storetest.ConcurrentUpdate(t, contract, newStore(t), plotKind())
	})
}

// contract is what the checks of package storetest need to know of [land.Store].
var contract = storetest.Contract{ErrNotFound: land.ErrNotFound, ErrConflict: land.ErrConflict}
