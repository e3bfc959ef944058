package geodesy_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land/geodesy"
)

func TestCRSForEPSG(t *testing.T) {
	tests := []struct {
		code            int
		name            string
		geographic      bool
		axes            geodesy.AxisOrder
		centralMeridian float64
		falseEasting    float64
	}{
		{4326, "WGS 84", true, geodesy.AxisNorthEast, 0, 0},
		{4490, "China Geodetic Coordinate System 2000", true, geodesy.AxisNorthEast, 0, 0},
		{4491, "CGCS2000 / Gauss-Kruger zone 13", false, geodesy.AxisNorthEast, 75, 13500000},
		{4501, "CGCS2000 / Gauss-Kruger zone 23", false, geodesy.AxisNorthEast, 135, 23500000},
		{4502, "CGCS2000 / Gauss-Kruger CM 75E", false, geodesy.AxisNorthEast, 75, 500000},
		{4512, "CGCS2000 / Gauss-Kruger CM 135E", false, geodesy.AxisNorthEast, 135, 500000},
		{4513, "CGCS2000 / 3-degree Gauss-Kruger zone 25", false, geodesy.AxisNorthEast, 75, 25500000},
		{4517, "CGCS2000 / 3-degree Gauss-Kruger zone 29", false, geodesy.AxisNorthEast, 87, 29500000},
		{4520, "CGCS2000 / 3-degree Gauss-Kruger zone 32", false, geodesy.AxisNorthEast, 96, 32500000},
		{4533, "CGCS2000 / 3-degree Gauss-Kruger zone 45", false, geodesy.AxisNorthEast, 135, 45500000},
		{4534, "CGCS2000 / 3-degree Gauss-Kruger CM 75E", false, geodesy.AxisNorthEast, 75, 500000},
		{4541, "CGCS2000 / 3-degree Gauss-Kruger CM 96E", false, geodesy.AxisNorthEast, 96, 500000},
		{4554, "CGCS2000 / 3-degree Gauss-Kruger CM 135E", false, geodesy.AxisNorthEast, 135, 500000},
		{32601, "WGS 84 / UTM zone 1N", false, geodesy.AxisEastNorth, -177, 500000},
		{32648, "WGS 84 / UTM zone 48N", false, geodesy.AxisEastNorth, 105, 500000},
		{32760, "WGS 84 / UTM zone 60S", false, geodesy.AxisEastNorth, 177, 500000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			crs, err := geodesy.CRSForEPSG(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.code, crs.EPSG)
			assert.Equal(t, tt.name, crs.Name)
			assert.Equal(t, tt.geographic, crs.Geographic)
			assert.Equal(t, tt.axes, crs.Axes)
			if tt.geographic {
				assert.Equal(t, geodesy.Geographic{}, crs.Projection)
				return
			}
			tm, ok := crs.Projection.(*geodesy.TransverseMercator)
			require.True(t, ok, "projection is %T, want *geodesy.TransverseMercator", crs.Projection)
			assert.Equal(t, tt.centralMeridian, tm.CentralMeridian())
			assert.Equal(t, tt.falseEasting, tm.FalseEasting())
		})
	}
}

func TestCRSForEPSGUnknown(t *testing.T) {
	for _, code := range []int{0, 3857, 4214, 4489, 4555, 32600, 32661, 32700, 32761} {
		_, err := geodesy.CRSForEPSG(code)
		assert.ErrorIs(t, err, geodesy.ErrUnknownCRS, "EPSG:%d", code)
		_, err = geodesy.ProjectionForEPSG(code)
		assert.ErrorIs(t, err, geodesy.ErrUnknownCRS, "EPSG:%d", code)
	}
}

func TestGaussKrugerZone(t *testing.T) {
	tests := []struct {
		lon          float64
		zone3, zone6 int
	}{
		{73.5, 25, 13},
		{75, 25, 13},
		{76.49, 25, 13},
		{76.5, 26, 13},
		{78, 26, 14},
		{87.6, 29, 15},
		{96, 32, 17},
		{97.49, 32, 17},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.zone3, geodesy.GaussKrugerZone3(tt.lon), "3° zone of %v°", tt.lon)
		assert.Equal(t, tt.zone6, geodesy.GaussKrugerZone6(tt.lon), "6° zone of %v°", tt.lon)
	}
}

func TestZoneConstructorsReject(t *testing.T) {
	for _, zone := range []int{24, 46} {
		_, err := geodesy.GaussKruger3(zone, true)
		assert.Error(t, err, "3° zone %d", zone)
	}
	for _, zone := range []int{12, 24} {
		_, err := geodesy.GaussKruger6(zone, false)
		assert.Error(t, err, "6° zone %d", zone)
	}
	for _, zone := range []int{0, 61} {
		_, err := geodesy.UTM(zone, false)
		assert.Error(t, err, "UTM zone %d", zone)
	}
}

func TestNewTransverseMercatorRejects(t *testing.T) {
	tests := []struct {
		name                     string
		e                        geodesy.Ellipsoid
		cm, k, eastOff, northOff float64
	}{
		{"zero ellipsoid", geodesy.Ellipsoid{}, 87, 1, 500000, 0},
		{"central meridian too large", geodesy.CGCS2000, 181, 1, 500000, 0},
		{"central meridian NaN", geodesy.CGCS2000, math.NaN(), 1, 500000, 0},
		{"zero scale", geodesy.CGCS2000, 87, 0, 500000, 0},
		{"infinite false easting", geodesy.CGCS2000, 87, 1, math.Inf(1), 0},
		{"NaN false northing", geodesy.CGCS2000, 87, 1, 500000, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := geodesy.NewTransverseMercator(tt.e, tt.cm, tt.k, tt.eastOff, tt.northOff)
			assert.Error(t, err)
		})
	}
}

func TestGaussKrugerRoundTrip(t *testing.T) {
	tm, err := geodesy.GaussKruger3(29, true)
	require.NoError(t, err)
	for lon := 84.0; lon <= 90; lon += 0.37 {
		for lat := -10.0; lat <= 89.99; lat += 3.3 {
			easting, northing, err := tm.FromLonLat(lon, lat)
			require.NoError(t, err, "lon %v, lat %v", lon, lat)
			gotLon, gotLat, err := tm.ToLonLat(easting, northing)
			require.NoError(t, err)
			assert.InDelta(t, lon, gotLon, 1e-11, "lon of %v, %v", lon, lat)
			assert.InDelta(t, lat, gotLat, 1e-11, "lat of %v, %v", lon, lat)
		}
	}
}

func TestTransverseMercatorPoles(t *testing.T) {
	tm, err := geodesy.GaussKruger3(29, false)
	require.NoError(t, err)
	easting, northing, err := tm.FromLonLat(87, 90)
	require.NoError(t, err)
	assert.InDelta(t, 500000, easting, 1e-6)
	assert.InDelta(t, 10001965.729, northing, 1e-3, "meridian quadrant of GRS80")

	lon, lat, err := tm.ToLonLat(easting, northing)
	require.NoError(t, err)
	assert.InDelta(t, 90, lat, 1e-9)
	assert.False(t, math.IsNaN(lon))
}

func TestTransverseMercatorOutOfRange(t *testing.T) {
	prefixed, err := geodesy.GaussKruger3(29, true)
	require.NoError(t, err)
	tests := []struct {
		name    string
		inverse bool
		x, y    float64
	}{
		{"latitude above 90", false, 87, 90.5},
		{"latitude NaN", false, 87, math.NaN()},
		{"longitude 90° from meridian", false, 177, 40},
		{"point 600 km east", false, 94.5, 40},
		{"easting without zone prefix", true, 500000, 4400000},
		{"easting with another zone's prefix", true, 30500000, 4400000},
		{"northing beyond the pole", true, 29500000, 10002000},
		{"northing infinite", true, 29500000, math.Inf(1)},
		{"easting NaN", true, math.NaN(), 4400000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.inverse {
				_, _, err = prefixed.ToLonLat(tt.x, tt.y)
			} else {
				_, _, err = prefixed.FromLonLat(tt.x, tt.y)
			}
			assert.True(t, errors.Is(err, geodesy.ErrOutOfRange), "got %v, want ErrOutOfRange", err)
		})
	}
}

func TestToLonLatErrorHints(t *testing.T) {
	prefixed, err := geodesy.GaussKruger3(29, true)
	require.NoError(t, err)
	plain, err := geodesy.GaussKruger3(29, false)
	require.NoError(t, err)
	tests := []struct {
		name string
		proj *geodesy.TransverseMercator
		x, y float64
		want string
	}{
		{"swapped axes", prefixed, 4400000.5, 29512345.6,
			"easting 4400000.5 m, northing 29512345.6 m: easting must lie within 500000 m of the false easting " +
				"29500000 m (the northing lies in that range, so easting and northing may be swapped)"},
		{"another zone", prefixed, 30512345.6, 4400000,
			"(the easting starts with zone number 30, the CRS is for zone 29)"},
		{"zone number missing", prefixed, 512345.6, 4400000,
			"(the easting has no zone number, and the CRS expects zone 29 before it)"},
		{"zone number unexpected", plain, 29512345.6, 4400000,
			"(the easting starts with a zone number, which the CRS does not expect)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.proj.ToLonLat(tt.x, tt.y)
			require.ErrorIs(t, err, geodesy.ErrOutOfRange)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestGeographicProjection(t *testing.T) {
	proj, err := geodesy.ProjectionForEPSG(4490)
	require.NoError(t, err)
	lon, lat, err := proj.ToLonLat(87.6, 43.8)
	require.NoError(t, err)
	assert.Equal(t, 87.6, lon)
	assert.Equal(t, 43.8, lat)

	_, _, err = proj.FromLonLat(87.6, 95)
	assert.ErrorIs(t, err, geodesy.ErrOutOfRange)
	_, _, err = proj.ToLonLat(math.Inf(-1), 0)
	assert.ErrorIs(t, err, geodesy.ErrOutOfRange)
}

func TestAxisOrderString(t *testing.T) {
	assert.Equal(t, "east,north", geodesy.AxisEastNorth.String())
	assert.Equal(t, "north,east", geodesy.AxisNorthEast.String())
}
