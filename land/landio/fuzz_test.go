package landio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

// checkFeatures fails when a feature breaks the Feature contract: Index
// must be its position, and a feature with Err has no geometry.
func checkFeatures(t *testing.T, features []Feature) {
	for i, f := range features {
		if f.Index != i {
			t.Fatalf("feature %d has Index %d", i, f.Index)
		}
		if f.Err != nil {
			var fe *FeatureError
			if !errors.As(f.Err, &fe) || f.Geometry != nil {
				t.Fatalf("feature %d: error %v (%T) with geometry %v", i, f.Err, f.Err, f.Geometry)
			}
			continue
		}
		if f.Geometry != nil {
			checkGeometry(t, i, f.Geometry)
		}
	}
}

// checkGeometry walks g so that malformed internal state would panic here.
func checkGeometry(t *testing.T, i int, g geom.T) {
	if c, ok := g.(*geom.GeometryCollection); ok {
		for _, sub := range c.Geoms() {
			checkGeometry(t, i, sub)
		}
		return
	}
	if stride := g.Stride(); stride > 0 && len(g.FlatCoords())%stride != 0 {
		t.Fatalf("feature %d: %d coordinates for stride %d", i, len(g.FlatCoords()), stride)
	}
	_ = g.Bounds()
}

func FuzzReadGeoJSON(f *testing.F) {
	f.Add(readTestFile(f, "plots.geojson"))
	f.Add([]byte(`{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2,3,4,5]}]}`))
	f.Add([]byte(`{"type":"Feature","id":7,"geometry":{"type":"LineString","coordinates":[[1,2],[3]]}}`))
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"features":[]}`))
	f.Add([]byte(`{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[]}]}`))
	india, err := os.ReadFile(filepath.Join(fieldsDir(f), "ai4sf_vietnam_tile1_sample.geojson"))
	require.NoError(f, err)
	f.Add(india[:bytes.Index(india, []byte("\n{ \"type\": \"Feature\""))+1000])
	f.Fuzz(func(t *testing.T, data []byte) {
		features, _, err := ReadGeoJSON(bytes.NewReader(data), Options{})
		if err != nil {
			return
		}
		checkFeatures(t, features)
	})
}

func FuzzReadWKT(f *testing.F) {
	f.Add(string(readTestFile(f, "plots.wkt")))
	f.Add("SRID=4490;MULTIPOLYGON Z (((1 2 3, 4 5 6, 7 8 9, 1 2 3)))\nPOINT EMPTY\n")
	f.Add("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (1 2, 3 4))")
	f.Add("GEOMETRYCOLLECTION (GEOMETRYCOLLECTION (POINT (1 2)))")
	f.Add("POLYGON ((1 2, 3 4\nPOINT M (1 2 3)")
	f.Fuzz(func(t *testing.T, text string) {
		features, _, err := ReadWKT(bytes.NewReader([]byte(text)), Options{})
		if err != nil {
			return
		}
		checkFeatures(t, features)
	})
}

func FuzzReadWKB(f *testing.F) {
	features, _, err := ReadWKT(bytes.NewReader(readTestFile(f, "plots.wkt")), Options{})
	require.NoError(f, err)
	good := []Feature{features[0], features[1], features[3]}
	var raw, ewkb, hexLines bytes.Buffer
	require.NoError(f, WriteWKB(&raw, good, binary.LittleEndian))
	require.NoError(f, WriteEWKB(&ewkb, good, 4490, binary.BigEndian, false))
	require.NoError(f, WriteEWKB(&hexLines, good, 4326, binary.LittleEndian, true))
	f.Add(raw.Bytes())
	f.Add(ewkb.Bytes())
	f.Add(hexLines.Bytes())
	// ISO WKB: a POINT Z and a GEOMETRYCOLLECTION holding a POINT.
	f.Add([]byte("\x01\xe9\x03\x00\x00" + string(make([]byte, 24)) +
		"\x01\x07\x00\x00\x00\x01\x00\x00\x00\x01\x01\x00\x00\x00" + string(make([]byte, 16))))
	f.Fuzz(func(t *testing.T, data []byte) {
		features, _, err := ReadWKB(bytes.NewReader(data), Options{})
		if err != nil {
			return
		}
		checkFeatures(t, features)
	})
}

// TestReadWKBEveryPrefix decodes every prefix and every one-byte change of
// a small WKB and EWKB stream, a deterministic complement to FuzzReadWKB.
func TestReadWKBEveryPrefix(t *testing.T) {
	features, _, err := ReadWKT(bytes.NewReader(readTestFile(t, "plots.wkt")), Options{})
	require.NoError(t, err)
	good := []Feature{features[0], features[1], features[3]}
	var raw, ewkb bytes.Buffer
	require.NoError(t, WriteWKB(&raw, good, binary.LittleEndian))
	require.NoError(t, WriteEWKB(&ewkb, good, 4490, binary.BigEndian, false))
	for _, data := range [][]byte{raw.Bytes(), ewkb.Bytes()} {
		for n := range len(data) {
			got, _, err := ReadWKB(bytes.NewReader(data[:n]), Options{})
			if err == nil {
				checkFeatures(t, got)
			}
			changed := bytes.Clone(data)
			changed[n] ^= 0xff
			got, _, err = ReadWKB(bytes.NewReader(changed), Options{})
			if err == nil {
				checkFeatures(t, got)
			}
		}
	}
}
