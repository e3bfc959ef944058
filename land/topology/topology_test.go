package topology_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/land/internal/benchdata"
	"github.com/shuxiang/shuxiang/land/topology"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

// Near lon 78, lat 40 one metre is about 1/85,300 degree of longitude and
// 1/111,030 degree of latitude.
const (
	degLonPerM = 1 / 85300.0
	degLatPerM = 1 / 111030.0
)

// rect returns a rectangle from (x0, y0) to (x1, y1) given in metres east
// and north of lon 78, lat 40.
func rect(x0, y0, x1, y1 float64) *geom.Polygon {
	lon := func(x float64) float64 { return 78 + x*degLonPerM }
	lat := func(y float64) float64 { return 40 + y*degLatPerM }
	return geom.NewPolygon(geom.XY).MustSetCoords([][]geom.Coord{{
		{lon(x0), lat(y0)}, {lon(x1), lat(y0)}, {lon(x1), lat(y1)}, {lon(x0), lat(y1)}, {lon(x0), lat(y0)},
	}})
}

// lShape returns an L-shaped, non-convex plot 100 m x 100 m with the
// upper-right 50 m x 50 m quarter cut away, offset by (x, y) metres.
func lShape(x, y float64) *geom.Polygon {
	lon := func(v float64) float64 { return 78 + (x+v)*degLonPerM }
	lat := func(v float64) float64 { return 40 + (y+v)*degLatPerM }
	return geom.NewPolygon(geom.XY).MustSetCoords([][]geom.Coord{{
		{lon(0), lat(0)}, {lon(100), lat(0)}, {lon(100), lat(50)}, {lon(50), lat(50)},
		{lon(50), lat(100)}, {lon(0), lat(100)}, {lon(0), lat(0)},
	}})
}

func TestCheckTinyCases(t *testing.T) {
	tests := []struct {
		name         string
		plots        []*geom.Polygon
		wantOverlaps []topology.Pair
		wantAdjacent []topology.Pair
		wantGaps     []topology.Pair
		wantArea     float64 // m² of the single overlap or gap
	}{
		{
			name:         "overlap strip",
			plots:        []*geom.Polygon{rect(0, 0, 100, 100), rect(90, 0, 190, 100)},
			wantOverlaps: []topology.Pair{{I: 0, J: 1}},
			wantArea:     geodesy.Area(rect(90, 0, 100, 100)),
		},
		{
			name:         "non-convex overlap",
			plots:        []*geom.Polygon{lShape(0, 0), lShape(40, 40)},
			wantOverlaps: []topology.Pair{{I: 0, J: 1}},
			// The first L is [0,100]x[0,50] and [0,50]x[50,100]; the second
			// starts at (40, 40), so they share [40,100]x[40,50] and
			// [40,50]x[50,100].
			wantArea: geodesy.Area(rect(40, 40, 100, 50)) + geodesy.Area(rect(40, 50, 50, 100)),
		},
		{
			name:         "touching only",
			plots:        []*geom.Polygon{rect(0, 0, 100, 100), rect(100, 0, 200, 100)},
			wantAdjacent: []topology.Pair{{I: 0, J: 1}},
		},
		{
			name:         "overlap below tolerance",
			plots:        []*geom.Polygon{rect(0, 0, 100, 100), rect(99.995, 0, 200, 100)},
			wantAdjacent: []topology.Pair{{I: 0, J: 1}},
		},
		{
			name:     "gap sliver",
			plots:    []*geom.Polygon{rect(0, 0, 100, 100), rect(100.3, 0, 200, 100)},
			wantGaps: []topology.Pair{{I: 0, J: 1}},
			wantArea: geodesy.Area(rect(100, 0, 100.3, 100)),
		},
		{
			name:  "apart beyond snap distance",
			plots: []*geom.Polygon{rect(0, 0, 100, 100), rect(105, 0, 200, 100)},
		},
		{
			name:         "gap covered by a third plot",
			plots:        []*geom.Polygon{rect(0, 0, 100, 100), rect(100.3, 0, 200, 100), rect(100, -10, 100.3, 110)},
			wantOverlaps: nil,
			wantAdjacent: []topology.Pair{{I: 0, J: 2}, {I: 1, J: 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := topology.Check(tt.plots, topology.Options{})
			require.NoError(t, err)
			assert.Equal(t, tt.wantOverlaps, overlapPairs(r.Overlaps), "overlaps")
			assert.Equal(t, tt.wantAdjacent, r.Adjacent, "adjacent")
			assert.Equal(t, tt.wantGaps, gapPairs(r.Gaps), "gaps")
			if len(r.Overlaps) == 1 {
				assert.InDelta(t, tt.wantArea, r.Overlaps[0].Area, 0.01*tt.wantArea, "overlap m²")
			}
			if len(r.Gaps) == 1 {
				assert.InDelta(t, tt.wantArea, r.Gaps[0].Area, 0.01*tt.wantArea, "gap m²")
				assert.InDelta(t, 0.3, r.Gaps[0].Width, 0.01, "gap width m")
			}

			overlaps, err := topology.Overlaps(tt.plots, topology.Options{})
			require.NoError(t, err)
			assert.Equal(t, r.Overlaps, overlaps, "Overlaps agrees with Check")
		})
	}
}

func overlapPairs(overlaps []topology.Overlap) []topology.Pair {
	var pairs []topology.Pair
	for _, o := range overlaps {
		pairs = append(pairs, topology.Pair{I: o.I, J: o.J})
	}
	return pairs
}

func gapPairs(gaps []topology.Gap) []topology.Pair {
	var pairs []topology.Pair
	for _, g := range gaps {
		pairs = append(pairs, topology.Pair{I: g.I, J: g.J})
	}
	return pairs
}

func TestOutside(t *testing.T) {
	village := rect(0, 0, 1000, 1000)
	plots := []*geom.Polygon{
		rect(100, 100, 200, 200),   // inside
		rect(950, 100, 1050, 200),  // half outside
		rect(2000, 0, 2100, 100),   // entirely outside
		rect(0, 0, 100, 100),       // inside, sharing the corner
		rect(999.99, 0, 1100, 100), // outside but for a 1 cm strip
	}
	got, err := topology.Outside(plots, village, topology.Options{Workers: 2})
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, 1, got[0].Index)
	assert.InDelta(t, geodesy.Area(rect(1000, 100, 1050, 200)), got[0].Area, 1, "half outside m²")
	assert.Equal(t, 2, got[1].Index)
	assert.InDelta(t, geodesy.Area(plots[2]), got[1].Area, 1, "entirely outside m²")
	assert.Equal(t, 4, got[2].Index)
}

func TestOptionsInvalid(t *testing.T) {
	plots := []*geom.Polygon{rect(0, 0, 1, 1)}
	for _, opts := range []topology.Options{{MinOverlap: -1}, {SnapDistance: -1}, {Workers: -1}} {
		_, err := topology.Check(plots, opts)
		assert.Error(t, err, "%+v", opts)
	}
}

func TestOverlapsInvalidPlot(t *testing.T) {
	_, err := topology.Overlaps([]geom.T{rect(0, 0, 1, 1), geom.NewPointFlat(geom.XY, []float64{0, 0})}, topology.Options{})
	assert.ErrorContains(t, err, "index 1")
}

// readPolygons reads the Polygon features of a GeoJSON file.
func readPolygons(t *testing.T, path string) []*geom.Polygon {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates [][][]float64
			}
		}
	}
	require.NoError(t, json.Unmarshal(data, &fc))
	var polys []*geom.Polygon
	for _, f := range fc.Features {
		require.Equal(t, "Polygon", f.Geometry.Type)
		var flat []float64
		var ends []int
		for _, ring := range f.Geometry.Coordinates {
			for _, c := range ring {
				flat = append(flat, c[0], c[1])
			}
			ends = append(ends, len(flat))
		}
		polys = append(polys, geom.NewPolygonFlat(geom.XY, flat, ends))
	}
	return polys
}

func TestCheckCambodiaFields(t *testing.T) {
	root, err := benchdata.ModuleRoot()
	require.NoError(t, err)
	path := filepath.Join(root, "..", "shared", "testdata", "fields", "ai4sf_cambodia_tile4_sample.geojson")
	plots := readPolygons(t, path)
	require.Len(t, plots, 100)

	r, err := topology.Check(plots, topology.Options{Workers: 2})
	require.NoError(t, err)
	assert.Empty(t, r.Overlaps, "overlaps above 1 m²")
	assert.Len(t, r.Adjacent, 180, "touching pairs")
}
