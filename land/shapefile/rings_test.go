package shapefile

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

// islandRecord returns the rings of a polygon record with n square
// islands on a grid, each with a square hole, in shuffled order. Islands
// run clockwise and holes counter-clockwise unless allCounterClockwise.
// With a frame, one counter-clockwise ring around all islands comes first.
func islandRecord(n int, allCounterClockwise, frame bool) (flat []float64, ends []int) {
	var rings [][]float64
	for i := range n {
		x, y := float64(i%100)*10, float64(i/100)*10
		island, hole := square(x, y, 8), square(x+2, y+2, 4)
		if !allCounterClockwise {
			reverseRing(island, 2)
		}
		rings = append(rings, island, hole)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(rings), func(i, j int) { rings[i], rings[j] = rings[j], rings[i] })
	if frame {
		rings = append([][]float64{square(-5, -5, 2000)}, rings...)
	}
	for _, r := range rings {
		flat = append(flat, r...)
		ends = append(ends, len(flat))
	}
	return flat, ends
}

func TestAssembleManyIslands(t *testing.T) {
	const n = 2000
	t.Run("winding rule", func(t *testing.T) {
		flat, ends := islandRecord(n, false, false)
		mp, ok := assemblePolygon(geom.XY, flat, ends).(*geom.MultiPolygon)
		require.True(t, ok, "got %T, want *geom.MultiPolygon", mp)
		require.Equal(t, n, mp.NumPolygons())
		for i := range n {
			p := mp.Polygon(i)
			require.Equal(t, 2, p.NumLinearRings(), "polygon %d", i)
			shell, hole := p.LinearRing(0).FlatCoords(), p.LinearRing(1).FlatCoords()
			assert.Equal(t, shell[0]+2, hole[0], "polygon %d: hole x", i)
			assert.Equal(t, shell[1]+2, hole[1], "polygon %d: hole y", i)
		}
	})
	t.Run("all counter-clockwise in a frame", func(t *testing.T) {
		flat, ends := islandRecord(n, true, true)
		mp, ok := assemblePolygon(geom.XY, flat, ends).(*geom.MultiPolygon)
		require.True(t, ok, "got %T, want *geom.MultiPolygon", mp)
		// The frame has the islands as holes, and each island's hole is an
		// island of its own at nesting depth 2.
		require.Equal(t, n+1, mp.NumPolygons())
		assert.Equal(t, n+1, mp.Polygon(0).NumLinearRings(), "frame")
		for i := 1; i <= n; i++ {
			assert.Equal(t, 1, mp.Polygon(i).NumLinearRings(), "polygon %d", i)
		}
	})
}

func TestAssembleSkipsNaNRings(t *testing.T) {
	nan := []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	flat, ends := islandRecord(40, false, false)
	flat = append(flat, nan...)
	ends = append(ends, len(flat))
	mp, ok := assemblePolygon(geom.XY, flat, ends).(*geom.MultiPolygon)
	require.True(t, ok, "got %T, want *geom.MultiPolygon", mp)
	assert.Equal(t, 41, mp.NumPolygons(), "40 islands and the NaN ring")
}

func BenchmarkAssembleManyIslands(b *testing.B) {
	flat, ends := islandRecord(5000, true, true)
	b.ReportAllocs()
	for b.Loop() {
		assemblePolygon(geom.XY, flat, ends)
	}
}
