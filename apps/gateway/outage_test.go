package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/outbox"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

// outageConfig is a one-device simulated gateway polled at 1 Hz.
const outageConfig = `
group: %s
gateway: gw-outage
simulate: true
log: {level: info}
uplink:
  broker: %s
  reconnect_min: 200ms
  reconnect_max: 1s
  keep_alive: 2s
  ack_timeout: 5s
outbox:
  dir: outbox
poll:
  interval: 1s
  timeout: 500ms
devices:
  - id: weather-1
    profile: weather-station
    transport: tcp
    address: 127.0.0.1:5020
    unit: 1
    sim: {air_temperature: "21.5", air_humidity: "40"}
`

// lockedBuffer lets the child's output be read while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func startChild(t *testing.T, configPath string, out *lockedBuffer) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=-config "+configPath)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	})
	return cmd
}

// TestOutageWithSIGKILL polls at 1 Hz while the broker is unreachable for
// 60 s, kills the gateway with SIGKILL 20 s into the outage and starts it
// again. After the broker returns, every sequence number must arrive, first
// arrivals in order, with the queued ones marked historical after the
// restart. It takes about 70 s, so -short skips it.
func TestOutageWithSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("the outage test takes about 70 s; run it without -short")
	}
	broker := brokerURL(t)
	px := startProxy(t, broker)
	dir := t.TempDir()
	group := uniqueName("outage")
	configPath := filepath.Join(dir, "gateway.yaml")
	if err := os.WriteFile(configPath, fmt.Appendf(nil, outageConfig, group, px.url()), 0o600); err != nil {
		t.Fatal(err)
	}
	topics, err := uplink.TopicsFor(group, "gw-outage")
	if err != nil {
		t.Fatal(err)
	}
	col := subscribe(t, broker, topics.Base+"/#")
	var out lockedBuffer
	defer func() {
		if t.Failed() {
			out.mu.Lock()
			t.Logf("gateway output:\n%s", out.b.String())
			out.mu.Unlock()
		}
	}()

	first := startChild(t, configPath, &out)
	waitFor(t, 20*time.Second, "three messages before the outage", func() bool {
		return contiguous(col.snapshot()) >= 3
	})

	px.setCut(true)
	before := contiguous(col.snapshot())
	time.Sleep(20 * time.Second)
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	second := startChild(t, configPath, &out)
	time.Sleep(40 * time.Second)
	px.setCut(false)

	// About 58 polls ran during the outage; wait for them all.
	waitFor(t, 30*time.Second, "the readings queued during the outage", func() bool {
		return contiguous(col.snapshot()) >= before+50
	})
	second.Process.Signal(syscall.SIGTERM)
	if err := second.Wait(); err != nil {
		t.Errorf("gateway after SIGTERM: %v, want exit status 0", err)
	}
	time.Sleep(500 * time.Millisecond) // let the last PUBACKed messages reach the subscriber
	msgs := col.snapshot()
	checkExactlyOnceInOrder(t, msgs, pendingSeqs(t, filepath.Join(dir, "outbox")))

	hist := 0
	for _, m := range msgs {
		if m.Historical {
			hist++
		}
	}
	if hist == 0 {
		t.Error("no message marked historical, want the ones queued before the restart")
	}
}

// pendingSeqs returns the sequence numbers still queued in the outbox dir.
func pendingSeqs(t *testing.T, dir string) []uint64 {
	t.Helper()
	box, err := outbox.Open(dir, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	var seqs []uint64
	for {
		rec, ok, err := box.TryNext()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return seqs
		}
		seqs = append(seqs, rec.Seq)
	}
}

// checkExactlyOnceInOrder checks that, once duplicates are dropped by seq,
// the received messages and the ones still queued cover every seq from 1 to
// the highest, and that first arrivals came in increasing order.
func checkExactlyOnceInOrder(t *testing.T, msgs []uplink.Message, pending []uint64) {
	t.Helper()
	seen := map[uint64]bool{}
	var last, repeats uint64
	for _, m := range msgs {
		if seen[m.Seq] {
			repeats++
			continue
		}
		seen[m.Seq] = true
		if m.Seq < last {
			t.Errorf("seq %d first arrived after seq %d", m.Seq, last)
		}
		last = max(last, m.Seq)
	}
	for _, s := range pending {
		seen[s] = true
		last = max(last, s)
	}
	missing := 0
	for s := uint64(1); s <= last; s++ {
		if !seen[s] {
			missing++
			if missing <= 10 {
				t.Errorf("seq %d never arrived and is not queued", s)
			}
		}
	}
	t.Logf("%d distinct seqs up to %d, %d repeats dropped, %d still queued, %d missing",
		len(seen), last, repeats, len(pending), missing)
}
