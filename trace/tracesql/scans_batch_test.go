package tracesql_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/tracesql"
)

func batchScans(at time.Time) []*trace.Scan {
	return []*trace.Scan{
		{Text: "A", Status: trace.Known, EPC: "https://t.example.cn/t/A", Issuance: "I1", At: at,
			Division: "650100", Location: &trace.GeoPoint{Lon: 87.62, Lat: 43.83}, Client: "c1"},
		{Text: "A", Status: trace.Known, EPC: "https://t.example.cn/t/A", Issuance: "I1",
			At: at.Add(time.Second), Division: "650100", Client: "c2"},
		{Text: "B", Status: trace.Known, EPC: "https://t.example.cn/t/B", Issuance: "I1",
			At: at.Add(2 * time.Second), Client: "c1"},
		{Text: "junk", Status: trace.Malformed, At: at.Add(3 * time.Second), Client: "c3"},
	}
}

func testAddScans(t *testing.T, d tracesql.Dialect) {
	ctx := context.Background()
	s := newStore(t, d)
	at := time.Date(2026, 5, 2, 2, 0, 0, 123456789, time.UTC)
	scans := batchScans(at)
	require.NoError(t, s.AddScans(ctx, scans))
	for i := 1; i < len(scans); i++ {
		assert.Greater(t, scans[i].ID, scans[i-1].ID, "scan %d", i)
	}
	assert.Equal(t, trace.StoreTime(at), scans[0].At)

	stats, err := s.ScanStats(ctx, "https://t.example.cn/t/A")
	require.NoError(t, err)
	assert.Equal(t, 2, stats.Count)
	require.NotNil(t, stats.Last)
	assert.Equal(t, scans[1].ID, stats.Last.ID)

	counts, err := s.ScanCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, []tracesql.ScanCount{
		{Issuance: "", Division: "", Status: trace.Malformed, Count: 1},
		{Issuance: "I1", Division: "", Status: trace.Known, Count: 1},
		{Issuance: "I1", Division: land.DivisionCode("650100"), Status: trace.Known, Count: 2},
	}, counts)
}

func testAddScansInvalid(t *testing.T, d tracesql.Dialect) {
	ctx := context.Background()
	s := newStore(t, d)
	scans := batchScans(time.Date(2026, 5, 2, 2, 0, 0, 0, time.UTC))
	scans[2].Status = trace.ScanStatusUnknown
	assert.Error(t, s.AddScans(ctx, scans))
	page, _, err := s.Scans(ctx, trace.ScanFilter{Page: land.Page{Limit: 10}})
	require.NoError(t, err)
	assert.Empty(t, page, "a batch with an invalid scan stores nothing")

	scans = batchScans(time.Date(2026, 5, 2, 2, 0, 0, 0, time.UTC))
	scans[0].ID = 7
	assert.Error(t, s.AddScans(ctx, scans))
	assert.NoError(t, s.AddScans(ctx, nil))
}

func TestAddScansSQLite(t *testing.T)            { testAddScans(t, tracesql.SQLite) }
func TestAddScansPostgreSQL(t *testing.T)        { testAddScans(t, tracesql.PostgreSQL) }
func TestAddScansInvalidSQLite(t *testing.T)     { testAddScansInvalid(t, tracesql.SQLite) }
func TestAddScansInvalidPostgreSQL(t *testing.T) { testAddScansInvalid(t, tracesql.PostgreSQL) }

func testAddScansChunks(t *testing.T, d tracesql.Dialect) {
	ctx := context.Background()
	s := newStore(t, d)
	at := time.Date(2026, 5, 2, 2, 0, 0, 0, time.UTC)
	scans := make([]*trace.Scan, 450)
	for i := range scans {
		scans[i] = &trace.Scan{Text: "A", Status: trace.Known, EPC: "https://t.example.cn/t/A", Issuance: "I1",
			At: at.Add(time.Duration(i) * time.Second)}
	}
	require.NoError(t, s.AddScans(ctx, scans))
	stored, _, err := s.Scans(ctx, trace.ScanFilter{Page: land.Page{Limit: 1000}})
	require.NoError(t, err)
	require.Len(t, stored, len(scans))
	for i, sc := range stored {
		assert.Equal(t, scans[i].ID, sc.ID, "scan %d", i)
		assert.Equal(t, scans[i].At, sc.At, "scan %d keeps its place", i)
	}
}

func TestAddScansChunksSQLite(t *testing.T)     { testAddScansChunks(t, tracesql.SQLite) }
func TestAddScansChunksPostgreSQL(t *testing.T) { testAddScansChunks(t, tracesql.PostgreSQL) }

func BenchmarkAddScans(b *testing.B) {
	s := newStore(b, tracesql.SQLite)
	ctx := context.Background()
	at := time.Date(2026, 5, 2, 2, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		scans := make([]*trace.Scan, 1000)
		for i := range scans {
			scans[i] = &trace.Scan{Text: "1HPPYJ14RE0B61XS", Status: trace.Known,
				EPC: "https://t.example.cn/t/1HPPYJ14RE0B61XS", Issuance: "v1.b0", At: at,
				Client: "0123456789abcdef0123456789abcdef"}
		}
		if err := s.AddScans(ctx, scans); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "scans/s")
}
