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

func ExampleGaussKruger3() {
	// Ürümqi in the 3° zone 29 (central meridian 87°E), easting prefixed
	// with the zone number as in EPSG:4517.
	zone := geodesy.GaussKrugerZone3(87.6168)
	tm, err := geodesy.GaussKruger3(zone, true)
	if err != nil {
		fmt.Println(err)
		return
	}
	easting, northing, err := tm.FromLonLat(87.6168, 43.8256)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("zone %d: easting %.3f m, northing %.3f m\n", zone, easting, northing)

	lon, lat, err := tm.ToLonLat(easting, northing)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("lon %.7f°, lat %.7f°\n", lon, lat)
	// Output:
	// zone 29: easting 29549615.901 m, northing 4854629.627 m
	// lon 87.6168000°, lat 43.8256000°
}

func ExampleProjectionForEPSG() {
	// A corner of a plot as stored in a cadastral file in EPSG:4534
	// (CM 75°E, no zone prefix). EPSG lists the axes northing first, so a
	// reader swaps them before calling ToLonLat(easting, northing).
	proj, err := geodesy.ProjectionForEPSG(4534)
	if err != nil {
		fmt.Println(err)
		return
	}
	northing, easting := 4372210.0, 500845.5
	lon, lat, err := proj.ToLonLat(easting, northing)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("lon %.6f°, lat %.6f°\n", lon, lat)
	// Output: lon 75.009828°, lat 39.483750°
}
