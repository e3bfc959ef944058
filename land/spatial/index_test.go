package spatial_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

// randomPlots returns n random polygons near lon 78, lat 39.5: mostly
// rotated quadrilaterals, some with a hole, some MultiPolygons, one empty,
// and a few large enough to skip the grid.
func randomPlots(rng *rand.Rand, n int) []geom.T {
	plots := make([]geom.T, n)
	for i := range plots {
		x, y := 78+rng.Float64()*0.1, 39.5+rng.Float64()*0.1
		size := 0.0005 + rng.Float64()*0.002
		switch {
		case i == n/2:
			plots[i] = geom.NewPolygon(geom.XY)
		case i%97 == 0:
			plots[i] = polygon(quad(rng, x, y, 0.05))
		case i%7 == 0:
			outer := quad(rng, x, y, size)
			plots[i] = polygon(outer, reversed(quad(rng, x, y, size/4)))
		case i%11 == 0:
			plots[i] = geom.NewMultiPolygon(geom.XY).MustSetCoords([][][]geom.Coord{
				{quad(rng, x, y, size)}, {quad(rng, x+3*size, y, size)},
			})
		default:
			plots[i] = polygon(quad(rng, x, y, size))
		}
	}
	return plots
}

// quad returns a jittered quadrilateral ring of about size degrees around
// (x, y), counter-clockwise.
func quad(rng *rand.Rand, x, y, size float64) []geom.Coord {
	j := func() float64 { return (rng.Float64() - 0.5) * size * 0.4 }
	ring := []geom.Coord{
		{x - size + j(), y - size + j()}, {x + size + j(), y - size + j()},
		{x + size + j(), y + size + j()}, {x - size + j(), y + size + j()},
	}
	return append(ring, ring[0])
}

func TestIndexMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	plots := randomPlots(rng, 1500)
	ix, err := spatial.New(plots)
	require.NoError(t, err)
	require.Equal(t, len(plots), ix.Len())

	var got []int
	for range 1000 {
		lon, lat := 77.99+rng.Float64()*0.12, 39.49+rng.Float64()*0.12
		var want []int
		for i, p := range plots {
			if spatial.Contains(p, lon, lat) {
				want = append(want, i)
			}
		}
		got = ix.AppendContaining(got[:0], lon, lat)
		slices.Sort(got)
		require.Equal(t, want, slices.Clip(got), "AppendContaining(%v, %v)", lon, lat)

		first, ok := ix.Containing(lon, lat)
		assert.Equal(t, len(want) > 0, ok, "Containing(%v, %v) found", lon, lat)
		if ok {
			assert.Contains(t, want, first, "Containing(%v, %v)", lon, lat)
		}
	}
}

func TestIndexCandidatesMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	plots := randomPlots(rng, 2000)
	ix, err := spatial.New(plots)
	require.NoError(t, err)

	for range 500 {
		x, y := 78+rng.Float64()*0.1, 39.5+rng.Float64()*0.1
		box := spatial.Box{MinLon: x, MinLat: y, MaxLon: x + rng.Float64()*0.01, MaxLat: y + rng.Float64()*0.01}
		var want []int
		for i := range plots {
			if ix.Bounds(i).Intersects(box) {
				want = append(want, i)
			}
		}
		got := ix.AppendCandidates(nil, box)
		slices.Sort(got)
		assert.Equal(t, want, got, "AppendCandidates(%+v)", box)
	}
}

func TestIndexIntersectingMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	plots := randomPlots(rng, 1000)
	ix, err := spatial.New(plots)
	require.NoError(t, err)

	for q := range 100 {
		x, y := 78+rng.Float64()*0.1, 39.5+rng.Float64()*0.1
		var query geom.T = polygon(quad(rng, x, y, 0.003))
		if q%2 == 1 {
			query = geom.NewLineStringFlat(geom.XY, []float64{x, y, x + 0.01, y + 0.004, x + 0.02, y})
		}
		var want []int
		for i, p := range plots {
			hit, err := spatial.Intersects(p, query)
			require.NoError(t, err)
			if hit {
				want = append(want, i)
			}
		}
		got, err := ix.AppendIntersecting(nil, query)
		require.NoError(t, err)
		slices.Sort(got)
		assert.Equal(t, want, got, "query %d", q)
	}
}

func TestIndexWithinDistanceMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	plots := randomPlots(rng, 1000)
	ix, err := spatial.New(plots)
	require.NoError(t, err)

	for q := range 100 {
		x, y := 78+rng.Float64()*0.1, 39.5+rng.Float64()*0.1
		var query geom.T = geom.NewPointFlat(geom.XY, []float64{x, y})
		if q%2 == 1 {
			query = geom.NewLineStringFlat(geom.XY, []float64{x, y, x + 0.01, y + 0.004})
		}
		metres := rng.Float64() * 300
		got, err := ix.AppendWithinDistance(nil, query, metres)
		require.NoError(t, err)
		for i, p := range plots {
			d, err := spatial.Distance(p, query)
			require.NoError(t, err)
			// Both use a plane at the plot's box centre; they differ only
			// where a plot sits within rounding of the limit.
			if math.Abs(d-metres) < 1e-6 {
				continue
			}
			assert.Equal(t, d <= metres, slices.Contains(got, i),
				"query %d, plot %d at %.3f m, limit %.3f m", q, i, d, metres)
		}
	}
}

func TestAppendContainingAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	plots := randomPlots(rng, 2000)
	ix, err := spatial.New(plots)
	require.NoError(t, err)
	points := make([][2]float64, 1000)
	for i := range points {
		points[i] = [2]float64{78 + rng.Float64()*0.1, 39.5 + rng.Float64()*0.1}
	}

	buf := make([]int, 0, 16)
	i := 0
	allocs := testing.AllocsPerRun(10000, func() {
		p := points[i%len(points)]
		buf = ix.AppendContaining(buf[:0], p[0], p[1])
		ix.Containing(p[0], p[1])
		i++
	})
	assert.Zero(t, allocs, "allocations per lookup")
}

func TestNewInvalid(t *testing.T) {
	nan := geom.NewPolygonFlat(geom.XY, []float64{0, 0, 1, 0, math.NaN(), 1, 0, 0}, []int{8})
	tests := []struct {
		name  string
		geoms []geom.T
		index int
	}{
		{"nil", []geom.T{polygon(square(0, 0, 1)), nil}, 1},
		{"nil polygon", []geom.T{(*geom.Polygon)(nil)}, 0},
		{"point", []geom.T{geom.NewPointFlat(geom.XY, []float64{1, 2})}, 0},
		{"NaN coordinate", []geom.T{polygon(square(0, 0, 1)), polygon(square(1, 1, 1)), nan}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := spatial.New(tt.geoms)
			var invalid *spatial.InvalidGeometryError
			require.ErrorAs(t, err, &invalid)
			assert.Equal(t, tt.index, invalid.Index)
		})
	}
}

func TestIndexEmpty(t *testing.T) {
	for _, geoms := range [][]geom.T{nil, {geom.NewPolygon(geom.XY)}} {
		ix, err := spatial.New(geoms)
		require.NoError(t, err)
		assert.Empty(t, ix.AppendContaining(nil, 0, 0))
		_, ok := ix.Containing(0, 0)
		assert.False(t, ok)
		assert.Empty(t, ix.AppendCandidates(nil, spatial.Box{MinLon: -1, MinLat: -1, MaxLon: 1, MaxLat: 1}))
	}
}

func TestAppendWithinDistanceInvalid(t *testing.T) {
	ix, err := spatial.New([]geom.T{polygon(square(0, 0, 1))})
	require.NoError(t, err)
	point := geom.NewPointFlat(geom.XY, []float64{0, 0})
	for _, metres := range []float64{-1, math.NaN(), math.Inf(1)} {
		_, err := ix.AppendWithinDistance(nil, point, metres)
		assert.Error(t, err, "distance %v", metres)
	}
	_, err = ix.AppendWithinDistance(nil, nil, 10)
	assert.Error(t, err, "nil geometry")
}

func TestVisitBoxPairsMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	plots := randomPlots(rng, 2000)
	ix, err := spatial.New(plots)
	require.NoError(t, err)

	want := map[[2]int]bool{}
	for i := range plots {
		for j := i + 1; j < len(plots); j++ {
			if ix.Bounds(i).Intersects(ix.Bounds(j)) {
				want[[2]int{i, j}] = true
			}
		}
	}
	for _, shards := range []int{1, 3} {
		got := map[[2]int]int{}
		for s := range shards {
			ix.VisitBoxPairs(s, shards, func(i, j int) bool {
				got[[2]int{i, j}]++
				return true
			})
		}
		assert.Len(t, got, len(want), "%d shards: pairs", shards)
		for pair, n := range got {
			assert.True(t, want[pair], "%d shards: unexpected pair %v", shards, pair)
			assert.Equal(t, 1, n, "%d shards: visits of pair %v", shards, pair)
		}
	}
}
