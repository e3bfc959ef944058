package shapefile

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

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

func TestReadIndiaZip(t *testing.T) {
	z, err := zip.OpenReader(filepath.Join(fieldsDir(t), "india_10k_sample_shp.zip"))
	require.NoError(t, err)
	defer z.Close()

	layers, err := ReadAll(z, Options{})
	require.NoError(t, err)
	require.Len(t, layers, 1)
	l := layers[0]
	assert.Equal(t, "india_10k", l.Name)
	assert.Equal(t, Polygon, l.ShapeType)
	assert.Equal(t, 4326, l.CRS.EPSG)
	assert.NoError(t, l.CRS.Err)
	assert.Equal(t, "UTF-8", l.Encoding)
	require.Len(t, l.Records, 100)
	for _, r := range l.Records {
		require.NoError(t, r.Err, "record %d", r.Number)
		p, ok := r.Geometry.(*geom.Polygon)
		require.True(t, ok, "record %d: got %T, want *geom.Polygon", r.Number, r.Geometry)
		assert.Equal(t, 1, p.NumLinearRings(), "record %d", r.Number)
		assert.Less(t, signedArea(p.LinearRing(0).FlatCoords(), 2), 0.0, "record %d: outer ring not clockwise", r.Number)
	}
	assert.Equal(t, int64(0), l.Records[0].Attributes["sample"])
	assert.InDelta(t, 9620.55, l.Records[0].Attributes["area"], 0.01)
}

// square returns a closed ring around (x, y) with side s, counter-clockwise.
func square(x, y, s float64) []float64 {
	return []float64{x, y, x + s, y, x + s, y + s, x, y + s, x, y}
}

func polygonOf(rings ...[]float64) *geom.Polygon {
	var flat []float64
	var ends []int
	for _, r := range rings {
		flat = append(flat, r...)
		ends = append(ends, len(flat))
	}
	return geom.NewPolygonFlat(geom.XY, flat, ends)
}

// Easting and northing of the tiny layer's origin in CGCS2000
// Gauss-Krüger zone 38 (EPSG:4526): 114°E, about 39.7°N.
const tinyEasting, tinyNorthing = 38500000, 4400000

// gk returns a square ring offset to the tiny layer's origin.
func gk(x, y, s float64) []float64 {
	return square(tinyEasting+x, tinyNorthing+y, s)
}

// tinyLayer is the layer behind testdata/tiny.*: a plot with a hole, a
// plot of two parts, a null shape and attributes of each dBASE type.
func tinyLayer() *Layer {
	multi := geom.NewMultiPolygon(geom.XY)
	_ = multi.Push(polygonOf(gk(100, 0, 20)))
	_ = multi.Push(polygonOf(gk(200, 0, 40), gk(210, 10, 10)))
	return &Layer{
		Name:      "tiny",
		ShapeType: Polygon,
		Modified:  time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		Fields: []Field{
			{Name: "DKBM", Type: 'C', Length: 19},
			{Name: "DKMC", Type: 'C', Length: 20},
			{Name: "SCMJM", Type: 'N', Length: 12, Decimals: 2},
			{Name: "SEQ", Type: 'N', Length: 6},
			{Name: "SFJBNT", Type: 'L', Length: 1},
			{Name: "QDRQ", Type: 'D', Length: 8},
		},
		Records: []Record{
			{Geometry: polygonOf(gk(0, 0, 40), gk(10, 10, 10)), Attributes: map[string]any{
				"DKBM": "6501020010010000001", "DKMC": "东大地", "SCMJM": 2.5, "SEQ": int64(1),
				"SFJBNT": true, "QDRQ": time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)}},
			{Geometry: multi, Attributes: map[string]any{
				"DKBM": "6501020010010000002", "DKMC": "西洼地", "SCMJM": 1.25, "SEQ": int64(2),
				"SFJBNT": false, "QDRQ": nil}},
			{Geometry: nil, Attributes: map[string]any{
				"DKBM": "6501020010010000003", "DKMC": "", "SCMJM": nil, "SEQ": nil,
				"SFJBNT": nil, "QDRQ": nil}},
		},
		CRS: CRS{WKT: cgcs2000GK38},
	}
}

const cgcs2000GK38 = `PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",` +
	`DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],` +
	`UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],` +
	`PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],` +
	`PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`

func TestEncodeGolden(t *testing.T) {
	files, err := tinyLayer().Encode()
	require.NoError(t, err)
	golden := map[string][]byte{"tiny.shp": files.SHP, "tiny.shx": files.SHX, "tiny.dbf": files.DBF,
		"tiny.prj": files.PRJ, "tiny.cpg": files.CPG}
	for name, got := range golden {
		path := filepath.Join("testdata", name)
		if *update {
			require.NoError(t, os.WriteFile(path, got, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%s differs; run go test -update to rewrite", name)
	}
}

func TestReadTinyFolder(t *testing.T) {
	l, err := ReadFS(os.DirFS("testdata"), "tiny.shp", Options{})
	require.NoError(t, err)
	want := tinyLayer()
	assert.Equal(t, 4526, l.CRS.EPSG)
	assert.Equal(t, "CGCS2000_3_Degree_GK_Zone_38", l.CRS.Name)
	assert.Equal(t, want.Fields, l.Fields)
	assert.Equal(t, want.Modified, l.Modified)
	require.Len(t, l.Records, 3)
	for i, r := range l.Records {
		require.NoError(t, r.Err)
		assert.Equal(t, i+1, r.Number)
		assert.Equal(t, want.Records[i].Attributes, r.Attributes, "record %d", r.Number)
	}

	p, ok := l.Records[0].Geometry.(*geom.Polygon)
	require.True(t, ok)
	require.Equal(t, 2, p.NumLinearRings())
	assert.Less(t, signedArea(p.LinearRing(0).FlatCoords(), 2), 0.0, "outer ring is not clockwise")
	assert.Greater(t, signedArea(p.LinearRing(1).FlatCoords(), 2), 0.0, "hole is not counter-clockwise")

	mp, ok := l.Records[1].Geometry.(*geom.MultiPolygon)
	require.True(t, ok, "got %T, want *geom.MultiPolygon", l.Records[1].Geometry)
	assert.Equal(t, 2, mp.NumPolygons())
	assert.Equal(t, 1, mp.Polygon(0).NumLinearRings())
	assert.Equal(t, 2, mp.Polygon(1).NumLinearRings())
	assert.Nil(t, l.Records[2].Geometry)
}

func TestHoleGoesToContainingShell(t *testing.T) {
	// Shells are clockwise in the file, the hole (inside the second shell)
	// comes first and is counter-clockwise.
	big := square(100, 100, 10)
	small := square(0, 0, 4)
	reverseRing(big, 2)
	reverseRing(small, 2)
	hole := square(1, 1, 1)
	var flat []float64
	var ends []int
	for _, r := range [][]float64{hole, big, small} {
		flat = append(flat, r...)
		ends = append(ends, len(flat))
	}
	g := assemblePolygon(geom.XY, flat, ends)
	mp, ok := g.(*geom.MultiPolygon)
	require.True(t, ok, "got %T, want *geom.MultiPolygon", g)
	require.Equal(t, 2, mp.NumPolygons())
	assert.Equal(t, 1, mp.Polygon(0).NumLinearRings(), "big shell")
	assert.Equal(t, 2, mp.Polygon(1).NumLinearRings(), "small shell with hole")
}

func TestAllCounterClockwiseByNesting(t *testing.T) {
	flat := append(square(0, 0, 4), square(1, 1, 1)...)
	g := assemblePolygon(geom.XY, flat, []int{10, 20})
	p, ok := g.(*geom.Polygon)
	require.True(t, ok, "got %T, want *geom.Polygon", g)
	assert.Equal(t, 2, p.NumLinearRings())
}

func TestShapeTypesRoundTrip(t *testing.T) {
	line := geom.NewMultiLineStringFlat(geom.XY, []float64{0, 0, 1, 1, 2, 2, 3, 3}, []int{4, 8})
	tests := []struct {
		name  string
		shape ShapeType
		geom  geom.T
	}{
		{"point", Point, geom.NewPointFlat(geom.XY, []float64{87.6, 43.8})},
		{"point z", PointZ, geom.NewPointFlat(geom.XYZM, []float64{87.6, 43.8, 900, 5})},
		{"point m", PointM, geom.NewPointFlat(geom.XYM, []float64{87.6, 43.8, 5})},
		{"multipoint", MultiPoint, geom.NewMultiPointFlat(geom.XY, []float64{1, 2, 3, 4})},
		{"polyline", PolyLine, geom.NewLineStringFlat(geom.XY, []float64{0, 0, 1, 1})},
		{"polyline parts", PolyLine, line},
		{"polygon z", PolygonZ, geom.NewPolygonFlat(geom.XYZM,
			[]float64{0, 0, 1, 7, 0, 1, 1, 7, 1, 1, 1, 7, 0, 0, 1, 7}, []int{16})},
		{"polygon m", PolygonM, geom.NewPolygonFlat(geom.XYM,
			[]float64{0, 0, 3, 0, 1, 3, 1, 1, 3, 0, 0, 3}, []int{12})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := (&Layer{Name: "t", ShapeType: tt.shape, Records: []Record{{Geometry: tt.geom}}}).Encode()
			require.NoError(t, err)
			l, err := Decode("t", files, Options{})
			require.NoError(t, err)
			require.Len(t, l.Records, 1)
			require.NoError(t, l.Records[0].Err)
			got := l.Records[0].Geometry
			assert.Equal(t, tt.geom.Layout(), got.Layout())
			assert.Equal(t, tt.geom.FlatCoords(), got.FlatCoords())
		})
	}
}

func TestDecodeCodePages(t *testing.T) {
	files, err := tinyLayer().Encode()
	require.NoError(t, err)
	gbk := toGBK(t, files.DBF, "东大地", "西洼地")
	withLDID := append([]byte(nil), gbk...)
	withLDID[29] = 0x4D

	tests := []struct {
		name         string
		dbf, cpg     []byte
		wantEncoding string
	}{
		{"utf-8 cpg", files.DBF, []byte("UTF-8"), "UTF-8"},
		{"gbk cpg", gbk, []byte("GBK\r\n"), "GBK"},
		{"cp936 cpg", gbk, []byte("936"), "GBK"},
		{"ldid 0x4d", withLDID, nil, "GBK"},
		{"detected gb18030", gbk, nil, "GB18030"},
		{"detected utf-8", files.DBF, nil, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := files
			f.DBF, f.CPG = tt.dbf, tt.cpg
			l, err := Decode("tiny", f, Options{})
			require.NoError(t, err)
			assert.Equal(t, tt.wantEncoding, l.Encoding)
			assert.Equal(t, "东大地", l.Records[0].Attributes["DKMC"])
		})
	}

	t.Run("unknown cpg", func(t *testing.T) {
		f := files
		f.CPG = []byte("KLINGON")
		_, err := Decode("tiny", f, Options{})
		assert.ErrorContains(t, err, `code page "KLINGON" in .cpg is not known`)
	})
}

// toGBK returns dbf with each UTF-8 text in place recoded to GBK and
// padded with spaces to its old length.
func toGBK(t *testing.T, dbf []byte, texts ...string) []byte {
	out := bytes.Clone(dbf)
	for _, text := range texts {
		encoded, err := simplifiedchinese.GBK.NewEncoder().String(text)
		require.NoError(t, err)
		i := bytes.Index(out, []byte(text))
		require.GreaterOrEqual(t, i, 0, "%s not in the .dbf", text)
		copy(out[i:], encoded+"   "[:len(text)-len(encoded)])
	}
	return out
}

func TestDecodeRecordFaults(t *testing.T) {
	good, err := tinyLayer().Encode()
	require.NoError(t, err)
	tests := []struct {
		name    string
		corrupt func(f *Files)
		record  int
		want    string
	}{
		{"shx offset", func(f *Files) { binary.BigEndian.PutUint32(f.SHX[100+8:], 1<<20) }, 2,
			"tiny.shp: record 2: offset 2097152 from the index lies outside"},
		{"record number", func(f *Files) { binary.BigEndian.PutUint32(f.SHP[100:], 7) }, 1,
			"record header at offset 100 has number 7, want 1"},
		{"shape type", func(f *Files) { binary.LittleEndian.PutUint32(f.SHP[108:], uint32(PolyLine)) }, 1,
			"shape type PolyLine, want Polygon"},
		{"part count", func(f *Files) { binary.LittleEndian.PutUint32(f.SHP[108+36:], 1<<30) }, 1,
			"part count 1073741824 does not fit"},
		{"dbf number", func(f *Files) { copy(f.DBF[dbfCell(f.DBF, 1, 2):], "12.x") }, 1,
			`tiny.dbf: record 1: field "SCMJM": number`},
		{"dbf logical", func(f *Files) { f.DBF[dbfCell(f.DBF, 2, 4)] = 'X' }, 2,
			`field "SFJBNT": logical value "X" is invalid`},
		{"dbf date", func(f *Files) { copy(f.DBF[dbfCell(f.DBF, 1, 5):], "20191399") }, 1,
			`field "QDRQ": date "20191399" is invalid`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Files{SHP: bytes.Clone(good.SHP), SHX: bytes.Clone(good.SHX), DBF: bytes.Clone(good.DBF)}
			tt.corrupt(&f)
			l, err := Decode("tiny", f, Options{})
			require.NoError(t, err)
			require.Len(t, l.Records, 3)
			for _, r := range l.Records {
				if r.Number != tt.record {
					assert.NoError(t, r.Err, "record %d", r.Number)
					continue
				}
				var re *RecordError
				require.True(t, errors.As(r.Err, &re), "record %d: got %v, want a *RecordError", r.Number, r.Err)
				assert.Equal(t, tt.record, re.Record)
				assert.ErrorContains(t, r.Err, tt.want)
				assert.Nil(t, r.Geometry, "record %d has an error", r.Number)
			}
		})
	}
}

// dbfCell returns the offset of field index field in record number (1-based).
func dbfCell(dbf []byte, number, field int) int {
	headerSize := int(binary.LittleEndian.Uint16(dbf[8:]))
	rowSize := int(binary.LittleEndian.Uint16(dbf[10:]))
	offset := headerSize + (number-1)*rowSize + 1
	for i := range field {
		offset += int(dbf[32+32*i+16])
	}
	return offset
}

func TestDecodeWithoutSHX(t *testing.T) {
	files, err := tinyLayer().Encode()
	require.NoError(t, err)
	files.SHX = nil
	l, err := Decode("tiny", files, Options{})
	require.NoError(t, err)
	require.Len(t, l.Records, 3)
	for _, r := range l.Records {
		assert.NoError(t, r.Err)
	}

	files.SHP = files.SHP[:len(files.SHP)-3]
	l, err = Decode("tiny", files, Options{})
	require.NoError(t, err)
	require.Len(t, l.Records, 3)
	assert.ErrorContains(t, l.Records[2].Err, "tiny.shp: record 3: content length")
}

func TestDecodeDamagedIndex(t *testing.T) {
	good, err := tinyLayer().Encode()
	require.NoError(t, err)
	want, err := Decode("tiny", good, Options{})
	require.NoError(t, err)
	tests := []struct {
		name string
		shx  []byte
	}{
		{"shx cut after record 1", good.SHX[:100+8]},
		{"shx cut inside an entry", good.SHX[:100+8+3]},
		{"shx header only", good.SHX[:100]},
		{"shx shorter than its header", good.SHX[:60]},
		{"shx with a bad file code", append([]byte{0, 0, 0, 1}, good.SHX[4:]...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Decode("tiny", Files{SHP: good.SHP, SHX: tt.shx, DBF: good.DBF}, Options{})
			require.NoError(t, err)
			assert.Equal(t, want.Records, l.Records)
		})
	}
}

func TestDecodeTruncatedSHPKeepsRows(t *testing.T) {
	good, err := tinyLayer().Encode()
	require.NoError(t, err)
	// The second record starts after the 100-byte header and the first
	// record, whose length comes from the .shx.
	second := int(binary.BigEndian.Uint32(good.SHX[100+8:])) * 2
	for _, shx := range [][]byte{nil, good.SHX[:100+8]} {
		t.Run(fmt.Sprintf("shx of %d bytes", len(shx)), func(t *testing.T) {
			l, err := Decode("tiny", Files{SHP: good.SHP[:second], SHX: shx, DBF: good.DBF}, Options{})
			require.NoError(t, err)
			require.Len(t, l.Records, 3, "one record per .dbf row")
			assert.NoError(t, l.Records[0].Err)
			for _, r := range l.Records[1:] {
				var re *RecordError
				require.ErrorAs(t, r.Err, &re, "record %d", r.Number)
				assert.Equal(t, r.Number, re.Record)
				assert.ErrorContains(t, r.Err, "the .shp ends before it")
				assert.NotEmpty(t, r.Attributes, "record %d keeps its attributes", r.Number)
			}
		})
	}
}

func TestEncodeNullAndUnfitGeometries(t *testing.T) {
	nested := geom.NewGeometryCollection()
	require.NoError(t, nested.Push(geom.NewGeometryCollection()))
	tests := []struct {
		name     string
		shape    ShapeType
		geometry geom.T
		wantErr  string
	}{
		{"nil polygon pointer", Polygon, (*geom.Polygon)(nil), ""},
		{"empty polygon", Polygon, geom.NewPolygon(geom.XY), ""},
		{"empty multipolygon", Polygon, geom.NewMultiPolygon(geom.XY), ""},
		{"empty multilinestring", PolyLine, geom.NewMultiLineString(geom.XY), ""},
		{"empty point", Point, geom.NewPointEmpty(geom.XY), ""},
		{"geometry collection", Polygon, nested, "*geom.GeometryCollection does not fit shape type Polygon"},
		{"line in a polygon layer", Polygon, geom.NewLineStringFlat(geom.XY, []float64{1, 2, 3, 4}),
			"*geom.LineString does not fit shape type Polygon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Layer{Name: "plots", ShapeType: tt.shape, Records: []Record{{Number: 1, Geometry: tt.geometry}}}
			files, err := l.Encode()
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			again, err := Decode("plots", files, Options{})
			require.NoError(t, err)
			require.Len(t, again.Records, 1)
			assert.NoError(t, again.Records[0].Err)
			assert.Nil(t, again.Records[0].Geometry, "written as a Null shape")
		})
	}
}

func TestDecodeBadHeader(t *testing.T) {
	files, err := tinyLayer().Encode()
	require.NoError(t, err)
	tests := []struct {
		name string
		shp  []byte
		want string
	}{
		{"short", files.SHP[:50], "shorter than the 100-byte header"},
		{"file code", append([]byte{0, 0, 0, 1}, files.SHP[4:]...), "file code 1, want 9994"},
	}
	t.Run("dbase 7", func(t *testing.T) {
		f := files
		f.DBF = append([]byte{0x04}, files.DBF[1:]...)
		_, err := Decode("tiny", f, Options{})
		assert.ErrorContains(t, err, "dBASE 7 tables (version byte 0x04) are not supported")
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := files
			f.SHP = tt.shp
			_, err := Decode("tiny", f, Options{})
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestLayersInZip(t *testing.T) {
	files, err := tinyLayer().Encode()
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, dir := range []string{"村A/", "村B/"} {
		for ext, data := range map[string][]byte{".SHP": files.SHP, ".SHX": files.SHX, ".DBF": files.DBF} {
			w, err := zw.Create(dir + "plots" + ext)
			require.NoError(t, err)
			_, err = w.Write(data)
			require.NoError(t, err)
		}
	}
	require.NoError(t, zw.Close())
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)

	paths, err := Layers(zr)
	require.NoError(t, err)
	assert.Equal(t, []string{"村A/plots.SHP", "村B/plots.SHP"}, paths)
	layers, err := ReadAll(zr, Options{})
	require.NoError(t, err)
	require.Len(t, layers, 2)
	assert.Len(t, layers[1].Records, 3)
}
