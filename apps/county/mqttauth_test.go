package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// createDevice creates the device account of gateway group/gateway in the
// database of sf, or gives the existing one a new secret, and returns the
// secret.
func createDevice(t testing.TB, sf storageFlags, group, gateway string) string {
	t.Helper()
	ctx := context.Background()
	a, err := openApp(ctx, sf, newLogger(&bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	name, err := gatewayAccount(group, gateway)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := a.auth.CreateAccount(ctx, name, auth.GatewayDevice, land.DivisionCode("654202"))
	if errors.Is(err, store.ErrConflict) {
		secret, err = resetDeviceSecret(ctx, a, name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// dialGateway connects to the broker at url as the gateway group/gateway
// with the client id and secret given, and returns the CONNECT's error.
func dialGateway(url, group, gateway, clientID, secret string) (mqtt.Client, error) {
	o := mqtt.NewClientOptions().AddBroker(url).SetClientID(clientID).SetCleanSession(true).
		SetAutoReconnect(false).SetConnectTimeout(5 * time.Second)
	if secret != "" {
		o.SetUsername(group + "." + gateway).SetPassword(secret)
	}
	c := mqtt.NewClient(o)
	tok := c.Connect()
	if !tok.WaitTimeout(15 * time.Second) {
		return nil, errors.New("connect timed out")
	}
	return c, tok.Error()
}

// connectGateway connects as the gateway group/gateway with its device
// secret and the client id the embedded broker wants, and disconnects when
// the test ends.
func connectGateway(t testing.TB, url, group, gateway, secret string) mqtt.Client {
	t.Helper()
	c, err := dialGateway(url, group, gateway, gatewayClientID(group, gateway), secret)
	if err != nil {
		t.Fatalf("connect gateway %s/%s to %s: %v", group, gateway, url, err)
	}
	t.Cleanup(func() { c.Disconnect(0) })
	return c
}

// TestBrokerChecksDevices runs serve with the embedded broker and checks
// that a gateway connects only with its device secret and client id, that
// its readings are stored, and that what it publishes under another
// gateway's topic is not.
func TestBrokerChecksDevices(t *testing.T) {
	sf := storageFlags{data: t.TempDir()}
	secret := createDevice(t, sf, "g1", "gw1")
	createDevice(t, sf, "g1", "gw2")
	tf := testTelemetry()
	tf.clientID = "shuxiang-county-ingest"
	// The device account of gateway county/ingest would have the ingest's
	// client id.
	clash := createDevice(t, sf, "county", "ingest")
	la := startServe(t, sf, tf)

	t.Run("rejects", func(t *testing.T) {
		for _, tt := range []struct{ name, clientID, secret string }{
			{"no credentials", "shuxiang-g1-gw1", ""},
			{"wrong secret", "shuxiang-g1-gw1", "wrong"},
			{"another secret", "shuxiang-g1-gw1", strings.ToUpper(secret)},
			{"other client id", "shuxiang-g1-gw2", secret},
			{"ingest's client id", tf.clientID, secret},
		} {
			c, err := dialGateway(la.MQTT, "g1", "gw1", tt.clientID, tt.secret)
			if err == nil {
				c.Disconnect(0)
				t.Errorf("%s: the broker accepted the connection", tt.name)
			}
		}
		if c, err := dialGateway(la.MQTT, "county", "ingest", tf.clientID, clash); err == nil {
			c.Disconnect(0)
			t.Error("gateway county/ingest took the ingest's client id")
		}
	})

	gw := connectGateway(t, la.MQTT, "g1", "gw1", secret)
	publish := func(topic string, payload []byte) {
		t.Helper()
		tok := gw.Publish(topic, 1, false, payload)
		if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
			t.Fatalf("publish to %s: %v", topic, tok.Error())
		}
	}
	publish("shuxiang/v1/g1/gw2/telemetry", reading(1, time.Now().UnixMilli()))
	publish("shuxiang/v1/g1/gw1/telemetry", reading(1, time.Now().UnixMilli()))

	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(sf.data, "county.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sources := func() []string {
		rows, err := db.Query(`SELECT DISTINCT n.name FROM ingest_readings r
			JOIN ingest_names n ON n.id = r.source_id ORDER BY n.name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	waitFor(t, 30*time.Second, "the gateway's own reading stored", func() bool { return len(sources()) > 0 })
	// The spoofed message went first on the same connection, so the broker
	// had dropped it before it passed the gateway's own one on.
	if got := sources(); len(got) != 1 || got[0] != "g1/gw1" {
		t.Errorf("readings stored from %q, want only g1/gw1", got)
	}
}

// TestDeviceCreateCommand creates a device account with county device
// create, refuses a second one of the same gateway, and gives it a new
// secret with -reset.
func TestDeviceCreateCommand(t *testing.T) {
	sf := storageFlags{data: t.TempDir()}
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := countyMain(context.Background(), append([]string{"device", "create", "-data", sf.data}, args...), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	code, out, errOut := run("-gateway", "654202101/gw-1", "-division", "654202101001")
	if code != 0 {
		t.Fatalf("device create: status %d: %s", code, errOut)
	}
	first := secretOf(out)
	if first == "" || !strings.Contains(out, "client id shuxiang-654202101-gw-1") {
		t.Fatalf("device create printed %q, want the secret and the client id", out)
	}
	if code, _, errOut := run("-gateway", "654202101/gw-1", "-division", "654202101001"); code != 1 ||
		!strings.Contains(errOut, "-reset") {
		t.Errorf("second device create: status %d, %q; want 1 and a hint at -reset", code, errOut)
	}
	code, out, errOut = run("-gateway", "654202101/gw-1", "-reset")
	if code != 0 {
		t.Fatalf("device create -reset: status %d: %s", code, errOut)
	}
	if second := secretOf(out); second == "" || second == first {
		t.Errorf("-reset printed secret %q, want a new one", second)
	}
	for _, args := range [][]string{
		{"-gateway", "654202101", "-division", "654202101001"},
		{"-gateway", "G/GW", "-division", "654202101001"},
		{"-gateway", "g/gw"},
	} {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("device create %q: status %d, want 2", args, code)
		}
	}
}
