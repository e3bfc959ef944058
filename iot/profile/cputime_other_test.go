//go:build !unix

package profile_test

import "time"

// processCPUTime returns 0 where getrusage is missing; the benchmarks then
// report no values/cpu-s.
func processCPUTime() time.Duration { return 0 }
