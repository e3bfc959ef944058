package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// TestServeExternalBroker runs serve with -mqtt pointing at the machine's
// broker (SHUXIANG_TEST_MQTT_URL, Mosquitto on 127.0.0.1:1883 by default) and
// checks that a registered gateway's reading published there is stored, while
// that of a gateway without a device account, which the broker admits, is
// dropped.
func TestServeExternalBroker(t *testing.T) {
	raw := os.Getenv("SHUXIANG_TEST_MQTT_URL")
	if raw == "" {
		raw = "tcp://127.0.0.1:1883"
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("SHUXIANG_TEST_MQTT_URL %q: %v", raw, err)
	}
	if c, err := net.DialTimeout("tcp", u.Host, 2*time.Second); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("MQTT broker %s unreachable under CI: %v", raw, err)
		}
		t.Skipf("MQTT broker %s unreachable: %v", raw, err)
	} else {
		c.Close()
	}

	// A group of its own keeps other tests' messages on the shared broker apart.
	group := fmt.Sprintf("t%d", time.Now().UnixNano())
	sf := storageFlags{data: t.TempDir()}
	createDevice(t, sf, group, "gw1")
	tf := telemetryFlags{mqttURL: raw, centreAddr: "off", clientID: "county-test-" + group}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan listenAddrs, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, sf, tf, "127.0.0.1:0", newLogger(&bytes.Buffer{}), func(a listenAddrs) { addrc <- a })
	}()
	var la listenAddrs
	select {
	case la = <-addrc:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	if la.MQTT != raw || la.Centre != "" {
		t.Errorf("listening on MQTT %q, centre %q; want %q and none", la.MQTT, la.Centre, raw)
	}
	if code := waitStatus(t, "http://"+la.HTTP.String()+"/readyz"); code != 200 {
		t.Fatalf("/readyz: got %d", code)
	}

	gw := mqtt.NewClient(mqtt.NewClientOptions().AddBroker(raw).SetClientID("gw-" + group).
		SetCleanSession(true).SetAutoReconnect(false).SetConnectTimeout(5 * time.Second))
	if tok := gw.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("connect gateway to %s: %v", raw, tok.Error())
	}
	defer gw.Disconnect(0)
	for _, gateway := range []string{"stranger", "gw1"} {
		tok := gw.Publish("shuxiang/v1/"+group+"/"+gateway+"/telemetry", 1, false, reading(1, time.Now().UnixMilli()))
		if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
			t.Fatalf("publish as %s: %v", gateway, tok.Error())
		}
	}

	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(sf.data, "county.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	waitFor(t, 30*time.Second, "the reading in the database", func() bool {
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM ingest_readings").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	})
	// The stranger's message went first on the same connection, so the
	// ingest had dropped it before it stored gw1's.
	page := scrape(t, "http://"+la.HTTP.String()+"/metrics")
	if got := metricValue(page, "shuxiang_county_ingest_messages_unregistered_total"); got != 1 {
		t.Errorf("unregistered messages = %v, want 1", got)
	}
	var sources string
	if err := db.QueryRow(`SELECT group_concat(DISTINCT n.name) FROM ingest_readings r
		JOIN ingest_names n ON n.id = r.source_id`).Scan(&sources); err != nil {
		t.Fatal(err)
	}
	if sources != group+"/gw1" {
		t.Errorf("readings stored from %q, want only %s/gw1", sources, group)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after cancel: %v", err)
	}

	// A clean-session connect with the ingest's client id removes its
	// persistent session from the shared broker.
	c := mqtt.NewClient(mqtt.NewClientOptions().AddBroker(raw).SetClientID(tf.clientID).SetCleanSession(true))
	if tok := c.Connect(); tok.WaitTimeout(10*time.Second) && tok.Error() == nil {
		c.Disconnect(0)
	}
}
