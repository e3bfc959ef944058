package kml_test

import (
	"fmt"
	"log"
	"os"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land/kml"
)

// ExampleRead reads the placemarks of a KML file exported from a mapping
// app. A placemark whose geometry is invalid carries its error, and the
// others are still read.
func ExampleRead() {
	f, err := os.Open("testdata/walked.kml")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	placemarks, err := kml.Read(f)
	if err != nil {
		log.Fatal(err)
	}
	first := placemarks[0]
	fmt.Println(first.Name, first.Data["owner"], first.Data["area_mu"])
	fmt.Printf("%T with %d rings\n", first.Geometry, first.Geometry.(*geom.Polygon).NumLinearRings())
	for _, p := range placemarks[1:4] {
		fmt.Printf("%s: %T, error %v\n", p.Name, p.Geometry, p.Err != nil)
	}
	// Output:
	// 6501020010010000001 张三 2.5
	// *geom.Polygon with 2 rings
	// two parts: *geom.MultiPolygon, error false
	// canal: *geom.LineString, error false
	// bad: <nil>, error true
}

// ExampleWrite writes one plot boundary as a KML document.
func ExampleWrite() {
	ring := []float64{87.60, 43.80, 87.61, 43.80, 87.61, 43.81, 87.60, 43.80}
	plot := geom.NewPolygonFlat(geom.XY, ring, []int{len(ring)})
	err := kml.Write(os.Stdout, []kml.Placemark{{
		ID: "p1", Name: "东大地", Data: map[string]string{"area_mu": "2.5"}, Geometry: plot,
	}})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
	// <Placemark id="p1"><name>东大地</name><ExtendedData><Data name="area_mu"><value>2.5</value></Data></ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>87.6,43.8 87.61,43.8 87.61,43.81 87.6,43.8</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
	// </Document></kml>
}
