package clean_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/geojson"
)

// sharedTestdata returns the path of name under the shared test data folder
// beside the module root.
func sharedTestdata(t testing.TB, name ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "go.mod not found above the test directory")
		dir = parent
	}
	return filepath.Join(append([]string{dir, "..", "shared", "testdata"}, name...)...)
}

// fieldFiles are the GeoJSON files holding the 300 real field polygons.
var fieldFiles = []string{
	"ai4sf_cambodia_tile4_sample.geojson",
	"ai4sf_vietnam_tile1_sample.geojson",
	"india_10k_sample.geojson",
}

// readFields returns the geometries of one GeoJSON feature collection.
func readFields(t testing.TB, name string) []geom.T {
	t.Helper()
	data, err := os.ReadFile(sharedTestdata(t, "fields", name))
	require.NoError(t, err)
	var fc geojson.FeatureCollection
	require.NoError(t, fc.UnmarshalJSON(data), "decode %s", name)
	out := make([]geom.T, len(fc.Features))
	for i, f := range fc.Features {
		out[i] = f.Geometry
	}
	return out
}
