package geodesy

import (
	"fmt"
	"math"
)

// maxFlattening bounds the flattening [NewEllipsoid] accepts. The power
// series used for the authalic latitude and the transverse Mercator
// projection are summed to a fixed order that reaches full double precision
// only for small eccentricities; every terrestrial ellipsoid has f near 1/298.
const maxFlattening = 1.0 / 40

// Ellipsoid is an oblate ellipsoid of revolution given by its semi-major
// axis and flattening, with the derived constants that area and projection
// code needs precomputed.
//
// The zero Ellipsoid is not usable: its area and length methods return NaN.
// Build one with [NewEllipsoid] or use [CGCS2000] or [WGS84]. An Ellipsoid is
// a small immutable value, safe for concurrent use and cheap to copy.
type Ellipsoid struct {
	a  float64 // semi-major axis, m
	f  float64 // flattening
	e2 float64 // first eccentricity squared, f(2-f)
	e  float64 // first eccentricity
	n  float64 // third flattening, f/(2-f)

	// qp is q(90°), the authalic function at the pole (Snyder 1987, eq. 3-12).
	qp float64
	// authalicR2 is the squared radius of the sphere with the same surface
	// area as the ellipsoid, a²·qp/2, in m².
	authalicR2 float64
}

// CGCS2000 is the China Geodetic Coordinate System 2000 ellipsoid (GRS80
// values: a = 6378137 m, 1/f = 298.257222101), the datum of EPSG:4490 and of
// Chinese land registration. Treat it as read-only.
var CGCS2000 = mustEllipsoid(6378137, 1/298.257222101)

// WGS84 is the World Geodetic System 1984 ellipsoid (a = 6378137 m,
// 1/f = 298.257223563), the datum of EPSG:4326 and of GPS. Treat it as
// read-only.
var WGS84 = mustEllipsoid(6378137, 1/298.257223563)

// NewEllipsoid returns the ellipsoid with semi-major axis a in metres and
// flattening f (0 for a sphere). It rejects a that is not a positive finite
// number and f outside [0, 1/40].
func NewEllipsoid(a, f float64) (Ellipsoid, error) {
	if !(a > 0) || math.IsInf(a, 0) {
		return Ellipsoid{}, fmt.Errorf("geodesy: invalid semi-major axis %v m: must be positive and finite", a)
	}
	if !(f >= 0 && f <= maxFlattening) {
		return Ellipsoid{}, fmt.Errorf("geodesy: invalid flattening %v: must be in [0, 1/40]", f)
	}
	e2 := f * (2 - f)
	el := Ellipsoid{a: a, f: f, e2: e2, e: math.Sqrt(e2), n: f / (2 - f)}
	el.qp = el.q(1)
	el.authalicR2 = a * a * el.qp / 2
	return el, nil
}

func mustEllipsoid(a, f float64) Ellipsoid {
	el, err := NewEllipsoid(a, f)
	if err != nil {
		panic(err) // only reached with the constants above
	}
	return el
}

// A returns the semi-major axis in metres.
func (e Ellipsoid) A() float64 { return e.a }

// F returns the flattening.
func (e Ellipsoid) F() float64 { return e.f }

// B returns the semi-minor axis in metres.
func (e Ellipsoid) B() float64 { return e.a * (1 - e.f) }

// AuthalicRadius returns the radius in metres of the sphere whose surface
// area equals the ellipsoid's.
func (e Ellipsoid) AuthalicRadius() float64 { return math.Sqrt(e.authalicR2) }

// q returns the authalic function q(φ) of Snyder (1987), eq. 3-12, for
// s = sin φ:
//
//	q = (1-e²)·(s/(1-e²s²) + atanh(e·s)/e)
//
// atanh(x)/x is summed as the series Σ x^(2k)/(2k+1), which also covers the
// sphere (e = 0) and costs a few multiply-adds instead of a logarithm. With
// e² ≤ 0.05 and 12 terms the truncation error is below 1e-17.
func (e Ellipsoid) q(s float64) float64 {
	x := e.e2 * s * s
	atanhRatio := 0.0
	for k := atanhTerms - 1; k >= 0; k-- {
		atanhRatio = atanhRatio*x + 1/float64(2*k+1)
	}
	return (1 - e.e2) * s * (1/(1-x) + atanhRatio)
}

// atanhTerms is the number of terms of the atanh(x)/x series in [Ellipsoid.q].
const atanhTerms = 12

// sinAuthalic returns sin β for s = sin φ, where β is the authalic latitude:
// the latitude on the sphere of radius [Ellipsoid.AuthalicRadius] that
// divides the sphere's area in the same ratio as φ divides the ellipsoid's.
func (e Ellipsoid) sinAuthalic(s float64) float64 {
	return e.q(s) / e.qp
}
