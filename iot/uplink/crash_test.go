package uplink

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

	"github.com/shuxiang/shuxiang/iot/outbox"
)

// Environment of the gateway child process of TestOutageWithSIGKILL.
const (
	childDirEnv    = "SHUXIANG_UPLINK_CHILD_DIR"
	childBrokerEnv = "SHUXIANG_UPLINK_CHILD_BROKER"
	childGroupEnv  = "SHUXIANG_UPLINK_CHILD_GROUP"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(childDirEnv); dir != "" {
		gatewayChild(dir, os.Getenv(childBrokerEnv), os.Getenv(childGroupEnv))
		return
	}
	os.Exit(m.Run())
}

// gatewayChild acts as a gateway: it enqueues a reading every 5 ms, prints
// the sequence number of each enqueue that returned, and drains the outbox
// through an uplink until it is killed.
func gatewayChild(dir, broker, group string) {
	box, err := outbox.Open(dir, outbox.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	u, err := New(box, Config{Broker: broker, Group: group, Gateway: "gw-01",
		ReconnectMin: 50 * time.Millisecond, ReconnectMax: 200 * time.Millisecond})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	go u.Run(context.Background())
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		body := fmt.Appendf(nil, `{"dev":"ws-01","n":%d}`, i)
		seq, err := Enqueue(context.Background(), box, Telemetry, body)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Fprintln(out, seq)
		out.Flush()
		time.Sleep(5 * time.Millisecond)
	}
}

// gateway is a running gateway child process.
type gateway struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	seqs []uint64 // sequence numbers whose Enqueue returned
	done chan struct{}
}

func startGateway(t *testing.T, dir, broker, group string) *gateway {
	t.Helper()
	g := &gateway{done: make(chan struct{})}
	g.cmd = exec.Command(os.Args[0], "-test.run=^$")
	g.cmd.Env = append(os.Environ(), childDirEnv+"="+dir, childBrokerEnv+"="+broker,
		childGroupEnv+"="+group)
	g.cmd.Stderr = os.Stderr
	stdout, err := g.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(g.done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var seq uint64
			if _, err := fmt.Sscan(sc.Text(), &seq); err == nil {
				g.mu.Lock()
				g.seqs = append(g.seqs, seq)
				g.mu.Unlock()
			}
		}
	}()
	t.Cleanup(g.kill)
	return g
}

func (g *gateway) enqueued() []uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]uint64(nil), g.seqs...)
}

// waitEnqueued waits until the child has reported n more enqueues than now.
func (g *gateway) waitEnqueued(t *testing.T, n int) {
	t.Helper()
	target := len(g.enqueued()) + n
	waitFor(t, 30*time.Second, "enqueues", func() bool { return len(g.enqueued()) >= target })
}

func (g *gateway) kill() {
	g.cmd.Process.Signal(syscall.SIGKILL)
	<-g.done
	g.cmd.Wait()
}

// TestOutageWithSIGKILL runs a gateway child process that enqueues and
// drains, cuts the link to the broker, kills the gateway with SIGKILL during
// the outage, starts it again and restores the link. Every reading whose
// enqueue returned must arrive, first arrivals in sequence order, and the
// readings the killed process had queued must arrive marked historical.
func TestOutageWithSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	broker := brokerURL(t)
	px := startProxy(t, broker)
	dir := t.TempDir()
	group := uniqueName("test")
	topics, _ := TopicsFor(group, "gw-01")
	col := subscribe(t, broker, topics.Telemetry)

	first := startGateway(t, dir, px.url(), group)
	first.waitEnqueued(t, 100)
	px.setCut(true)
	first.waitEnqueued(t, 100)
	first.kill()
	before := first.enqueued()
	time.Sleep(200 * time.Millisecond) // let messages from before the cut reach the collector
	var lastDelivered uint64
	for _, r := range col.onTopic(topics.Telemetry) {
		lastDelivered = max(lastDelivered, r.msg.Seq)
	}

	second := startGateway(t, dir, px.url(), group)
	second.waitEnqueued(t, 100)
	px.setCut(false)
	second.waitEnqueued(t, 100)

	all := append(before, second.enqueued()...)
	waitFor(t, 60*time.Second, "every enqueued reading", func() bool {
		got := map[uint64]bool{}
		for _, r := range col.onTopic(topics.Telemetry) {
			got[r.msg.Seq] = true
		}
		for _, seq := range all {
			if !got[seq] {
				return false
			}
		}
		return true
	})
	second.kill()

	msgs := col.onTopic(topics.Telemetry)
	repeats := checkInOrderOnce(t, msgs, int(all[len(all)-1]))
	hist := map[uint64]bool{}
	for _, r := range msgs {
		hist[r.msg.Seq] = r.msg.Historical
	}
	for _, seq := range before {
		if seq > lastDelivered && !hist[seq] {
			t.Errorf("seq %d queued by the killed process arrived without hist", seq)
		}
	}
	t.Logf("%d readings enqueued (%d by the killed process), seq %d the last delivered "+
		"before the cut, %d repeats", len(all), len(before), lastDelivered, repeats)
}
