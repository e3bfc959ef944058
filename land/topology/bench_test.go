package topology_test

import (
	"path/filepath"
	"testing"

	"github.com/shuxiang/shuxiang/land/internal/benchdata"
	"github.com/shuxiang/shuxiang/land/topology"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

var benchSet benchdata.Cache

// loadBench returns the genplots data set, generated once per process.
func loadBench(tb testing.TB) *benchdata.Set {
	tb.Helper()
	root, err := benchdata.ModuleRoot()
	require.NoError(tb, err)
	return benchSet.Load(tb, filepath.Join(root, "..", "shared", "bench"))
}

// overlapPlots returns the 100,000 plots with the 1% replacements applied.
func overlapPlots(tb testing.TB) ([]benchdata.Plot, []*geom.Polygon) {
	plots := loadBench(tb).PlotsWithOverlaps()
	return plots, benchdata.Polygons(plots)
}

func TestOverlapsGenplots(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 100,000 plots")
	}
	set := loadBench(t)
	plots, polys := overlapPlots(t)
	got, err := topology.Overlaps(polys, topology.Options{Workers: 2})
	require.NoError(t, err)

	want := set.ExpectedPairs()
	require.Len(t, got, len(want))
	for _, o := range got {
		pair := benchdata.Pair{Low: plots[o.I].ID, High: plots[o.J].ID}
		assert.True(t, want[pair], "unexpected pair %v", pair)
		assert.GreaterOrEqual(t, o.Area, 1000.0, "pair %v area", pair)
		assert.LessOrEqual(t, o.Area, 31000.0, "pair %v area", pair)
	}
}

func benchmarkOverlaps(b *testing.B, workers int) {
	_, polys := overlapPlots(b)
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		got, err := topology.Overlaps(polys, topology.Options{Workers: workers})
		require.NoError(b, err)
		require.Len(b, got, 1000)
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
	if used := processCPU() - cpu; used > 0 && cpu > 0 {
		b.ReportMetric(used.Seconds()/float64(b.N), "cpu-s/run")
	}
}

func BenchmarkOverlaps100k(b *testing.B) {
	b.Run("workers=1", func(b *testing.B) { benchmarkOverlaps(b, 1) })
	b.Run("workers=2", func(b *testing.B) { benchmarkOverlaps(b, 2) })
}
