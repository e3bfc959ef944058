package gpkg_test

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log"

	"github.com/twpayne/go-geom"
	_ "modernc.org/sqlite"

	"github.com/shuxiang/shuxiang/land/gpkg"
)

// ExampleReadLayer opens a GeoPackage with the pure-Go SQLite driver, finds
// its only feature table and reads the plots. A row without geometry is a
// plot that has not been surveyed yet.
func ExampleReadLayer() {
	db, err := sql.Open("sqlite", "file:testdata/plots.gpkg?mode=ro")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()

	layer, err := gpkg.FindLayer(ctx, db, "")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(layer.Name, layer.Identifier, layer.GeometryType, "EPSG:", layer.SRS.EPSG())

	features, err := gpkg.ReadLayer(ctx, db, layer)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range features {
		fmt.Printf("fid %d %s %s: %T\n", f.FID, f.Properties["code"], f.Properties["name"], f.Geometry)
	}
	// Output:
	// plots 东风村地块 POLYGON EPSG: 4490
	// fid 1 6542021010010100001 东大地: *geom.Polygon
	// fid 2 6542021010010100002 西洼地: *geom.Polygon
	// fid 3 6542021010010100003 未测地块: <nil>
}

// ExampleDecodeGeometry decodes one GeoPackageBinary value: the header
// "GP", version 0, flags 0x01 (little-endian, no envelope) and srs_id 4490,
// followed by the WKB of a point.
func ExampleDecodeGeometry() {
	blob, _ := hex.DecodeString("47500001" + "8a110000" +
		"0101000000" + "6666666666e65540" + "6666666666e64540")
	g, h, err := gpkg.DecodeGeometry(blob)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("srs_id", h.SRSID, "header bytes", h.Len)
	fmt.Println(g.(*geom.Point).Coords())
	// Output:
	// srs_id 4490 header bytes 8
	// [87.6 43.8]
}
