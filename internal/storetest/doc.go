// Package storetest holds the checks that the conformance kits of the Store
// interfaces of this module share: land/landtest, water/watertest and
// trace/tracetest. They cover versioned creates and updates, not-found and
// conflict errors, copies in and out, paging, filter tables and concurrent
// writers, generic over the store and the record type.
//
// A kit describes each record kind with a [Kind] and the sentinel errors and
// rules of its Store interface with a [Contract], and runs [TestRecords] for
// each kind. The package imports testify, so only tests and kits import it.
package storetest
