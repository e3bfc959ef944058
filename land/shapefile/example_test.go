package shapefile_test

import (
	"fmt"
	"log"
	"os"

	"github.com/shuxiang/shuxiang/land/shapefile"
)

// ExampleReadFS reads a layer from a folder. A zip archive opened with
// archive/zip.OpenReader works the same way.
func ExampleReadFS() {
	layer, err := shapefile.ReadFS(os.DirFS("testdata"), "tiny.shp", shapefile.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(layer.Name, layer.ShapeType, "EPSG:", layer.CRS.EPSG, "code page:", layer.Encoding)
	for _, r := range layer.Records {
		if r.Err != nil {
			fmt.Println(r.Err)
			continue
		}
		fmt.Printf("record %d: %s %T\n", r.Number, r.Attributes["DKMC"], r.Geometry)
	}
	// Output:
	// tiny Polygon EPSG: 4526 code page: UTF-8
	// record 1: 东大地 *geom.Polygon
	// record 2: 西洼地 *geom.MultiPolygon
	// record 3:  <nil>
}
