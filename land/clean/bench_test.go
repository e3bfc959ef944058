package clean_test

import (
	"testing"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"

	"github.com/shuxiang/shuxiang/land/clean"
)

// largestField returns the real field with the most vertices (375, in the
// India sample).
func largestField(b *testing.B) *geom.Polygon {
	b.Helper()
	var best *geom.Polygon
	for _, g := range readFields(b, "india_10k_sample.geojson") {
		p, ok := g.(*geom.Polygon)
		if ok && (best == nil || p.NumCoords() > best.NumCoords()) {
			best = p
		}
	}
	if best == nil || best.NumCoords() != 375 {
		b.Fatalf("got largest field %v, want one of 375 vertices", best)
	}
	return best
}

func benchmarkClean(b *testing.B, g geom.T) {
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := clean.Clean(g, clean.Options{}); len(problems) != 0 {
			b.Fatalf("got problems %v", problems)
		}
	}
}

func BenchmarkClean5Vertices(b *testing.B) {
	g, err := wkt.Unmarshal("POLYGON((87.6 43.8,87.601 43.8,87.601 43.801,87.6 43.801,87.6 43.8))")
	if err != nil {
		b.Fatal(err)
	}
	benchmarkClean(b, g)
}

func BenchmarkClean375Vertices(b *testing.B) {
	benchmarkClean(b, largestField(b))
}

// squares returns n squares of 0.0008° on a grid of 0.001° spacing, as flat
// rings, clockwise when clockwise is set.
func squares(n int, clockwise bool) [][]float64 {
	rings := make([][]float64, n)
	for i := range rings {
		x, y, d := 80+float64(i%100)*0.001, 30+float64(i/100)*0.001, 0.0008
		rings[i] = []float64{x, y, x + d, y, x + d, y + d, x, y + d, x, y}
		if clockwise {
			rings[i] = []float64{x, y, x, y + d, x + d, y + d, x + d, y, x, y}
		}
	}
	return rings
}

func BenchmarkClean2000Holes(b *testing.B) {
	flat := []float64{79.9, 29.9, 81, 29.9, 81, 31, 79.9, 31, 79.9, 29.9}
	ends := []int{len(flat)}
	for _, r := range squares(2000, true) {
		flat = append(flat, r...)
		ends = append(ends, len(flat))
	}
	benchmarkClean(b, geom.NewPolygonFlat(geom.XY, flat, ends))
}

func BenchmarkClean2000Parts(b *testing.B) {
	var flat []float64
	var endss [][]int
	for _, r := range squares(2000, false) {
		flat = append(flat, r...)
		endss = append(endss, []int{len(flat)})
	}
	benchmarkClean(b, geom.NewMultiPolygonFlat(geom.XY, flat, endss))
}
