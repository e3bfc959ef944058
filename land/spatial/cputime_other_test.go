//go:build !unix

package spatial_test

import "time"

// processCPU returns 0 where getrusage is missing, so no CPU-time rate is
// reported.
func processCPU() time.Duration { return 0 }
