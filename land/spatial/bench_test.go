package spatial_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/land/internal/benchdata"
	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/stretchr/testify/require"
)

var benchSet benchdata.Cache

// loadBench returns the genplots data set, generated once per process.
func loadBench(tb testing.TB) *benchdata.Set {
	tb.Helper()
	root, err := benchdata.ModuleRoot()
	require.NoError(tb, err)
	return benchSet.Load(tb, filepath.Join(root, "..", "shared", "bench"))
}

// startCPU returns the process CPU time at the start of a timed loop.
func startCPU() time.Duration { return processCPU() }

// reportRate reports b.N operations per wall-clock second and per CPU
// second of the process since start, as "<unit>/s" and "<unit>/cpu-s".
func reportRate(b *testing.B, start time.Duration, unit string) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), unit+"/s")
	if used := processCPU() - start; used > 0 && start > 0 {
		b.ReportMetric(float64(b.N)/used.Seconds(), unit+"/cpu-s")
	}
}

func BenchmarkPointLookup(b *testing.B) {
	set := loadBench(b)
	ix, err := spatial.New(benchdata.Polygons(set.Plots))
	require.NoError(b, err)
	pts := set.Points
	buf := make([]int, 0, 8)
	hits := 0

	b.ReportAllocs()
	cpu := startCPU()
	for i := 0; b.Loop(); i++ {
		p := pts[i%len(pts)]
		buf = ix.AppendContaining(buf[:0], p.Lon, p.Lat)
		hits += len(buf)
	}
	reportRate(b, cpu, "lookups")
}

func BenchmarkPointLookupFirst(b *testing.B) {
	set := loadBench(b)
	ix, err := spatial.New(benchdata.Polygons(set.Plots))
	require.NoError(b, err)
	pts := set.Points

	b.ReportAllocs()
	cpu := startCPU()
	for i := 0; b.Loop(); i++ {
		p := pts[i%len(pts)]
		ix.Containing(p.Lon, p.Lat)
	}
	reportRate(b, cpu, "lookups")
}

func BenchmarkNew100k(b *testing.B) {
	set := loadBench(b)
	polys := benchdata.Polygons(set.Plots)
	b.ReportAllocs()
	for b.Loop() {
		_, err := spatial.New(polys)
		require.NoError(b, err)
	}
}
