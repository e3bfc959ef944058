package tracesql_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/epcis"
	"github.com/shuxiang/shuxiang/trace/label"
	"github.com/shuxiang/shuxiang/trace/mint"
	"github.com/shuxiang/shuxiang/trace/tracesql"
)

// millionCodes is the batch size of the issuing benchmarks.
const millionCodes = 1_000_000

func newMinter(b *testing.B) *mint.Minter {
	b.Helper()
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: []byte("0123456789abcdef")})
	require.NoError(b, err)
	m, err := mint.NewMinter(keys, 1)
	require.NoError(b, err)
	return m
}

// issue allocates a batch of n codes, stores its issuance in s and, when export is set,
// writes every code to a CSV file in dir through package trace/label.
func issue(b *testing.B, ctx context.Context, s trace.CodeStore, m *mint.Minter, dir string, n uint32, export bool) {
	mb, err := m.NewBatch(n)
	require.NoError(b, err)
	id := "I-" + time.Now().Format("150405.000000000")
	is := &trace.Issuance{ID: id, Batch: "2024-HT-0001", Scheme: trace.SchemeMinted,
		Space: trace.MintSpace(mb.Version, mb.Number), KeyVersion: int(mb.Version), First: uint64(mb.First),
		Count: uint64(mb.Count), State: trace.Issued, IssuedAt: time.Now()}
	require.NoError(b, s.PutIssuance(ctx, is))
	if !export {
		return
	}
	f, err := os.Create(filepath.Join(dir, id+".csv"))
	require.NoError(b, err)
	defer f.Close()
	links, err := label.NewLinks("https://trace.hotan.example.cn")
	require.NoError(b, err)
	buf := bufio.NewWriterSize(f, 1<<20)
	cw, err := label.NewCSVWriter(buf, links, label.CSVOptions{BOM: true})
	require.NoError(b, err)
	written, err := label.Stream(ctx, m, mb, "和田骏枣", label.StreamOptions{}, cw)
	require.NoError(b, err)
	require.Equal(b, int(n), written)
	require.NoError(b, cw.Flush())
	require.NoError(b, buf.Flush())
}

// BenchmarkIssueMillionSQLite issues a batch of one million minted codes: it allocates
// the batch, stores its issuance in the SQLite store (one row, whatever the count) and
// exports every code to a CSV file for the print shop.
func BenchmarkIssueMillionSQLite(b *testing.B) {
	ctx := context.Background()
	s := newStore(b, tracesql.SQLite)
	m, dir := newMinter(b), b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		issue(b, ctx, s, m, dir, millionCodes, true)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/millionCodes, "ns/code")
}

// BenchmarkIssueMillionMemory is the baseline of BenchmarkIssueMillionSQLite: the same
// batch and CSV export with the issuance in a trace.MemoryStore.
func BenchmarkIssueMillionMemory(b *testing.B) {
	ctx := context.Background()
	s := trace.NewMemoryStore(nil)
	m, dir := newMinter(b), b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		issue(b, ctx, s, m, dir, millionCodes, true)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/millionCodes, "ns/code")
}

// BenchmarkPutIssuanceSQLite stores the issuance of a batch of one million codes alone.
func BenchmarkPutIssuanceSQLite(b *testing.B) {
	ctx := context.Background()
	s := newStore(b, tracesql.SQLite)
	m := newMinter(b)
	b.ReportAllocs()
	for b.Loop() {
		issue(b, ctx, s, m, "", millionCodes, false)
	}
}

// BenchmarkIssuanceForSQLite finds the issuance of a code among 1000 issuances.
func BenchmarkIssuanceForSQLite(b *testing.B) {
	ctx := context.Background()
	s := newStore(b, tracesql.SQLite)
	m := newMinter(b)
	for range 1000 {
		issue(b, ctx, s, m, "", 1000, false)
	}
	ref := trace.CodeRef{Scheme: trace.SchemeMinted, Space: trace.MintSpace(1, 500), Serial: 999}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.IssuanceFor(ctx, ref); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrackerScanSQLite records scans of 1000 codes, each scan with its rules, in
// the SQLite store.
func BenchmarkTrackerScanSQLite(b *testing.B) {
	ctx := context.Background()
	s := newStore(b, tracesql.SQLite)
	m := newMinter(b)
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: []byte("0123456789abcdef")})
	require.NoError(b, err)
	mb, err := m.NewBatch(1000)
	require.NoError(b, err)
	require.NoError(b, s.PutIssuance(ctx, &trace.Issuance{ID: "I-1", Batch: "B-1", Scheme: trace.SchemeMinted,
		Space: trace.MintSpace(mb.Version, mb.Number), KeyVersion: 1, Count: 1000, State: trace.Active,
		ActivatedAt: time.Unix(0, 0), IssuedAt: time.Unix(0, 0)}))
	ns := trace.Namespace{Domain: "trace.hotan.example.cn"}
	tracker := &trace.Tracker{Store: s, Resolver: trace.MintResolver{Keys: keys, Namespace: ns}}
	texts := make([]string, 1000)
	for i := range texts {
		code, err := m.Code(mb.Number, uint32(i))
		require.NoError(b, err)
		texts[i] = code.Grouped()
	}
	when := time.Date(2024, 10, 12, 9, 0, 0, 0, time.UTC)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		when = when.Add(time.Second)
		n++
		req := trace.ScanRequest{Text: texts[n%len(texts)], At: when, Division: "650102", Client: "c1"}
		if _, err := tracker.Scan(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQueryByEPCSQLite queries the events of one item among 10,000 retail sale
// events of different items in the SQLite store.
func BenchmarkQueryByEPCSQLite(b *testing.B) {
	ctx := context.Background()
	s := newStore(b, tracesql.SQLite)
	steps := trace.Steps{Namespace: trace.Namespace{Domain: "trace.hotan.example.cn"}}
	events := make([]epcis.Event, 10_000)
	for i := range events {
		e, err := steps.Sell(trace.Observation{At: time.Date(2024, 10, 12, 9, 0, i, 0, time.UTC), Site: "shop-7",
			Objects: trace.Objects{EPCs: []string{steps.Namespace.Item(fmt.Sprintf("CODE%05d", i))}}})
		require.NoError(b, err)
		events[i] = *e
	}
	_, err := epcis.CaptureDocument(ctx, s, &epcis.Document{Events: events}, nil)
	require.NoError(b, err)
	q := epcis.Query{AnyEPCs: []string{steps.Namespace.Item("CODE04242")}}
	b.ReportAllocs()
	for b.Loop() {
		page, err := s.Query(ctx, q)
		if err != nil || len(page.Events) != 1 {
			b.Fatal(err, len(page.Events))
		}
	}
}
