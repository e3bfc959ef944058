package scanlog_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/apps/county/internal/scanlog"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/mint"
)

var start = time.Date(2026, 5, 2, 2, 0, 0, 0, time.UTC)

type fixture struct {
	store   *trace.MemoryStore
	rec     *scanlog.Recorder
	minter  *mint.Minter
	flagged chan trace.Flag
	done    chan error
}

func newFixture(t *testing.T, state trace.IssuanceState, rules trace.Rules) *fixture {
	t.Helper()
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: []byte("scanlog test key")})
	require.NoError(t, err)
	m, err := mint.NewMinter(keys, 1)
	require.NoError(t, err)
	st := trace.NewMemoryStore(func() time.Time { return start })
	is := &trace.Issuance{ID: "v1.b0", Batch: "B1", Scheme: trace.SchemeMinted, Space: trace.MintSpace(1, 0),
		KeyVersion: 1, Count: 100, State: state, IssuedAt: start.Add(-time.Hour)}
	if state == trace.Active {
		is.ActivatedAt = start.Add(-time.Hour)
	}
	require.NoError(t, st.PutIssuance(context.Background(), is))
	f := &fixture{store: st, minter: m, flagged: make(chan trace.Flag, 100), done: make(chan error, 1)}
	f.rec, err = scanlog.New(scanlog.Config{Store: st,
		Resolver: trace.MintResolver{Keys: keys, Namespace: trace.Namespace{Domain: "trace.example.cn"}},
		Rules:    rules, Batch: 3, FlushEvery: time.Millisecond,
		Flagged: func(_ context.Context, fl *trace.Flag) { f.flagged <- *fl }})
	require.NoError(t, err)
	go func() { f.done <- f.rec.Run(context.Background()) }()
	t.Cleanup(f.close)
	return f
}

func (f *fixture) close() {
	f.rec.Close()
	<-f.done
	f.done <- nil
}

func (f *fixture) code(t *testing.T, serial uint32) string {
	c, err := f.minter.Code(0, serial)
	require.NoError(t, err)
	return c.String()
}

func TestRecorderCountsScans(t *testing.T) {
	f := newFixture(t, trace.Active, trace.Rules{})
	ctx := context.Background()
	code := f.code(t, 5)
	for i := 1; i <= 3; i++ {
		res, err := f.rec.Scan(ctx, trace.ScanRequest{Text: code, At: start.Add(time.Duration(i) * time.Minute)})
		require.NoError(t, err)
		assert.Equal(t, trace.Known, res.Scan.Status)
		assert.Equal(t, i, res.Count)
		assert.Equal(t, start.Add(time.Minute), res.First)
		assert.False(t, res.Flagged)
	}
	f.rec.Close()
	require.NoError(t, <-f.done)
	f.done <- nil
	stats, err := f.store.ScanStats(ctx, "https://trace.example.cn/t/"+code)
	require.NoError(t, err)
	assert.Equal(t, 3, stats.Count, "every scan is stored after Close")
	_, err = f.rec.Scan(ctx, trace.ScanRequest{Text: code})
	assert.ErrorIs(t, err, scanlog.ErrClosed)
}

func TestRecorderFlagsInactiveCode(t *testing.T) {
	f := newFixture(t, trace.Issued, trace.Rules{})
	res, err := f.rec.Scan(context.Background(), trace.ScanRequest{Text: f.code(t, 1), At: start})
	require.NoError(t, err)
	require.Len(t, res.Flags, 1)
	assert.Equal(t, trace.RuleBeforeActivation, res.Flags[0].Rule)
	assert.True(t, res.Flagged)

	select {
	case fl := <-f.flagged:
		assert.NotZero(t, fl.ID)
		require.Len(t, fl.Evidence.Scans, 1)
		assert.NotZero(t, fl.Evidence.Scans[0], "evidence names the stored scan")
	case <-time.After(5 * time.Second):
		t.Fatal("no flag stored")
	}
}

func TestRecorderUnknownBurst(t *testing.T) {
	f := newFixture(t, trace.Active, trace.Rules{UnknownBurst: trace.UnknownBurstRule{Count: 3}})
	ctx := context.Background()
	var last *scanlog.Result
	for i := range 3 {
		var err error
		last, err = f.rec.Scan(ctx, trace.ScanRequest{Text: fmt.Sprintf("junk-%d", i),
			At: start.Add(time.Duration(i) * time.Second), Client: "c1"})
		require.NoError(t, err)
		assert.Equal(t, trace.Malformed, last.Scan.Status)
	}
	require.Len(t, last.Flags, 1)
	assert.Equal(t, trace.RuleUnknownBurst, last.Flags[0].Rule)
	for i := 3; i < 10; i++ {
		more, err := f.rec.Scan(ctx, trace.ScanRequest{Text: fmt.Sprintf("junk-%d", i),
			At: start.Add(time.Duration(i) * time.Second), Client: "c1"})
		require.NoError(t, err)
		assert.Empty(t, more.Flags, "scan %d of the same burst raises no second flag", i+1)
	}
	select {
	case fl := <-f.flagged:
		assert.Len(t, fl.Evidence.Scans, 3)
	case <-time.After(5 * time.Second):
		t.Fatal("no flag stored")
	}
}

func TestRecorderConcurrentScans(t *testing.T) {
	f := newFixture(t, trace.Active, trace.Rules{ScanCount: trace.ScanCountRule{Threshold: 1000}})
	ctx := context.Background()
	code := f.code(t, 9)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				_, err := f.rec.Scan(ctx, trace.ScanRequest{Text: code,
					At: start.Add(time.Duration(g*50+i) * time.Millisecond), Division: land.DivisionCode("650100")})
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	count, _, _, err := f.rec.Stats(ctx, "https://trace.example.cn/t/"+code)
	require.NoError(t, err)
	assert.Equal(t, 400, count)
	f.rec.Close()
	require.NoError(t, <-f.done)
	f.done <- nil
	stats, err := f.store.ScanStats(ctx, "https://trace.example.cn/t/"+code)
	require.NoError(t, err)
	assert.Equal(t, 400, stats.Count)
	assert.Equal(t, int64(400), f.rec.Counts().Written)
}

// TestRecorderFullQueue scans one code from many goroutines through a queue of
// one, so that lookups wait for room while the writer stores their scans.
func TestRecorderFullQueue(t *testing.T) {
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: []byte("scanlog test key")})
	require.NoError(t, err)
	m, err := mint.NewMinter(keys, 1)
	require.NoError(t, err)
	code, err := m.Code(0, 1)
	require.NoError(t, err)
	st := trace.NewMemoryStore(nil)
	require.NoError(t, st.PutIssuance(context.Background(), &trace.Issuance{ID: "v1.b0", Batch: "B1",
		Scheme: trace.SchemeMinted, Space: trace.MintSpace(1, 0), KeyVersion: 1, Count: 10,
		State: trace.Active, ActivatedAt: start, IssuedAt: start}))
	rec, err := scanlog.New(scanlog.Config{Store: st, Queue: 1, Batch: 1, FlushEvery: time.Millisecond,
		Rules:    trace.Rules{ScanCount: trace.ScanCountRule{Off: true}},
		Resolver: trace.MintResolver{Keys: keys, Namespace: trace.Namespace{Domain: "trace.example.cn"}}})
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- rec.Run(context.Background()) }()

	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 100 {
					_, err := rec.Scan(context.Background(), trace.ScanRequest{Text: code.String(), At: start})
					assert.NoError(t, err)
				}
			}()
		}
		wg.Wait()
	}()
	select {
	case <-finished:
	case <-time.After(30 * time.Second):
		t.Fatal("lookups still wait for the queue after 30 s")
	}
	rec.Close()
	require.NoError(t, <-done)
	assert.Equal(t, int64(800), rec.Counts().Written)
}
