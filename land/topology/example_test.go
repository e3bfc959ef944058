package topology_test

import (
	"fmt"

	"github.com/shuxiang/shuxiang/land/topology"
	"github.com/twpayne/go-geom"
)

func ExampleOverlaps() {
	plots := []*geom.Polygon{
		rect(0, 0, 100, 100),   // about 100 m x 100 m
		rect(90, 0, 190, 100),  // overlaps the first by a 10 m strip
		rect(190, 0, 290, 100), // touches the second only
	}
	overlaps, err := topology.Overlaps(plots, topology.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range overlaps {
		fmt.Printf("plots %d and %d overlap by %.0f m²\n", o.I, o.J, o.Area)
	}
	// Output:
	// plots 0 and 1 overlap by 1001 m²
}

func ExampleCheck() {
	plots := []*geom.Polygon{
		rect(0, 0, 100, 100),
		rect(100.3, 0, 200, 100), // 30 cm away from the first
		rect(200, 0, 300, 100),   // shares an edge with the second
	}
	r, err := topology.Check(plots, topology.Options{SnapDistance: 0.5})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("adjacent:", r.Adjacent)
	for _, g := range r.Gaps {
		fmt.Printf("gap between %d and %d: %.0f m², %.1f m wide\n", g.I, g.J, g.Area, g.Width)
	}
	// Output:
	// adjacent: [{1 2}]
	// gap between 0 and 1: 30 m², 0.3 m wide
}
