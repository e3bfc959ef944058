package tracetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

func testIssuanceRanges(t *testing.T, s trace.Store) {
	ctx := context.Background()
	a := issuance(1, "B-0001", "v1.b7", 0, 1000)
	require.NoError(t, s.PutIssuance(ctx, a))
	b := issuance(2, "B-0002", "v1.b7", 1000, 500)
	require.NoError(t, s.PutIssuance(ctx, b), "adjacent range")
	other := issuance(3, "B-0003", "v1.b8", 0, 1000)
	require.NoError(t, s.PutIssuance(ctx, other), "same range in another space")
	gs1 := issuance(4, "B-0004", "06901234000016", 0, 1000)
	gs1.Scheme = trace.SchemeGS1
	require.NoError(t, s.PutIssuance(ctx, gs1), "same range in a GTIN space")

	for _, tt := range []struct {
		first, count uint64
	}{{999, 1}, {0, 1}, {1499, 10}, {500, 2000}} {
		overlap := issuance(5, "B-0005", "v1.b7", tt.first, tt.count)
		assert.ErrorIs(t, s.PutIssuance(ctx, overlap), trace.ErrConflict, "range %d+%d", tt.first, tt.count)
	}
	a.Count = 1001
	assert.ErrorIs(t, s.PutIssuance(ctx, a), trace.ErrConflict, "update that grows into the next range")
	a.Count = 900
	require.NoError(t, s.PutIssuance(ctx, a), "update that shrinks")

	for _, tt := range []struct {
		space  string
		serial uint64
		want   string
	}{
		{"v1.b7", 0, a.ID}, {"v1.b7", 899, a.ID}, {"v1.b7", 1000, b.ID}, {"v1.b7", 1499, b.ID},
		{"v1.b8", 5, other.ID},
	} {
		got, err := s.IssuanceFor(ctx, trace.CodeRef{Scheme: trace.SchemeMinted, Space: tt.space, Serial: tt.serial})
		require.NoError(t, err, "%s %d", tt.space, tt.serial)
		assert.Equal(t, tt.want, got.ID, "%s %d", tt.space, tt.serial)
	}
	got, err := s.IssuanceFor(ctx, trace.CodeRef{Scheme: trace.SchemeGS1, Space: gs1.Space, Serial: 3})
	require.NoError(t, err)
	assert.Equal(t, gs1, got)

	for _, ref := range []trace.CodeRef{
		{Scheme: trace.SchemeMinted, Space: "v1.b7", Serial: 900},
		{Scheme: trace.SchemeMinted, Space: "v1.b7", Serial: 1500},
		{Scheme: trace.SchemeMinted, Space: "v1.b9", Serial: 1},
		{Scheme: trace.SchemeGS1, Space: "v1.b7", Serial: 1},
	} {
		_, err := s.IssuanceFor(ctx, ref)
		assert.ErrorIs(t, err, trace.ErrNotFound, "%+v", ref)
	}
}

func testRecordSale(t *testing.T, s trace.Store) {
	ctx := context.Background()
	first := instant(time.October, 12, 9, 0)
	sale := trace.Sale{EPC: epcOf(1), Issuance: "I-0001", Serial: 1, At: first, Place: "650102"}
	got, err := s.RecordSale(ctx, sale)
	require.NoError(t, err)
	assert.Equal(t, 1, got.Sales)
	assert.Equal(t, first, got.FirstSale)
	assert.Equal(t, first, got.LastSale)
	assert.Equal(t, land.DivisionCode("650102"), got.LastSalePlace)
	assert.Equal(t, int64(1), got.Version)

	earlier := sale
	earlier.At, earlier.Place = first.Add(-time.Hour), "310104"
	got, err = s.RecordSale(ctx, earlier)
	require.NoError(t, err)
	assert.Equal(t, 2, got.Sales)
	assert.Equal(t, earlier.At, got.FirstSale, "an earlier sale moves the first sale")
	assert.Equal(t, first, got.LastSale)
	assert.Equal(t, land.DivisionCode("650102"), got.LastSalePlace, "the last sale keeps its place")

	stored, err := s.CodeState(ctx, sale.EPC)
	require.NoError(t, err)
	assert.Equal(t, got, stored)

	// A voided code keeps its void mark when sold.
	voided := codeState(2, "I-0001")
	require.NoError(t, s.PutCodeState(ctx, voided))
	got, err = s.RecordSale(ctx, trace.Sale{EPC: voided.EPC, Issuance: "I-0001", Serial: 2, At: first})
	require.NoError(t, err)
	assert.True(t, got.Voided)
	assert.Equal(t, 1, got.Sales)
	assert.Equal(t, int64(2), got.Version)

	_, err = s.RecordSale(ctx, trace.Sale{EPC: epcOf(3), Issuance: "I-0001"})
	assert.Error(t, err, "sale without time")

	// Concurrent sales are all counted.
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.RecordSale(ctx, trace.Sale{EPC: epcOf(4), Issuance: "I-0001", Serial: 4, At: first})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	got, err = s.CodeState(ctx, epcOf(4))
	require.NoError(t, err)
	assert.Equal(t, 8, got.Sales)
}

func testScans(t *testing.T, s trace.Store) {
	ctx := context.Background()
	var want []*trace.Scan
	for i := range 5 {
		sc := scan(epcOf(i%2), trace.Known, instant(time.October, 12, 9, i), "c1")
		require.NoError(t, s.AddScan(ctx, sc))
		if i > 0 {
			assert.Greater(t, sc.ID, want[i-1].ID, "IDs grow")
		}
		want = append(want, sc)
	}
	malformed := scan("", trace.Malformed, instant(time.October, 12, 10, 0), "c2")
	require.NoError(t, s.AddScan(ctx, malformed))
	want = append(want, malformed)

	again := *want[0]
	assert.Error(t, s.AddScan(ctx, &again), "a scan with its ID set")
	assert.Error(t, s.AddScan(ctx, &trace.Scan{Status: trace.Known, EPC: epcOf(1)}), "invalid scan")

	all, next, err := s.Scans(ctx, trace.ScanFilter{})
	require.NoError(t, err)
	assert.Empty(t, next)
	assert.Equal(t, want, all)

	var paged []*trace.Scan
	page := land.Page{Limit: 4}
	for range 3 {
		got, next, err := s.Scans(ctx, trace.ScanFilter{Page: page})
		require.NoError(t, err)
		paged = append(paged, got...)
		if next == "" {
			break
		}
		page.After = next
	}
	assert.Equal(t, want, paged, "scans over pages of 4")

	byCode, _, err := s.Scans(ctx, trace.ScanFilter{EPC: epcOf(1)})
	require.NoError(t, err)
	assert.Equal(t, []*trace.Scan{want[1], want[3]}, byCode)
	window, _, err := s.Scans(ctx, trace.ScanFilter{Since: want[1].At, Until: want[3].At})
	require.NoError(t, err)
	assert.Equal(t, []*trace.Scan{want[1], want[2]}, window, "since included, until excluded")
	failed, _, err := s.Scans(ctx, trace.ScanFilter{Status: trace.Malformed, Client: "c2"})
	require.NoError(t, err)
	assert.Equal(t, []*trace.Scan{malformed}, failed)
	_, _, err = s.Scans(ctx, trace.ScanFilter{Page: land.Page{After: "x"}})
	assert.Error(t, err, "invalid page token")
}

func testScanStats(t *testing.T, s trace.Store) {
	ctx := context.Background()
	empty, err := s.ScanStats(ctx, epcOf(1))
	require.NoError(t, err)
	assert.Equal(t, trace.ScanStats{}, empty)

	// Added out of time order: the first scan by time is the second added.
	times := []time.Time{instant(time.October, 12, 9, 0), instant(time.October, 11, 9, 0),
		instant(time.October, 13, 9, 0), instant(time.October, 13, 9, 0)}
	var scans []*trace.Scan
	for _, at := range times {
		sc := scan(epcOf(1), trace.Known, at, "c1")
		require.NoError(t, s.AddScan(ctx, sc))
		scans = append(scans, sc)
	}
	require.NoError(t, s.AddScan(ctx, scan(epcOf(2), trace.Known, times[0], "c1")))

	st, err := s.ScanStats(ctx, epcOf(1))
	require.NoError(t, err)
	assert.Equal(t, 4, st.Count)
	assert.Equal(t, times[1], st.First)
	assert.Equal(t, scans[3], st.Last, "latest by time, then by ID")
}

func testClientFailures(t *testing.T, s trace.Store) {
	ctx := context.Background()
	base := instant(time.October, 12, 9, 0)
	add := func(status trace.ScanStatus, client string, at time.Time) int64 {
		sc := scan(epcOf(9), status, at, client)
		require.NoError(t, s.AddScan(ctx, sc))
		return sc.ID
	}
	add(trace.Malformed, "c1", base.Add(-time.Minute))
	inWindow := add(trace.Unissued, "c1", base)
	add(trace.Known, "c1", base.Add(time.Second))
	add(trace.Malformed, "c2", base.Add(time.Second))
	last := add(trace.Malformed, "c1", base.Add(2*time.Second))

	got, err := s.ClientFailures(ctx, "c1", base)
	require.NoError(t, err)
	assert.Equal(t, []int64{inWindow, last}, got)
	none, err := s.ClientFailures(ctx, "c3", base)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func testFlags(t *testing.T, s trace.Store) {
	ctx := context.Background()
	var want []*trace.Flag
	rules := []trace.RuleKind{trace.RuleScanCount, trace.RuleImpossibleTravel, trace.RuleSecondSale}
	severities := []trace.Severity{trace.Warning, trace.Major, trace.Critical}
	for i := range 3 {
		f := flag(rules[i], severities[i], epcOf(i), instant(time.October, 12+i, 9, 0))
		require.NoError(t, s.AddFlag(ctx, f))
		if i > 0 {
			assert.Greater(t, f.ID, want[i-1].ID)
		}
		want = append(want, f)
	}
	got, err := s.Flag(ctx, want[1].ID)
	require.NoError(t, err)
	assert.Equal(t, want[1], got)
	_, err = s.Flag(ctx, want[2].ID+100)
	assert.ErrorIs(t, err, trace.ErrNotFound)
	assert.Error(t, s.AddFlag(ctx, &trace.Flag{Rule: trace.RuleScanCount}), "invalid flag")

	all, _, err := s.Flags(ctx, trace.FlagFilter{})
	require.NoError(t, err)
	assert.Equal(t, want, all)
	severe, _, err := s.Flags(ctx, trace.FlagFilter{MinSeverity: trace.Major})
	require.NoError(t, err)
	assert.Equal(t, want[1:], severe)
	byRule, _, err := s.Flags(ctx, trace.FlagFilter{Rule: trace.RuleSecondSale, EPC: epcOf(2)})
	require.NoError(t, err)
	assert.Equal(t, want[2:], byRule)
	since, _, err := s.Flags(ctx, trace.FlagFilter{Since: want[1].At, Issuance: "I-0001"})
	require.NoError(t, err)
	assert.Equal(t, want[1:], since)
	first, next, err := s.Flags(ctx, trace.FlagFilter{Page: land.Page{Limit: 2}})
	require.NoError(t, err)
	assert.Equal(t, want[:2], first)
	rest, next, err := s.Flags(ctx, trace.FlagFilter{Page: land.Page{Limit: 2, After: next}})
	require.NoError(t, err)
	assert.Equal(t, want[2:], rest)
	assert.Empty(t, next)
}

// testTimes checks that times of any zone come back as the same instant in UTC.
func testTimes(t *testing.T, s trace.Store) {
	ctx := context.Background()
	urumqi := time.FixedZone("XJT", 6*3600)
	at := time.Date(2024, time.October, 12, 9, 30, 15, 123_456_789, urumqi)

	i := issuance(1, "B-0001", "v1.b1", 0, 10)
	i.ActivatedAt, i.IssuedAt = at, at
	require.NoError(t, s.PutIssuance(ctx, i))
	got, err := s.Issuance(ctx, i.ID)
	require.NoError(t, err)
	assert.True(t, got.ActivatedAt.Equal(trace.StoreTime(at)), "activated at %v", got.ActivatedAt)
	assert.Equal(t, time.UTC, got.ActivatedAt.Location())

	sc := scan(epcOf(1), trace.Known, at, "c1")
	require.NoError(t, s.AddScan(ctx, sc))
	assert.Equal(t, trace.StoreTime(at), sc.At, "AddScan writes the stored time back")
	scans, _, err := s.Scans(ctx, trace.ScanFilter{})
	require.NoError(t, err)
	require.Len(t, scans, 1)
	assert.Equal(t, trace.StoreTime(at), scans[0].At)
}

func testCanceledContext(t *testing.T, s trace.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.Error(t, s.PutProducer(ctx, producer(coop, trace.Cooperative, villageA)))
	_, err := s.Producer(ctx, coop)
	assert.Error(t, err)
	assert.Error(t, s.AddScan(ctx, scan(epcOf(1), trace.Known, instant(time.October, 12, 9, 0), "c1")))
	_, err = s.ScanStats(ctx, epcOf(1))
	assert.Error(t, err)
}
