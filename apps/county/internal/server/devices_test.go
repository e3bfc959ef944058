package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/alarms"
	"github.com/shuxiang/shuxiang/apps/county/internal/devices"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

// fakeRules is a rule set kept in memory, checked as the alarm engine checks
// it.
type fakeRules struct {
	mu      sync.Mutex
	data    []byte
	version int64
}

func (r *fakeRules) Rules() ([]byte, int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.data == nil {
		return []byte("[]"), 0
	}
	return r.data, r.version
}

func (r *fakeRules) PutRules(_ context.Context, data []byte, version int64) (int64, error) {
	groups, err := alarms.ParseRules(data)
	if err != nil {
		return 0, &alarms.RuleError{Err: err}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if version != r.version {
		return 0, fmt.Errorf("rules at version %d, not %d: %w", r.version, version, store.ErrConflict)
	}
	r.data, _ = json.Marshal(groups)
	r.version++
	return r.version, nil
}

// alarmChanged records the alarm changes the server publishes as
// "<division> <source> <change>".
func (f *fixture) alarmChanged(division string, data json.RawMessage) {
	var e alarms.Event
	if err := json.Unmarshal(data, &e); err != nil {
		f.t.Errorf("alarm event %s: %v", data, err)
	}
	f.changes <- division + " " + e.Source + " " + e.Change
}

// seedDevices stores a gateway and a weather station in village A, a probe
// in village C, a station of township 101 and one station without a
// division, and an open alarm of each of the first three.
func seedDevices(t *testing.T, f *fixture) []*store.DeviceAlarm {
	t.Helper()
	ctx := context.Background()
	seen := fixtureNow.Add(-time.Minute)
	ds := []*store.Device{
		{ID: devices.GatewayID("654202101/gw-654202101001"), Kind: devices.KindGateway, Name: "654202101/gw-654202101001",
			Protocol: "mqtt", Division: villageA, State: devices.Online, Since: seen, LastSeen: seen},
		{ID: devices.FieldDeviceID("654202101/gw-654202101001", "WS-1"), Kind: devices.KindDevice, Name: "WS-1",
			Gateway: "654202101/gw-654202101001", Protocol: "mqtt", Division: villageA, State: devices.Offline,
			Since: seen, LastSeen: seen, Interval: 5 * time.Second, Detail: "silent for 1m0s"},
		{ID: devices.FieldDeviceID("654202102/gw-654202102001", "SM-1"), Kind: devices.KindDevice, Name: "SM-1",
			Gateway: "654202102/gw-654202102001", Protocol: "mqtt", Division: villageC, State: devices.Online},
		{ID: devices.StationID("szy206", "654202/7"), Kind: devices.KindStation, Name: "654202/7",
			Protocol: "szy206", Division: township, State: devices.Online},
		{ID: devices.StationID("sl651", "6542020001"), Kind: devices.KindStation, Name: "6542020001",
			Protocol: "sl651", State: devices.Online},
	}
	if err := f.county.PutDevices(ctx, ds); err != nil {
		t.Fatal(err)
	}
	var as []*store.DeviceAlarm
	for _, d := range ds[:3] {
		a := &store.DeviceAlarm{Device: d.ID, Division: d.Division, Origin: "health", Rule: "device_silent",
			Severity: "major", Status: store.AlarmOpen, Active: true, Raised: seen, Value: 60, Limit: 15, Unit: "s",
			Message: d.Name + " silent"}
		if err := f.county.PutDeviceAlarm(ctx, a); err != nil {
			t.Fatal(err)
		}
		as = append(as, a)
	}
	return as
}

type devicePage struct {
	Items []devices.DeviceOutput `json:"items"`
	Next  string                 `json:"next"`
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	slices.Sort(out)
	return out
}

func TestDevicesScoped(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		seedDevices(t, f)
		tests := []struct {
			account, query string
			want           []string
		}{
			{"cadre-a", "", []string{"device:654202101/gw-654202101001/WS-1", "gateway:654202101/gw-654202101001"}},
			{"cadre-c", "", []string{"device:654202102/gw-654202102001/SM-1"}},
			{"township", "", []string{"device:654202101/gw-654202101001/WS-1", "gateway:654202101/gw-654202101001", "szy206:654202/7"}},
			{"admin", "", []string{"device:654202101/gw-654202101001/WS-1", "device:654202102/gw-654202102001/SM-1",
				"gateway:654202101/gw-654202101001", "sl651:6542020001", "szy206:654202/7"}},
			{"admin", "?division=" + villageC, []string{"device:654202102/gw-654202102001/SM-1"}},
			{"admin", "?state=offline", []string{"device:654202101/gw-654202101001/WS-1"}},
			{"admin", "?kind=station", []string{"sl651:6542020001", "szy206:654202/7"}},
			{"regulator", "?kind=gateway", []string{"gateway:654202101/gw-654202101001"}},
		}
		for _, tt := range tests {
			res := f.do("GET", "/api/v1/devices"+tt.query, tt.account, nil)
			if res.status != http.StatusOK {
				t.Fatalf("%s %s: got %d %s", tt.account, tt.query, res.status, res.body)
			}
			got := ids(decode[devicePage](t, res).Items, func(d devices.DeviceOutput) string { return d.ID })
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s %s: got %v, want %v", tt.account, tt.query, got, tt.want)
			}
		}
		if res := f.do("GET", "/api/v1/devices?division="+villageC, "cadre-a", nil); res.status != http.StatusForbidden {
			t.Errorf("village C as cadre A: got %d, want 403", res.status)
		}
		if res := f.do("GET", "/api/v1/devices", "gateway", nil); res.status != http.StatusForbidden {
			t.Errorf("as a gateway: got %d, want 403", res.status)
		}

		// Two pages of one, then the rest.
		var all []string
		next := ""
		for range 10 {
			res := f.do("GET", "/api/v1/devices?limit=2&after="+next, "admin", nil)
			p := decode[devicePage](t, res)
			for _, d := range p.Items {
				all = append(all, d.ID)
			}
			if next = p.Next; next == "" {
				break
			}
		}
		if len(all) != 5 || !slices.IsSorted(all) {
			t.Errorf("paged devices: got %v, want 5 in id order", all)
		}
		res := f.do("GET", "/api/v1/devices?state=offline", "cadre-a", nil)
		d := decode[devicePage](t, res).Items[0]
		if d.IntervalSeconds != 5 || d.Detail != "silent for 1m0s" || d.Gateway != "654202101/gw-654202101001" || !d.LastSeen.Equal(fixtureNow.Add(-time.Minute)) {
			t.Errorf("device output: got %+v", d)
		}
	})
}

type deviceAlarmPage struct {
	Items []alarms.DeviceOutput `json:"items"`
	Next  string                `json:"next"`
}

func TestDeviceAlarmsScopedAndHandled(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	as := seedDevices(t, f)
	list := func(account, query string) []alarms.DeviceOutput {
		t.Helper()
		res := f.do("GET", "/api/v1/device-alarms"+query, account, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s %s: got %d %s", account, query, res.status, res.body)
		}
		return decode[deviceAlarmPage](t, res).Items
	}
	if got := list("cadre-a", ""); len(got) != 2 || got[0].Division != villageA || got[1].Division != villageA {
		t.Errorf("cadre A: got %+v, want the two alarms of village A", got)
	}
	if got := list("cadre-c", ""); len(got) != 1 || got[0].Device != as[2].Device {
		t.Errorf("cadre C: got %+v, want the probe's alarm", got)
	}
	if got := list("admin", "?device="+as[1].Device); len(got) != 1 || got[0].Value != "60" || got[0].Limit != "15" {
		t.Errorf("by device: got %+v", got)
	}

	path := fmt.Sprintf("/api/v1/device-alarms/%d/", as[1].ID)
	if res := f.do("POST", path+"ack", "cadre-a", nil); res.status != http.StatusForbidden {
		t.Errorf("ack as cadre: got %d, want 403", res.status)
	}
	res := f.do("POST", path+"ack", "water", map[string]string{"note": "技术员已派出"})
	if res.status != http.StatusOK {
		t.Fatalf("ack: got %d %s", res.status, res.body)
	}
	if a := decode[alarms.DeviceOutput](t, res); a.Status != store.AlarmAcknowledged || a.Note != "技术员已派出" || a.Version != 2 {
		t.Errorf("after ack: got %+v", a)
	}
	if got := <-f.changes; got != villageA+" device acknowledged" {
		t.Errorf("published: got %q", got)
	}
	if res := f.do("POST", path+"ack", "water", nil); res.status != http.StatusOK || decode[alarms.DeviceOutput](t, res).Version != 2 {
		t.Errorf("second ack: got %d %s, want 200 unchanged", res.status, res.body)
	}
	if res := f.do("POST", path+"clear", "water", nil); res.status != http.StatusOK || decode[alarms.DeviceOutput](t, res).Status != store.AlarmClosed {
		t.Errorf("clear: got %d %s", res.status, res.body)
	}
	if res := f.do("POST", path+"ack", "water", nil); res.status != http.StatusConflict {
		t.Errorf("ack of a closed alarm: got %d, want 409", res.status)
	}
	if got := list("admin", "?status=closed"); len(got) != 1 || got[0].ID != as[1].ID {
		t.Errorf("closed alarms: got %+v", got)
	}
	audit, err := f.county.Audit(context.Background(), store.AuditFilter{Kind: "device_alarm"})
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != 2 || audit[0].Action != "acknowledge" || audit[1].Action != "clear" || audit[0].Actor != "water" || audit[0].Division != villageA {
		t.Errorf("audit: got %+v", audit)
	}

	// A water officer of village A does not find village C's alarm.
	token := accountToken(t, f, "water-a", "water_officer", villageA)
	f.tokens["water-a"] = token
	other := fmt.Sprintf("/api/v1/device-alarms/%d/ack", as[2].ID)
	if res := f.do("POST", other, "water-a", nil); res.status != http.StatusNotFound {
		t.Errorf("ack outside the division: got %d, want 404", res.status)
	}
	if res := f.do("POST", "/api/v1/device-alarms/999/ack", "water", nil); res.status != http.StatusNotFound {
		t.Errorf("ack of a missing alarm: got %d, want 404", res.status)
	}
}

// accountToken creates an account through the API and returns a token of it.
func accountToken(t *testing.T, f *fixture, name, role, division string) string {
	t.Helper()
	res := f.do("POST", "/api/v1/accounts", "admin", map[string]string{"name": name, "role": role, "division": division})
	if res.status != http.StatusCreated {
		t.Fatalf("create %s: got %d %s", name, res.status, res.body)
	}
	secret := decode[struct {
		Secret string `json:"secret"`
	}](t, res).Secret
	res = f.do("POST", "/api/v1/login", "", map[string]string{"account": name, "secret": secret})
	if res.status != http.StatusOK {
		t.Fatalf("log in %s: got %d %s", name, res.status, res.body)
	}
	return decode[struct {
		Token string `json:"token"`
	}](t, res).Token
}

func TestWaterAlarmAckAndClear(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		alarmsOf := func(account string) []alarms.WaterOutput {
			res := f.do("GET", "/api/v1/alarms", account, nil)
			return decode[struct {
				Items []alarms.WaterOutput `json:"items"`
			}](t, res).Items
		}
		got := alarmsOf("cadre-a")
		if len(got) != 1 || got[0].Well != wellA || got[0].Division != villageA || got[0].Status != "open" {
			t.Fatalf("cadre A's alarms: got %+v", got)
		}
		id := got[0].ID
		path := fmt.Sprintf("/api/v1/alarms/%d/", id)
		if res := f.do("POST", path+"ack", "cadre-a", nil); res.status != http.StatusForbidden {
			t.Errorf("ack as cadre: got %d, want 403", res.status)
		}
		res := f.do("POST", path+"ack", "water", nil)
		if res.status != http.StatusOK || decode[alarms.WaterOutput](t, res).Status != "acknowledged" {
			t.Fatalf("ack: got %d %s", res.status, res.body)
		}
		if got := <-f.changes; got != villageA+" water acknowledged" {
			t.Errorf("published: got %q", got)
		}
		res = f.do("POST", path+"clear", "admin", map[string]string{"note": "plan raised"})
		out := decode[alarms.WaterOutput](t, res)
		if res.status != http.StatusOK || out.Status != "closed" || out.Note != "plan raised" {
			t.Fatalf("clear: got %d %s", res.status, res.body)
		}
		if res := f.do("POST", path+"clear", "admin", nil); res.status != http.StatusOK || decode[alarms.WaterOutput](t, res).Version != out.Version {
			t.Errorf("second clear: got %d %s, want 200 unchanged", res.status, res.body)
		}
		if res := f.do("POST", path+"ack", "admin", nil); res.status != http.StatusConflict {
			t.Errorf("ack of a closed alarm: got %d, want 409", res.status)
		}
		stored, err := f.water.Alarm(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Status != water.AlarmClosed || stored.Note != "plan raised" {
			t.Errorf("stored: got %+v", stored)
		}
		audit, err := f.county.Audit(context.Background(), store.AuditFilter{Kind: "alarm"})
		if err != nil {
			t.Fatal(err)
		}
		if len(audit) != 2 || audit[0].Action != "acknowledge" || audit[1].Action != "clear" || audit[1].Record != fmt.Sprint(id) {
			t.Errorf("audit: got %+v", audit)
		}

		// Well B's alarm lies outside village A.
		f.tokens["water-a"] = accountToken(t, f, "water-a", "water_officer", villageA)
		other := alarmsOf("admin")[1].ID
		if res := f.do("POST", fmt.Sprintf("/api/v1/alarms/%d/ack", other), "water-a", nil); res.status != http.StatusNotFound {
			t.Errorf("ack outside the division: got %d, want 404", res.status)
		}
	})
}

func TestAlarmRulesEndpoint(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	rules := `[{"field":"soil_moisture","devices":["SM-*"],"scale":1,
		"rules":[{"id":"soil_dry","kind":"low","severity":"warning","set":12.0,"clear":15.0}]}]`
	for _, account := range []string{"cadre-a", "township", "gateway"} {
		if res := f.do("GET", "/api/v1/alarm-rules", account, nil); res.status != http.StatusForbidden {
			t.Errorf("GET as %s: got %d, want 403", account, res.status)
		}
	}
	if res := f.do("PUT", "/api/v1/alarm-rules", "regulator", `{"version":0,"rules":`+rules+`}`); res.status != http.StatusForbidden {
		t.Errorf("PUT as regulator: got %d, want 403", res.status)
	}
	res := f.do("PUT", "/api/v1/alarm-rules", "water", `{"version":0,"rules":`+rules+`}`)
	if res.status != http.StatusOK {
		t.Fatalf("PUT: got %d %s", res.status, res.body)
	}
	res = f.do("GET", "/api/v1/alarm-rules", "regulator", nil)
	var got struct {
		Version int64 `json:"version"`
		Rules   []struct {
			Field string `json:"field"`
		} `json:"rules"`
	}
	if err := json.Unmarshal(res.body, &got); err != nil || got.Version != 1 || len(got.Rules) != 1 || got.Rules[0].Field != "soil_moisture" {
		t.Errorf("GET: got %s", res.body)
	}
	audit, err := f.county.Audit(context.Background(), store.AuditFilter{Kind: "alarm_rules"})
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != 1 || audit[0].Actor != "water" || !strings.Contains(string(audit[0].After), "soil_dry") {
		t.Errorf("audit: got %+v", audit)
	}
}

// TestAlarmEndpointsBadInput sends bad bodies, paths and queries to every
// endpoint of alarms, rules and devices and checks the status, the error
// code and field, and that nothing stored changed.
func TestAlarmEndpointsBadInput(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	as := seedDevices(t, f)
	water1 := "/api/v1/alarms/1/"
	device1 := fmt.Sprintf("/api/v1/device-alarms/%d/", as[0].ID)
	long := strings.Repeat("长", 700)
	noteCases := []badInput{
		{"not JSON", "{", 400, "invalid_json", ""},
		{"array", "[]", 400, "invalid_type", "(body)"},
		{"unknown field", map[string]any{"note": "x", "status": "closed"}, 400, "unknown_field", "status"},
		{"wrong type", map[string]any{"note": 5}, 400, "invalid_type", "note"},
		{"trailing data", `{"note":"x"} {}`, 400, "invalid_json", ""},
		{"too long", map[string]any{"note": long}, 422, "invalid_field", "note"},
		{"control character", map[string]any{"note": "a\u0007b"}, 422, "invalid_field", "note"},
		{"too large", `{"note":"` + strings.Repeat("x", maxBody) + `"}`, 413, "body_too_large", ""},
	}
	rules := func(v string) string { return `{"version":0,"rules":` + v + `}` }
	endpoints := []struct {
		method, path string
		cases        []badInput
	}{
		{"POST", water1 + "ack", noteCases},
		{"POST", water1 + "clear", noteCases},
		{"POST", device1 + "ack", noteCases},
		{"POST", device1 + "clear", noteCases},
		{"POST", "/api/v1/alarms/x/ack", []badInput{{"id not a number", nil, 400, "invalid_path", "id"}}},
		{"POST", "/api/v1/alarms/0/clear", []badInput{{"id zero", nil, 400, "invalid_path", "id"}}},
		{"POST", "/api/v1/alarms/99/ack", []badInput{{"missing alarm", nil, 404, "not_found", "id"}}},
		{"POST", "/api/v1/device-alarms/-3/ack", []badInput{{"negative id", nil, 400, "invalid_path", "id"}}},
		{"POST", "/api/v1/device-alarms/99999999999999999999/clear", []badInput{{"id too large", nil, 400, "invalid_path", "id"}}},
		{"PUT", "/api/v1/alarm-rules", []badInput{
			{"not JSON", "{", 400, "invalid_json", ""},
			{"unknown field", `{"rules":[],"owner":"me"}`, 400, "unknown_field", "owner"},
			{"missing rules", `{"version":0}`, 422, "invalid_field", "rules"},
			{"negative version", `{"version":-1,"rules":[]}`, 422, "invalid_field", "version"},
			{"rules not an array", rules(`{}`), 422, "invalid_field", "rules"},
			{"group without field", rules(`[{"rules":[{"id":"a","kind":"high","severity":"major","set":1}]}]`), 422, "invalid_field", "rules"},
			{"group without rules", rules(`[{"field":"t"}]`), 422, "invalid_field", "rules"},
			{"unknown group field", rules(`[{"field":"t","level":3,"rules":[]}]`), 422, "invalid_field", "rules"},
			{"bad pattern", rules(`[{"field":"t","devices":["["],"rules":[{"id":"a","kind":"high","severity":"major","set":1}]}]`), 422, "invalid_field", "rules"},
			{"scale too large", rules(`[{"field":"t","scale":19,"rules":[{"id":"a","kind":"high","severity":"major","set":1}]}]`), 422, "invalid_field", "rules"},
			{"level finer than the scale", rules(`[{"field":"t","scale":0,"rules":[{"id":"a","kind":"high","severity":"major","set":1.5}]}]`), 422, "invalid_field", "rules"},
			{"unknown kind", rules(`[{"field":"t","rules":[{"id":"a","kind":"sideways","severity":"major","set":1}]}]`), 422, "invalid_field", "rules"},
			{"stale version", `{"version":4,"rules":[]}`, 409, "conflict", "version"},
		}},
	}
	for _, ep := range endpoints {
		for _, tt := range ep.cases {
			t.Run(ep.method+" "+ep.path+" "+tt.name, func(t *testing.T) {
				before := f.snapshot() + deviceSnapshot(t, f)
				res := f.do(ep.method, ep.path, "admin", tt.body)
				if res.status != tt.status {
					t.Errorf("status: got %d %s, want %d", res.status, res.body, tt.status)
				}
				code, field := res.errorField()
				if code != tt.code || field != tt.field {
					t.Errorf("error: got %q on %q, want %q on %q", code, field, tt.code, tt.field)
				}
				if after := f.snapshot() + deviceSnapshot(t, f); after != before {
					t.Error("the stored records changed")
				}
			})
		}
	}
	if res := f.do("POST", water1+"ack", "admin", `{"note":"x"}`, "Content-Type", "text/plain"); res.status != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain note: got %d, want 415", res.status)
	}

	queries := []struct {
		path, field string
		status      int
	}{
		{"/api/v1/devices?state=asleep", "state", 400},
		{"/api/v1/devices?kind=robot", "kind", 400},
		{"/api/v1/devices?limit=0", "limit", 400},
		{"/api/v1/devices?division=65", "division", 400},
		{"/api/v1/devices?division=654203", "division", 403},
		{"/api/v1/device-alarms?status=burning", "status", 400},
		{"/api/v1/device-alarms?after=x", "after", 400},
		{"/api/v1/device-alarms?limit=1001", "limit", 400},
		{"/api/v1/device-alarms?device=" + strings.Repeat("d", 301), "device", 400},
		{"/api/v1/device-alarms?division=654203101001", "division", 403},
	}
	for _, tt := range queries {
		res := f.do("GET", tt.path, "admin", nil)
		if res.status != tt.status {
			t.Errorf("%s: got %d %s, want %d", tt.path, res.status, res.body, tt.status)
		}
		if _, field := res.errorField(); field != tt.field {
			t.Errorf("%s: field %q, want %q", tt.path, field, tt.field)
		}
	}
}

// deviceSnapshot returns the stored devices, device alarms, water alarms and
// rule set.
func deviceSnapshot(t *testing.T, f *fixture) string {
	t.Helper()
	ctx := context.Background()
	ds, err := f.county.Devices(ctx, store.DeviceFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	as, err := f.county.DeviceAlarms(ctx, store.DeviceAlarmFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	ws, _, err := f.water.Alarms(ctx, water.AlarmFilter{})
	if err != nil {
		t.Fatal(err)
	}
	rules, version := f.rules.Rules()
	b, _ := json.Marshal([]any{ds, as, ws, string(rules), version})
	return string(b)
}
