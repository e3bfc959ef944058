package landio

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
	_ "modernc.org/sqlite"

	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/land/shapefile"
)

// fieldsDir returns the folder of the shared real field data.
func fieldsDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "testdata", "fields")
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, parent, dir, "go.mod not found above the test directory")
		dir = parent
	}
}

func openSQLite(ctx context.Context, path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+path+"?mode=ro")
}

// planimeterAreas reads the GeographicLib areas of file in feature order.
func planimeterAreas(t *testing.T, file string) []float64 {
	f, err := os.Open(filepath.Join(fieldsDir(t), "areas_geodesic_wgs84_planimeter.csv"))
	require.NoError(t, err)
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	var areas []float64
	for _, r := range records[1:] {
		if r[0] != file {
			continue
		}
		index, err := strconv.Atoi(r[1])
		require.NoError(t, err)
		require.Equal(t, len(areas), index)
		a, err := strconv.ParseFloat(r[4], 64)
		require.NoError(t, err)
		areas = append(areas, a)
	}
	return areas
}

func areaTolerance(want float64) float64 { return math.Max(1e-6*want, 0.01) }

// outerRingCCW returns the outer ring of a polygon, reversed when it runs
// clockwise, without its closing point.
func outerRingCCW(t *testing.T, g geom.T) []float64 {
	p, ok := g.(*geom.Polygon)
	require.True(t, ok, "got %T, want *geom.Polygon", g)
	flat := p.LinearRing(0).FlatCoords()
	sum := 0.0
	for i := 0; i+3 < len(flat); i += 2 {
		sum += flat[i]*flat[i+3] - flat[i+2]*flat[i+1]
	}
	out := append([]float64(nil), flat[:len(flat)-2]...)
	if sum < 0 {
		// Keep the first vertex and reverse the rest, as GDAL does.
		for i, j := 2, len(out)-2; i < j; i, j = i+2, j-2 {
			out[i], out[j] = out[j], out[i]
			out[i+1], out[j+1] = out[j+1], out[i+1]
		}
	}
	return out
}

func TestShapefileAndGeoJSONGiveSamePlots(t *testing.T) {
	ctx := context.Background()
	fromZip, zipCRS, err := ReadFile(ctx, filepath.Join(fieldsDir(t), "india_10k_sample_shp.zip"), Options{})
	require.NoError(t, err)
	fromJSON, _, err := ReadFile(ctx, filepath.Join(fieldsDir(t), "india_10k_sample.geojson"), Options{})
	require.NoError(t, err)
	assert.Equal(t, 4326, zipCRS.EPSG)
	assert.False(t, zipCRS.Converted)

	want := planimeterAreas(t, "india_10k_sample.geojson")
	require.Len(t, fromZip, len(want))
	require.Len(t, fromJSON, len(want))
	for i := range want {
		z, j := fromZip[i], fromJSON[i]
		require.NoError(t, z.Err)
		require.NoError(t, j.Err)
		assert.Equal(t, i, z.Index)
		assert.Equal(t, z.Properties["sample"], j.Properties["sample"], "feature %d", i)

		zc, jc := outerRingCCW(t, z.Geometry), outerRingCCW(t, j.Geometry)
		require.Len(t, zc, len(jc), "feature %d", i)
		for k := range zc {
			require.InDelta(t, jc[k], zc[k], 1e-9, "feature %d coordinate %d", i, k)
		}
		zArea, jArea := geodesy.WGS84.Area(z.Geometry), geodesy.WGS84.Area(j.Geometry)
		assert.InDelta(t, jArea, zArea, areaTolerance(jArea), "feature %d", i)
		assert.InDelta(t, want[i], zArea, areaTolerance(want[i]), "feature %d against Planimeter", i)
	}
}

func TestReadGeoPackagesToLonLat(t *testing.T) {
	for _, base := range []string{"ai4sf_vietnam_tile1_sample", "ai4sf_cambodia_tile4_sample"} {
		t.Run(base, func(t *testing.T) {
			ctx := context.Background()
			features, crs, err := ReadFile(ctx, filepath.Join(fieldsDir(t), base+".gpkg"), Options{OpenDB: openSQLite})
			require.NoError(t, err)
			assert.Equal(t, 32648, crs.EPSG)
			assert.True(t, crs.Converted)
			assert.Equal(t, OriginFile, crs.Origin)

			fromJSON, _, err := ReadFile(ctx, filepath.Join(fieldsDir(t), base+".geojson"), Options{})
			require.NoError(t, err)
			want := planimeterAreas(t, base+".geojson")
			require.Len(t, features, len(want))
			for i, f := range features {
				require.NoError(t, f.Err)
				assert.Equal(t, strconv.Itoa(i+1), f.ID, "the fid column numbers rows from 1")
				gc, jc := outerRingCCW(t, f.Geometry), outerRingCCW(t, fromJSON[i].Geometry)
				require.Len(t, gc, len(jc), "feature %d", i)
				for k := range gc {
					require.InDelta(t, jc[k], gc[k], 1e-9, "feature %d coordinate %d", i, k)
				}

				// The Planimeter areas were computed from the GeoJSON, whose
				// coordinates GDAL rounded to 9 decimals (0.1 mm). That
				// rounding alone moves areas by up to 5e-6 relative, so the
				// strict comparison uses coordinates rounded the same way.
				rounded := roundedPolygon(f.Geometry, 1e9)
				got := geodesy.WGS84.Area(rounded)
				assert.InDelta(t, want[i], got, areaTolerance(want[i]), "feature %d, rounded", i)
				unrounded := geodesy.WGS84.Area(f.Geometry)
				assert.InEpsilon(t, want[i], unrounded, 1e-5, "feature %d", i)
			}
		})
	}
}

// roundedPolygon returns g with its coordinates rounded to 1/scale.
func roundedPolygon(g geom.T, scale float64) geom.T {
	p := g.(*geom.Polygon).Clone()
	flat := p.FlatCoords()
	for i, v := range flat {
		flat[i] = math.Round(v*scale) / scale
	}
	return p
}

func TestReadFileFormats(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		path      string
		wantCount int
		wantEPSG  int
	}{
		{"testdata/plots.geojson", 5, 0},
		{"testdata/plots.wkt", 4, 0},
		{"../kml/testdata/walked.kml", 6, 4326},
		{"../gpx/testdata/walk.gpx", 5, 4326},
		{"../shapefile/testdata/tiny.shp", 3, 4526},
		{"../shapefile/testdata", 3, 4526},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			features, crs, err := ReadFile(ctx, tt.path, Options{})
			require.NoError(t, err)
			assert.Len(t, features, tt.wantCount)
			assert.Equal(t, tt.wantEPSG, crs.EPSG)
		})
	}
}

func TestReadFileGaussKruger(t *testing.T) {
	features, crs, err := ReadFile(context.Background(), "../shapefile/testdata/tiny.shp", Options{})
	require.NoError(t, err)
	assert.True(t, crs.Converted)
	require.Len(t, features, 3)
	assert.Equal(t, "6501020010010000001", features[0].ID, "the DKBM field gives the ID")
	// The first plot's south-west corner lies on the zone 38 central
	// meridian (114°E) at northing 4,400,000 m; its shell is 40 m square
	// and its hole 10 m square.
	require.NoError(t, features[0].Err)
	b := features[0].Geometry.Bounds()
	assert.InDelta(t, 114, b.Min(0), 1e-9)
	assert.InDelta(t, 39.7, b.Min(1), 0.1)
	assert.InDelta(t, 1600-100, geodesy.Area(features[0].Geometry), 0.5)
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	unknown := filepath.Join(dir, "notes.dat")
	require.NoError(t, os.WriteFile(unknown, []byte("\x7f\x7f\x7f"), 0o644))
	table := filepath.Join(dir, "areas.csv")
	require.NoError(t, os.WriteFile(table, []byte("file,feature_index,area_m2\nplots.geojson,0,15413.2\n"), 0o644))
	projected := filepath.Join(dir, "gk.wkt")
	require.NoError(t, os.WriteFile(projected, []byte("POINT (38500000 4000000)\n"), 0o644))

	tests := []struct {
		name string
		path string
		opts Options
		want string
	}{
		{"missing", filepath.Join(dir, "none.geojson"), Options{}, "no such file"},
		{"unknown format", unknown, Options{}, "format not recognised"},
		{"csv table", table, Options{}, "format not recognised"},
		{"gpkg without opener", filepath.Join(fieldsDir(t), "ai4sf_vietnam_tile1_sample.gpkg"), Options{},
			"needs Options.OpenDB"},
		{"gpkg layer", filepath.Join(fieldsDir(t), "ai4sf_vietnam_tile1_sample.gpkg"),
			Options{OpenDB: openSQLite, Layer: "plots"}, `feature table "plots" not found`},
		{"projected without crs", projected, Options{}, "outside lon/lat, and the file names no CRS"},
		{"unknown epsg", projected, Options{SourceEPSG: 2385}, "source CRS EPSG:2385"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadFile(context.Background(), tt.path, tt.opts)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestReadFileSourceEPSG(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gk.wkt")
	require.NoError(t, os.WriteFile(path, []byte("POINT (38500000 0)\n"), 0o644))
	features, crs, err := ReadFile(context.Background(), path, Options{SourceEPSG: 4526})
	require.NoError(t, err)
	assert.Equal(t, OriginOptions, crs.Origin)
	require.Len(t, features, 1)
	require.NoError(t, features[0].Err)
	assert.InDeltaSlice(t, []float64{114, 0}, features[0].Geometry.FlatCoords(), 1e-9)
}

// writeZip writes an archive with the given files to path.
func writeZip(t *testing.T, path string, files map[string][]byte) {
	out, err := os.Create(path)
	require.NoError(t, err)
	defer out.Close()
	zw := zip.NewWriter(out)
	for name, data := range files {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
}

func tinyShapefile(t *testing.T) map[string][]byte {
	files := make(map[string][]byte)
	for _, ext := range []string{".shp", ".shx", ".dbf", ".prj", ".cpg"} {
		data, err := os.ReadFile("../shapefile/testdata/tiny" + ext)
		require.NoError(t, err)
		files[ext] = data
	}
	return files
}

func TestReadFileZipLayers(t *testing.T) {
	tiny := tinyShapefile(t)
	files := make(map[string][]byte)
	for ext, data := range tiny {
		files["村A/plots"+ext] = data
		files["村B/canals"+ext] = data
	}
	path := filepath.Join(t.TempDir(), "archive.zip")
	writeZip(t, path, files)
	ctx := context.Background()

	_, _, err := ReadFile(ctx, path, Options{})
	assert.ErrorContains(t, err, "2 shapefile layers (村A/plots.shp, 村B/canals.shp): set Options.Layer")
	features, crs, err := ReadFile(ctx, path, Options{Layer: "canals"})
	require.NoError(t, err)
	assert.Len(t, features, 3)
	assert.Equal(t, 4526, crs.EPSG)
	_, _, err = ReadFile(ctx, path, Options{Layer: "wells"})
	assert.ErrorContains(t, err, `shapefile layer "wells" not found`)
}

func TestReadFileKMZ(t *testing.T) {
	data, err := os.ReadFile("../kml/testdata/walked.kml")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "walked.kmz")
	writeZip(t, path, map[string][]byte{"doc.kml": data})
	features, crs, err := ReadFile(context.Background(), path, Options{})
	require.NoError(t, err)
	assert.Equal(t, 4326, crs.EPSG)
	require.Len(t, features, 6)
	assert.Equal(t, "p1", features[0].ID)
	assert.Equal(t, "two parts", features[1].ID, "a Placemark without id takes its name")
	var fe *FeatureError
	require.ErrorAs(t, features[3].Err, &fe)
	assert.Equal(t, 3, fe.Index)
}

func TestReadFileBadRecordKeepsOthers(t *testing.T) {
	tiny := tinyShapefile(t)
	shp := bytes.Clone(tiny[".shp"])
	// Break the shape type of record 1, which starts after the 100-byte
	// header and the 8-byte record header.
	binary.LittleEndian.PutUint32(shp[108:], 3)
	dir := t.TempDir()
	for ext, data := range tiny {
		if ext == ".shp" {
			data = shp
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, "tiny"+ext), data, 0o644))
	}
	features, _, err := ReadFile(context.Background(), filepath.Join(dir, "tiny.shp"), Options{})
	require.NoError(t, err)
	require.Len(t, features, 3)
	var re *shapefile.RecordError
	require.ErrorAs(t, features[0].Err, &re)
	assert.Equal(t, 1, re.Record)
	assert.ErrorContains(t, features[0].Err,
		`feature 0 (id "6501020010010000001"): shapefile: tiny.shp: record 1: shape type PolyLine, want Polygon`)
	assert.NoError(t, features[1].Err)
	assert.NotNil(t, features[1].Geometry)
}

func TestSniffFormats(t *testing.T) {
	tests := []struct {
		name string
		head string
		want Format
	}{
		{"wkt", "POLYGON ((1 2, 3 4, 5 6, 1 2))", FormatWKT},
		{"lower-case wkt after blank lines", "\n\n  multipolygon(((1 2, 3 4, 5 6, 1 2)))", FormatWKT},
		{"ewkt", "SRID=4490;POINT (87.6 43.8)", FormatWKT},
		{"hex wkb", "0101000000000000000000f03f000000000000f03f", FormatWKB},
		{"geojson", `{"type":"FeatureCollection"}`, FormatGeoJSON},
		{"csv", "file,feature_index,area_m2\n", FormatAuto},
		{"prose", "Field-boundary test data\n", FormatAuto},
		{"word srid without equals", "SRID 4490", FormatAuto},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sniff([]byte(tt.head)))
		})
	}
}
