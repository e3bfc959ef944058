package poll

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/health"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
	"github.com/shuxiang/shuxiang/iot/profile"
)

func loadProgram(t testing.TB) *profile.Program {
	t.Helper()
	f, err := os.Open("testdata/probe.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := p.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// probeTable returns registers of the test probe: 21.5 °C, 33.3 % moisture,
// 70000 uS/cm and the pump on.
func probeTable() *modbussim.Table {
	var tb modbussim.Table
	tb.SetHolding(0, 215, 333)
	tb.SetInput(10, 1, 70000-65536)
	tb.SetCoils(0, true)
	return &tb
}

func startSim(t testing.TB, mode modbussim.Mode, devices ...*modbussim.Device) *modbussim.Server {
	t.Helper()
	s := modbussim.New(mode, devices...)
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// collector is a Sink that copies what the tests check.
type collector struct {
	mu       sync.Mutex
	readings map[string][]copied
	events   []health.Event
}

type copied struct {
	outcome  health.Outcome
	values   []profile.Value
	attempts int
	requests int
	err      error
}

func newCollector() *collector { return &collector{readings: map[string][]copied{}} }

func (c *collector) Reading(r *Reading) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.readings[r.Device] = append(c.readings[r.Device], copied{
		outcome:  r.Outcome,
		values:   append([]profile.Value(nil), r.Values...),
		attempts: r.Attempts,
		requests: r.Requests,
		err:      r.Err,
	})
	c.events = append(c.events, r.Events...)
}

func (c *collector) count(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.readings[id])
}

func (c *collector) first(id string) copied {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.readings[id][0]
}

// run starts s and returns a function that stops it and waits for Run.
func run(t testing.TB, s *Scheduler) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
