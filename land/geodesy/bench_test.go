package geodesy_test

import (
	"testing"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land/geodesy"
)

// plot5 is a closed 5-point ring (four corners and the closing point) of a
// 100 m × 150 m field near Kashgar.
var plot5 = geom.NewPolygonFlat(geom.XY, []float64{
	76.0, 39.5, 76.00175, 39.5001, 76.0017, 39.50145, 75.99995, 39.50135, 76.0, 39.5,
}, []int{10})

func BenchmarkArea5Vertex(b *testing.B) {
	b.ReportAllocs()
	sum := 0.0
	for b.Loop() {
		sum += geodesy.Area(plot5)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "plots/s")
	if sum < 0 {
		b.Fatal("negative area")
	}
}
