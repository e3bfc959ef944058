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
