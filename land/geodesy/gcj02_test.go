package geodesy_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/land/geodesy"
)

func TestToGCJ02PublishedPoint(t *testing.T) {
	// Beijing, as converted by the published algorithm in common map SDKs.
	lon, lat := geodesy.ToGCJ02(116.404, 39.915)
	assert.InDelta(t, 116.41024449916938, lon, 1e-12)
	assert.InDelta(t, 39.91640428150164, lat, 1e-12)
}

func TestGCJ02RoundTrip(t *testing.T) {
	worst := 0.0
	for lon := 73.5; lon <= 135; lon += 1.7 {
		for lat := 18.2; lat <= 53.5; lat += 1.3 {
			gcjLon, gcjLat := geodesy.ToGCJ02(lon, lat)
			offset := math.Hypot((gcjLon-lon)*math.Cos(lat*math.Pi/180), gcjLat-lat) * 111320
			assert.True(t, offset > 1 && offset < 1500, "offset at %v, %v is %.0f m", lon, lat, offset)

			gotLon, gotLat := geodesy.FromGCJ02(gcjLon, gcjLat)
			assert.InDelta(t, lon, gotLon, 1e-9, "lon at %v, %v", lon, lat)
			assert.InDelta(t, lat, gotLat, 1e-9, "lat at %v, %v", lon, lat)
			worst = max(worst, math.Abs(gotLon-lon), math.Abs(gotLat-lat))
		}
	}
	t.Logf("largest round-trip error: %.1g°", worst)
}

func TestGCJ02OutOfChina(t *testing.T) {
	tests := []struct {
		name     string
		lon, lat float64
		want     bool
	}{
		{"Kashgar", 75.99, 39.47, false},
		{"Beijing", 116.4, 39.9, false},
		{"Moscow", 37.6, 55.75, true},
		{"Sydney", 151.2, -33.9, true},
		{"north of the box", 100, 56, true},
		{"west of the box", 72, 40, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, geodesy.OutOfChina(tt.lon, tt.lat))
			if !tt.want {
				return
			}
			lon, lat := geodesy.ToGCJ02(tt.lon, tt.lat)
			assert.Equal(t, tt.lon, lon, "ToGCJ02 must not move a point out of China")
			assert.Equal(t, tt.lat, lat, "ToGCJ02 must not move a point out of China")
			lon, lat = geodesy.FromGCJ02(tt.lon, tt.lat)
			assert.Equal(t, tt.lon, lon, "FromGCJ02 must not move a point out of China")
			assert.Equal(t, tt.lat, lat, "FromGCJ02 must not move a point out of China")
		})
	}
}

func TestGCJ02NaN(t *testing.T) {
	assert.True(t, geodesy.OutOfChina(math.NaN(), 40))
	lon, lat := geodesy.ToGCJ02(math.NaN(), 40)
	assert.True(t, math.IsNaN(lon), "got lon %v, want NaN", lon)
	assert.Equal(t, 40.0, lat)
	lon, lat = geodesy.FromGCJ02(100, math.NaN())
	assert.Equal(t, 100.0, lon)
	assert.True(t, math.IsNaN(lat), "got lat %v, want NaN", lat)
}
