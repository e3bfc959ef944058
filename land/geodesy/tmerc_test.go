package geodesy_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land/geodesy"
)

// requireTool returns the path of an external program, skipping the test
// when it is missing unless CI=true, where a missing oracle fails the run.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	debianPackage := map[string]string{"cs2cs": "proj-bin", "Planimeter": "geographiclib-tools"}[name]
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found (install the Debian package %s): %v", name, debianPackage, err)
	}
	t.Skipf("%s not found (install the Debian package %s): %v", name, debianPackage, err)
	return ""
}

// cs2cs runs cs2cs from one EPSG CRS to another on pairs of input
// coordinates in the source CRS's axis order and returns the first two
// output numbers of each line.
func cs2cs(t *testing.T, from, to string, format string, in [][2]float64) [][2]float64 {
	t.Helper()
	var input strings.Builder
	for _, p := range in {
		fmt.Fprintf(&input, "%.12f %.12f\n", p[0], p[1])
	}
	cmd := exec.Command(requireTool(t, "cs2cs"), from, to, "-f", format)
	cmd.Stdin = strings.NewReader(input.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "cs2cs %s %s: %s", from, to, stderr.String())

	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Len(t, lines, len(in))
	result := make([][2]float64, len(lines))
	for i, line := range lines {
		fields := strings.Fields(line)
		require.GreaterOrEqual(t, len(fields), 2, "cs2cs output line %q", line)
		for k := range 2 {
			v, err := strconv.ParseFloat(fields[k], 64)
			require.NoError(t, err, "cs2cs output line %q", line)
			result[i][k] = v
		}
	}
	return result
}

// zonePoints returns lon, lat pairs across a 3° zone with central meridian
// cm: the meridian, inside, the zone edges ±1.5° and beyond them.
func zonePoints(cm float64) [][2]float64 {
	var points [][2]float64
	for _, dLon := range []float64{-2.1, -1.6, -1.5, -1.0, -0.3, 0, 0.45, 1.2, 1.5, 1.6, 2.1} {
		for _, lat := range []float64{34, 36.7, 39.25, 42, 45.5, 47.9, 49} {
			points = append(points, [2]float64{cm + dLon, lat})
		}
	}
	return points
}

// TestGaussKrugerCs2cs checks forward and inverse Gauss-Krüger projections
// of every Xinjiang zone, with and without the zone prefix, against PROJ's
// cs2cs: to 1 mm forward and 1e-9° (about 0.1 mm) inverse.
func TestGaussKrugerCs2cs(t *testing.T) {
	requireTool(t, "cs2cs")
	for zone := 25; zone <= 32; zone++ {
		for _, code := range []int{4513 + zone - 25, 4534 + zone - 25} {
			t.Run(fmt.Sprintf("EPSG:%d", code), func(t *testing.T) {
				proj, err := geodesy.ProjectionForEPSG(code)
				require.NoError(t, err)
				checkAgainstCs2cs(t, proj, "EPSG:4490", fmt.Sprintf("EPSG:%d", code),
					zonePoints(float64(3*zone)), geodesy.AxisNorthEast)
			})
		}
	}
}

// TestUTMCs2cs checks WGS84 UTM 48N and 48S against cs2cs.
func TestUTMCs2cs(t *testing.T) {
	requireTool(t, "cs2cs")
	tests := []struct {
		code int
		lats []float64
	}{
		{32648, []float64{0, 8.5, 11.2, 13.16, 20.82, 35, 60}},
		{32748, []float64{-0.5, -6.2, -23, -45}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("EPSG:%d", tt.code), func(t *testing.T) {
			var points [][2]float64
			for _, lon := range []float64{101.5, 102.93, 104, 105, 106.21, 108.4} {
				for _, lat := range tt.lats {
					points = append(points, [2]float64{lon, lat})
				}
			}
			proj, err := geodesy.ProjectionForEPSG(tt.code)
			require.NoError(t, err)
			checkAgainstCs2cs(t, proj, "EPSG:4326", fmt.Sprintf("EPSG:%d", tt.code), points, geodesy.AxisEastNorth)
		})
	}
}

// checkAgainstCs2cs projects points (lon, lat) with proj and with cs2cs,
// then inverts the projected points with both.
func checkAgainstCs2cs(t *testing.T, proj geodesy.Projection, geographic, projected string,
	points [][2]float64, axes geodesy.AxisOrder) {
	t.Helper()
	latLon := make([][2]float64, len(points))
	for i, p := range points {
		latLon[i] = [2]float64{p[1], p[0]}
	}
	want := cs2cs(t, geographic, projected, "%.6f", latLon)

	worstForward, worstInverse := 0.0, 0.0
	var grid [][2]float64 // projected points in the CRS's axis order
	for i, p := range points {
		easting, northing, err := proj.FromLonLat(p[0], p[1])
		require.NoError(t, err, "lon %v, lat %v", p[0], p[1])
		wantEasting, wantNorthing := want[i][0], want[i][1]
		if axes == geodesy.AxisNorthEast {
			wantEasting, wantNorthing = want[i][1], want[i][0]
		}
		assert.InDelta(t, wantEasting, easting, 1e-3, "easting of lon %v, lat %v", p[0], p[1])
		assert.InDelta(t, wantNorthing, northing, 1e-3, "northing of lon %v, lat %v", p[0], p[1])
		worstForward = max(worstForward, math.Abs(easting-wantEasting), math.Abs(northing-wantNorthing))

		// Round the projected point to whole metres plus a fraction so the
		// inverse check does not only revisit the forward inputs.
		e, n := math.Round(easting)+0.25, math.Round(northing)-0.125
		if axes == geodesy.AxisNorthEast {
			grid = append(grid, [2]float64{n, e})
		} else {
			grid = append(grid, [2]float64{e, n})
		}
	}

	wantLatLon := cs2cs(t, projected, geographic, "%.12f", grid)
	for i, g := range grid {
		easting, northing := g[0], g[1]
		if axes == geodesy.AxisNorthEast {
			easting, northing = g[1], g[0]
		}
		lon, lat, err := proj.ToLonLat(easting, northing)
		require.NoError(t, err, "easting %v, northing %v", easting, northing)
		assert.InDelta(t, wantLatLon[i][1], lon, 1e-9, "lon of easting %v, northing %v", easting, northing)
		assert.InDelta(t, wantLatLon[i][0], lat, 1e-9, "lat of easting %v, northing %v", easting, northing)
		worstInverse = max(worstInverse, math.Abs(lon-wantLatLon[i][1]), math.Abs(lat-wantLatLon[i][0]))
	}
	t.Logf("largest difference from cs2cs: forward %.2g m, inverse %.2g°", worstForward, worstInverse)
}
