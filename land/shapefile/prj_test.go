package shapefile

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	geogWGS84 = `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],` +
		`PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`
	geogCGCS2000 = `GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",` +
		`SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`
	geogXian80 = `GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],` +
		`PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`
)

// transverseMercator builds an ESRI-style PROJCS.
func transverseMercator(name, geog string, falseEasting, falseNorthing, centralMeridian, scale float64) string {
	return fmt.Sprintf(`PROJCS["%s",%s,PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",%f],`+
		`PARAMETER["False_Northing",%f],PARAMETER["Central_Meridian",%f],PARAMETER["Scale_Factor",%f],`+
		`PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`,
		name, geog, falseEasting, falseNorthing, centralMeridian, scale)
}

func TestDetectEPSG(t *testing.T) {
	tests := []struct {
		name string
		wkt  string
		want int
	}{
		{"wgs84", geogWGS84, 4326},
		{"cgcs2000", geogCGCS2000, 4490},
		{"ogc cgcs2000", `GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",` +
			`SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]`, 4490},
		{"gk zone 25 prefixed", transverseMercator("CGCS2000_3_Degree_GK_Zone_25", geogCGCS2000, 25500000, 0, 75, 1), 4513},
		{"gk zone 32 prefixed", transverseMercator("CGCS2000_3_Degree_GK_Zone_32", geogCGCS2000, 32500000, 0, 96, 1), 4520},
		{"gk cm 75", transverseMercator("CGCS2000_3_Degree_GK_CM_75E", geogCGCS2000, 500000, 0, 75, 1), 4534},
		{"gk cm 96", transverseMercator("CGCS2000_3_Degree_GK_CM_96E", geogCGCS2000, 500000, 0, 96, 1), 4541},
		{"gk zone 38", cgcs2000GK38, 4526},
		{"gk 6 degree cm 75", transverseMercator("CGCS2000_GK_CM_75E_6_Degree", geogCGCS2000, 500000, 0, 75, 1), 4502},
		{"gk 6 degree zone 13", transverseMercator("CGCS2000_6_Degree_GK_Zone_13", geogCGCS2000, 13500000, 0, 75, 1), 4491},
		{"utm 48n", transverseMercator("WGS_1984_UTM_Zone_48N", geogWGS84, 500000, 0, 105, 0.9996), 32648},
		{"utm 45n", transverseMercator("WGS_1984_UTM_Zone_45N", geogWGS84, 500000, 0, 87, 0.9996), 32645},
		{"utm 50s", transverseMercator("WGS_1984_UTM_Zone_50S", geogWGS84, 500000, 10000000, 117, 0.9996), 32750},
		{"authority", `PROJCS["WGS 84 / UTM zone 48N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,` +
			`298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],` +
			`UNIT["metre",1],AUTHORITY["EPSG","32648"]]`, 32648},
		{"wkt2 id", `PROJCRS["CGCS2000 / 3-degree Gauss-Kruger CM 87E",BASEGEOGCRS["China Geodetic Coordinate System 2000",` +
			`DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101]]],CONVERSION["x",METHOD["Transverse Mercator"]],` +
			`ID["EPSG",4538]]`, 4538},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DetectEPSG(tt.wkt)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDetectEPSGRejects(t *testing.T) {
	tests := []struct {
		name string
		wkt  string
		want string
	}{
		{"xian 1980", geogXian80, `datum "D_Xian_1980" of "GCS_Xian_1980" is not supported`},
		{"xian 1980 gk", transverseMercator("Xian_1980_3_Degree_GK_Zone_38", geogXian80, 38500000, 0, 114, 1),
			`datum "D_Xian_1980"`},
		{"lambert", `PROJCS["x",` + geogWGS84 + `,PROJECTION["Lambert_Conformal_Conic"]]`,
			`projection "Lambert_Conformal_Conic" of "x" is not supported`},
		{"gk wrong easting", transverseMercator("x", geogCGCS2000, 39500000, 0, 114, 1), "false easting 3.95e+07"},
		{"utm odd meridian", transverseMercator("x", geogWGS84, 500000, 0, 100, 0.9996), "is not a UTM zone"},
		{"syntax", `GEOGCS["x",DATUM[`, "parse .prj"},
		{"deep", deepWKT(40), "nested deeper than 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DetectEPSG(tt.wkt)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func deepWKT(depth int) string {
	s := ""
	for range depth {
		s += "A["
	}
	for range depth {
		s += "]"
	}
	return s
}
