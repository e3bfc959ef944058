package landio

import "fmt"

// Format is a file format that [ReadFile] reads.
type Format int

// Formats. FormatAuto picks one from the file name and content.
const (
	FormatAuto       Format = iota
	FormatGeoJSON           // RFC 7946 GeoJSON
	FormatWKT               // OGC well-known text, one geometry per record
	FormatWKB               // OGC well-known binary or PostGIS EWKB, raw or hex
	FormatShapefile         // ESRI shapefile, a .shp path, a folder or a .zip
	FormatKML               // OGC KML 2.2
	FormatGPX               // GPX 1.1 (1.0 read too)
	FormatGeoPackage        // OGC GeoPackage 1.2/1.3 feature tables
)

var formatNames = [...]string{
	FormatAuto:       "auto",
	FormatGeoJSON:    "geojson",
	FormatWKT:        "wkt",
	FormatWKB:        "wkb",
	FormatShapefile:  "shapefile",
	FormatKML:        "kml",
	FormatGPX:        "gpx",
	FormatGeoPackage: "gpkg",
}

// String returns the format's lower-case name, such as "geojson".
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// ParseFormat returns the format named s, as [Format.String] spells it.
func ParseFormat(s string) (Format, error) {
	for i, name := range formatNames {
		if name == s {
			return Format(i), nil
		}
	}
	return FormatAuto, fmt.Errorf("landio: unknown format %q: want one of %v", s, formatNames)
}
