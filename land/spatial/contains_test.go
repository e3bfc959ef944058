package spatial_test

import (
	"testing"

	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

// square returns the axis-aligned square [x0, x0+size] x [y0, y0+size],
// counter-clockwise.
func square(x0, y0, size float64) []geom.Coord {
	return []geom.Coord{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}}
}

func reversed(ring []geom.Coord) []geom.Coord {
	out := make([]geom.Coord, len(ring))
	for i, c := range ring {
		out[len(ring)-1-i] = c
	}
	return out
}

func polygon(rings ...[]geom.Coord) *geom.Polygon {
	return geom.NewPolygon(geom.XY).MustSetCoords(rings)
}

func TestContains(t *testing.T) {
	plain := polygon(square(0, 0, 10))
	clockwise := polygon(reversed(square(0, 0, 10)))
	holed := polygon(square(0, 0, 10), reversed(square(4, 4, 2)))
	multi := geom.NewMultiPolygon(geom.XY).MustSetCoords([][][]geom.Coord{
		{square(0, 0, 1)}, {square(5, 5, 1)},
	})
	open := geom.NewPolygonFlat(geom.XY, []float64{0, 0, 10, 0, 10, 10, 0, 10}, []int{8})
	xyz := geom.NewPolygon(geom.XYZ).MustSetCoords([][]geom.Coord{
		{{0, 0, 5}, {10, 0, 5}, {10, 10, 5}, {0, 10, 5}, {0, 0, 5}},
	})

	tests := []struct {
		name     string
		g        geom.T
		lon, lat float64
		want     bool
	}{
		{"interior", plain, 5, 5, true},
		{"outside", plain, 11, 5, false},
		{"left edge", plain, 0, 5, true},
		{"bottom edge", plain, 5, 0, true},
		{"right edge", plain, 10, 5, false},
		{"top edge", plain, 5, 10, false},
		{"bottom-left vertex", plain, 0, 0, true},
		{"bottom-right vertex", plain, 10, 0, false},
		{"top-right vertex", plain, 10, 10, false},
		{"top-left vertex", plain, 0, 10, false},
		{"clockwise interior", clockwise, 5, 5, true},
		{"clockwise left edge", clockwise, 0, 5, true},
		{"clockwise right edge", clockwise, 10, 5, false},
		{"hole interior", holed, 5, 5, false},
		{"between shell and hole", holed, 2, 5, true},
		{"hole left edge", holed, 4, 5, false},
		{"hole right edge", holed, 6, 5, true},
		{"multi first part", multi, 0.5, 0.5, true},
		{"multi second part", multi, 5.5, 5.5, true},
		{"multi between parts", multi, 3, 3, false},
		{"open ring", open, 5, 5, true},
		{"xyz layout", xyz, 5, 5, true},
		{"line string", geom.NewLineStringFlat(geom.XY, []float64{0, 0, 10, 10}), 5, 5, false},
		{"nil polygon", (*geom.Polygon)(nil), 5, 5, false},
		{"empty polygon", geom.NewPolygon(geom.XY), 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, spatial.Contains(tt.g, tt.lon, tt.lat))
		})
	}
}

// A point inside an edge shared by two polygons belongs to exactly one of
// them. The edge's end points lie on the outer boundary of the pair, so
// they are left out.
func TestContainsSharedEdgeExactlyOne(t *testing.T) {
	left := polygon([]geom.Coord{{78.1, 39.6}, {78.2, 39.61}, {78.21, 39.7}, {78.1, 39.7}, {78.1, 39.6}})
	right := polygon([]geom.Coord{{78.2, 39.61}, {78.3, 39.6}, {78.3, 39.7}, {78.21, 39.7}, {78.2, 39.61}})
	for i := 1; i < 100; i++ {
		f := float64(i) / 100
		lon := 78.2 + f*0.01
		lat := 39.61 + f*0.09
		inLeft := spatial.Contains(left, lon, lat)
		inRight := spatial.Contains(right, lon, lat)
		assert.True(t, inLeft != inRight, "point %d (%v, %v): in left %v, in right %v", i, lon, lat, inLeft, inRight)
	}
}

func TestIndexInnerBoxAgreesWithContains(t *testing.T) {
	// Convex and concave rings of many shapes: the index's inner-box shortcut
	// must never report a point that Contains rejects.
	rings := [][]geom.Coord{
		square(0, 0, 1),
		{{0, 0}, {2, 0}, {2, 2}, {1, 0.5}, {0, 2}, {0, 0}},               // concave
		{{0, 0}, {1, -0.1}, {2, 0}, {2.1, 1}, {1, 2}, {-0.1, 1}, {0, 0}}, // convex hexagon
		{{0, 0}, {3, 0}, {0, 0.01}, {0, 0}},                              // thin sliver
		{{0, 0}, {2, 1}, {1, 1.2}, {1.2, -0.3}, {0, 1}, {0, 0}},          // self-crossing
	}
	for r, ring := range rings {
		poly := polygon(ring)
		ix, err := spatial.New([]*geom.Polygon{poly})
		require.NoError(t, err)
		for i := range 60 {
			for j := range 60 {
				lon, lat := -0.2+float64(i)*0.04, -0.4+float64(j)*0.04
				_, got := ix.Containing(lon, lat)
				assert.Equal(t, spatial.Contains(poly, lon, lat), got, "ring %d at (%v, %v)", r, lon, lat)
			}
		}
	}
}
