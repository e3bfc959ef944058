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
