//go:build !unix

package topology_test

import "time"

// processCPU returns 0 where getrusage is missing, so no CPU-time rate is
// reported.
func processCPU() time.Duration { return 0 }
