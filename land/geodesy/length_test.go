package geodesy_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land/geodesy"
)

// TestDistanceGeodSolve compares distances on WGS84 with GeographicLib
// GeodSolve 2.1.2 (-i -p 9).
func TestDistanceGeodSolve(t *testing.T) {
	tests := []struct {
		name                   string
		lon1, lat1, lon2, lat2 float64
		want, tolerance        float64 // m
	}{
		{"meridian degree", 76, 40, 76, 41, 111044.260879212, 1e-6},
		{"parallel degree", 76, 40, 77, 40, 85393.409129604, 1e-6},
		{"field edge", 75.9, 39.5, 75.9021, 39.5012, 224.446491838, 1e-6},
		{"Ürümqi to Kashgar", 87.6, 43.8, 75.99, 39.47, 1078969.445903882, 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := geodesy.WGS84.Distance(tt.lon1, tt.lat1, tt.lon2, tt.lat2)
			assert.InDelta(t, tt.want, got, tt.tolerance)
			back := geodesy.WGS84.Distance(tt.lon2, tt.lat2, tt.lon1, tt.lat1)
			assert.InDelta(t, got, back, 1e-9*got, "distance must not depend on direction")
		})
	}
}

func TestDistanceSpecialCases(t *testing.T) {
	assert.Zero(t, geodesy.Distance(87.6, 43.8, 87.6, 43.8))
	assert.InDelta(t, geodesy.Distance(179.9995, 10, 180.0005, 10), geodesy.Distance(179.9995, 10, -179.9995, 10), 1e-8)
	assert.True(t, math.IsNaN(geodesy.Distance(87.6, 91, 87.6, 43.8)))
	assert.True(t, math.IsNaN(geodesy.Distance(math.NaN(), 40, 87.6, 43.8)))
	assert.True(t, math.IsNaN(geodesy.Ellipsoid{}.Distance(87.6, 40, 87.6, 43.8)))
}

func TestLengthAndPerimeter(t *testing.T) {
	edge := geodesy.Distance(80, 40, 80.01, 40)
	side := geodesy.Distance(80.01, 40, 80.01, 40.01)
	top := geodesy.Distance(80.01, 40.01, 80, 40.01)
	west := geodesy.Distance(80, 40.01, 80, 40)
	ring := square(80, 40, 0.01)
	perimeter := edge + side + top + west

	line := geom.NewLineStringFlat(geom.XY, ring)
	assert.InDelta(t, perimeter, geodesy.Length(line), 1e-9)

	mls := geom.NewMultiLineStringFlat(geom.XY, append(append([]float64{}, ring...), ring...), []int{10, 20})
	assert.InDelta(t, 2*perimeter, geodesy.Length(mls), 1e-9)

	assert.InDelta(t, perimeter, geodesy.Perimeter(polygon(ring)), 1e-9, "closed ring")
	assert.InDelta(t, perimeter, geodesy.Perimeter(polygon(ring[:8])), 1e-9, "ring without closing point")
	withHole := polygon(ring, reversed(square(80.002, 40.002, 0.003)))
	holePerimeter := geodesy.Perimeter(polygon(square(80.002, 40.002, 0.003)))
	assert.InDelta(t, perimeter+holePerimeter, geodesy.Perimeter(withHole), 1e-9, "hole counted")

	mp := geom.NewMultiPolygon(geom.XY)
	require.NoError(t, mp.Push(polygon(ring)))
	require.NoError(t, mp.Push(withHole))
	assert.InDelta(t, 2*perimeter+holePerimeter, geodesy.Perimeter(mp), 1e-9)

	assert.Zero(t, geodesy.Length(polygon(ring)), "Length of a polygon")
	assert.Zero(t, geodesy.Perimeter(line), "Perimeter of a line")
	assert.Zero(t, geodesy.Length(nil))
	assert.Zero(t, geodesy.Length((*geom.LineString)(nil)))
	assert.Zero(t, geodesy.Perimeter((*geom.Polygon)(nil)))
	assert.Zero(t, geodesy.Length(geom.NewLineStringFlat(geom.XY, []float64{80, 40})), "single point")
}
