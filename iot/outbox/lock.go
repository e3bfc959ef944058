package outbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// lockName is the file in the outbox directory that an open [Outbox] holds
// an advisory lock on. It contains the process id of the last process that
// took the lock.
const lockName = "LOCK"

// ErrLocked is wrapped by the error of [Open] when another [Outbox], in this
// process or another one, has the directory open.
var ErrLocked = errors.New("outbox: directory in use")

// errWouldBlock is returned by lockFile when another open file holds the lock.
var errWouldBlock = errors.New("lock held")

// lockDir takes the advisory lock of the outbox directory dir and records
// the process id in the lock file. Closing the returned file releases the
// lock, as does the end of the process.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("outbox: open lock file: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, fmt.Errorf("%w: %s is open in another Outbox%s: stop that process "+
				"or give this one another directory", ErrLocked, dir, lockHolder(path))
		}
		return nil, fmt.Errorf("outbox: lock %s: %w", path, err)
	}

	// The process id only makes the error above more useful, so a failed
	// write leaves the lock in force.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// lockHolder returns " (pid N)" with the process id recorded in the lock
// file, or "" when none is recorded.
func lockHolder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return ""
	}
	return fmt.Sprintf(" (pid %d)", pid)
}
