package ingest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"strconv"
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/apps/county/internal/broker"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

// mosquittoURL returns the URL of the machine's MQTT broker. When it cannot
// be reached the test fails under CI=true and is skipped otherwise.
func mosquittoURL(t testing.TB) string {
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

// embeddedURL starts an embedded broker for the test and returns its URL.
func embeddedURL(t testing.TB) string {
	t.Helper()
	b, err := broker.Start(broker.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b.MQTTURL()
}

// brokers are the brokers every MQTT test runs against.
var brokers = []struct {
	name string
	url  func(testing.TB) string
}{
	{"embedded", embeddedURL},
	{"mosquitto", mosquittoURL},
}

func uniqueName(prefix string) string {
	var b [4]byte
	rand.Read(b[:])
	return prefix + "-" + hex.EncodeToString(b[:])
}

func openSQLite(t testing.TB) *Store {
	t.Helper()
	return openStore(t, sqlstoretest.SQLite(t, "ingest"))
}

func openStore(t testing.TB, db sqlstoretest.Database) *Store {
	t.Helper()
	s, err := OpenStore(context.Background(), db.DB, db.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// batch returns a telemetry payload in the uplink's batch form with n
// messages from seq on, each with one reading of device "<dev>" field
// "flow_total", counting up by 1.5 m³ a minute from ts0 (Unix ms).
func batch(seq uint64, n int, dev string, ts0 int64) []byte {
	b := []byte(`{"seq":`)
	b = strconv.AppendUint(b, seq, 10)
	b = append(b, `,"items":[`...)
	for i := range n {
		s := seq + uint64(i)
		ts := ts0 + int64(s)*60_000
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"seq":`...)
		b = strconv.AppendUint(b, s, 10)
		b = append(b, `,"ts":`...)
		b = strconv.AppendInt(b, ts, 10)
		b = append(b, `,"hist":false,"data":{"device":"`...)
		b = append(b, dev...)
		b = append(b, `","ts":`...)
		b = strconv.AppendInt(b, ts, 10)
		b = append(b, `,"outcome":"ok","values":{"flow_total":`...)
		v := int64(s) * 150 // hundredths of m³
		b = strconv.AppendInt(b, v/100, 10)
		b = append(b, '.')
		if v%100 < 10 {
			b = append(b, '0')
		}
		b = strconv.AppendInt(b, v%100, 10)
		b = append(b, `,"state":"run"}}}`...)
	}
	return append(b, "]}"...)
}

// publisher is a gateway's MQTT client with a clean session.
func publisher(t testing.TB, brokerURL, id string) mqtt.Client {
	t.Helper()
	o := mqtt.NewClientOptions().AddBroker(brokerURL).SetClientID(id).SetCleanSession(true).
		SetAutoReconnect(false).SetConnectTimeout(5 * time.Second).SetMaxResumePubInFlight(100)
	c := mqtt.NewClient(o)
	if tok := c.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("connect publisher to %s: %v", brokerURL, tok.Error())
	}
	t.Cleanup(func() { c.Disconnect(100) })
	return c
}

func mustPublish(t testing.TB, c mqtt.Client, topic string, payload []byte) {
	t.Helper()
	tok := c.Publish(topic, 1, false, payload)
	if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("publish to %s: %v", topic, tok.Error())
	}
}

// eventually waits up to d for cond.
func eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// start runs in until the test ends.
func start(t testing.TB, in *Ingester) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
}
