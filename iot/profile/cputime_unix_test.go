//go:build unix

package profile_test

import (
	"syscall"
	"time"
)

// processCPUTime returns the user and system CPU time of this process, so
// that a benchmark on a shared machine can report throughput per CPU
// second as well as per wall-clock second.
func processCPUTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
