package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/alarms"
	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/devices"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/iot/szy206"
	"github.com/shuxiang/shuxiang/iot/szy206/szy206sim"
	"github.com/shuxiang/shuxiang/water"
)

// The register of the end-to-end test: well W1 reports its water meter
// through a gateway, and well W2 has an SZY 206 terminal as its card
// controller.
const (
	e2eVillage  = "654202101001"
	e2eWell     = "654202-J0001"
	e2eTerminal = "654202-J0002"
	e2eStation  = "654202/7"
	e2eGroup    = "654202101"
	e2eGateway  = "gw-654202101001"
)

// apiClient calls the API of a test server as one account.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

func (c *apiClient) call(method, path string, body any, out any) int {
	c.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode < 300 {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			c.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return res.StatusCode
}

// seedRegister writes the wells and the plan of the end-to-end test and an
// administrator, and returns the administrator's secret.
func seedRegister(t *testing.T, sf storageFlags, now time.Time) string {
	t.Helper()
	ctx := context.Background()
	a, err := openApp(ctx, sf, newLogger(&bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	for _, w := range []water.Well{
		{Code: e2eWell, Meters: []water.Meter{{Kind: water.FlowMeter, ID: "FM-1"}}},
		{Code: e2eTerminal, Meters: []water.Meter{{Kind: water.CardController, ID: e2eStation},
			{Kind: water.ElectricityMeter, ID: "654202000002"}}},
	} {
		w.Kind, w.Source, w.Use = water.PumpedWell, water.ShallowGroundwater, water.Agriculture
		w.Location, w.Division = water.Point{Lon: 84.6, Lat: 44.4}, e2eVillage
		if err := a.water.PutWell(ctx, &water.WellRecord{Well: w}); err != nil {
			t.Fatal(err)
		}
	}
	var monthly [12]decimal.Decimal
	monthly[now.Month()-1] = decimal.NewFromInt(100)
	plan, err := water.NewPlan(e2eWell, now.Year(), monthly)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.water.PutPlan(ctx, &water.PlanRecord{Plan: plan}); err != nil {
		t.Fatal(err)
	}
	secret, err := a.auth.CreateAccount(ctx, "admin", auth.CountyAdmin, "654202")
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// gatewayMessage returns a single uplink message with body as its data.
func gatewayMessage(seq int64, body string) []byte {
	return fmt.Appendf(nil, `{"seq":%d,"ts":%d,"hist":false,"data":%s}`, seq, time.Now().UnixMilli(), body)
}

// flowAt returns the body of a telemetry message of well W1's register.
func flowAt(at time.Time, m3 string) string {
	return fmt.Sprintf(`{"device":%q,"ts":%d,"outcome":"success","values":{"flow_total":%s}}`, e2eWell, at.UnixMilli(), m3)
}

// TestAlarmsEndToEnd runs serve with an alarm rule file, a gateway that
// publishes over MQTT and an SZY 206 terminal that dials the centre station,
// and follows the alarms and devices through the API: a well over its plan
// raises exactly one alarm, which clears when the plan is raised; a central
// rule raises and clears a device alarm; a gateway's alarm events are stored;
// a device that falls silent goes offline with an alarm; the terminal's
// readings, queried IC-card figures and box door reach the database and the
// alarms.
func TestAlarmsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server for about half a minute")
	}
	now := time.Now()
	sf := storageFlags{data: t.TempDir()}
	secret := seedRegister(t, sf, now)
	deviceSecret := createDevice(t, sf, e2eGroup, e2eGateway)
	rules := filepath.Join(t.TempDir(), "rules.json")
	err := os.WriteFile(rules, []byte(`[{"field":"soil_moisture","devices":["SM-*"],"scale":1,
		"rules":[{"id":"soil_dry","kind":"low","severity":"warning","set":12.0,"clear":15.0,"message":"soil too dry"}]}]`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	tf := testTelemetry()
	tf.watch = watchFlags{rulesFile: rules, rulesEvery: 200 * time.Millisecond, minSilence: 2 * time.Second,
		terminalPoll: 300 * time.Millisecond}

	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan listenAddrs, 1)
	done := make(chan error, 1)
	var logs syncBuffer
	go func() {
		done <- serve(ctx, sf, tf, "127.0.0.1:0", newLogger(&logs), func(a listenAddrs) { addrc <- a })
	}()
	var la listenAddrs
	select {
	case la = <-addrc:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve after cancel: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("serve did not stop within 30 s; its log:\n%s", logs.String())
		}
	}()
	base := "http://" + la.HTTP.String()
	if code := waitStatus(t, base+"/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz: got %d", code)
	}
	api := &apiClient{t: t, base: base, token: login(t, base, "admin", secret)}

	gw := connectGateway(t, la.MQTT, e2eGroup, e2eGateway, deviceSecret)
	seq := int64(0)
	publish := func(kind string, payload []byte) {
		t.Helper()
		tok := gw.Publish("shuxiang/v1/"+e2eGroup+"/"+e2eGateway+"/"+kind, 1, false, payload)
		if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
			t.Fatalf("publish %s: %v", kind, tok.Error())
		}
	}
	telemetry := func(body string) {
		t.Helper()
		seq++
		publish("telemetry", gatewayMessage(seq, body))
	}

	t.Run("over plan raises one alarm that clears", func(t *testing.T) {
		// 110 m³ early in the year and 1 m³ a minute ago: 111 m³ of a plan of 100.
		yearStart := time.Date(now.Year(), time.January, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
		t0, t1 := yearStart.Add(time.Hour), yearStart.Add(2*time.Hour)
		if now.Sub(yearStart) < 3*time.Hour {
			t0, t1 = now.Add(-3*time.Minute), now.Add(-2*time.Minute)
		}
		telemetry(flowAt(t0, "0"))
		telemetry(flowAt(t1, "110"))
		telemetry(flowAt(now.Add(-time.Minute), "111"))
		overPlan := func() []alarms.WaterOutput {
			var p struct{ Items []alarms.WaterOutput }
			api.call("GET", "/api/v1/alarms?well="+e2eWell, nil, &p)
			var out []alarms.WaterOutput
			for _, a := range p.Items {
				if a.Rule == "over-plan" {
					out = append(out, a)
				}
			}
			return out
		}
		waitFor(t, 30*time.Second, "an over-plan alarm", func() bool { return len(overPlan()) > 0 })
		time.Sleep(time.Second) // several runs of the rules
		got := overPlan()
		if len(got) != 1 {
			t.Fatalf("over-plan alarms: got %d %+v, want exactly 1", len(got), got)
		}
		a := got[0]
		if a.Status != "open" || a.Severity != "critical" || a.Division != e2eVillage || a.Threshold == nil || a.Threshold.Value != "100" {
			t.Errorf("alarm: got %+v", a)
		}
		var plan struct {
			Version int64 `json:"version"`
		}
		if code := api.call("GET", fmt.Sprintf("/api/v1/wells/%s/plans/%d", e2eWell, now.Year()), nil, &plan); code != http.StatusOK {
			t.Fatalf("read plan: got %d", code)
		}
		if code := api.call("PUT", fmt.Sprintf("/api/v1/wells/%s/plans/%d", e2eWell, now.Year()),
			map[string]any{"annual_m3": "1200", "version": plan.Version}, nil); code != http.StatusOK {
			t.Fatalf("raise plan: got %d", code)
		}
		waitFor(t, 30*time.Second, "the over-plan alarm closed", func() bool {
			got := overPlan()
			return len(got) == 1 && got[0].Status == "closed"
		})
		time.Sleep(time.Second)
		if got := overPlan(); len(got) != 1 {
			t.Errorf("over-plan alarms after the plan was raised: got %d, want 1", len(got))
		}
	})

	deviceAlarms := func(device string) []alarms.DeviceOutput {
		var p struct{ Items []alarms.DeviceOutput }
		api.call("GET", "/api/v1/device-alarms?device="+device, nil, &p)
		return p.Items
	}
	probe := devices.FieldDeviceID(e2eGroup+"/"+e2eGateway, "SM-1")

	t.Run("central rule raises and clears", func(t *testing.T) {
		telemetry(fmt.Sprintf(`{"device":"SM-1","ts":%d,"outcome":"success","values":{"soil_moisture":8.5}}`, time.Now().UnixMilli()))
		waitFor(t, 30*time.Second, "the soil_dry alarm", func() bool {
			as := deviceAlarms(probe)
			return len(as) == 1 && as[0].Rule == "soil_dry" && as[0].Origin == "central" && as[0].Active
		})
		telemetry(fmt.Sprintf(`{"device":"SM-1","ts":%d,"outcome":"success","values":{"soil_moisture":20.0}}`, time.Now().UnixMilli()))
		waitFor(t, 30*time.Second, "the soil_dry alarm cleared", func() bool {
			as := deviceAlarms(probe)
			return len(as) == 1 && as[0].Status == "closed" && !as[0].Active
		})
	})

	t.Run("gateway alarm events", func(t *testing.T) {
		ev := func(transition string) []byte {
			seq++
			return gatewayMessage(seq, fmt.Sprintf(`{"device":"WS-1","time":%q,"point":"air_temperature","rule":"frost",
				"kind":"low","severity":"major","transition":%q,"state":"active","value":-25,"limit":-20,"scale":1}`,
				time.Now().UTC().Format(time.RFC3339Nano), transition))
		}
		ws := devices.FieldDeviceID(e2eGroup+"/"+e2eGateway, "WS-1")
		publish("alarm", ev("raised"))
		publish("alarm", []byte(`{"seq":`)) // malformed, dropped
		waitFor(t, 30*time.Second, "the gateway's frost alarm", func() bool {
			as := deviceAlarms(ws)
			return len(as) == 1 && as[0].Origin == "gateway" && as[0].Value == "-2.5" && as[0].Severity == "major"
		})
		publish("alarm", ev("cleared"))
		waitFor(t, 30*time.Second, "the frost alarm cleared", func() bool {
			as := deviceAlarms(ws)
			return len(as) == 1 && as[0].Status == "closed"
		})
	})

	t.Run("silent device goes offline with an alarm", func(t *testing.T) {
		birth, _ := json.Marshal(map[string]any{"bdSeq": 1, "ts": time.Now().UnixMilli(), "group": e2eGroup, "gateway": e2eGateway})
		publish("birth", birth)
		for i := range 3 {
			at := time.Now()
			telemetry(fmt.Sprintf(`{"device":"SM-2","ts":%d,"outcome":"success","values":{"soil_temperature":%d.5}}`, at.UnixMilli(), i))
			time.Sleep(1100 * time.Millisecond)
		}
		id := devices.FieldDeviceID(e2eGroup+"/"+e2eGateway, "SM-2")
		waitFor(t, 30*time.Second, "SM-2 offline with an alarm", func() bool {
			as := deviceAlarms(id)
			return len(as) == 1 && as[0].Rule == "device_silent" && as[0].Active
		})
		var p struct{ Items []devices.DeviceOutput }
		api.call("GET", "/api/v1/devices?state=offline", nil, &p)
		found := false
		for _, d := range p.Items {
			found = found || d.ID == id && d.Division == e2eVillage
		}
		if !found {
			t.Errorf("offline devices: got %+v, want SM-2 in village %s", p.Items, e2eVillage)
		}
		api.call("GET", "/api/v1/devices?kind=gateway", nil, &p)
		if len(p.Items) != 1 || p.Items[0].State != devices.Online || p.Items[0].Division != e2eVillage {
			t.Errorf("gateways: got %+v, want one online in village %s", p.Items, e2eVillage)
		}
	})

	t.Run("SZY 206 terminal", func(t *testing.T) {
		addr, err := szy206.NewAddress("654202", 7)
		if err != nil {
			t.Fatal(err)
		}
		// Terminals keep Beijing time, the zone of their time labels.
		cst := time.FixedZone("CST", 8*3600)
		term := &szy206sim.Terminal{Address: addr, Interval: time.Second, Flow: 2000, Remaining: 500,
			Faults: szy206sim.Faults{BoxDoorOpen: true}, Now: func() time.Time { return time.Now().In(cst) }}
		tctx, stop := context.WithCancel(ctx)
		defer stop()
		go func() { _ = term.Dial(tctx, la.Centre) }()
		waitFor(t, 30*time.Second, "a door-opened tamper alarm of the terminal's well", func() bool {
			var p struct{ Items []alarms.WaterOutput }
			api.call("GET", "/api/v1/alarms?well="+e2eTerminal, nil, &p)
			for _, a := range p.Items {
				if a.Rule == "tamper" && a.Event == "door-opened" && a.Meter == e2eStation {
					return true
				}
			}
			return false
		})
		as := deviceAlarms(devices.StationID("szy206", e2eStation))
		if len(as) != 1 || as[0].Rule != "box_door_open" || as[0].Origin != "terminal" {
			t.Errorf("terminal alarms: got %+v, want box_door_open", as)
		}
		db := openTestDB(t, sf)
		waitFor(t, 30*time.Second, "the terminal's water, remaining water and pump current", func() bool {
			var n int
			err := db.QueryRow(`SELECT COUNT(DISTINCT f.name) FROM ingest_readings r
				JOIN ingest_names s ON s.id = r.source_id JOIN ingest_names f ON f.id = r.field_id
				WHERE s.name = ? AND f.name IN ('water_total', 'remaining_water', 'current_a')`, "szy206/"+e2eStation).Scan(&n)
			if err != nil {
				t.Fatal(err)
			}
			return n == 3
		})
		var p struct{ Items []devices.DeviceOutput }
		api.call("GET", "/api/v1/devices?kind=station", nil, &p)
		if len(p.Items) != 1 || p.Items[0].Well != e2eTerminal || p.Items[0].State != devices.Online {
			t.Errorf("stations: got %+v", p.Items)
		}
		waitFor(t, 30*time.Second, "the terminal's water in the daily series", func() bool {
			var s struct {
				Total string `json:"total_m3"`
			}
			api.call("GET", "/api/v1/wells/"+e2eTerminal+"/daily", nil, &s)
			return s.Total != "" && strings.Trim(s.Total, "0.") != ""
		})
	})
	if t.Failed() {
		t.Logf("server log:\n%s", logs.String())
	}
}

// openTestDB opens the SQLite database of sf for the test's queries.
func openTestDB(t *testing.T, sf storageFlags) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(sf.data, "county.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
