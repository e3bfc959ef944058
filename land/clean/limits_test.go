package clean_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land/clean"
)

// star returns a closed ring through n points on a circle that joins each
// point to the one about opposite, so its edges cross about n²/2 times.
func star(n int) *geom.Polygon {
	flat := make([]float64, 0, 2*n+2)
	for i := range n {
		a := 2 * math.Pi * float64(i*(n/2)%n) / float64(n)
		flat = append(flat, 80+0.01*math.Cos(a), 30+0.01*math.Sin(a))
	}
	flat = append(flat, flat[0], flat[1])
	return geom.NewPolygonFlat(geom.XY, flat, []int{len(flat)})
}

func TestCleanStarStopsCounting(t *testing.T) {
	tests := []struct {
		name     string
		vertices int
		want     string
	}{
		{"few crossings", 7, "(14 places in all)"},
		{"millions of crossings", 3001, "(at least 1000 places)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := clean.Clean(star(tt.vertices), clean.Options{})
			require.Len(t, problems, 1)
			assert.Equal(t, clean.CodeSelfIntersection, problems[0].Code)
			assert.Contains(t, problems[0].Message, tt.want)
		})
	}
}

// stackedSquares returns n squares of 0.01° each shifted 0.00001° east of
// the one before, so that every pair overlaps.
func stackedSquares(n int) [][]float64 {
	rings := make([][]float64, n)
	for i := range rings {
		x, y, d := 80+float64(i)*0.00001, 30.0, 0.01
		rings[i] = []float64{x, y, x + d, y, x + d, y + d, x, y + d, x, y}
	}
	return rings
}

func TestCleanStopsAfterManyPairFaults(t *testing.T) {
	shell := []float64{79.9, 29.9, 81, 29.9, 81, 31, 79.9, 31, 79.9, 29.9}
	holes := append([]float64(nil), shell...)
	holeEnds := []int{len(holes)}
	var parts []float64
	var partEnds [][]int
	for _, r := range stackedSquares(300) {
		parts = append(parts, r...)
		partEnds = append(partEnds, []int{len(parts)})
		reversed := make([]float64, 0, len(r))
		for k := len(r) - 2; k >= 0; k -= 2 {
			reversed = append(reversed, r[k], r[k+1])
		}
		holes = append(holes, reversed...)
		holeEnds = append(holeEnds, len(holes))
	}
	tests := []struct {
		name     string
		geometry geom.T
		code     clean.Code
		noun     string
	}{
		{"overlapping holes", geom.NewPolygonFlat(geom.XY, holes, holeEnds), clean.CodeHolesCross, "ring"},
		{"overlapping parts", geom.NewMultiPolygonFlat(geom.XY, parts, partEnds), clean.CodePartsOverlap, "polygon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := clean.Clean(tt.geometry, clean.Options{})
			require.Len(t, problems, 100, "44,850 pairs overlap, and the checks stop at 100")
			for _, p := range problems {
				assert.Equal(t, tt.code, p.Code)
			}
			assert.Contains(t, problems[99].Message, "(checks of further "+tt.noun+" pairs stopped after 100 faults)")
		})
	}
}
