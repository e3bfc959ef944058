package land_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/geodesy"
)

func TestMuConversion(t *testing.T) {
	tests := []struct {
		mu, m2 float64
	}{
		{1, 10000.0 / 15},
		{15, 10000},
		{0, 0},
		{1.5, 1000},
		{150, 100000},
	}
	for _, tt := range tests {
		assert.InDelta(t, tt.m2, land.MuToSquareMetres(tt.mu), 1e-9, "%g mu in m²", tt.mu)
		assert.InDelta(t, tt.mu, land.SquareMetresToMu(tt.m2), 1e-12, "%g m² in mu", tt.m2)
	}
	assert.Equal(t, 10000.0/15, land.SquareMetresPerMu)
	assert.Equal(t, 10000.0, land.MuToSquareMetres(15), "15 mu is exactly one hectare")
}

func TestMuConversionDecimal(t *testing.T) {
	assert.Equal(t, "1", land.SquareMetresToMuDecimal(mu("666.6666666666666667")).Round(6).String())
	assert.Equal(t, "1.5", land.SquareMetresToMuDecimal(mu("1000")).String())
	assert.Equal(t, "0.0015", land.SquareMetresToMuDecimal(mu("1")).String())
	assert.Equal(t, "10000", land.MuToSquareMetresDecimal(mu("15")).String())
	assert.Equal(t, "666.67", land.MuToSquareMetresDecimal(mu("1")).Round(2).String())
}

func TestMeasuredArea(t *testing.T) {
	p := &land.Plot{Geometry: rectangle(78.5, 39.8, 0.001, 0.001)}
	want := geodesy.Area(p.Geometry)
	assert.Greater(t, want, 0.0)
	assert.Equal(t, want, p.MeasuredArea())
	assert.InDelta(t, want*15/10000, p.MeasuredAreaMu(), 1e-12)

	p.DeclaredArea = mu("15")
	diff, ok := p.AreaDifference()
	assert.True(t, ok)
	assert.InDelta(t, want*15/10000-15, diff.InexactFloat64(), 1e-9)

	empty := &land.Plot{DeclaredArea: mu("1")}
	assert.Zero(t, empty.MeasuredArea())
	_, ok = empty.AreaDifference()
	assert.False(t, ok, "area difference without geometry")
	assert.False(t, math.IsNaN(empty.MeasuredAreaMu()))
}

func TestAreaDifferenceOfUnmeasurableGeometry(t *testing.T) {
	tests := []struct {
		name     string
		geometry *geom.Polygon
	}{
		{"NaN coordinate", geom.NewPolygonFlat(geom.XY, []float64{78.5, 39.8, math.NaN(), 39.8, 78.6, 39.9, 78.5, 39.8}, []int{8})},
		{"latitude beyond the pole", rectangle(78.5, 95, 0.001, 0.001)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &land.Plot{Geometry: tt.geometry, DeclaredArea: mu("1")}
			assert.True(t, math.IsNaN(p.MeasuredArea()))
			diff, ok := p.AreaDifference()
			assert.False(t, ok, "got difference %v", diff)
		})
	}
}
