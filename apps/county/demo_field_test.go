package main

import (
	"context"
	"database/sql"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/alarms"
	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/apps/county/internal/devices"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// TestDemoAlarms runs county demo and checks that its field devices reach the
// server through their own protocols and that its alarms fire: the weather
// stations and soil probes polled over Modbus and published through the
// uplink, the SZY 206 terminals' water and queried IC-card figures, the dry
// soil probe's alarm, the open box door, the well
// drawing too much electricity, and the wells over their plans.
func TestDemoAlarms(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo county")
	}
	data := t.TempDir()
	c, err := demo.Generate(demo.DefaultSeed, demo.Size{})
	if err != nil {
		t.Fatal(err)
	}
	dev := c.Devices()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- countyMain(ctx, []string{"demo", "-data", data, "-addr", "127.0.0.1:0",
			"-mqtt-addr", "127.0.0.1:0", "-centre-addr", "127.0.0.1:0", "-interval", "200ms"}, &out, &errOut)
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Errorf("demo did not stop within 60 s; its log:\n%s", errOut.String())
		}
		if t.Failed() {
			t.Logf("demo log:\n%s", errOut.String())
		}
	}()
	var base, secret string
	waitFor(t, 90*time.Second, "the demo's URL and secret", func() bool {
		select {
		case code := <-done:
			t.Fatalf("demo exited with %d: %s", code, errOut.String())
		default:
		}
		for _, line := range strings.Split(out.String(), "\n") {
			if u, ok := strings.CutPrefix(line, "API: "); ok {
				base, _, _ = strings.Cut(u, "/api/v1/")
			}
		}
		secret = secretOf(out.String())
		return base != "" && secret != ""
	})
	if !strings.Contains(out.String(), "8 SZY 206 terminals") {
		t.Errorf("summary: got %q, want the 8 terminals", out.String())
	}
	api := &apiClient{t: t, base: base, token: login(t, base, "admin", secret)}
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(data, "county.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fields := func(source string) []string {
		rows, err := db.Query(`SELECT DISTINCT f.name FROM ingest_readings r JOIN ingest_names s ON s.id = r.source_id
			JOIN ingest_names f ON f.id = r.field_id WHERE s.name LIKE ?`, source)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var f string
			if err := rows.Scan(&f); err != nil {
				t.Fatal(err)
			}
			out = append(out, f)
		}
		return out
	}
	waitFor(t, 60*time.Second, "readings of the weather stations, soil probes and electricity meters", func() bool {
		got := fields("654229%/gw-%")
		return slices.Contains(got, "air_temperature") && slices.Contains(got, "soil_moisture") &&
			slices.Contains(got, "import_energy") && slices.Contains(got, "flow_total")
	})
	waitFor(t, 60*time.Second, "the terminals' water, IC-card figures and status", func() bool {
		got := fields("szy206/%")
		return slices.Contains(got, "water_total") && slices.Contains(got, "status_word") &&
			slices.Contains(got, "remaining_water")
	})

	waterAlarms := func() []alarms.WaterOutput {
		var p struct{ Items []alarms.WaterOutput }
		api.call("GET", "/api/v1/alarms?limit=1000", nil, &p)
		return p.Items
	}
	has := func(rule, event string) bool {
		for _, a := range waterAlarms() {
			if a.Rule == rule && (event == "" || a.Event == event) {
				return true
			}
		}
		return false
	}
	waitFor(t, 60*time.Second, "the open box door's tamper alarm", func() bool { return has("tamper", "door-opened") })
	waitFor(t, 60*time.Second, "an over-plan alarm from the demo's history", func() bool { return has("over-plan", "") })
	waitFor(t, 90*time.Second, "the water-electricity mismatch", func() bool { return has("ratio-out-of-band", "") })

	// The gateway runs the rule at the edge and the server again centrally;
	// both raise the same subject, so the probe has one alarm.
	waitFor(t, 60*time.Second, "the dry soil probe's alarm", func() bool {
		var p struct{ Items []alarms.DeviceOutput }
		api.call("GET", "/api/v1/device-alarms?limit=1000", nil, &p)
		n := 0
		for _, a := range p.Items {
			if a.Rule == "soil_dry" && a.Active {
				n++
			}
		}
		return n == 1
	})
	var p struct{ Items []devices.DeviceOutput }
	if code := api.call("GET", "/api/v1/devices?kind=station&state=online&limit=1000", nil, &p); code != http.StatusOK {
		t.Fatalf("devices: got %d", code)
	}
	szy := 0
	for _, d := range p.Items {
		if d.Protocol == "szy206" && d.Well != "" {
			szy++
		}
	}
	if szy < len(dev.Terminals)-1 {
		t.Errorf("online SZY 206 terminals attached to wells: got %d, want at least %d", szy, len(dev.Terminals)-1)
	}
}
