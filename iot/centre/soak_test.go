package centre

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/shuxiang/shuxiang/iot/sl651"
)

// TestSoakTenThousandDTUs holds 10,000 DTU connections on loopback, each
// sending a timed report every second, and logs the readings delivered per
// second, the CPU time of the server process and of the DTUs, and the
// server's memory. It runs only with SHUXIANG_SOAK=1; SHUXIANG_SOAK_SECONDS
// sets the measured time, 30 s by default. The DTUs run in a child process
// (this test binary again, running TestSoakDTUProcess) so that each process
// needs about 10,100 open files rather than 20,100, under a hard limit that
// an unprivileged process cannot raise.
func TestSoakTenThousandDTUs(t *testing.T) {
	if os.Getenv("SHUXIANG_SOAK") != "1" {
		t.Skip("set SHUXIANG_SOAK=1 to run the soak test")
	}
	dtus := 10000
	if s := os.Getenv("SHUXIANG_SOAK_DTUS"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err)
		dtus = n
	}
	seconds := soakSeconds(t)
	raiseFileLimit(t, uint64(dtus)+512)

	var delivered atomic.Uint64
	h := HandlerFunc(func(_ context.Context, e *Event) {
		if e.Kind == Message {
			delivered.Add(1)
		}
	})
	before := memoryNow()
	srv, addr := startServer(t, Config{Handler: h})
	child, stop := startDTUProcess(t, addr, dtus)
	require.Eventually(t, func() bool { return srv.Stats().Stations == int64(dtus) },
		2*time.Minute, 100*time.Millisecond, "stations online: %+v", srv.Stats())
	time.Sleep(2 * time.Second)

	t0, cpu0, n0 := time.Now(), cpuTime(t), delivered.Load()
	last := n0
	for range seconds {
		time.Sleep(time.Second)
		now := delivered.Load()
		t.Logf("delivered %d readings in the last second", now-last)
		last = now
	}
	elapsed, cpu, n := time.Since(t0), cpuTime(t)-cpu0, delivered.Load()-n0
	after := memoryNow()
	st := srv.Stats()
	stop()
	require.NoError(t, child.Wait())

	rate := float64(n) / elapsed.Seconds()
	childCPU := child.ProcessState.UserTime() + child.ProcessState.SystemTime()
	t.Logf("connections %d open, %d stations", st.Open, st.Stations)
	t.Logf("delivered %d readings in %.1f s: %.0f readings/s", n, elapsed.Seconds(), rate)
	t.Logf("server CPU %.1f s in %.1f s (%.0f%% of one core, %d cores); DTU process %.1f s in all",
		cpu.Seconds(), elapsed.Seconds(), 100*cpu.Seconds()/elapsed.Seconds(),
		runtime.NumCPU(), childCPU.Seconds())
	t.Logf("server heap in use %d MiB, Go runtime total %d MiB, RSS %d MiB (before %d MiB)",
		after.heap>>20, after.sys>>20, after.rss>>20, before.rss>>20)
	t.Logf("per connection: %.1f KiB RSS", float64(after.rss-before.rss)/float64(dtus)/1024)
	t.Logf("rejects %+v, throttled %d, framer skipped %d bytes", st.Rejects, st.Throttled,
		st.Framer.Skipped())
	assert.Equal(t, int64(dtus), st.Stations)
	assert.Greater(t, rate, 0.9*float64(dtus))
}

// TestSoakDTUProcess is the DTU side of TestSoakTenThousandDTUs, run in a
// child process. It sends until its standard input closes.
func TestSoakDTUProcess(t *testing.T) {
	addr := os.Getenv("SHUXIANG_SOAK_DTU_ADDR")
	if addr == "" {
		t.Skip("runs as the child process of TestSoakTenThousandDTUs")
	}
	dtus, err := strconv.Atoi(os.Getenv("SHUXIANG_SOAK_DTUS"))
	require.NoError(t, err)
	raiseFileLimit(t, uint64(dtus)+512)

	ctx, cancel := context.WithCancel(context.Background())
	conns := dialAll(t, addr, dtus)
	start := time.Now().Truncate(time.Second).Add(time.Second)
	var wg sync.WaitGroup
	for i, conn := range conns {
		wg.Go(func() { soakDTU(ctx, t, conn, i+1, start, dtus) })
	}
	_, _ = io.Copy(io.Discard, os.Stdin)
	cancel()
	wg.Wait()
}

// startDTUProcess runs TestSoakDTUProcess in a child process with n DTUs
// dialling addr. stop closes the child's standard input to end it.
func startDTUProcess(t *testing.T, addr string, n int) (*exec.Cmd, func()) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestSoakDTUProcess$")
	cmd.Env = append(os.Environ(), "SHUXIANG_SOAK_DTU_ADDR="+addr,
		"SHUXIANG_SOAK_DTUS="+strconv.Itoa(n))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	return cmd, func() { stdin.Close() }
}

func soakSeconds(t *testing.T) int {
	s := os.Getenv("SHUXIANG_SOAK_SECONDS")
	if s == "" {
		return 30
	}
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

// dialAll opens n connections to addr, 100 at a time, so that the listen
// backlog does not overflow.
func dialAll(t *testing.T, addr string, n int) []net.Conn {
	conns := make([]net.Conn, n)
	var g errgroup.Group
	g.SetLimit(100)
	for i := range conns {
		g.Go(func() error {
			c, err := net.Dial("tcp", addr)
			conns[i] = c
			return err
		})
	}
	require.NoError(t, g.Wait())
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	return conns
}

// soakDTU sends a timed report of station n every second from start, at a
// phase spread over the second, with the serial number counting up. It
// patches the serial and CRC of one encoded frame instead of encoding each
// report, so the simulated DTUs cost little CPU.
func soakDTU(ctx context.Context, t *testing.T, conn net.Conn, n int, start time.Time, dtus int) {
	b := timedReport(t, stationAddress(n), 1, observed, int64(n))
	go discardAcks(conn)
	next := start.Add(time.Duration(n) * time.Second / time.Duration(dtus))
	for serial := uint16(1); ; serial++ {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(next)):
		}
		binary.BigEndian.PutUint16(b[14:], serial)
		binary.BigEndian.PutUint16(b[len(b)-2:], sl651.CRC(b[:len(b)-2]))
		if _, err := conn.Write(b); err != nil {
			return
		}
		next = next.Add(time.Second)
	}
}

// discardAcks reads and drops the confirmations, as a DTU would read them.
func discardAcks(conn net.Conn) {
	buf := make([]byte, 512)
	for {
		if _, err := conn.Read(buf); err != nil {
			return
		}
	}
}

func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	require.NoError(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type memory struct{ heap, sys, rss uint64 }

func memoryNow() memory {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m := memory{heap: ms.HeapInuse, sys: ms.Sys}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return m
	}
	for line := range bytes.Lines(status) {
		if v, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			kb, _ := strconv.ParseUint(string(bytes.TrimSpace(bytes.TrimSuffix(
				bytes.TrimSpace(v), []byte("kB")))), 10, 64)
			m.rss = kb << 10
		}
	}
	return m
}
