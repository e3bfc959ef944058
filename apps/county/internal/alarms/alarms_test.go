package alarms

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/devices"
	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
	"github.com/shuxiang/shuxiang/apps/county/internal/register"
	"github.com/shuxiang/shuxiang/apps/county/internal/stations"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

var cst = time.FixedZone("CST", 8*3600)

// harness is an engine on a SQLite county store, a water memory store and a
// metering shard that the test fills.
type harness struct {
	t       *testing.T
	e       *Engine
	county  *store.Store
	water   *water.MemoryStore
	index   *register.Index
	tracker *devices.Tracker
	now     time.Time

	mu     sync.Mutex
	shard  *metering.Shard
	reg    metering.Registry
	events []Event
}

const (
	testWell   = water.WellCode("654229-J0001")
	testFlow   = "FM-0001"
	testPower  = "654229000001"
	testCard   = "654229/1"
	testVillag = "654229101201"
)

func newHarness(t *testing.T, opts water.Options) *harness {
	t.Helper()
	ctx := context.Background()
	db := sqlstoretest.SQLite(t, "alarms")
	county, err := store.Open(ctx, db.DB, db.Dialect, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	readings, err := ingest.OpenStore(ctx, db.DB, db.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { readings.Close() })
	h := &harness{t: t, county: county, water: water.NewMemoryStore(nil), index: &register.Index{},
		now: time.Date(2026, 7, 15, 12, 0, 0, 0, cst)}
	w := &water.WellRecord{Well: water.Well{Code: testWell, Kind: water.PumpedWell, Division: testVillag,
		Location: water.Point{Lon: 83.3, Lat: 44.8}, Source: water.ShallowGroundwater, Use: water.Agriculture,
		Meters: []water.Meter{{Kind: water.FlowMeter, ID: testFlow}, {Kind: water.ElectricityMeter, ID: testPower},
			{Kind: water.CardController, ID: testCard}}}}
	if err := h.water.PutWell(ctx, w); err != nil {
		t.Fatal(err)
	}
	if err := h.index.Load(ctx, h.water); err != nil {
		t.Fatal(err)
	}
	if h.shard, err = metering.NewShard(metering.Config{}); err != nil {
		t.Fatal(err)
	}
	h.tracker, err = devices.New(devices.Config{Store: county, Register: h.index, Now: h.clock})
	if err != nil {
		t.Fatal(err)
	}
	h.e, err = New(Config{Water: h.water, County: county, Readings: readings, Metering: h.metering,
		Register: h.index, Devices: h.tracker, Options: opts, Refresh: time.Hour, Zone: cst, Now: h.clock,
		Publish: h.publish})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.e.Load(ctx); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

func (h *harness) advance(d time.Duration) {
	h.mu.Lock()
	h.now = h.now.Add(d)
	h.mu.Unlock()
}

func (h *harness) metering(fn func(*metering.Shard, *metering.Registry)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fn(h.shard, &h.reg)
}

func (h *harness) publish(_ string, data json.RawMessage) {
	var e Event
	if err := json.Unmarshal(data, &e); err != nil {
		h.t.Errorf("published %s: %v", data, err)
	}
	h.mu.Lock()
	h.events = append(h.events, e)
	h.mu.Unlock()
}

// read feeds a register reading of device to metering, value in thousandths.
func (h *harness) read(device, field string, at time.Time, value int64) {
	h.t.Helper()
	name, cfg, ok := h.index.Meter(device, field)
	if !ok {
		h.t.Fatalf("%s %s is not a meter register", device, field)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	id, known := h.reg.ID(name)
	if !known {
		id, _ = h.reg.Add(name)
		if err := h.shard.AddMeter(id, cfg); err != nil {
			h.t.Fatal(err)
		}
	}
	if o := h.shard.Add(h.now.Unix(), metering.Reading{Meter: id, Time: at.Unix(), Value: value}); o != metering.Accepted {
		h.t.Fatalf("reading %s %d at %s: %s", device, value, at, o)
	}
}

func (h *harness) evaluate() {
	h.t.Helper()
	if err := h.e.Evaluate(context.Background()); err != nil {
		h.t.Fatal(err)
	}
}

// alarms returns the stored water alarms of rule, all when rule is 0.
func (h *harness) alarms(rule water.Rule) []*water.AlarmRecord {
	h.t.Helper()
	as, _, err := h.water.Alarms(context.Background(), water.AlarmFilter{Rule: rule})
	if err != nil {
		h.t.Fatal(err)
	}
	return as
}

func (h *harness) plan(annual, month int64) {
	h.t.Helper()
	var monthly [12]decimal.Decimal
	monthly[0] = decimal.NewFromInt(annual - month)
	monthly[6] = decimal.NewFromInt(month)
	p, err := water.NewPlan(testWell, 2026, monthly)
	if err != nil {
		h.t.Fatal(err)
	}
	rec := &water.PlanRecord{Plan: p}
	if old, err := h.water.Plan(context.Background(), testWell, 2026); err == nil {
		rec.Version = old.Version
	}
	if err := h.water.PutPlan(context.Background(), rec); err != nil {
		h.t.Fatal(err)
	}
}

func TestOverPlanOneAlarmUpdatedThenClosed(t *testing.T) {
	h := newHarness(t, water.Options{})
	h.plan(1000, 200)
	h.read(testFlow, "flow_total", time.Date(2026, 1, 5, 8, 0, 0, 0, cst), 0)
	h.read(testFlow, "flow_total", time.Date(2026, 1, 20, 8, 0, 0, 0, cst), 850_000) // 850 m³ in January
	h.evaluate()
	as := h.alarms(water.RuleOverPlan)
	if len(as) != 1 || as[0].Severity != water.Warning || as[0].Status != water.AlarmOpen {
		t.Fatalf("after 85%%: got %+v, want one open warning", as)
	}
	if n := len(h.alarms(water.RuleOverMonthlyPlan)); n != 0 {
		t.Errorf("monthly alarms with nothing used in July: got %d", n)
	}

	// The same use again changes nothing; more use escalates the one alarm.
	h.evaluate()
	if as := h.alarms(0); len(as) != 1 || as[0].Version != 1 {
		t.Fatalf("second run: got %+v, want the same alarm at version 1", as)
	}
	ack := *as[0]
	ack.Status = water.AlarmAcknowledged
	if err := h.water.PutAlarm(context.Background(), &ack); err != nil {
		t.Fatal(err)
	}
	h.advance(time.Hour)
	h.read(testFlow, "flow_total", h.clock().Add(-time.Minute), 1_050_000)
	h.evaluate()
	as = h.alarms(water.RuleOverPlan)
	if len(as) != 1 || as[0].Severity != water.Critical || as[0].Status != water.AlarmOpen {
		t.Fatalf("after 105%%: got %+v, want the alarm critical and open again", as)
	}
	if used, _ := as[0].Value("used"); !used.Equal(decimal.NewFromInt(1050)) {
		t.Errorf("evidence: used %s, want 1050", used)
	}
	if m := h.alarms(water.RuleOverMonthlyPlan); len(m) != 1 || m[0].Severity != water.Critical {
		t.Errorf("July's 200 m³ used up: got %+v, want one critical monthly alarm", m)
	}

	// A larger plan ends both conditions.
	h.plan(5000, 2000)
	h.evaluate()
	for _, a := range h.alarms(0) {
		if a.Status != water.AlarmClosed {
			t.Errorf("after the plan was raised: %s is %s, want closed", a.Rule, a.Status)
		}
	}
	if n := len(h.alarms(0)); n != 2 {
		t.Errorf("alarms: got %d, want the 2 closed", n)
	}
	var changes []string
	for _, e := range h.events {
		changes = append(changes, e.Source+" "+e.Water.Rule+" "+e.Change)
	}
	want := "water over-plan raised|water over-plan escalated|water over-monthly-plan raised|water over-plan cleared|water over-monthly-plan cleared"
	if strings.Join(changes, "|") != want {
		t.Errorf("published:\n got %s\nwant %s", strings.Join(changes, "|"), want)
	}
}

func TestClosedByPeopleStaysShelved(t *testing.T) {
	h := newHarness(t, water.Options{})
	h.plan(100, 50)
	h.read(testFlow, "flow_total", time.Date(2026, 1, 5, 8, 0, 0, 0, cst), 0)
	h.read(testFlow, "flow_total", time.Date(2026, 1, 20, 8, 0, 0, 0, cst), 120_000)
	h.evaluate()
	a := *h.alarms(water.RuleOverPlan)[0]
	a.Status = water.AlarmClosed
	if err := h.water.PutAlarm(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	h.advance(2 * time.Hour)
	h.read(testFlow, "flow_total", h.clock().Add(-time.Minute), 130_000)
	h.evaluate()
	if as := h.alarms(water.RuleOverPlan); len(as) != 1 {
		t.Fatalf("while the condition holds: got %d alarms, want the 1 closed", len(as))
	}
	h.plan(1000, 500) // the condition ends
	h.evaluate()
	h.plan(110, 55) // and returns
	h.evaluate()
	as := h.alarms(water.RuleOverPlan)
	if len(as) != 2 || as[1].Status != water.AlarmOpen {
		t.Errorf("after the condition returned: got %+v, want a second, open alarm", as)
	}
}

func TestWaterElectricityMismatch(t *testing.T) {
	h := newHarness(t, water.Options{RatioMinEnergy: decimal.NewFromInt(1)})
	ctx := context.Background()
	_, err := h.water.StartCoefficient(ctx, water.Coefficient{Well: testWell, Value: decimal.RequireFromString("5"),
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, cst), Reason: water.ReasonInitial})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 7, 15, 9, 0, 0, 0, cst)
	h.read(testFlow, "flow_total", start, 0)
	h.read(testPower, "import_energy", start, 0)
	// Three hours of 10 kWh each: 50 m³ expected, 20 m³ metered.
	for i := 1; i <= 3; i++ {
		at := start.Add(time.Duration(i) * time.Hour).Add(-time.Minute)
		h.read(testFlow, "flow_total", at, int64(i)*20_000)
		h.read(testPower, "import_energy", at, int64(i)*10_000)
	}
	h.evaluate()
	as := h.alarms(water.RuleRatioOutOfBand)
	if len(as) != 1 {
		t.Fatalf("ratio alarms: got %+v, want 1", h.alarms(0))
	}
	if r, _ := as[0].Value("ratio"); !r.Equal(decimal.NewFromInt(2)) {
		t.Errorf("ratio: got %s, want 2", r)
	}
	// The card controller never reported, so no session rule runs.
	if n := len(h.alarms(water.RuleNoAuthorisation)); n != 0 {
		t.Errorf("authorisation alarms without status words: got %d", n)
	}
}

func TestUnauthorisedPumping(t *testing.T) {
	h := newHarness(t, water.Options{})
	ctx := context.Background()
	start := time.Date(2026, 7, 15, 9, 0, 0, 0, cst)
	h.read(testPower, "import_energy", start.Add(-2*time.Hour), 0)
	h.read(testPower, "import_energy", start.Add(-time.Hour+time.Minute), 10_000) // 08:01, pump on, session open
	h.read(testPower, "import_energy", start.Add(2*time.Hour), 30_000)            // 09:00-11:00, no session
	// The card controller let the pump run from 07:30 to 08:30.
	words := []ingest.Reading{
		{Source: stations.SZY206 + "/" + testCard, Seq: start.Add(-90 * time.Minute).UnixMilli(), Device: testCard,
			Field: "status_word", TimeMillis: start.Add(-90 * time.Minute).UnixMilli(), Value: 0x20},
		{Source: stations.SZY206 + "/" + testCard, Seq: start.Add(-30 * time.Minute).UnixMilli(), Device: testCard,
			Field: "status_word", TimeMillis: start.Add(-30 * time.Minute).UnixMilli(), Value: 0x30},
	}
	if err := h.e.cfg.Readings.Insert(ctx, words, make([]bool, len(words))); err != nil {
		t.Fatal(err)
	}
	h.evaluate()
	as := h.alarms(water.RuleNoAuthorisation)
	if len(as) != 1 {
		t.Fatalf("no-authorisation alarms: got %+v, want 1", h.alarms(0))
	}
	// Metering credits a step to the hour of the later reading, 11:00.
	if !as[0].From.Equal(start.Add(2 * time.Hour)) {
		t.Errorf("from: got %s, want 11:00", as[0].From)
	}
	if e, _ := as[0].Value("energy"); !e.Equal(decimal.NewFromInt(20)) {
		t.Errorf("energy: got %s, want 20", e)
	}
}

func TestSilentMeter(t *testing.T) {
	h := newHarness(t, water.Options{SilentAfter: time.Hour})
	h.tracker.Seen(devices.Station(stations.SZY206, testCard), h.clock())
	h.evaluate()
	if n := len(h.alarms(water.RuleSilentMeter)); n != 0 {
		t.Fatalf("a meter that just reported: got %d silent alarms", n)
	}
	h.advance(2 * time.Hour)
	h.evaluate()
	as := h.alarms(water.RuleSilentMeter)
	if len(as) != 1 || as[0].Meter != testCard {
		t.Fatalf("after 2 h: got %+v, want the card controller silent", as)
	}
	h.tracker.Seen(devices.Station(stations.SZY206, testCard), h.clock())
	h.evaluate()
	if as := h.alarms(water.RuleSilentMeter); as[0].Status != water.AlarmClosed {
		t.Errorf("after it reported again: got %s, want closed", as[0].Status)
	}
}

func TestStationTamperAndWords(t *testing.T) {
	h := newHarness(t, water.Options{})
	ctx := context.Background()
	at := h.clock()
	id := devices.StationID(stations.SZY206, testCard)
	h.tracker.Seen(devices.Station(stations.SZY206, testCard), at)
	report := func(alarms, cleared []string, offset time.Duration) {
		t.Helper()
		rep := stations.Report{Station: testCard, Protocol: stations.SZY206, Arrival: at, Observed: at,
			HasStatus: true, Alarms: alarms, Cleared: cleared, HasClock: true, ClockOffset: offset}
		if err := h.e.Station(ctx, rep); err != nil {
			t.Fatal(err)
		}
	}
	report([]string{"box_door_open", "pump_on_off"}, []string{"battery_low"}, time.Minute)
	at = at.Add(time.Minute)
	report([]string{"box_door_open"}, nil, time.Minute) // still open: no second event
	as := h.alarms(water.RuleTamper)
	if len(as) != 1 || as[0].Event != water.DoorOpened || as[0].Meter != testCard || as[0].Well != testWell {
		t.Fatalf("tamper alarms: got %+v, want one door-opened", as)
	}
	dev, err := h.county.DeviceAlarms(ctx, store.DeviceAlarmFilter{Device: id})
	if err != nil {
		t.Fatal(err)
	}
	if len(dev) != 1 || dev[0].Rule != "box_door_open" || dev[0].Division != testVillag || dev[0].Severity != "critical" {
		t.Fatalf("device alarms: got %+v", dev)
	}

	// The door closes, opens again and the clock jumps ten minutes.
	at = at.Add(time.Minute)
	report(nil, []string{"box_door_open"}, time.Minute)
	at = at.Add(time.Minute)
	report([]string{"box_door_open"}, nil, 10*time.Minute)
	as = h.alarms(water.RuleTamper)
	if len(as) != 2 {
		t.Fatalf("tamper alarms: got %d, want door and clock", len(as))
	}
	if n, _ := as[0].Value("events"); !n.Equal(decimal.NewFromInt(2)) {
		t.Errorf("door events: got %s, want 2 in one alarm", n)
	}
	if as[1].Event != water.ClockChanged {
		t.Errorf("second alarm: got %s, want clock-changed", as[1].Event)
	}
	dev, _ = h.county.DeviceAlarms(ctx, store.DeviceAlarmFilter{Device: id, NotClosed: true})
	if len(dev) != 2 {
		t.Errorf("open device alarms: got %+v, want the door and the clock", dev)
	}
}

func TestCounterBackwardsTamper(t *testing.T) {
	h := newHarness(t, water.Options{})
	at := time.Date(2026, 7, 15, 9, 0, 0, 0, cst)
	h.read(testFlow, "flow_total", at, 500_000)
	name, _, _ := h.index.Meter(testFlow, "flow_total")
	h.mu.Lock()
	id, _ := h.reg.ID(name)
	o := h.shard.Add(h.now.Unix(), metering.Reading{Meter: id, Time: at.Add(time.Hour).Unix(), Value: 400_000})
	h.mu.Unlock()
	if o != metering.Backwards {
		t.Fatalf("outcome: got %s, want backwards", o)
	}
	h.evaluate()
	h.evaluate() // the event is stored once
	as := h.alarms(water.RuleTamper)
	if len(as) != 1 || as[0].Event != water.CounterBackwards {
		t.Fatalf("tamper alarms: got %+v, want one counter-backwards", as)
	}
	if d, _ := as[0].Value("drop"); !d.Equal(decimal.NewFromInt(100)) {
		t.Errorf("drop: got %s, want 100", d)
	}
}

func TestCentralRulesAndGatewayAlarms(t *testing.T) {
	h := newHarness(t, water.Options{})
	ctx := context.Background()
	_, err := h.e.PutRules(ctx, []byte(`[{"field":"air_temperature","scale":1,"rules":[
		{"id":"hot","kind":"high","severity":"major","set":35,"clear":33}]}]`), 0)
	if err != nil {
		t.Fatal(err)
	}
	src := "654229101/gw-654229101201"
	feed := func(v int64, at time.Time) {
		rs := []ingest.Reading{{Source: src, Seq: at.UnixMilli(), Device: "WS-1", Field: "air_temperature",
			TimeMillis: at.UnixMilli(), Value: v, Scale: 2}}
		h.e.Readings(rs, []bool{true})
		h.e.apply(ctx, <-h.e.work)
	}
	at := h.clock()
	feed(3612, at) // 36.12 °C rounds to 36.1
	id := devices.FieldDeviceID(src, "WS-1")
	as, _ := h.county.DeviceAlarms(ctx, store.DeviceAlarmFilter{Device: id})
	if len(as) != 1 || as[0].Value != 361 || as[0].Limit != 350 || as[0].Scale != 1 || as[0].Division != testVillag[:12] {
		t.Fatalf("central alarm: got %+v", as)
	}
	feed(3200, at.Add(time.Minute))
	as, _ = h.county.DeviceAlarms(ctx, store.DeviceAlarmFilter{Device: id})
	if len(as) != 1 || as[0].Status != store.AlarmClosed || as[0].Active {
		t.Fatalf("after clearing: got %+v", as)
	}
	if _, err := h.e.PutRules(ctx, []byte(`[]`), 0); err == nil {
		t.Error("PutRules with a stale version: got nil error")
	}
	if _, err := h.e.PutRules(ctx, []byte(`[{"field":"x"}]`), 1); err == nil {
		t.Error("PutRules without rules: got nil error")
	}

	payload := []byte(`{"seq":9,"items":[
		{"seq":9,"ts":1,"hist":false,"data":{"device":"SM-1","time":"2026-07-15T04:00:00Z","point":"soil_moisture","rule":"dry","kind":"low","severity":"warning","transition":"raised","state":"active","value":85,"limit":100,"scale":1}},
		{"seq":10,"ts":2,"hist":false,"data":{"device":"SM-1","time":"2026-07-15T04:05:00Z","point":"soil_moisture","rule":"dry","kind":"low","severity":"warning","transition":"acknowledged","state":"acknowledged","value":0,"limit":0,"scale":1}}]}`)
	if err := h.e.GatewayAlarms(ctx, src, payload); err != nil {
		t.Fatal(err)
	}
	as, _ = h.county.DeviceAlarms(ctx, store.DeviceAlarmFilter{Device: devices.FieldDeviceID(src, "SM-1")})
	if len(as) != 1 || as[0].Status != store.AlarmAcknowledged || as[0].Origin != "gateway" {
		t.Errorf("gateway alarm: got %+v", as)
	}
	for _, bad := range []string{`{"seq":1`, `{"seq":1,"data":{"rule":"r","time":"2026-07-15T04:00:00Z","kind":"up","severity":"major","transition":"raised"}}`,
		`{"seq":1,"data":{"rule":"r","time":"2026-07-15T04:00:00Z","kind":"low","severity":"major","transition":"paused"}}`,
		`{"seq":1,"data":{"time":"2026-07-15T04:00:00Z","kind":"low","severity":"major","transition":"raised"}}`,
		`{"seq":1,"data":{"rule":"r","point":"` + strings.Repeat("p", 257) + `","time":"2026-07-15T04:00:00Z","kind":"low","severity":"major","transition":"raised"}}`,
		`{"seq":1,"data":{"rule":"` + strings.Repeat("r", 257) + `","time":"2026-07-15T04:00:00Z","kind":"low","severity":"major","transition":"raised"}}`,
		`{"seq":1,"data":{"device":"` + strings.Repeat("d", 257) + `","rule":"r","time":"2026-07-15T04:00:00Z","kind":"low","severity":"major","transition":"raised"}}`} {
		if err := h.e.GatewayAlarms(ctx, src, []byte(bad)); err == nil || !strings.Contains(err.Error(), ErrMalformed.Error()) {
			t.Errorf("%s: got %v, want a malformed message", bad, err)
		}
	}
}

func TestDeviceSilentAlarm(t *testing.T) {
	h := newHarness(t, water.Options{})
	ctx := context.Background()
	d := store.Device{ID: "sl651:6542290001", Kind: devices.KindStation, Name: "6542290001", Division: "654229",
		LastSeen: h.clock().Add(-time.Hour), Interval: time.Minute}
	h.e.DeviceSilent(ctx, d, true)
	h.e.DeviceSilent(ctx, d, true)
	as, _ := h.county.DeviceAlarms(ctx, store.DeviceAlarmFilter{Device: d.ID})
	if len(as) != 1 || as[0].Value != 3600 || as[0].Unit != "s" {
		t.Fatalf("silent alarm: got %+v", as)
	}
	h.e.DeviceSilent(ctx, d, false)
	as, _ = h.county.DeviceAlarms(ctx, store.DeviceAlarmFilter{Device: d.ID})
	if as[0].Status != store.AlarmClosed {
		t.Errorf("after reporting again: got %s, want closed", as[0].Status)
	}
}

func TestParseRules(t *testing.T) {
	good := `[{"field":"soil_moisture","devices":["SM-*"],"scale":1,"rules":[{"id":"dry","kind":"low","severity":"warning","set":12.5}]},
		{"field":"Z","rules":[{"id":"flood","kind":"high","severity":"critical","set":120}]}]`
	groups, err := ParseRules([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 || !groups[0].Applies("SM-7", "soil_moisture") || groups[0].Applies("WS-1", "soil_moisture") ||
		!groups[1].Applies("0012345678", "Z") {
		t.Errorf("groups: got %+v", groups)
	}
	bad := []struct{ name, data, want string }{
		{"not an array", `{}`, "JSON array"},
		{"unknown field", `[{"field":"t","x":1,"rules":[]}]`, "unknown field"},
		{"no field", `[{"rules":[{"id":"a","kind":"high","severity":"major","set":1}]}]`, "field must be"},
		{"no rules", `[{"field":"t"}]`, "rules are missing"},
		{"empty rules", `[{"field":"t","rules":[]}]`, "no rules"},
		{"bad pattern", `[{"field":"t","devices":["["],"rules":[{"id":"a","kind":"high","severity":"major","set":1}]}]`, "pattern"},
		{"scale", `[{"field":"t","scale":-1,"rules":[{"id":"a","kind":"high","severity":"major","set":1}]}]`, "scale -1"},
		{"places", `[{"field":"t","rules":[{"id":"a","kind":"high","severity":"major","set":1.5}]}]`, "decimal places"},
		{"rule", `[{"field":"t","rules":[{"id":"a","kind":"high","severity":"major"}]}]`, "set"},
	}
	for _, tt := range bad {
		_, err := ParseRules([]byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error with %q", tt.name, err, tt.want)
		}
	}
}

func TestRescaleRound(t *testing.T) {
	tests := []struct {
		v        int64
		from, to uint8
		want     int64
		ok       bool
	}{
		{3612, 2, 1, 361, true},
		{3615, 2, 1, 362, true},
		{-3615, 2, 1, -362, true},
		{149, 2, 0, 1, true},
		{150, 2, 0, 2, true},
		{12, 0, 2, 1200, true},
		{1 << 61, 0, 1, 0, false},
		{5, 0, 0, 5, true},
	}
	for _, tt := range tests {
		got, ok := rescaleRound(tt.v, tt.from, tt.to)
		if got != tt.want || ok != tt.ok {
			t.Errorf("rescaleRound(%d, %d, %d): got %d, %v, want %d, %v", tt.v, tt.from, tt.to, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSessionsOf(t *testing.T) {
	t0 := time.Date(2026, 7, 15, 8, 0, 0, 0, cst)
	words := []wordAt{{t0, 0x30}, {t0.Add(time.Minute), 0x20}, {t0.Add(2 * time.Minute), 0x20},
		{t0.Add(3 * time.Minute), 0x30}, {t0.Add(4 * time.Minute), 0x20}}
	got := sessionsOf(testWell, words)
	if len(got) != 2 || !got[0].Start.Equal(t0.Add(time.Minute)) || !got[0].End.Equal(t0.Add(3*time.Minute)) ||
		!got[1].End.IsZero() {
		t.Errorf("sessions: got %+v", got)
	}
}

func TestOverPlanCountsStoredHistory(t *testing.T) {
	h := newHarness(t, water.Options{})
	h.plan(1000, 200)
	ctx := context.Background()
	// 900 m³ of imported history in March, 1 kWh at 5 m³/kWh in April, and
	// 60 m³ metered today.
	_, err := h.water.StartCoefficient(ctx, water.Coefficient{Well: testWell, Value: decimal.RequireFromString("5"),
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, cst), Reason: water.ReasonInitial})
	if err != nil {
		t.Fatal(err)
	}
	err = h.county.PutDaily(ctx, []store.Daily{
		{Well: string(testWell), Day: land.NewDate(2026, 3, 10), Volume: decimal.RequireFromString("900")},
		{Well: string(testWell), Day: land.NewDate(2026, 4, 10), Energy: decimal.RequireFromString("1")},
		{Well: string(testWell), Day: land.NewDate(2026, 7, 15), Volume: decimal.RequireFromString("999")},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.read(testFlow, "flow_total", h.clock().Add(-2*time.Hour), 0)
	h.read(testFlow, "flow_total", h.clock().Add(-time.Hour), 60_000)
	h.evaluate()
	as := h.alarms(water.RuleOverPlan)
	if len(as) != 1 || as[0].Severity != water.Warning {
		t.Fatalf("over-plan alarms: got %+v, want one warning at 90%%", as)
	}
	// Today comes from the rollups, not from the stored 999 m³.
	if used, _ := as[0].Value("used"); !used.Equal(decimal.NewFromInt(965)) {
		t.Errorf("used: got %s, want 965", used)
	}
}
