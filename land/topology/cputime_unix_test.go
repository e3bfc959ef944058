//go:build unix

package topology_test

import (
	"syscall"
	"time"
)

// processCPU returns the user plus system CPU time this process has used.
// Benchmarks report rates per CPU second beside the wall-clock rate,
// because other work on a shared machine inflates wall-clock time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
