package spatial_test

import (
	"math"
	"testing"

	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

// vincenty returns the geodesic distance in metres between two points on
// GRS80 by Vincenty's inverse formula (Survey Review 23(176), 1975).
func vincenty(lon1, lat1, lon2, lat2 float64) float64 {
	const a, f = 6378137.0, 1 / 298.257222101
	b := a * (1 - f)
	rad := math.Pi / 180
	l := (lon2 - lon1) * rad
	u1 := math.Atan((1 - f) * math.Tan(lat1*rad))
	u2 := math.Atan((1 - f) * math.Tan(lat2*rad))
	sinU1, cosU1 := math.Sincos(u1)
	sinU2, cosU2 := math.Sincos(u2)
	lambda := l
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM float64
	for range 200 {
		sinLambda, cosLambda := math.Sincos(lambda)
		sinSigma = math.Hypot(cosU2*sinLambda, cosU1*sinU2-sinU1*cosU2*cosLambda)
		if sinSigma == 0 {
			return 0
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosLambda
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinLambda / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		cos2SigmaM = 0
		if cos2Alpha != 0 {
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		}
		c := f / 16 * cos2Alpha * (4 + f*(4-3*cos2Alpha))
		prev := lambda
		lambda = l + (1-c)*f*sinAlpha*(sigma+c*sinSigma*(cos2SigmaM+c*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < 1e-13 {
			break
		}
	}
	u2sq := cos2Alpha * (a*a - b*b) / (b * b)
	bigA := 1 + u2sq/16384*(4096+u2sq*(-768+u2sq*(320-175*u2sq)))
	bigB := u2sq / 1024 * (256 + u2sq*(-128+u2sq*(74-47*u2sq)))
	deltaSigma := bigB * sinSigma * (cos2SigmaM + bigB/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
		bigB/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	return b * bigA * (sigma - deltaSigma)
}

func TestDistanceAgainstVincenty(t *testing.T) {
	tests := []struct {
		name     string
		maxRange float64 // metres
		maxError float64 // metres
	}{
		{"under 1 km", 1000, 0.001},
		{"under 10 km", 10000, 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lat0 := range []float64{0, 20, 40, 60, -45} {
				for k := range 36 {
					az := float64(k) * 10 * math.Pi / 180
					d := tt.maxRange * float64(k%4+1) / 4
					// Offsets of about d metres in direction az.
					dLat := d * math.Cos(az) / 111000
					dLon := d * math.Sin(az) / (111000 * math.Cos(lat0*math.Pi/180))
					a := geom.NewPointFlat(geom.XY, []float64{100, lat0})
					b := geom.NewPointFlat(geom.XY, []float64{100 + dLon, lat0 + dLat})
					got, err := spatial.Distance(a, b)
					require.NoError(t, err)
					want := vincenty(100, lat0, 100+dLon, lat0+dLat)
					assert.InDelta(t, want, got, tt.maxError, "lat %v, azimuth %d°, %.0f m", lat0, k*10, want)
				}
			}
		})
	}
}

func TestDistancePlotCases(t *testing.T) {
	plot := polygon(square(78, 40, 0.001))
	inside := geom.NewPointFlat(geom.XY, []float64{78.0005, 40.0005})
	d, err := spatial.Distance(inside, plot)
	require.NoError(t, err)
	assert.Zero(t, d, "point inside")

	onEdge := geom.NewPointFlat(geom.XY, []float64{78.001, 40.0005})
	d, err = spatial.Distance(onEdge, plot)
	require.NoError(t, err)
	assert.InDelta(t, 0, d, 1e-6, "point on the east edge")

	east := geom.NewPointFlat(geom.XY, []float64{78.002, 40.0005})
	d, err = spatial.Distance(east, plot)
	require.NoError(t, err)
	want := vincenty(78.001, 40.0005, 78.002, 40.0005)
	assert.InDelta(t, want, d, 0.001, "point 0.001° east")

	_, err = spatial.Distance(nil, plot)
	assert.Error(t, err)
}
