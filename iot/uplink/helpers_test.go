package uplink

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/iot/outbox"
)

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

// proxy forwards TCP connections on loopback to the broker, so a test can cut
// the link without touching the broker.
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
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *proxy) url() string { return "tcp://" + p.ln.Addr().String() }

func (p *proxy) accept() {
	defer p.wg.Done()
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
		b, err := net.DialTimeout("tcp", p.target, 2*time.Second)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[b] = true, true
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pipe(c, b)
		go p.pipe(b, c)
	}
}

func (p *proxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// setCut cuts every open connection and rejects new ones while on is true.
func (p *proxy) setCut(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = on
	if on {
		for c := range p.conns {
			c.Close()
			delete(p.conns, c)
		}
	}
}

func (p *proxy) close() {
	p.ln.Close()
	p.setCut(true)
	p.wg.Wait()
}

// received is one message a collector got.
type received struct {
	topic string
	msg   Message
	raw   []byte
}

// collector subscribes straight to the broker and keeps what arrives.
type collector struct {
	client mqtt.Client
	mu     sync.Mutex
	msgs   []received
}

func subscribe(t testing.TB, broker, filter string) *collector {
	t.Helper()
	c := &collector{}
	opts := mqtt.NewClientOptions().AddBroker(broker).SetClientID(uniqueName("collector")).
		SetCleanSession(true).SetAutoReconnect(false).
		SetCustomOpenConnectionFn(func(u *url.URL, _ mqtt.ClientOptions) (net.Conn, error) {
			tcp, err := net.Dial("tcp", u.Host)
			if err != nil {
				return nil, err
			}
			return &quickAckConn{tcp}, nil
		})
	c.client = mqtt.NewClient(opts)
	if tok := c.client.Connect(); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("collector connect: %v", tok.Error())
	}
	tok := c.client.Subscribe(filter, 1, func(_ mqtt.Client, m mqtt.Message) {
		r := received{topic: m.Topic(), raw: m.Payload()}
		c.mu.Lock()
		c.msgs = append(c.msgs, r)
		c.mu.Unlock()
	})
	if !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("collector subscribe: %v", tok.Error())
	}
	t.Cleanup(func() { c.client.Disconnect(100) })
	return c
}

func (c *collector) snapshot() []received {
	c.mu.Lock()
	raw := append([]received(nil), c.msgs...)
	c.mu.Unlock()
	var out []received
	for _, r := range raw {
		msgs, err := ParseMessages(r.raw)
		if err != nil || strings.HasSuffix(r.topic, "/birth") || strings.HasSuffix(r.topic, "/death") {
			out = append(out, r)
			continue
		}
		for _, m := range msgs {
			out = append(out, received{topic: r.topic, msg: m, raw: r.raw})
		}
	}
	return out
}

// onTopic returns the messages received on topic.
func (c *collector) onTopic(topic string) []received {
	var out []received
	for _, r := range c.snapshot() {
		if r.topic == topic {
			out = append(out, r)
		}
	}
	return out
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// distinctSeqs returns how many different sequence numbers arrived and how
// many arrivals repeated one.
func distinctSeqs(msgs []received) (distinct, repeats int) {
	seen := map[uint64]bool{}
	for _, r := range msgs {
		if seen[r.msg.Seq] {
			repeats++
			continue
		}
		seen[r.msg.Seq] = true
	}
	return len(seen), repeats
}

// runUplink starts u.Run and returns a function that stops it and waits.
func runUplink(t testing.TB, u *Uplink) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- u.Run(ctx) }()
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

func openBox(t testing.TB, dir string) *outbox.Outbox {
	t.Helper()
	o, err := outbox.Open(dir, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

func enqueueReadings(t testing.TB, o *outbox.Outbox, n int) {
	t.Helper()
	const batch = 500
	recs := make([][]byte, 0, batch)
	for i := 0; i < n; i++ {
		rec, err := AppendRecord(nil, Telemetry, []byte(`{"dev":"ws-01","air_temp":2315}`))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
		if len(recs) == batch || i == n-1 {
			if _, err := o.AppendBatch(context.Background(), recs); err != nil {
				t.Fatal(err)
			}
			recs = recs[:0]
		}
	}
}

// quickAckConn keeps the collector's ACKs immediate, so Mosquitto's Nagle
// delay does not slow its deliveries.
type quickAckConn struct{ net.Conn }

func (c *quickAckConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	quickAck(c.Conn)
	return n, err
}
