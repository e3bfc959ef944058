package landio

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

func TestReadNestedGeometryCollection(t *testing.T) {
	nestedWKB, err := hex.DecodeString("0107000000010000000107000000010000000101000000000000000000f03f000000000000f03f")
	require.NoError(t, err)
	tests := []struct {
		name string
		read func() ([]Feature, CRSInfo, error)
	}{
		{"geojson", func() ([]Feature, CRSInfo, error) {
			return ReadGeoJSON(strings.NewReader(`{"type":"GeometryCollection","geometries":`+
				`[{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,1]}]}]}`), Options{})
		}},
		{"wkt", func() ([]Feature, CRSInfo, error) {
			return ReadWKT(strings.NewReader("GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(POINT(1 1)))"), Options{})
		}},
		{"wkb", func() ([]Feature, CRSInfo, error) {
			return ReadWKB(bytes.NewReader(nestedWKB), Options{})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			features, _, err := tt.read()
			require.NoError(t, err)
			require.Len(t, features, 1)
			require.NoError(t, features[0].Err)
			assert.IsType(t, &geom.GeometryCollection{}, features[0].Geometry)
		})
	}
}

func TestReadOutOfRangeFeatureFailsAlone(t *testing.T) {
	const input = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"a","geometry":{"type":"Polygon","coordinates":[[[80,30],[80.001,30],[80.001,30.001],[80,30]]]}},
{"type":"Feature","id":"b","geometry":{"type":"Polygon","coordinates":[[[800,30],[80.001,30],[80.001,30.001],[800,30]]]}},
{"type":"Feature","id":"c","geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,95]}]}}]}`
	features, _, err := ReadGeoJSON(strings.NewReader(input), Options{})
	require.NoError(t, err)
	require.Len(t, features, 3)

	assert.NoError(t, features[0].Err)
	assert.NotNil(t, features[0].Geometry)
	for i, want := range map[int]string{1: `feature 1 (id "b"): coordinate (800, 30)`, 2: `feature 2 (id "c"): coordinate (1, 95)`} {
		require.Error(t, features[i].Err, "feature %d", i)
		assert.Contains(t, features[i].Err.Error(), want)
		assert.Contains(t, features[i].Err.Error(), "set Options.SourceEPSG")
		assert.Nil(t, features[i].Geometry, "feature %d", i)
	}
}

func TestReadAllOutOfRangeFailsFile(t *testing.T) {
	const input = "POINT (500000 4000000)\nPOINT EMPTY\nPOINT (500100 4000100)"
	_, _, err := ReadWKT(strings.NewReader(input), Options{})
	require.ErrorContains(t, err, "feature 0 has coordinate (500000, 4e+06) outside lon/lat, and the file names no CRS")
}
