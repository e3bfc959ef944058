package outbox

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// lockDirEnv names the outbox directory when the test binary runs as the
// second process of TestLockOtherProcess.
const lockDirEnv = "SHUXIANG_OUTBOX_LOCK_DIR"

// lockChild opens dir and prints the error of Open, or "opened".
func lockChild(dir string) {
	o, err := Open(dir, Options{})
	if err != nil {
		fmt.Println(err)
		os.Exit(0)
	}
	o.Close()
	fmt.Println("opened")
}

func skipWithoutLocks(t *testing.T) {
	t.Helper()
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd", "netbsd", "openbsd", "dragonfly":
	default:
		t.Skipf("no directory lock on %s", runtime.GOOS)
	}
}

func TestLockOtherProcess(t *testing.T) {
	skipWithoutLocks(t)
	dir := t.TempDir()
	o := openTest(t, dir, Options{})

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), lockDirEnv+"="+dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	msg := strings.TrimSpace(string(out))
	for _, want := range []string{dir, fmt.Sprintf("pid %d", os.Getpid())} {
		if !strings.Contains(msg, want) {
			t.Errorf("second process Open = %q, want it to name %q", msg, want)
		}
	}

	o.Close()
	cmd = exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), lockDirEnv+"="+dir)
	if out, err = cmd.Output(); err != nil || strings.TrimSpace(string(out)) != "opened" {
		t.Errorf("second process Open after Close = %q, %v; want opened", out, err)
	}
}

func TestLockSameProcess(t *testing.T) {
	skipWithoutLocks(t)
	dir := t.TempDir()
	o, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Errorf("second Open = %v, want ErrLocked", err)
	}
	o.Close()
	o, err = Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	o.Close()
}
