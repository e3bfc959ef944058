package centre

import (
	"fmt"
	"os"
	"syscall"
	"testing"
)

// raiseFileLimit raises the soft limit of open files of the test process to
// at least n. It also tries the hard limit, which only a process with
// CAP_SYS_RESOURCE may raise. When n cannot be had, it skips the test, or
// fails it when CI is "true". A loopback connection whose two ends are in
// one process costs two files.
func raiseFileLimit(t testing.TB, n uint64) {
	t.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatalf("get open-file limit: %v", err)
	}
	if lim.Cur >= n {
		return
	}
	want := lim
	want.Cur = n
	if want.Max < n {
		want.Max = n
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err != nil {
		want.Cur, want.Max = lim.Max, lim.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want)
		if lim.Max < n {
			msg := fmt.Sprintf("open-file limit %d, hard limit %d: want %d", lim.Cur, lim.Max, n)
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
}
