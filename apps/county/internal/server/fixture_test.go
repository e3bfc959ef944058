package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/live"
	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// The test county: villages A and B lie in township 101, village C in 102.
const (
	county    = "654202"
	township  = "654202101"
	villageA  = "654202101001"
	villageB  = "654202101002"
	villageC  = "654202102001"
	plotA     = "6542021010010100001"
	plotB     = "6542021010020100001"
	houseA    = "654202101001010001"
	houseB    = "654202101002010001"
	wellA     = "W-A1"
	wellB     = "W-B1"
	maxBody   = 64 << 10
	testLimit = 3
)

// fixture is a server on a seeded database with a token per role.
type fixture struct {
	t      testing.TB
	api    http.Handler
	srv    *httptest.Server
	land   land.Store
	water  water.Store
	county *store.Store
	hub    *live.Hub
	tokens map[string]string
	// rules is the central rule set of the alarm-rule endpoints, and
	// changes the alarm changes the server published.
	rules   *fakeRules
	changes chan string
	// auth is the server's account service and cfg its configuration.
	auth *auth.Service
	cfg  server.Config
}

// withServer returns a copy of f whose requests go to a second server on the
// same stores, tokens and hub, with the configuration changed by change.
func (f *fixture) withServer(change func(*server.Config)) *fixture {
	g := *f
	change(&g.cfg)
	g.api = server.New(g.cfg)
	g.srv = httptest.NewServer(g.api)
	f.t.Cleanup(g.srv.Close)
	return &g
}

// fixtureNow is the fixture server's clock: 2 May 2026, 10:00 in Beijing.
var fixtureNow = time.Date(2026, 5, 2, 2, 0, 0, 0, time.UTC)

// accounts of the fixture: name, role, division.
var accounts = []struct {
	name string
	role auth.Role
	div  land.DivisionCode
}{
	{"admin", auth.CountyAdmin, county},
	{"township", auth.TownshipOfficer, township},
	{"cadre-a", auth.VillageCadre, villageA},
	{"cadre-c", auth.VillageCadre, villageC},
	{"water", auth.WaterOfficer, county},
	{"regulator", auth.Regulator, county},
	{"gateway", auth.GatewayDevice, county},
	{"public", auth.Public, county},
}

func newFixture(t testing.TB, dialect sqlstore.Dialect) *fixture {
	t.Helper()
	ctx := context.Background()
	db := sqlstoretest.Open(t, dialect, "countyserver")
	ls, err := landsql.Open(ctx, db.DB, landsql.Dialect(dialect), landsql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := watersql.Open(ctx, db.DB, watersql.Dialect(dialect), watersql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := store.Open(ctx, db.DB, dialect, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := auth.NewService(cs, auth.Options{Login: auth.LoginLimits{PairFailures: 3}, Hash: auth.HashParams{MemoryKiB: 64, Passes: 1, Lanes: 1}})
	f := &fixture{t: t, land: ls, water: ws, county: cs, tokens: map[string]string{},
		rules: &fakeRules{}, changes: make(chan string, 100), auth: svc}
	for _, a := range accounts {
		if _, err := svc.CreateAccount(ctx, a.name, a.role, a.div); err != nil {
			t.Fatal(err)
		}
		tok, err := svc.IssueToken(ctx, a.name, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[a.name] = tok
	}
	f.seed(ctx)
	f.hub = live.NewHub(live.Options{Queue: 16})
	f.cfg = server.Config{Land: ls, Water: ws, County: cs, Auth: svc, MaxBodyBytes: maxBody,
		Live: f.hub, Clock: func() time.Time { return fixtureNow }, KeepAlive: 100 * time.Millisecond,
		Rules: f.rules, AlarmChanged: f.alarmChanged}
	api := server.New(f.cfg)
	f.api = api
	f.srv = httptest.NewServer(api)
	t.Cleanup(f.srv.Close)
	// Cleanups run last first: closing the hub ends the event streams, which
	// srv.Close would otherwise wait for.
	t.Cleanup(f.hub.Close)
	return f
}

// square returns a GeoJSON square of side 0.001° at lon, lat.
func square(lon, lat float64) map[string]any {
	d := 0.001
	return map[string]any{"type": "Polygon", "coordinates": [][][]float64{{
		{lon, lat}, {lon + d, lat}, {lon + d, lat + d}, {lon, lat + d}, {lon, lat}}}}
}

func (f *fixture) seed(ctx context.Context) {
	t := f.t
	for _, p := range []struct{ code, village string }{{plotA, villageA}, {plotB, villageB}} {
		pl := &land.Plot{Code: land.PlotCode(p.code), Village: land.DivisionCode(p.village),
			DeclaredArea: decimal.RequireFromString("2.50"), Use: "0102"}
		if err := f.land.PutPlot(ctx, pl); err != nil {
			t.Fatal(err)
		}
	}
	head, err := land.ParseRelation("head")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{houseA, houseB} {
		c := &land.Contractor{Code: land.ContractorCode(h), Name: "户主" + h[10:12],
			Members: []land.Member{{Name: "户主", Relation: head, IDNumber: "654202199001011234"}}}
		if err := f.land.PutContractor(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	raised := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	for _, w := range []struct{ code, div string }{{wellA, villageA}, {wellB, villageB}} {
		rec := &water.WellRecord{Well: water.Well{
			Code: water.WellCode(w.code), Kind: water.PumpedWell, Location: water.Point{Lon: 84.6, Lat: 44.4},
			Division: land.DivisionCode(w.div), Source: water.DeepGroundwater, Use: water.Agriculture,
			Holder: water.Holder{Name: "村集体"},
		}}
		if err := f.water.PutWell(ctx, rec); err != nil {
			t.Fatal(err)
		}
		alarm := &water.AlarmRecord{Alarm: water.Alarm{Rule: water.RuleOverPlan, Severity: water.Warning,
			Well: water.WellCode(w.code), Raised: raised, From: raised.Add(-time.Hour), To: raised, Message: "80% of plan"},
			Status: water.AlarmOpen}
		if err := f.water.PutAlarm(ctx, alarm); err != nil {
			t.Fatal(err)
		}
		plan := &water.PlanRecord{Plan: water.Plan{Well: water.WellCode(w.code), Year: 2026,
			Annual: decimal.RequireFromString("1200")}}
		for m := range plan.Monthly {
			plan.Monthly[m] = decimal.RequireFromString("100")
		}
		if err := f.water.PutPlan(ctx, plan); err != nil {
			t.Fatal(err)
		}
		days := []store.Daily{
			{Well: w.code, Day: land.NewDate(2026, 5, 1), Volume: decimal.RequireFromString("10.50"), Readings: 24},
			{Well: w.code, Day: land.NewDate(2026, 5, 2), Volume: decimal.RequireFromString("4.25"), Readings: 24},
		}
		if err := f.county.PutDaily(ctx, days); err != nil {
			t.Fatal(err)
		}
	}
}

// response is a received HTTP response.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) errorField() (code, field string) {
	var e struct {
		Error struct{ Code, Message, Field string }
	}
	_ = json.Unmarshal(r.body, &e)
	return e.Error.Code, e.Error.Field
}

// do sends a request as the account (none when empty) with body, which is
// sent as is when it is a string or []byte and as JSON otherwise.
func (f *fixture) do(method, path, account string, body any, header ...string) response {
	f.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewReader([]byte(b))
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if account != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[account])
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := f.srv.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: data}
}

// snapshot returns everything the API can change, to check that a rejected
// request changed nothing.
func (f *fixture) snapshot() string {
	f.t.Helper()
	ctx := context.Background()
	plots, _, err := f.land.Plots(ctx, land.PlotFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	contractors, _, err := f.land.Contractors(ctx, land.ContractorFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	audit, err := f.county.Audit(ctx, store.AuditFilter{Limit: 1000})
	if err != nil {
		f.t.Fatal(err)
	}
	n, err := f.county.CountAccounts(ctx, "")
	if err != nil {
		f.t.Fatal(err)
	}
	var states []store.Account
	for _, state := range []string{"", store.AccountDeleted} {
		page, err := f.county.Accounts(ctx, store.AccountFilter{State: state, Limit: 1000})
		if err != nil {
			f.t.Fatal(err)
		}
		states = append(states, page...)
	}
	var tokens []store.Token
	for _, a := range states {
		ts, err := f.county.AccountTokens(ctx, a.Name)
		if err != nil {
			f.t.Fatal(err)
		}
		tokens = append(tokens, ts...)
	}
	plans, _, err := f.water.Plans(ctx, water.PlanFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, p := range plans {
		m, _ := json.Marshal(p)
		buf.Write(m)
	}
	for _, p := range plots {
		g, _ := json.Marshal(p.Geometry)
		buf.WriteString(string(p.Code) + string(p.Village) + p.Name + p.DeclaredArea.String() + string(g) + p.UpdatedAt.String() + "\n")
	}
	for _, c := range contractors {
		m, _ := json.Marshal(c)
		buf.Write(m)
	}
	b, _ := json.Marshal(audit)
	buf.Write(b)
	buf.WriteString(string(rune('0' + n)))
	b, _ = json.Marshal(states)
	buf.Write(b)
	b, _ = json.Marshal(tokens)
	buf.Write(b)
	return buf.String()
}

func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return v
}

// dialects runs fn on SQLite and on PostgreSQL.
func dialects(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			fn(t, newFixture(t, d))
		})
	}
}
