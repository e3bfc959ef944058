package benchdata

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePolygon(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantRings int
		wantFirst []float64
	}{
		{"with SRID", "SRID=4326;POLYGON((0 0,1 0,1 1,0 0))", 1, []float64{0, 0}},
		{"without SRID", "POLYGON((78.5 39.5,79 39.5,79 40,78.5 39.5))", 1, []float64{78.5, 39.5}},
		{"with hole", "POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,1 2,2 2,1 1))", 2, []float64{0, 0}},
		{"spaces", "POLYGON ( ( 0 0, 1 0, 1 1, 0 0 ) )", 1, []float64{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			poly, err := ParsePolygon(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.wantRings, poly.NumLinearRings())
			assert.Equal(t, tt.wantFirst, []float64(poly.Coord(0)))
		})
	}
}

func TestParsePolygonInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"other SRID", "SRID=4490;POLYGON((0 0,1 0,1 1,0 0))"},
		{"point", "POINT(1 2)"},
		{"no rings", "POLYGON()"},
		{"open ring", "POLYGON((0 0,1 0,1 1,0 1))"},
		{"too few positions", "POLYGON((0 0,1 0,0 0))"},
		{"bad number", "POLYGON((0 0,x 0,1 1,0 0))"},
		{"one coordinate", "POLYGON((0 0,1,1 1,0 0))"},
		{"missing paren", "POLYGON((0 0,1 0,1 1,0 0)"},
		{"no comma between rings", "POLYGON((0 0,1 0,1 1,0 0)(0 0,1 0,1 1,0 0))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolygon(tt.in)
			assert.Error(t, err)
		})
	}
}

func FuzzParsePolygon(f *testing.F) {
	f.Add("SRID=4326;POLYGON((78.0000000 39.5000000,78.001 39.5,78.001 39.501,78.0000000 39.5000000))")
	f.Add("POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,1 2,2 2,1 1))")
	f.Add("POLYGON(())")
	f.Add("SRID=;")
	f.Fuzz(func(t *testing.T, s string) {
		poly, err := ParsePolygon(s)
		if err != nil {
			return
		}
		if poly.NumLinearRings() == 0 {
			t.Fatalf("ParsePolygon(%q) returned a polygon without rings", s)
		}
	})
}

func TestLoadTestdata(t *testing.T) {
	set, err := Load("testdata")
	require.NoError(t, err)
	require.Len(t, set.Plots, 2)
	require.Len(t, set.Overlaps, 1)
	require.Len(t, set.Points, 2)
	assert.Equal(t, Point{ID: 2, Lon: 78.5, Lat: 40}, set.Points[1])
	assert.Equal(t, 2, set.Overlaps[0].NeighbourID)

	plots := set.PlotsWithOverlaps()
	assert.Equal(t, 78.0015, plots[0].Polygon.Coord(0).X(), "replaced plot 1")
	assert.Equal(t, 78.0, set.Plots[0].Polygon.Coord(0).X(), "original plot 1 unchanged")
	assert.Equal(t, map[Pair]bool{{Low: 1, High: 2}: true}, set.ExpectedPairs())
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(t.TempDir())
	assert.ErrorContains(t, err, PlotsFile)
}

var generated Cache

func TestCacheLoadGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 100,000 plots")
	}
	root, err := ModuleRoot()
	require.NoError(t, err)
	genDir := filepath.Join(root, "..", "shared", "bench")

	set := generated.Load(t, genDir)
	assert.Len(t, set.Plots, 100_000)
	assert.Len(t, set.Overlaps, 1_000)
	assert.Len(t, set.Points, 100_000)
	assert.Len(t, set.ExpectedPairs(), 1_000)
	assert.Same(t, set, generated.Load(t, "unused"), "second call reuses the set")
}

func TestFormatPolygonRoundTrip(t *testing.T) {
	in := "SRID=4326;POLYGON((78.0000001 39.5,78.1 39.5,78.1 39.6,78.0000001 39.5),(78.05 39.52,78.06 39.53,78.05 39.53,78.05 39.52))"
	poly, err := ParsePolygon(in)
	require.NoError(t, err)
	assert.Equal(t, in, FormatPolygon(poly))
}
