package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/codekeys"
	"github.com/shuxiang/shuxiang/apps/county/internal/live"
	"github.com/shuxiang/shuxiang/apps/county/internal/scanlog"
	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/epcis"
	"github.com/shuxiang/shuxiang/trace/tracesql"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// traceDomain is the trace namespace of the test county.
const traceDomain = "trace.example.cn"

// traceFixture is a fixture whose server serves the traceability API, with
// the trace store and the scan recorder behind it.
type traceFixture struct {
	*fixture
	trace *tracesql.Store
	rec   *scanlog.Recorder
	keys  *codekeys.Keys
	dir   string
	done  chan error
	// stopped makes stopRecorder wait once.
	stopped sync.Once
}

// newTraceFixture returns a seeded server with traceability; change, when
// given, adjusts the trace configuration before the server starts.
func newTraceFixture(t testing.TB, dialect sqlstore.Dialect, change ...func(*server.TraceConfig)) *traceFixture {
	t.Helper()
	ctx := context.Background()
	db := sqlstoretest.Open(t, dialect, "countytrace")
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
	ts, err := tracesql.Open(ctx, db.DB, tracesql.Dialect(dialect), tracesql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := auth.NewService(cs, auth.Options{Login: auth.LoginLimits{PairFailures: 3}, Hash: auth.HashParams{MemoryKiB: 64, Passes: 1, Lanes: 1}})
	f := &traceFixture{fixture: &fixture{t: t, land: ls, water: ws, county: cs, tokens: map[string]string{},
		rules: &fakeRules{}, changes: make(chan string, 100), auth: svc}, trace: ts, dir: t.TempDir(), done: make(chan error, 1)}
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
	if f.keys, err = codekeys.Load(filepath.Join(f.dir, codekeys.FileName), time.Now()); err != nil {
		t.Fatal(err)
	}
	ns := trace.Namespace{Domain: traceDomain}
	var api *server.Server
	f.rec, err = scanlog.New(scanlog.Config{Store: ts, FlushEvery: time.Millisecond,
		Resolver: trace.Resolvers{trace.MintResolver{Keys: f.keys.Mint, Namespace: ns}, trace.GS1Resolver{}},
		Flagged:  func(ctx context.Context, fl *trace.Flag) { api.RaiseTraceAlarm(ctx, fl) }})
	if err != nil {
		t.Fatal(err)
	}
	tc := &server.TraceConfig{Store: ts, Namespace: ns, PublicURL: "https://" + traceDomain, Keys: f.keys,
		Recorder: f.rec, LookupRate: -1, Font: testFont()}
	for _, c := range change {
		c(tc)
	}
	f.hub = live.NewHub(live.Options{Queue: 16})
	f.cfg = server.Config{Land: ls, Water: ws, County: cs, Auth: svc, MaxBodyBytes: maxBody,
		Live: f.hub, Clock: func() time.Time { return fixtureNow }, KeepAlive: 100 * time.Millisecond,
		Rules: f.rules, AlarmChanged: f.alarmChanged, Trace: tc}
	api = server.New(f.cfg)
	f.api = api
	go func() { f.done <- f.rec.Run(context.Background()) }()
	f.srv = httptest.NewServer(api)
	t.Cleanup(f.stopRecorder)
	t.Cleanup(f.srv.Close)
	t.Cleanup(f.hub.Close)
	return f
}

// stopRecorder closes the recorder and waits until it has written every scan.
func (f *traceFixture) stopRecorder() {
	f.stopped.Do(func() {
		f.rec.Close()
		if err := <-f.done; err != nil {
			f.t.Error(err)
		}
	})
}

// testFont returns a TrueType CJK font of the machine, or nil.
func testFont() []byte {
	for _, p := range []string{"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"} {
		if data, err := os.ReadFile(p); err == nil {
			return data
		}
	}
	return nil
}

// traceDialects runs fn on SQLite and on PostgreSQL with a trace fixture.
func traceDialects(t *testing.T, fn func(t *testing.T, f *traceFixture)) {
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			fn(t, newTraceFixture(t, d))
		})
	}
}

// moduleRoot returns the folder of go.mod, which has shared/ beside it.
func moduleRoot(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Dir(file)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above " + file)
		}
		dir = parent
	}
}

// sharedFile returns a public test data file beside the module. The test
// fails when it is missing and CI=true, and is skipped otherwise.
func sharedFile(t testing.TB, rel string) string {
	path := filepath.Join(moduleRoot(t), "..", "shared", "testdata", rel)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("public test data %s is missing: %v", path, err)
		}
		t.Skipf("public test data %s is missing", path)
	}
	return path
}

// traceSnapshot returns every trace record, to check that a rejected request
// changed nothing.
func (f *traceFixture) traceSnapshot() string {
	f.t.Helper()
	ctx := context.Background()
	var buf bytes.Buffer
	add := func(v any, err error) {
		if err != nil {
			f.t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		buf.Write(b)
		buf.WriteByte('\n')
	}
	pg := land.Page{Limit: 1000}
	producers, _, err := f.trace.Producers(ctx, trace.ProducerFilter{Page: pg})
	add(producers, err)
	products, _, err := f.trace.Products(ctx, trace.ProductFilter{Page: pg})
	add(products, err)
	batches, _, err := f.trace.Batches(ctx, trace.BatchFilter{Page: pg})
	add(batches, err)
	issuances, _, err := f.trace.Issuances(ctx, trace.IssuanceFilter{Page: pg})
	add(issuances, err)
	certs, _, err := f.trace.Certificates(ctx, trace.CertificateFilter{Page: pg})
	add(certs, err)
	reports, _, err := f.trace.Reports(ctx, trace.ReportFilter{Page: pg})
	add(reports, err)
	events, err := f.trace.Query(ctx, epcisAll())
	add(events, err)
	buf.WriteString(f.snapshot())
	return buf.String()
}

// epcisAll is a query of every event, oldest first.
func epcisAll() epcis.Query { return epcis.Query{PageSize: 1000, OrderAscending: true} }
