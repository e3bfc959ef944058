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
