package kml

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func readWalked(t testing.TB) []Placemark {
	data, err := os.ReadFile("testdata/walked.kml")
	require.NoError(t, err)
	placemarks, err := Read(bytes.NewReader(data))
	require.NoError(t, err)
	return placemarks
}

func TestReadWalked(t *testing.T) {
	placemarks := readWalked(t)
	require.Len(t, placemarks, 6)

	first := placemarks[0]
	require.NoError(t, first.Err)
	assert.Equal(t, "p1", first.ID)
	assert.Equal(t, "6501020010010000001", first.Name)
	assert.Equal(t, map[string]string{"owner": "张三", "area_mu": "2.5"}, first.Data)
	p, ok := first.Geometry.(*geom.Polygon)
	require.True(t, ok, "got %T, want *geom.Polygon", first.Geometry)
	assert.Equal(t, 2, p.NumLinearRings())
	assert.Equal(t, geom.XY, p.Layout(), "the hole has no altitude, so none is kept")
	assert.Equal(t, []float64{87.60, 43.80}, p.FlatCoords()[:2])

	mp, ok := placemarks[1].Geometry.(*geom.MultiPolygon)
	require.True(t, ok, "got %T, want *geom.MultiPolygon", placemarks[1].Geometry)
	assert.Equal(t, 2, mp.NumPolygons())

	line, ok := placemarks[2].Geometry.(*geom.LineString)
	require.True(t, ok, "got %T, want *geom.LineString", placemarks[2].Geometry)
	assert.Equal(t, []float64{87.60, 43.79, 87.70, 43.79}, line.FlatCoords())

	assert.Nil(t, placemarks[3].Geometry)
	assert.ErrorContains(t, placemarks[3].Err, `kml: placemark 3 (name "bad"): <Polygon> ring 0: tuple 1 "200,43.8"`)
	assert.IsType(t, &geom.GeometryCollection{}, placemarks[4].Geometry)
	assert.NoError(t, placemarks[5].Err)
	assert.Nil(t, placemarks[5].Geometry)
}

func TestReadAltitude(t *testing.T) {
	input := `<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>
		1,1,5 2,1,5 2,2,5 1,1,5</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`
	placemarks, err := Read(strings.NewReader(input))
	require.NoError(t, err)
	require.Len(t, placemarks, 1)
	require.NoError(t, placemarks[0].Err)
	assert.Equal(t, geom.XYZ, placemarks[0].Geometry.Layout())
}

func TestReadRejects(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"malformed xml", `<kml><Placemark>`, "kml: "},
		{"empty coordinates", `<kml><Placemark><LineString><coordinates> </coordinates></LineString></Placemark></kml>`,
			"coordinates are empty"},
		{"two outer rings", `<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>1,1</coordinates>` +
			`</LinearRing></outerBoundaryIs><outerBoundaryIs><LinearRing><coordinates>1,1</coordinates></LinearRing>` +
			`</outerBoundaryIs></Polygon></Placemark></kml>`, "2 <outerBoundaryIs> rings"},
		{"not a number", `<kml><Placemark><Point><coordinates>x,1</coordinates></Point></Placemark></kml>`,
			`value "x" is not a finite number`},
		{"point with two tuples", `<kml><Placemark><Point><coordinates>1,1 2,2</coordinates></Point></Placemark></kml>`,
			"<Point> has 2 coordinate tuples"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			placemarks, err := Read(strings.NewReader(tt.input))
			if err == nil {
				require.Len(t, placemarks, 1)
				err = placemarks[0].Err
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestWriteRoundTrip(t *testing.T) {
	placemarks := readWalked(t)
	var good []Placemark
	for _, p := range placemarks {
		if p.Err == nil {
			if _, mixed := p.Geometry.(*geom.GeometryCollection); !mixed {
				good = append(good, p)
			}
		}
	}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, good))
	again, err := Read(&buf)
	require.NoError(t, err)
	require.Len(t, again, len(good))
	for i := range good {
		assert.Equal(t, good[i].Name, again[i].Name)
		assert.Equal(t, good[i].Data, again[i].Data)
		if good[i].Geometry == nil {
			assert.Nil(t, again[i].Geometry)
			continue
		}
		assert.Equal(t, good[i].Geometry.FlatCoords(), again[i].Geometry.FlatCoords(), "placemark %d", i)
	}

	err = Write(&buf, []Placemark{{Name: "mixed", Geometry: placemarks[4].Geometry}})
	assert.ErrorContains(t, err, `kml: write placemark 0 (name "mixed")`)
}

func TestWriteRejectsUnreadable(t *testing.T) {
	tests := []struct {
		name     string
		geometry geom.T
		want     string
	}{
		{"NaN", geom.NewPointFlat(geom.XY, []float64{87.6, math.NaN()}), "vertex 0 has a coordinate NaN"},
		{"infinite altitude", geom.NewLineStringFlat(geom.XYZ, []float64{87.6, 43.8, 1, 87.7, 43.9, math.Inf(1)}),
			"vertex 1 has a coordinate +Inf"},
		{"projected", geom.NewPointFlat(geom.XY, []float64{29500000, 4400000}), "vertex 0 at lon 2.95e+07, lat 4.4e+06 lies outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, []Placemark{{Name: "p", Geometry: tt.geometry}})
			assert.ErrorContains(t, err, `kml: write placemark 0 (name "p"): `+tt.want)
		})
	}
}

func TestWriteTypedNilGeometry(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, []Placemark{{Name: "unsurveyed", Geometry: (*geom.Polygon)(nil)}}))
	again, err := Read(&buf)
	require.NoError(t, err)
	require.Len(t, again, 1)
	assert.Nil(t, again[0].Geometry)
}

// FuzzKML reads arbitrary documents: no panic, and a Placemark has an
// error or a geometry in lon/lat range.
func FuzzKML(f *testing.F) {
	data, err := os.ReadFile("testdata/walked.kml")
	require.NoError(f, err)
	f.Add(data)
	f.Add([]byte(`<kml><Placemark><Point><coordinates>87.6,43.8</coordinates></Point></Placemark></kml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		placemarks, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, p := range placemarks {
			if p.Err != nil || p.Geometry == nil {
				continue
			}
			b := p.Geometry.Bounds()
			if !b.IsEmpty() && (b.Min(0) < -180 || b.Max(0) > 180 || b.Min(1) < -90 || b.Max(1) > 90) {
				t.Fatalf("placemark %d: bounds %v outside lon/lat range", p.Index, b)
			}
		}
	})
}

func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile("testdata/walked.kml")
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestReadGBKDocument(t *testing.T) {
	body := `<?xml version="1.0" encoding="GBK"?><kml><Placemark><name>东大地</name>` +
		`<Point><coordinates>87.6,43.8</coordinates></Point></Placemark></kml>`
	encoded, err := simplifiedchinese.GBK.NewEncoder().String(body)
	require.NoError(t, err)
	placemarks, err := Read(strings.NewReader(encoded))
	require.NoError(t, err)
	require.Len(t, placemarks, 1)
	assert.Equal(t, "东大地", placemarks[0].Name)
}
