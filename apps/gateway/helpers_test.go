package main

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"net/url"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/iot/uplink"
)

// childEnv holds the arguments of a gateway child process: a test binary
// started with it set runs gatewayMain instead of the tests.
const childEnv = "SHUXIANG_GATEWAY_CHILD_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(childEnv); args != "" {
		os.Exit(childMain(strings.Fields(args)))
	}
	os.Exit(m.Run())
}

// childMain runs the gateway, with a CPU profile written to the file that
// SHUXIANG_GATEWAY_CPUPROFILE names, if set.
func childMain(args []string) int {
	if path := os.Getenv("SHUXIANG_GATEWAY_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	return gatewayMain(args, os.Stdout, os.Stderr)
}

// brokerURL returns the test broker's URL. When the broker cannot be reached
// the test fails under CI=true and is skipped otherwise.
func brokerURL(t testing.TB) string {
	t.Helper()
	raw := os.Getenv("SHUXIANG_TEST_MQTT_URL")
	if raw == "" {
		raw = "tcp://127.0.0.1:1883"
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("SHUXIANG_TEST_MQTT_URL %q: %v", raw, err)
	}
	c, err := net.DialTimeout("tcp", u.Host, 2*time.Second)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("MQTT broker %s unreachable under CI: %v", raw, err)
		}
		t.Skipf("MQTT broker %s unreachable: %v", raw, err)
	}
	c.Close()
	return raw
}

func uniqueName(prefix string) string {
	var b [4]byte
	rand.Read(b[:])
	return prefix + "-" + hex.EncodeToString(b[:])
}

// proxy forwards loopback TCP connections to the broker. While cut, it
// closes every connection and accepts new ones only to close them, as a
// stopped broker behind a working network does.
type proxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	conns map[net.Conn]bool
	cut   bool
	wg    sync.WaitGroup
}

func startProxy(t testing.TB, brokerURL string) *proxy {
	t.Helper()
	u, _ := url.Parse(brokerURL)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: u.Host, conns: map[net.Conn]bool{}}
	p.wg.Go(p.accept)
	t.Cleanup(p.close)
	return p
}

func (p *proxy) url() string { return "tcp://" + p.ln.Addr().String() }

func (p *proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		cut := p.cut
		p.mu.Unlock()
		if cut {
			c.Close()
			continue
		}
		b, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[b] = true, true
		p.mu.Unlock()
		p.wg.Go(func() { p.pipe(b, c) })
		p.wg.Go(func() { p.pipe(c, b) })
	}
}

func (p *proxy) pipe(dst, src net.Conn) {
	io.Copy(dst, src)
	dst.Close()
	src.Close()
	p.mu.Lock()
	delete(p.conns, dst)
	delete(p.conns, src)
	p.mu.Unlock()
}

func (p *proxy) setCut(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = on
	if on {
		for c := range p.conns {
			c.Close()
		}
	}
}

func (p *proxy) close() {
	p.ln.Close()
	p.setCut(true)
	p.wg.Wait()
}

// collector keeps every queued-kind message received on a filter.
type collector struct {
	mu   sync.Mutex
	msgs []uplink.Message
	bad  int
}

func subscribe(t testing.TB, broker, filter string) *collector {
	t.Helper()
	col := &collector{}
	opts := mqtt.NewClientOptions().AddBroker(broker).SetClientID(uniqueName("gateway-test-sub"))
	c := mqtt.NewClient(opts)
	if tok := c.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("subscriber connect: %v", tok.Error())
	}
	tok := c.Subscribe(filter, 1, func(_ mqtt.Client, m mqtt.Message) {
		if strings.HasSuffix(m.Topic(), "/birth") || strings.HasSuffix(m.Topic(), "/death") {
			return
		}
		msgs, err := uplink.ParseMessages(m.Payload())
		col.mu.Lock()
		defer col.mu.Unlock()
		if err != nil {
			col.bad++
			return
		}
		col.msgs = append(col.msgs, msgs...)
	})
	if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("subscribe %s: %v", filter, tok.Error())
	}
	t.Cleanup(func() { c.Disconnect(100) })
	return col
}

func (c *collector) snapshot() []uplink.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]uplink.Message(nil), c.msgs...)
}

// contiguous returns the highest n such that seqs 1..n all arrived.
func contiguous(msgs []uplink.Message) uint64 {
	seen := map[uint64]bool{}
	for _, m := range msgs {
		seen[m.Seq] = true
	}
	n := uint64(0)
	for seen[n+1] {
		n++
	}
	return n
}

func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
