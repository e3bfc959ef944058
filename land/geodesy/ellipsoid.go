package geodesy

import (
	"fmt"
	"math"
)

// maxFlattening bounds the flattening [NewEllipsoid] accepts. The power
// series for the authalic latitude and the transverse Mercator projection
// are summed to a fixed order, which reaches full double precision only for
// small eccentricities. Every terrestrial ellipsoid has f near 1/298.
const maxFlattening = 1.0 / 150

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

	// authalic holds the coefficients of the series for sin β in
	// [Ellipsoid.sinAuthalic].
	authalic [authalicTerms]float64

	// qp is q(90°), the authalic function at the pole (see [qPole]).
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
// number and f outside [0, 1/150].
func NewEllipsoid(a, f float64) (Ellipsoid, error) {
	if !(a > 0) || math.IsInf(a, 0) {
		return Ellipsoid{}, fmt.Errorf("geodesy: invalid semi-major axis %v m: must be positive and finite", a)
	}
	if !(f >= 0 && f <= maxFlattening) {
		return Ellipsoid{}, fmt.Errorf("geodesy: invalid flattening %v: must be in [0, 1/150]", f)
	}
	e2 := f * (2 - f)
	el := Ellipsoid{a: a, f: f, e2: e2, e: math.Sqrt(e2), n: f / (2 - f)}
	el.qp = qPole(e2)
	el.authalicR2 = a * a * el.qp / 2
	el.authalic = authalicSeries(e2, el.qp)
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

// authalicTerms is the length of the power series for sin β in
// [Ellipsoid.sinAuthalic]. With e² ≤ 0.0133 (f ≤ 1/150) the first omitted
// term is below 2e-19.
const authalicTerms = 10

// qPole returns q(90°) = 1 + (1-e²)·atanh(e)/e, where the authalic
// function q(φ) = (1-e²)·(sin φ/(1-e²sin²φ) + atanh(e·sin φ)/e) is the area
// between the equator and latitude φ per radian of longitude, in units of
// a²/2. It is 2 on a sphere.
func qPole(e2 float64) float64 {
	if e2 == 0 {
		return 2
	}
	e := math.Sqrt(e2)
	return 1 + (1-e2)*math.Atanh(e)/e
}

// authalicSeries returns the coefficients c_k of
//
//	sin β = q(φ)/q(90°) = s·Σ c_k·(e²s²)^k,   s = sin φ,
//
// where q = (1-e²)·(s/(1-e²s²) + atanh(e·s)/e). Expanding both terms of q
// in x = e²s² gives s·Σ x^k·(1 + 1/(2k+1)), so
// c_k = (1-e²)·(2k+2)/((2k+1)·q(90°)). The series also covers the sphere
// (e = 0) and costs a few multiply-adds instead of a division and a
// logarithm.
func authalicSeries(e2, qp float64) (c [authalicTerms]float64) {
	for k := range c {
		c[k] = (1 - e2) * float64(2*k+2) / (float64(2*k+1) * qp)
	}
	return c
}

// sinAuthalic returns sin β for s = sin φ, where β is the authalic latitude:
// the latitude on the sphere of radius [Ellipsoid.AuthalicRadius] that
// divides the sphere's area in the same ratio as φ divides the ellipsoid's.
// The series is summed by Estrin's scheme, whose short dependency chains
// let the processor overlap the work of successive vertices.
func (e *Ellipsoid) sinAuthalic(s float64) float64 {
	c := &e.authalic
	x := e.e2 * s * s
	x2 := x * x
	x4 := x2 * x2
	low := (c[0] + c[1]*x) + x2*(c[2]+c[3]*x)
	high := (c[4] + c[5]*x) + x2*(c[6]+c[7]*x)
	return s * (low + x4*(high+x4*(c[8]+c[9]*x)))
}
