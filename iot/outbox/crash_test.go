package outbox

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"
)

// crashDirEnv names the outbox directory when the test binary runs as the
// crash child of TestCrashKeepsReturnedAppends.
const crashDirEnv = "SHUXIANG_OUTBOX_CRASH_DIR"

// TestMain lets the test binary act as the child process that appends until
// it is killed, or as a second process that opens a directory in use.
func TestMain(m *testing.M) {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		crashChild(dir)
		return
	}
	if dir := os.Getenv(lockDirEnv); dir != "" {
		lockChild(dir)
		return
	}
	os.Exit(m.Run())
}

// crashChild appends from several goroutines and prints the sequence number
// of every Append that returned, until it is killed.
func crashChild(dir string) {
	o, err := Open(dir, Options{SegmentBytes: 64 << 10, MaxBytes: 1 << 30})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	for g := range 4 {
		go func() {
			for i := 0; ; i++ {
				seq, err := o.Append(context.Background(), fmt.Appendf(nil, "g%d-%d", g, i))
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				mu.Lock()
				fmt.Fprintf(out, "%d g%d-%d\n", seq, g, i)
				out.Flush()
				mu.Unlock()
			}
		}()
	}
	select {}
}

// TestCrashKeepsReturnedAppends runs the test binary as a child that appends,
// kills it with SIGKILL, and checks that every record whose Append returned
// is on disk with its payload, in order.
func TestCrashKeepsReturnedAppends(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	for round := range 3 {
		acked := runCrashChild(t, dir, 300+round*200)

		o, err := Open(dir, Options{SegmentBytes: 64 << 10, MaxBytes: 1 << 30})
		if err != nil {
			t.Fatalf("round %d: Open after SIGKILL: %v", round, err)
		}
		found := map[uint64]string{}
		prev := uint64(0)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		for uint64(len(found)) < o.Stats().Depth {
			rec, err := o.Next(ctx)
			if err != nil {
				t.Fatalf("round %d: Next: %v", round, err)
			}
			if rec.Seq <= prev {
				t.Fatalf("round %d: seq %d after %d", round, rec.Seq, prev)
			}
			if !rec.Historical {
				t.Fatalf("round %d: recovered record %d not marked historical", round, rec.Seq)
			}
			prev = rec.Seq
			found[rec.Seq] = string(rec.Payload)
		}
		cancel()
		for seq, payload := range acked {
			if got, ok := found[seq]; !ok || got != payload {
				t.Fatalf("round %d: returned append %d (%q) is %q after SIGKILL, present=%v",
					round, seq, payload, got, ok)
			}
		}
		o.Close()
		t.Logf("round %d: %d appends returned, %d records on disk", round, len(acked), len(found))
	}
}

// runCrashChild starts the child, waits until it reported n returned appends,
// kills it and returns the reported sequence numbers with their payloads.
func runCrashChild(t *testing.T, dir string, n int) map[uint64]string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[uint64]string{}
	sc := bufio.NewScanner(stdout)
	for len(acked) < n && sc.Scan() {
		var payload string
		var seq uint64
		if _, err := fmt.Sscan(sc.Text(), &seq, &payload); err != nil {
			t.Fatalf("child output %q: %v", sc.Text(), err)
		}
		acked[seq] = payload
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Lines printed before the kill landed also count.
	for sc.Scan() {
		var seq uint64
		var payload string
		if _, err := fmt.Sscan(sc.Text(), &seq, &payload); err == nil {
			acked[seq] = payload
		}
	}
	cmd.Wait()
	if len(acked) < n {
		t.Fatalf("child reported %d appends, want %d", len(acked), n)
	}
	return acked
}
