package landsql

import (
	"testing"

	"github.com/twpayne/go-geom"
)

func FuzzDecodeGeometry(f *testing.F) {
	seeds := []geom.T{
		testPlot(1).Geometry,
		squarePolygon(1, 2, 3).SetSRID(4490),
		geom.NewMultiPolygon(geom.XY).MustSetCoords([][][]geom.Coord{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}),
	}
	for _, g := range seeds {
		blob, _, err := encodeGeometry(g)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(blob)
	}
	f.Add([]byte{})
	f.Add([]byte{1, 3, 0, 0, 0})
	f.Fuzz(func(t *testing.T, blob []byte) {
		g, err := decodeGeometry(blob)
		if err != nil || g == nil {
			return
		}
		again, _, err := encodeGeometry(g)
		if err != nil {
			t.Fatalf("encode decoded geometry: %v", err)
		}
		if _, err := decodeGeometry(again); err != nil {
			t.Fatalf("decode re-encoded geometry: %v", err)
		}
	})
}

func FuzzParsePlantingToken(f *testing.F) {
	f.Add("6531301010010100001/2024/5/棉花")
	f.Add("6531301010010100001/2024/5/a/b")
	f.Add("//")
	f.Fuzz(func(t *testing.T, token string) {
		k, err := parsePlantingToken(token)
		if err != nil {
			return
		}
		again, err := parsePlantingToken(plantingToken(k))
		if err != nil {
			t.Fatalf("parse token of %v: %v", k, err)
		}
		if again != k {
			t.Fatalf("got %v, want %v", again, k)
		}
	})
}
