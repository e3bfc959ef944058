package broker

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"
)

// testAuth admits the gateway "g.gw1" with secret "s1" to its own topics
// and the server's ingest "ingest" with secret "si" to every topic under
// shuxiang/v1, and records the client ids it receives.
type testAuth struct {
	mu  sync.Mutex
	ids []string
}

func (a *testAuth) authenticate(_ context.Context, c Client) (Grant, error) {
	a.mu.Lock()
	a.ids = append(a.ids, c.ID)
	a.mu.Unlock()
	switch {
	case c.Username == "g.gw1" && c.Password == "s1":
		base := "shuxiang/v1/g/gw1/"
		return Grant{Publish: []string{base + "telemetry", base + "birth"}, Subscribe: []string{base + "command/#"}}, nil
	case c.Username == "ingest" && c.Password == "si" && c.ID == "county-ingest":
		return Grant{Subscribe: []string{"shuxiang/v1/#"}}, nil
	}
	return Grant{}, errors.New("invalid credentials")
}

func connectAs(url, id, user, password string, clean bool, onMsg mqtt.MessageHandler) (mqtt.Client, error) {
	o := mqtt.NewClientOptions().AddBroker(url).SetClientID(id).SetCleanSession(clean).
		SetAutoReconnect(false).SetConnectTimeout(5 * time.Second)
	if user != "" {
		o.SetUsername(user).SetPassword(password)
	}
	if onMsg != nil {
		o.SetDefaultPublishHandler(onMsg)
	}
	c := mqtt.NewClient(o)
	tok := c.Connect()
	if !tok.WaitTimeout(10 * time.Second) {
		return nil, errors.New("connect timed out")
	}
	return c, tok.Error()
}

func startWithAuth(t *testing.T) (*Broker, *testAuth) {
	t.Helper()
	a := &testAuth{}
	b, err := Start(Config{Dir: t.TempDir(), Authenticate: a.authenticate})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b, a
}

func TestAuthenticateRejects(t *testing.T) {
	b, a := startWithAuth(t)
	tests := []struct {
		name, id, user, password string
	}{
		{"no credentials", "anon", "", ""},
		{"wrong secret", "shuxiang-g-gw1", "g.gw1", "wrong"},
		{"unknown user", "x", "nobody", "s1"},
		{"ingest with another client id", "other", "ingest", "si"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := connectAs(b.MQTTURL(), tt.id, tt.user, tt.password, true, nil)
			if err == nil {
				c.Disconnect(0)
				t.Fatal("the broker accepted the connection")
			}
		})
	}
	c, err := connectAs(b.MQTTURL(), "shuxiang-g-gw1", "g.gw1", "s1", true, nil)
	if err != nil {
		t.Fatalf("connect with valid credentials: %v", err)
	}
	c.Disconnect(0)
	a.mu.Lock()
	defer a.mu.Unlock()
	if !slices.Contains(a.ids, "shuxiang-g-gw1") || !slices.Contains(a.ids, "other") {
		t.Errorf("Authenticate saw client ids %q, want those of the connections", a.ids)
	}
}

// TestGrantLimitsTopics checks that a gateway's publish outside its grant
// is acknowledged but never delivered, that its own topics are, and that a
// subscription outside its grant is rejected.
func TestGrantLimitsTopics(t *testing.T) {
	b, _ := startWithAuth(t)
	got := make(chan string, 8)
	ingest, err := connectAs(b.MQTTURL(), "county-ingest", "ingest", "si", false,
		func(_ mqtt.Client, m mqtt.Message) { got <- m.Topic() + " " + string(m.Payload()) })
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Disconnect(100)
	wait(t, ingest.Subscribe("shuxiang/v1/+/+/telemetry", 1, nil), "ingest subscribe")

	gw, err := connectAs(b.MQTTURL(), "shuxiang-g-gw1", "g.gw1", "s1", true, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Disconnect(100)
	wait(t, gw.Publish("shuxiang/v1/g/gw2/telemetry", 1, false, "spoofed"), "publish as another gateway")
	wait(t, gw.Publish("shuxiang/v1/g/gw1/telemetry", 1, false, "own"), "publish to own topic")
	select {
	case m := <-got:
		if m != "shuxiang/v1/g/gw1/telemetry own" {
			t.Errorf("ingest got %q, want only the gateway's own message", m)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the gateway's own message never came")
	}
	select {
	case m := <-got:
		t.Errorf("ingest got %q as well", m)
	case <-time.After(300 * time.Millisecond):
	}

	own := gw.Subscribe("shuxiang/v1/g/gw1/command/#", 1, nil)
	wait(t, own, "subscribe to own commands")
	if code := own.(*mqtt.SubscribeToken).Result()["shuxiang/v1/g/gw1/command/#"]; code != 1 {
		t.Errorf("SUBACK for own commands = %#x, want QoS 1", code)
	}
	other := gw.Subscribe("shuxiang/v1/#", 1, nil)
	wait(t, other, "subscribe to every topic")
	if code := other.(*mqtt.SubscribeToken).Result()["shuxiang/v1/#"]; code != 0x80 {
		t.Errorf("SUBACK for every topic = %#x, want the failure code 0x80", code)
	}
}

func TestGrantSubjects(t *testing.T) {
	tests := []struct {
		filters []string
		want    []string
		wantErr bool
	}{
		{[]string{"shuxiang/v1/g/gw/telemetry"}, []string{"shuxiang.v1.g.gw.telemetry"}, false},
		{[]string{"shuxiang/v1/+/+/command/#"}, []string{"shuxiang.v1.*.*.command", "shuxiang.v1.*.*.command.>"}, false},
		{[]string{"#"}, []string{">"}, false},
		{nil, []string{}, false},
		{[]string{"a/b.c"}, nil, true},
		{[]string{"a//b"}, nil, true},
		{[]string{"a/#/b"}, nil, true},
		{[]string{"$SYS/#"}, nil, true},
	}
	for _, tt := range tests {
		got, err := subjects(tt.filters)
		if (err != nil) != tt.wantErr {
			t.Errorf("subjects(%q) error = %v, want error %v", tt.filters, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && !slices.Equal(got, tt.want) {
			t.Errorf("subjects(%q) = %q, want %q", tt.filters, got, tt.want)
		}
		if !tt.wantErr && got == nil {
			t.Errorf("subjects(%q) = nil, want a non-nil list that denies the rest", tt.filters)
		}
	}
}
