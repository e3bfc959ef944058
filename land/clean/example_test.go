package clean_test

import (
	"fmt"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"

	"github.com/shuxiang/shuxiang/land/clean"
)

func ExampleClean() {
	// A plot walked clockwise with a GPS, the last point not repeated.
	plot := geom.NewPolygonFlat(geom.XY, []float64{
		87.600, 43.800,
		87.600, 43.801,
		87.601, 43.801,
		87.601, 43.800,
	}, []int{8})

	repaired, problems := clean.Clean(plot, clean.Options{Rules: clean.OGC})
	for _, p := range problems {
		fmt.Println(p.Code, p.Severity)
	}
	text, _ := wkt.Marshal(repaired)
	fmt.Println(text)
	// Output:
	// unclosed_ring fixed
	// wrong_shell_winding fixed
	// POLYGON ((87.6 43.8, 87.601 43.8, 87.601 43.801, 87.6 43.801, 87.6 43.8))
}

func ExampleValidate() {
	bowTie, _ := wkt.Unmarshal("POLYGON((0 0,2 2,2 0,0 2,0 0))")
	for _, p := range clean.Validate(bowTie) {
		fmt.Println(p)
	}
	// Output:
	// self_intersection (OGC+ESRI, invalid): ring 0 (shell) vertex 0: edge 0-1 crosses edge 2-3 at (1 1)
}
