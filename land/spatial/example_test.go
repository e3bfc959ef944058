package spatial_test

import (
	"fmt"

	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/twpayne/go-geom"
)

func ExampleIndex_AppendContaining() {
	plots := []*geom.Polygon{
		polygon(square(78.000, 40.000, 0.001)),
		polygon(square(78.001, 40.000, 0.001)), // shares the first one's east edge
	}
	ix, err := spatial.New(plots)
	if err != nil {
		fmt.Println(err)
		return
	}

	var hits []int // reused across lookups
	for _, p := range [][2]float64{{78.0005, 40.0005}, {78.001, 40.0005}, {78.5, 40.5}} {
		hits = ix.AppendContaining(hits[:0], p[0], p[1])
		fmt.Println(p, hits)
	}
	// Output:
	// [78.0005 40.0005] [0]
	// [78.001 40.0005] [1]
	// [78.5 40.5] []
}

func ExampleIndex_AppendWithinDistance() {
	plots := []*geom.Polygon{
		polygon(square(78.000, 40.000, 0.001)),
		polygon(square(78.010, 40.000, 0.001)),
	}
	ix, err := spatial.New(plots)
	if err != nil {
		fmt.Println(err)
		return
	}
	// A canal running north 50 m east of the first plot.
	canal := geom.NewLineStringFlat(geom.XY, []float64{78.0016, 39.99, 78.0016, 40.01})
	near, err := ix.AppendWithinDistance(nil, canal, 100)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(near)
	// Output:
	// [0]
}
