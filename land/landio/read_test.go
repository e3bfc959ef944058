package landio

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

func readTestFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return data
}

func TestReadGeoJSONFeatureCollection(t *testing.T) {
	features, crs, err := ReadGeoJSON(bytes.NewReader(readTestFile(t, "plots.geojson")), Options{})
	require.NoError(t, err)
	require.Len(t, features, 5)
	assert.Equal(t, 0, crs.EPSG)
	assert.False(t, crs.Converted)

	first := features[0]
	require.NoError(t, first.Err)
	assert.Equal(t, "6501020010010000001", first.ID)
	assert.Equal(t, "东地", first.Properties["name"])
	assert.Equal(t, int64(3), first.Properties["owner_count"])
	assert.Equal(t, 2.5, first.Properties["area_mu"])
	assert.IsType(t, &geom.Polygon{}, first.Geometry)

	bad := features[1]
	var fe *FeatureError
	require.ErrorAs(t, bad.Err, &fe)
	assert.Equal(t, 1, fe.Index)
	assert.Equal(t, "17", fe.ID)
	assert.Contains(t, bad.Err.Error(), `feature 1 (id "17")`)
	assert.Nil(t, bad.Geometry)

	assert.Equal(t, "9", features[2].ID)
	assert.IsType(t, &geom.MultiPolygon{}, features[2].Geometry)
	assert.NoError(t, features[3].Err)
	assert.Nil(t, features[3].Geometry)
	assert.ErrorContains(t, features[4].Err, "feature 4: decode feature")
}

func TestReadGeoJSONShapes(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    int
		wantErr string
	}{
		{"bare geometry", `{"type":"Point","coordinates":[87.6,43.8]}`, 1, ""},
		{"single feature", `{"type":"Feature","geometry":{"type":"Point","coordinates":[87.6,43.8]},"properties":{}}`, 1, ""},
		{"empty collection", `{"type":"FeatureCollection","features":[]}`, 0, ""},
		{"unknown type", `{"type":"Topology"}`, 0, `unknown top-level type "Topology"`},
		{"not json", `POLYGON`, 0, "decode geojson"},
		{"crs without code", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"local"}},"features":[]}`, 0, "has no EPSG code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			features, _, err := ReadGeoJSON(strings.NewReader(tt.input), Options{})
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Len(t, features, tt.want)
		})
	}
}

func TestReadGeoJSONIDProperty(t *testing.T) {
	input := `{"type":"Feature","properties":{"id":4,"plot":"P-7"},"geometry":null}`
	features, _, err := ReadGeoJSON(strings.NewReader(input), Options{IDProperty: "plot"})
	require.NoError(t, err)
	assert.Equal(t, "P-7", features[0].ID)
}

func TestParseCRSName(t *testing.T) {
	tests := []struct {
		name string
		want int
	}{
		{"EPSG:4490", 4490},
		{"urn:ogc:def:crs:EPSG::32648", 32648},
		{"urn:ogc:def:crs:OGC:1.3:CRS84", 4326},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCRSName(tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestReadWKT(t *testing.T) {
	features, _, err := ReadWKT(bytes.NewReader(readTestFile(t, "plots.wkt")), Options{})
	require.NoError(t, err)
	require.Len(t, features, 4)
	assert.IsType(t, &geom.Polygon{}, features[0].Geometry)
	assert.IsType(t, &geom.MultiPolygon{}, features[1].Geometry)
	assert.Equal(t, 2, features[1].Geometry.(*geom.MultiPolygon).NumPolygons())
	assert.ErrorContains(t, features[2].Err, "feature 2: decode wkt")
	assert.IsType(t, &geom.LineString{}, features[3].Geometry)
}

func TestReadWKTSRID(t *testing.T) {
	input := "SRID=4490;POINT (87.6 43.8)\nSRID=4326;POINT (87.6 43.8)\nPOINT (1 2)\n"
	features, crs, err := ReadWKT(strings.NewReader(input), Options{})
	require.NoError(t, err)
	require.Len(t, features, 3)
	assert.Equal(t, 4490, crs.EPSG)
	assert.Equal(t, OriginFile, crs.Origin)
	assert.NoError(t, features[0].Err)
	assert.ErrorContains(t, features[1].Err, "SRID 4326 differs from SRID 4490")
	assert.NoError(t, features[2].Err)
}

func TestWriteReadWKTRoundTrip(t *testing.T) {
	features, _, err := ReadWKT(bytes.NewReader(readTestFile(t, "plots.wkt")), Options{})
	require.NoError(t, err)
	good := []Feature{features[0], features[1], features[3]}
	var buf bytes.Buffer
	require.NoError(t, WriteWKT(&buf, good))
	again, _, err := ReadWKT(&buf, Options{})
	require.NoError(t, err)
	require.Len(t, again, len(good))
	for i := range good {
		assert.Equal(t, good[i].Geometry.FlatCoords(), again[i].Geometry.FlatCoords())
	}
	assert.ErrorContains(t, WriteWKT(&buf, features[2:3]), "feature 2: feature has no geometry")
}

func TestWKBRoundTrip(t *testing.T) {
	features, _, err := ReadWKT(bytes.NewReader(readTestFile(t, "plots.wkt")), Options{})
	require.NoError(t, err)
	good := []Feature{features[0], features[1], features[3]}
	orders := []binary.ByteOrder{binary.LittleEndian, binary.BigEndian}
	for _, order := range orders {
		t.Run(order.String(), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteWKB(&buf, good, order))
			again, crs, err := ReadWKB(&buf, Options{})
			require.NoError(t, err)
			assert.Equal(t, 0, crs.EPSG)
			require.Len(t, again, len(good))
			for i := range good {
				require.NoError(t, again[i].Err)
				assert.Equal(t, good[i].Geometry.FlatCoords(), again[i].Geometry.FlatCoords())
			}
		})
	}
}

func TestEWKBHexRoundTrip(t *testing.T) {
	features, _, err := ReadWKT(strings.NewReader("POINT (87.6 43.8)\nPOINT (87.7 43.9)"), Options{})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteEWKB(&buf, features, 4490, binary.LittleEndian, true))
	assert.Equal(t, 2, strings.Count(buf.String(), "\n"))
	again, crs, err := ReadWKB(&buf, Options{})
	require.NoError(t, err)
	assert.Equal(t, 4490, crs.EPSG)
	require.Len(t, again, 2)
	assert.Equal(t, []float64{87.7, 43.9}, again[1].Geometry.FlatCoords())
}

func TestReadWKBCorrupt(t *testing.T) {
	point, err := hex.DecodeString("0101000000000000000000f03f0000000000000040")
	require.NoError(t, err)
	hugeLine, err := hex.DecodeString("0102000000ffffffff")
	require.NoError(t, err)
	tests := []struct {
		name      string
		input     []byte
		wantCount int
		wantGood  int
		wantErr   string
	}{
		{"point then huge count", append(append([]byte{}, point...), hugeLine...), 2, 1, "input ends inside"},
		{"bad byte order", []byte{7, 1, 0, 0, 0}, 1, 0, "byte order 7"},
		{"unknown type", []byte{1, 99, 0, 0, 0}, 1, 0, "geometry type 99"},
		{"hex with trailing bytes", []byte(hex.EncodeToString(point) + "00\nabc\n"), 2, 0, "1 bytes after"},
		{"hex with a bad line", []byte(hex.EncodeToString(point) + "\nzz\n" + hex.EncodeToString(point)), 3, 2, "decode hex"},
		{"hex after a byte order mark", []byte("\xef\xbb\xbf" + hex.EncodeToString(point) + "\n0102"), 2, 1, "input ends inside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			features, _, err := ReadWKB(bytes.NewReader(tt.input), Options{})
			require.NoError(t, err)
			require.Len(t, features, tt.wantCount)
			var errs []string
			for _, f := range features {
				if f.Err != nil {
					errs = append(errs, f.Err.Error())
				}
			}
			assert.Contains(t, strings.Join(errs, "\n"), tt.wantErr)
			assert.Len(t, errs, tt.wantCount-tt.wantGood, "features with an error")
		})
	}
}

func TestWriteGeoJSONRoundTrip(t *testing.T) {
	features, _, err := ReadGeoJSON(bytes.NewReader(readTestFile(t, "plots.geojson")), Options{})
	require.NoError(t, err)
	good := []Feature{features[0], features[2], features[3]}
	var buf bytes.Buffer
	require.NoError(t, WriteGeoJSON(&buf, good))
	again, _, err := ReadGeoJSON(&buf, Options{})
	require.NoError(t, err)
	require.Len(t, again, 3)
	assert.Equal(t, good[0].ID, again[0].ID)
	assert.Equal(t, good[0].Properties, again[0].Properties)
	assert.Equal(t, good[1].Geometry.FlatCoords(), again[1].Geometry.FlatCoords())
	assert.Nil(t, again[2].Geometry)
}

func TestWriteTypedNilGeometry(t *testing.T) {
	features := []Feature{{Index: 0, ID: "a", Geometry: (*geom.Polygon)(nil)}}
	var buf bytes.Buffer
	require.NoError(t, WriteGeoJSON(&buf, features))
	assert.Contains(t, buf.String(), `"geometry":null`)

	writers := map[string]func() error{
		"wkt":  func() error { return WriteWKT(&buf, features) },
		"wkb":  func() error { return WriteWKB(&buf, features, binary.LittleEndian) },
		"ewkb": func() error { return WriteEWKB(&buf, features, 4490, binary.LittleEndian, true) },
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			assert.ErrorContains(t, write(), `feature 0 (id "a"): feature has no geometry`)
		})
	}
}

func TestPropertyIDFoldIsDeterministic(t *testing.T) {
	props := map[string]any{"ID": "upper", "id": "lower", "Id": "mixed", "DKBM": "6502030010010100001"}
	for range 20 {
		assert.Equal(t, "lower", propertyIDFold(props, "", "id", "fid", "code", "dkbm"), "exact match first")
		assert.Equal(t, "upper", propertyIDFold(props, "iD"), "then the first key in byte order")
	}
	assert.Equal(t, "6502030010010100001", propertyIDFold(map[string]any{"DKBM": "6502030010010100001"}, "", "id", "dkbm"))
}
