package gpx

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

func TestReadWalk(t *testing.T) {
	data, err := os.ReadFile("testdata/walk.gpx")
	require.NoError(t, err)
	features, err := Read(bytes.NewReader(data), Options{})
	require.NoError(t, err)
	require.Len(t, features, 5)

	walk := features[0]
	require.NoError(t, walk.Err)
	assert.Equal(t, KindTrack, walk.Kind)
	assert.Equal(t, "东大地 边界", walk.Name)
	p, ok := walk.Geometry.(*geom.Polygon)
	require.True(t, ok, "got %T, want *geom.Polygon", walk.Geometry)
	flat := p.FlatCoords()
	assert.Len(t, flat, 12, "closed with the first point")
	assert.Equal(t, flat[:2], flat[10:])
	assert.Equal(t, time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC), walk.Start)
	assert.Equal(t, time.Date(2024, 5, 1, 8, 20, 0, 0, time.UTC), walk.End)

	assert.IsType(t, &geom.LineString{}, features[1].Geometry)
	assert.Equal(t, 1, features[1].Segment)
	assert.ErrorContains(t, features[2].Err, `gpx: trk 2 (name "东大地 边界"): point 0: lon "187.6"`)
	assert.Equal(t, KindRoute, features[3].Kind)
	assert.IsType(t, &geom.LineString{}, features[3].Geometry, "the route ends 8 km from its start")
	assert.Equal(t, KindWaypoint, features[4].Kind)
	assert.IsType(t, &geom.Point{}, features[4].Geometry)
}

func TestClosingTolerance(t *testing.T) {
	// The last point lies about 2.2 m north of the first in near and about
	// 22 m in far.
	const (
		near = `<gpx><trk><trkseg><trkpt lat="43.8" lon="87.6"/><trkpt lat="43.8" lon="87.61"/>` +
			`<trkpt lat="43.81" lon="87.61"/><trkpt lat="43.80002" lon="87.6"/></trkseg></trk></gpx>`
		far = `<gpx><trk><trkseg><trkpt lat="43.8" lon="87.6"/><trkpt lat="43.8" lon="87.61"/>` +
			`<trkpt lat="43.81" lon="87.61"/><trkpt lat="43.8002" lon="87.6"/></trkseg></trk></gpx>`
	)
	tests := []struct {
		name      string
		input     string
		tolerance float64
		want      geom.T
	}{
		{"default", near, 0, &geom.Polygon{}},
		{"strict", near, 1, &geom.LineString{}},
		{"default too far", far, 0, &geom.LineString{}},
		{"NaN means default", far, math.NaN(), &geom.LineString{}},
		{"negative means default", far, -30, &geom.LineString{}},
		{"wide", far, 30, &geom.Polygon{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			features, err := Read(strings.NewReader(tt.input), Options{ClosingToleranceM: tt.tolerance})
			require.NoError(t, err)
			require.Len(t, features, 1)
			assert.IsType(t, tt.want, features[0].Geometry)
		})
	}
}

func TestDistance(t *testing.T) {
	// One degree of latitude on the mean-radius sphere.
	assert.InDelta(t, 111195.08, distanceM(87.6, 43, 87.6, 44), 0.01)
}

func TestReadRejects(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"malformed xml", `<gpx><trk>`, "gpx: "},
		{"bad time", `<gpx><wpt lat="1" lon="1"><time>yesterday</time></wpt></gpx>`, `time "yesterday" is not RFC 3339`},
		{"missing lat", `<gpx><wpt lon="1"/></gpx>`, `lat "" is not a number`},
		{"empty segment", `<gpx><trk><trkseg></trkseg></trk></gpx>`, "no points"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			features, err := Read(strings.NewReader(tt.input), Options{})
			if err == nil {
				require.Len(t, features, 1)
				err = features[0].Err
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// FuzzGPX reads arbitrary documents: no panic, and each feature has an
// error or a geometry.
func FuzzGPX(f *testing.F) {
	data, err := os.ReadFile("testdata/walk.gpx")
	require.NoError(f, err)
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		features, err := Read(bytes.NewReader(data), Options{})
		if err != nil {
			return
		}
		for _, feat := range features {
			if (feat.Err == nil) == (feat.Geometry == nil) {
				t.Fatalf("feature %d: error %v with geometry %v", feat.Index, feat.Err, feat.Geometry)
			}
		}
	})
}
