package devices_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/devices"
	"github.com/shuxiang/shuxiang/apps/county/internal/register"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/water"
)

// clock is a settable clock for the tracker.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is a tracker on a fresh SQLite store with one registered well.
type fixture struct {
	st      *store.Store
	tr      *devices.Tracker
	clock   *clock
	silent  []string // "<id> true|false"
	publish []string // "<division> <state>"
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := sqlstoretest.SQLite(t, "devices")
	st, err := store.Open(ctx, db.DB, db.Dialect, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var x register.Index
	x.Put(&water.Well{Code: "654229-J0007", Division: "654229102201",
		Meters: []water.Meter{{Kind: water.CardController, ID: "654229/7"}}})
	f := &fixture{st: st, clock: &clock{t: time.Date(2026, 7, 9, 8, 0, 0, 0, time.UTC)}}
	f.tr, err = devices.New(devices.Config{Store: st, Register: &x, MinSilence: 30 * time.Second,
		UnknownSilence: 10 * time.Minute, Now: f.clock.Now,
		Silent: func(_ context.Context, d store.Device, silent bool) {
			f.silent = append(f.silent, d.ID+" "+map[bool]string{true: "true", false: "false"}[silent])
		},
		Publish: func(division string, data json.RawMessage) {
			var out devices.DeviceOutput
			if err := json.Unmarshal(data, &out); err != nil {
				t.Errorf("published %s: %v", data, err)
			}
			f.publish = append(f.publish, division+" "+out.State)
		}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// tick runs one round of Run: the silence check and a flush of every change.
func (f *fixture) tick(t *testing.T) {
	t.Helper()
	if err := f.tr.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := f.tr.Flush(context.Background(), true); err != nil {
		t.Fatal(err)
	}
}

func TestStationGoesSilentAndBack(t *testing.T) {
	f := newFixture(t)
	ref := devices.Station("szy206", "654229/7")
	for range 4 {
		f.tr.Seen(ref, f.clock.Now())
		f.clock.Add(10 * time.Second)
	}
	f.tick(t)
	d, err := f.st.Device(context.Background(), "szy206:654229/7")
	if err != nil {
		t.Fatal(err)
	}
	if d.State != devices.Online || d.Well != "654229-J0007" || d.Division != "654229102201" || d.Interval != 10*time.Second {
		t.Errorf("stored device: got %+v", d)
	}
	if len(f.publish) != 1 || f.publish[0] != "654229102201 online" {
		t.Errorf("published: got %v, want one online event", f.publish)
	}

	// Three intervals of 10 s are below the 30 s minimum: offline after 30 s.
	f.clock.Add(15 * time.Second)
	f.tick(t)
	if len(f.silent) != 0 {
		t.Fatalf("silent after 25 s: got %v, want none yet", f.silent)
	}
	f.clock.Add(10 * time.Second)
	f.tick(t)
	if len(f.silent) != 1 || f.silent[0] != "szy206:654229/7 true" {
		t.Fatalf("silent: got %v, want the station silent", f.silent)
	}
	if d, _ := f.tr.Device("szy206:654229/7"); d.State != devices.Offline {
		t.Errorf("state after silence: got %s, want offline", d.State)
	}
	f.tick(t)
	if len(f.silent) != 1 {
		t.Errorf("a second check told of the silence again: %v", f.silent)
	}

	f.tr.Seen(ref, f.clock.Now())
	f.tick(t)
	if len(f.silent) != 2 || f.silent[1] != "szy206:654229/7 false" {
		t.Errorf("back: got %v, want the station reporting again", f.silent)
	}
	if d, _ := f.tr.Device("szy206:654229/7"); d.State != devices.Online {
		t.Errorf("state after reporting again: got %s, want online", d.State)
	}
}

func TestGatewayMessages(t *testing.T) {
	f := newFixture(t)
	src := "654229101/gw-654229101201"
	now := f.clock.Now()
	birth := []byte(`{"bdSeq":3,"ts":` + itoa(now.UnixMilli()) + `,"group":"654229101","gateway":"gw-654229101201"}`)
	if err := f.tr.GatewayMessage("birth", src, birth, now); err != nil {
		t.Fatal(err)
	}
	health := []byte(`{"seq":7,"ts":1,"hist":false,"data":{"time":"2026-07-09T08:00:00Z","device":"WS-1","from":"online","to":"quarantined","failures":5,"cause":"i/o timeout"}}`)
	if err := f.tr.GatewayMessage("health", src, health, now); err != nil {
		t.Fatal(err)
	}
	f.tick(t)
	gw, ok := f.tr.Device(devices.GatewayID(src))
	if !ok || gw.State != devices.Online || gw.Division != "654229101201" {
		t.Errorf("gateway: got %+v", gw)
	}
	ws, ok := f.tr.Device(devices.FieldDeviceID(src, "WS-1"))
	if !ok || ws.State != devices.Quarantined || ws.Detail != "i/o timeout" || ws.Division != "654229101201" {
		t.Errorf("weather station: got %+v", ws)
	}
	// Readings do not end a quarantine that the gateway reported.
	f.tr.Seen(devices.Behind(src, "WS-1"), now)
	if ws, _ := f.tr.Device(devices.FieldDeviceID(src, "WS-1")); ws.State != devices.Quarantined {
		t.Errorf("after a reading: got %s, want quarantined", ws.State)
	}
	if err := f.tr.GatewayMessage("death", src, birth, now); err != nil {
		t.Fatal(err)
	}
	if gw, _ := f.tr.Device(devices.GatewayID(src)); gw.State != devices.Offline {
		t.Errorf("after death: got %s, want offline", gw.State)
	}

	bad := []struct {
		kind    string
		payload string
	}{
		{"birth", `not json`},
		{"health", `{"seq":1,"data":{"device":"WS-1","to":"asleep"}}`},
		{"health", `{"seq":1,"data":{"to":"online"}}`},
		{"health", `{"data":{}}`},
		{"health", `{"seq":1,"data":{"device":"` + strings.Repeat("d", 257) + `","to":"online"}}`},
		{"command", `{}`},
	}
	for _, b := range bad {
		if err := f.tr.GatewayMessage(b.kind, src, []byte(b.payload), now); err == nil {
			t.Errorf("%s %s: got nil error", b.kind, b.payload)
		}
	}
}

// TestStaleDeathIgnored checks that the death message of an earlier
// connection, which a broker may publish after the gateway has reconnected,
// does not make the gateway offline: its bdSeq is not that of the last birth.
func TestStaleDeathIgnored(t *testing.T) {
	f := newFixture(t)
	src := "654229101/gw-654229101201"
	now := f.clock.Now()
	payload := func(bdSeq int) []byte {
		return []byte(`{"bdSeq":` + itoa(int64(bdSeq)) + `,"ts":` + itoa(now.UnixMilli()) + `,"group":"654229101","gateway":"gw-654229101201"}`)
	}
	if err := f.tr.GatewayMessage("birth", src, payload(4), now); err != nil {
		t.Fatal(err)
	}
	if err := f.tr.GatewayMessage("death", src, payload(3), now); err != nil {
		t.Fatal(err)
	}
	if gw, _ := f.tr.Device(devices.GatewayID(src)); gw.State != devices.Online {
		t.Errorf("after the death of connection 3: got %s, want online", gw.State)
	}
	if err := f.tr.GatewayMessage("death", src, payload(4), now); err != nil {
		t.Fatal(err)
	}
	if gw, _ := f.tr.Device(devices.GatewayID(src)); gw.State != devices.Offline {
		t.Errorf("after the death of connection 4: got %s, want offline", gw.State)
	}
}

func TestLoadKeepsSilence(t *testing.T) {
	f := newFixture(t)
	f.tr.Seen(devices.Station("sl651", "6542290001"), f.clock.Now())
	f.tick(t)
	f.clock.Add(time.Hour)
	again, err := devices.New(devices.Config{Store: f.st, Now: f.clock.Now, UnknownSilence: 10 * time.Minute,
		Silent: func(context.Context, store.Device, bool) { t.Error("told of a silence found at load") }})
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := again.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	if last := again.LastSeen("6542290001"); last.IsZero() {
		t.Error("LastSeen after Load: got zero")
	}
}

func itoa(v int64) string {
	b, _ := json.Marshal(v)
	return string(b)
}
