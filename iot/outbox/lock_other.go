//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package outbox

import "os"

// lockFile does nothing on this system: the directory is not locked, and
// keeping to one Outbox per directory is up to the caller.
func lockFile(f *os.File) error { return nil }
