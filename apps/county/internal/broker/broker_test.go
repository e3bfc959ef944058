package broker

import (
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"
)

func connect(t *testing.T, url, id string, clean bool, onMsg mqtt.MessageHandler) mqtt.Client {
	t.Helper()
	o := mqtt.NewClientOptions().AddBroker(url).SetClientID(id).SetCleanSession(clean).
		SetAutoReconnect(false).SetConnectTimeout(5 * time.Second)
	if onMsg != nil {
		o.SetDefaultPublishHandler(onMsg)
	}
	c := mqtt.NewClient(o)
	if tok := c.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("connect %s to %s: %v", id, url, tok.Error())
	}
	return c
}

func wait(t *testing.T, tok mqtt.Token, what string) {
	t.Helper()
	if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("%s: %v", what, tok.Error())
	}
}

// TestPersistentSessionAcrossRestart checks that a QoS 1 message published
// while a persistent subscriber is away, and while the broker restarts on the
// same folder, reaches the subscriber when it comes back.
func TestPersistentSessionAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	b, err := Start(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 4)
	handler := func(_ mqtt.Client, m mqtt.Message) { got <- string(m.Payload()) }

	sub := connect(t, b.MQTTURL(), "county-test", false, handler)
	wait(t, sub.Subscribe("shuxiang/v1/+/+/telemetry", 1, nil), "subscribe")
	sub.Disconnect(100)

	pub := connect(t, b.MQTTURL(), "gw-test", true, nil)
	wait(t, pub.Publish("shuxiang/v1/g1/gw1/telemetry", 1, false, "while away"), "publish")
	pub.Disconnect(100)
	url := b.MQTTURL()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}

	b, err = Start(Config{Dir: dir, MQTTPort: portOf(t, url)})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	sub = connect(t, b.MQTTURL(), "county-test", false, handler)
	defer sub.Disconnect(100)
	select {
	case m := <-got:
		if m != "while away" {
			t.Fatalf("got %q, want %q", m, "while away")
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the message published while the subscriber was away never came")
	}
}

func portOf(t *testing.T, url string) int {
	t.Helper()
	var p int
	for i := len(url) - 1; i >= 0; i-- {
		if url[i] == ':' {
			for _, c := range url[i+1:] {
				p = p*10 + int(c-'0')
			}
			return p
		}
	}
	t.Fatalf("no port in %q", url)
	return 0
}

func TestStartRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no folder", Config{}},
		{"port out of range", Config{Dir: t.TempDir(), MQTTPort: 70000}},
		{"password without user", Config{Dir: t.TempDir(), Password: "x"}},
		{"ack pending too large", Config{Dir: t.TempDir(), MaxAckPending: 70000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if b, err := Start(tt.cfg); err == nil {
				b.Close()
				t.Fatal("Start accepted the configuration")
			}
		})
	}
}
