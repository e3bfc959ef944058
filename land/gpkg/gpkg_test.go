package gpkg

import (
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
	"github.com/twpayne/go-geom/encoding/wkb"
	_ "modernc.org/sqlite"
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

func openReadOnly(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// planarAreas reads areas_planar_utm48n_gdal.csv rows of file.
func planarAreas(t *testing.T, file string) []float64 {
	f, err := os.Open(filepath.Join(fieldsDir(t), "areas_planar_utm48n_gdal.csv"))
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
		a, err := strconv.ParseFloat(r[3], 64)
		require.NoError(t, err)
		areas = append(areas, a)
	}
	return areas
}

// shoelace returns the planar area of a polygon, holes subtracted.
func shoelace(p *geom.Polygon) float64 {
	total := 0.0
	for i := range p.NumLinearRings() {
		flat := p.LinearRing(i).FlatCoords()
		stride := p.Stride()
		sum := 0.0
		for j := 0; j+stride < len(flat); j += stride {
			sum += (flat[j]-flat[0])*(flat[j+stride+1]-flat[1]) - (flat[j+stride]-flat[0])*(flat[j+1]-flat[1])
		}
		if i == 0 {
			total += math.Abs(sum) / 2
		} else {
			total -= math.Abs(sum) / 2
		}
	}
	return total
}

func TestReadRealGeoPackages(t *testing.T) {
	for _, name := range []string{"ai4sf_vietnam_tile1_sample.gpkg", "ai4sf_cambodia_tile4_sample.gpkg"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := openReadOnly(t, filepath.Join(fieldsDir(t), name))
			layers, err := Layers(ctx, db)
			require.NoError(t, err)
			require.Len(t, layers, 1)
			l := layers[0]
			assert.Equal(t, "reference", l.Name)
			assert.Equal(t, "geom", l.GeometryColumn)
			assert.Equal(t, 32648, l.SRS.EPSG())

			features, err := ReadLayer(ctx, db, l)
			require.NoError(t, err)
			want := planarAreas(t, name)
			require.Len(t, features, len(want))
			for i, f := range features {
				require.NoError(t, f.Err, "row %d", i)
				assert.Equal(t, i, f.Index)
				p, ok := f.Geometry.(*geom.Polygon)
				require.True(t, ok, "row %d: got %T, want *geom.Polygon", i, f.Geometry)
				assert.InDelta(t, want[i], shoelace(p), math.Max(1e-6*want[i], 0.01), "row %d", i)
				assert.NotContains(t, f.Properties, "geom")
			}
		})
	}
}

func TestFindLayer(t *testing.T) {
	ctx := context.Background()
	db := openReadOnly(t, filepath.Join(fieldsDir(t), "ai4sf_vietnam_tile1_sample.gpkg"))
	l, err := FindLayer(ctx, db, "")
	require.NoError(t, err)
	assert.Equal(t, "reference", l.Name)
	_, err = FindLayer(ctx, db, "plots")
	assert.ErrorContains(t, err, `feature table "plots" not found: want one of reference`)
}

// blob builds a GeoPackageBinary geometry with the given flags and
// envelope values in front of the WKB of g.
func blob(t testing.TB, flags byte, srsID int32, envelope []float64, g geom.T) []byte {
	var order binary.AppendByteOrder = binary.BigEndian
	if flags&1 != 0 {
		order = binary.LittleEndian
	}
	out := []byte{'G', 'P', 0, flags}
	out = order.AppendUint32(out, uint32(srsID))
	for _, v := range envelope {
		out = order.AppendUint64(out, math.Float64bits(v))
	}
	w, err := wkb.Marshal(g, binary.LittleEndian)
	require.NoError(t, err)
	return append(out, w...)
}

func TestDecodeGeometry(t *testing.T) {
	point := geom.NewPointFlat(geom.XY, []float64{500000, 4000000})
	tests := []struct {
		name         string
		blob         []byte
		wantEnvelope EnvelopeKind
		wantEmpty    bool
	}{
		{"no envelope big endian", blob(t, 0x00, 32648, nil, point), EnvelopeNone, false},
		{"xy envelope", blob(t, 0x03, 32648, []float64{1, 2, 3, 4}, point), EnvelopeXY, false},
		{"xyz envelope", blob(t, 0x05, 32648, make([]float64, 6), point), EnvelopeXYZ, false},
		{"xym envelope", blob(t, 0x07, 32648, make([]float64, 6), point), EnvelopeXYM, false},
		{"xyzm envelope", blob(t, 0x09, 32648, make([]float64, 8), point), EnvelopeXYZM, false},
		{"empty point", blob(t, 0x11, 32648, nil,
			geom.NewPointFlat(geom.XY, []float64{math.NaN(), math.NaN()})), EnvelopeNone, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, h, err := DecodeGeometry(tt.blob)
			require.NoError(t, err)
			assert.Equal(t, int32(32648), h.SRSID)
			assert.Equal(t, tt.wantEnvelope, h.Envelope)
			assert.Len(t, h.Bounds, tt.wantEnvelope.values())
			assert.Equal(t, tt.wantEmpty, h.Empty)
			assert.Equal(t, tt.wantEmpty, g.Empty())
		})
	}
}

func TestDecodeGeometryRejects(t *testing.T) {
	point := geom.NewPointFlat(geom.XY, []float64{1, 2})
	good := blob(t, 0x01, 4326, nil, point)
	tests := []struct {
		name string
		blob []byte
		want string
	}{
		{"short", good[:5], "shorter than the 8-byte header"},
		{"magic", append([]byte("XP"), good[2:]...), `magic "GP"`},
		{"version", append([]byte{'G', 'P', 1}, good[3:]...), "binary version 1"},
		{"extended", blob(t, 0x21, 4326, nil, point), "extended"},
		{"reserved", blob(t, 0x81, 4326, nil, point), "reserved flag bits"},
		{"envelope 5", blob(t, 0x0B, 4326, nil, point), "envelope indicator 5"},
		{"envelope missing", blob(t, 0x03, 4326, nil, point)[:20], "shorter than its 40-byte header"},
		{"trailing", append(append([]byte{}, good...), 0), "1 bytes after the geometry"},
		{"bad wkb", good[:len(good)-1], "input ends inside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := DecodeGeometry(tt.blob)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// FuzzGPKGHeader decodes arbitrary GeoPackageBinary geometries: no panic,
// and a decoded header's length stays inside the input.
func FuzzGPKGHeader(f *testing.F) {
	point := geom.NewPointFlat(geom.XY, []float64{500000, 4000000})
	f.Add(blob(f, 0x03, 32648, []float64{1, 2, 3, 4}, point))
	f.Add(blob(f, 0x11, 32648, nil, geom.NewPointFlat(geom.XY, []float64{math.NaN(), math.NaN()})))
	db := openReadOnly(f, filepath.Join(fieldsDir(f), "ai4sf_vietnam_tile1_sample.gpkg"))
	var real []byte
	require.NoError(f, db.QueryRow(`SELECT geom FROM reference LIMIT 1`).Scan(&real))
	f.Add(real)
	f.Fuzz(func(t *testing.T, data []byte) {
		g, h, err := DecodeGeometry(data)
		if err != nil {
			return
		}
		if h.Len > len(data) || g == nil {
			t.Fatalf("header length %d for %d bytes, geometry %v", h.Len, len(data), g)
		}
	})
}

func BenchmarkReadLayer(b *testing.B) {
	ctx := context.Background()
	db := openReadOnly(b, filepath.Join(fieldsDir(b), "ai4sf_cambodia_tile4_sample.gpkg"))
	l, err := FindLayer(ctx, db, "reference")
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadLayer(ctx, db, l); err != nil {
			b.Fatal(err)
		}
	}
}
