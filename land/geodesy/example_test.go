package geodesy_test

import (
	"fmt"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land/geodesy"
)

func ExampleArea() {
	// A field near Kashgar with a 20 m × 20 m pond, lon/lat on CGCS2000.
	field := geom.NewPolygonFlat(geom.XY, []float64{
		76.0000, 39.5000, 76.0020, 39.5000, 76.0020, 39.5010, 76.0000, 39.5010, 76.0000, 39.5000,
		76.0005, 39.5003, 76.0005, 39.50048, 76.000734, 39.50048, 76.000734, 39.5003, 76.0005, 39.5003,
	}, []int{10, 20})
	m2 := geodesy.Area(field)
	fmt.Printf("%.1f m², %.3f mu\n", m2, m2*15/10000)
	// Output: 18696.9 m², 28.045 mu
}
