package landio_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"strings"

	_ "modernc.org/sqlite"

	"github.com/shuxiang/shuxiang/land/landio"
)

// ExampleReadFile reads a shapefile in CGCS2000 Gauss-Krüger zone 38,
// whose .prj names EPSG:4526, and returns lon/lat geometries.
func ExampleReadFile() {
	features, crs, err := landio.ReadFile(context.Background(), "../shapefile/testdata/tiny.shp", landio.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("source EPSG:%d, converted %v\n", crs.EPSG, crs.Converted)
	for _, f := range features {
		if f.Err != nil {
			fmt.Println(f.Err)
			continue
		}
		fmt.Printf("%d %s %T\n", f.Index, f.ID, f.Geometry)
	}
	// Output:
	// source EPSG:4526, converted true
	// 0 6501020010010000001 *geom.Polygon
	// 1 6501020010010000002 *geom.MultiPolygon
	// 2 6501020010010000003 <nil>
}

// ExampleReadFile_geoPackage passes a SQLite opener, here from the pure-Go
// driver modernc.org/sqlite, because land packages import no SQL driver.
func ExampleReadFile_geoPackage() {
	opts := landio.Options{
		OpenDB: func(ctx context.Context, path string) (*sql.DB, error) {
			return sql.Open("sqlite", "file:"+path+"?mode=ro")
		},
	}
	_, _, err := landio.ReadFile(context.Background(), "missing.gpkg", opts)
	fmt.Println(err != nil)
	// Output:
	// true
}

// ExampleReadWKT reads EWKT with an SRID prefix.
func ExampleReadWKT() {
	input := "SRID=4490;POLYGON ((87.6 43.8, 87.61 43.8, 87.61 43.81, 87.6 43.8))\nPOINT (87.6\n"
	features, crs, err := landio.ReadWKT(strings.NewReader(input), landio.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("EPSG:", crs.EPSG)
	for _, f := range features {
		fmt.Println(f.Index, f.Err)
	}
	// Output:
	// EPSG: 4490
	// 0 <nil>
	// 1 feature 1: decode wkt "POINT (87.6": syntax error: not enough coordinates at line 1, pos 11
}
