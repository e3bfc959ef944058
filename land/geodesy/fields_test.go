package geodesy_test

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/geojson"

	"github.com/shuxiang/shuxiang/land/geodesy"
)

// sharedTestdata returns the path of name under the shared test data folder
// that sits beside the module root.
func sharedTestdata(t testing.TB, name ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "go.mod not found above the test's working directory")
		dir = parent
	}
	return filepath.Join(append([]string{dir, "..", "shared", "testdata"}, name...)...)
}

// readFeatures returns the geometries of a GeoJSON FeatureCollection in
// file order.
func readFeatures(t *testing.T, path string) []geom.T {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var fc geojson.FeatureCollection
	require.NoError(t, fc.UnmarshalJSON(data))
	geoms := make([]geom.T, len(fc.Features))
	for i, f := range fc.Features {
		geoms[i] = f.Geometry
	}
	return geoms
}

// planimeterRow is one line of the GeographicLib reference table.
type planimeterRow struct {
	file      string
	index     int
	perimeter float64 // m
	area      float64 // m²
}

func readPlanimeterTable(t *testing.T) []planimeterRow {
	t.Helper()
	f, err := os.Open(sharedTestdata(t, "fields", "areas_geodesic_wgs84_planimeter.csv"))
	require.NoError(t, err)
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"file", "feature_index", "vertices", "perimeter_m", "area_m2", "area_mu"}, records[0])

	rows := make([]planimeterRow, 0, len(records)-1)
	for _, r := range records[1:] {
		index, err := strconv.Atoi(r[1])
		require.NoError(t, err)
		perimeter, err := strconv.ParseFloat(r[3], 64)
		require.NoError(t, err)
		area, err := strconv.ParseFloat(r[4], 64)
		require.NoError(t, err)
		rows = append(rows, planimeterRow{file: r[0], index: index, perimeter: perimeter, area: area})
	}
	return rows
}

// TestAreaPlanimeter checks every field polygon against GeographicLib
// Planimeter (geodesic edges on WGS84): the area to 1e-6 relative or
// 0.01 m², whichever is larger, and the perimeter to the table's 0.1 mm.
func TestAreaPlanimeter(t *testing.T) {
	rows := readPlanimeterTable(t)
	require.Len(t, rows, 300)
	features := map[string][]geom.T{}
	worst, worstPerimeter := 0.0, 0.0
	for _, row := range rows {
		geoms, ok := features[row.file]
		if !ok {
			geoms = readFeatures(t, sharedTestdata(t, "fields", row.file))
			features[row.file] = geoms
		}
		require.Less(t, row.index, len(geoms), "%s has no feature %d", row.file, row.index)

		got := geodesy.WGS84.Area(geoms[row.index])
		tolerance := max(1e-6*row.area, 0.01)
		if math.Abs(got-row.area) > tolerance {
			t.Errorf("%s feature %d: got %.4f m², want %.4f m² ± %.4f", row.file, row.index, got, row.area, tolerance)
		}
		worst = max(worst, math.Abs(got-row.area)/row.area)

		perimeter := geodesy.WGS84.Perimeter(geoms[row.index])
		if math.Abs(perimeter-row.perimeter) > 1e-4 {
			t.Errorf("%s feature %d: got perimeter %.5f m, want %.4f m", row.file, row.index, perimeter, row.perimeter)
		}
		worstPerimeter = max(worstPerimeter, math.Abs(perimeter-row.perimeter))
	}
	t.Logf("largest difference from Planimeter: area %.2g relative, perimeter %.2g m", worst, worstPerimeter)
}

// TestUTMPlanarAreaGDAL projects the AI4SmallFarms fields back to UTM 48N,
// their source CRS, and compares the planar area with GDAL's. The GeoJSON
// coordinates are rounded to 1e-9°, up to 0.06 mm off the source points,
// which over a field boundary of a few hundred metres moves the area by up
// to a few hundredths of a m².
func TestUTMPlanarAreaGDAL(t *testing.T) {
	f, err := os.Open(sharedTestdata(t, "fields", "areas_planar_utm48n_gdal.csv"))
	require.NoError(t, err)
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"file", "feature_index", "utm_epsg", "planar_area_m2"}, records[0])

	features := map[string][]geom.T{}
	worst := 0.0
	for _, r := range records[1:] {
		file := strings.TrimSuffix(r[0], ".gpkg") + ".geojson"
		geoms, ok := features[file]
		if !ok {
			geoms = readFeatures(t, sharedTestdata(t, "fields", file))
			features[file] = geoms
		}
		index, err := strconv.Atoi(r[1])
		require.NoError(t, err)
		code, err := strconv.Atoi(r[2])
		require.NoError(t, err)
		want, err := strconv.ParseFloat(r[3], 64)
		require.NoError(t, err)
		proj, err := geodesy.ProjectionForEPSG(code)
		require.NoError(t, err)

		got := planarArea(t, proj, geoms[index].(*geom.Polygon))
		assert.InDelta(t, want, got, 0.05, "%s feature %d", file, index)
		worst = max(worst, math.Abs(got-want))
	}
	t.Logf("largest difference from GDAL: %.3f m²", worst)
}

// planarArea returns the shoelace area in m² of the polygon's shell
// projected with proj.
func planarArea(t *testing.T, proj geodesy.Projection, p *geom.Polygon) float64 {
	t.Helper()
	flat, stride := p.FlatCoords(), p.Stride()
	end := p.Ends()[0]
	var xs, ys []float64
	for i := 0; i < end; i += stride {
		x, y, err := proj.FromLonLat(flat[i], flat[i+1])
		require.NoError(t, err)
		xs, ys = append(xs, x), append(ys, y)
	}
	sum := 0.0
	for i := range xs {
		j := (i + 1) % len(xs)
		sum += (xs[i]-xs[0])*(ys[j]-ys[0]) - (xs[j]-xs[0])*(ys[i]-ys[0])
	}
	return math.Abs(sum) / 2
}

// TestAreaPlanimeterLarge runs Planimeter on polygons larger than fields,
// a village and a county in size, to check the accuracy RingArea states.
func TestAreaPlanimeterLarge(t *testing.T) {
	planimeter := requireTool(t, "Planimeter")
	tests := []struct {
		name      string
		ring      []float64 // lon, lat
		tolerance float64   // relative
	}{
		{"village 3 km", []float64{87.6, 43.8, 87.63, 43.805, 87.625, 43.826, 87.597, 43.818}, 1e-9},
		{"township 25 km", []float64{80.1, 41.1, 80.35, 41.13, 80.3, 41.3, 80.12, 41.27}, 1e-8},
		{"county 250 km", []float64{76, 38, 78.4, 38.3, 78, 40.2, 76.3, 39.6}, 5e-7},
		{"thin strip 2 km", []float64{75.99, 39.47, 76.01, 39.4705, 76.01, 39.4707, 75.99, 39.4702}, 1e-8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var input strings.Builder
			for i := 0; i < len(tt.ring); i += 2 {
				fmt.Fprintf(&input, "%.12f %.12f\n", tt.ring[i+1], tt.ring[i])
			}
			cmd := exec.Command(planimeter, "-p", "9")
			cmd.Stdin = strings.NewReader(input.String())
			out, err := cmd.Output()
			require.NoError(t, err)
			fields := strings.Fields(string(out))
			require.Len(t, fields, 3, "Planimeter output %q", out)
			want, err := strconv.ParseFloat(fields[2], 64)
			require.NoError(t, err)

			got := geodesy.WGS84.Area(polygon(tt.ring))
			assert.InEpsilon(t, math.Abs(want), got, tt.tolerance, "got %.4f m², want %.4f m²", got, math.Abs(want))
		})
	}
}
