package gpx_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/shuxiang/shuxiang/land/gpx"
)

// ExampleRead reads a boundary walked with a handheld GPS. The last point
// lies about 2 m from the first, within the default closing tolerance of
// 5 m, so the walk becomes a polygon. The open route stays a line.
func ExampleRead() {
	const walk = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="example" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>东大地</name><trkseg>
    <trkpt lat="43.80000" lon="87.60000"><time>2024-05-01T08:00:00Z</time></trkpt>
    <trkpt lat="43.80000" lon="87.61000"/>
    <trkpt lat="43.81000" lon="87.61000"/>
    <trkpt lat="43.80002" lon="87.60001"><time>2024-05-01T08:20:00Z</time></trkpt>
  </trkseg></trk>
  <rte><name>渠</name><rtept lat="43.79" lon="87.60"/><rtept lat="43.79" lon="87.70"/></rte>
</gpx>`
	features, err := gpx.Read(strings.NewReader(walk), gpx.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range features {
		fmt.Printf("%s %s: %T, %s\n", f.Kind, f.Name, f.Geometry, f.End.Sub(f.Start))
	}
	// Output:
	// trk 东大地: *geom.Polygon, 20m0s
	// rte 渠: *geom.LineString, 0s
}
