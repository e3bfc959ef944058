package water

import "errors"

// ErrNotFound is wrapped by a [Store] when no record has the requested key, and by
// [ReportIndex.Report] when a query names a group the register lacks.
var ErrNotFound = errors.New("water: not found")

// ErrConflict is wrapped by a [Store] when a write does not match the stored state: a
// create of a key that exists, or an update whose Version is not the stored version.
var ErrConflict = errors.New("water: conflict")
