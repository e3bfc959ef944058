package geodesy

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// ErrOutOfRange is wrapped by the errors of projections for a coordinate
// outside the range the projection serves.
var ErrOutOfRange = errors.New("coordinate out of range")

// maxEastingOffset is the largest distance, in metres, of a projected
// point from the central meridian that [TransverseMercator] accepts. It is
// about 4.5° of longitude at the equator, three times the half width of a
// 3° zone, and keeps a zone-prefixed easting inside its own zone's million.
const maxEastingOffset = 500000

// TransverseMercator is a transverse Mercator projection of an ellipsoid,
// computed with Krüger's series in the third flattening n to order n⁶
// (Karney, "Transverse Mercator with an accuracy of a few nanometers",
// J. Geodesy 85, 2011). Its results agree with PROJ 9.1's cs2cs to 1 µm
// and 1e-12° in this package's tests, up to 2.1° from the central meridian.
//
// A TransverseMercator is immutable and safe for concurrent use. The zero
// value is not usable: build one with [NewTransverseMercator], [GaussKruger3],
// [GaussKruger6] or [UTM].
type TransverseMercator struct {
	ellipsoid       Ellipsoid
	centralMeridian float64 // degrees
	scale           float64 // k₀ on the central meridian
	falseEasting    float64 // m
	falseNorthing   float64 // m
	radius          float64 // k₀·A, the scaled rectifying radius, m
	alpha, beta     [krugerOrder + 1]float64
}

// krugerOrder is the order in n of the series.
const krugerOrder = 6

// NewTransverseMercator returns the transverse Mercator projection of e
// with the given central meridian in degrees, scale factor on that
// meridian, and false easting and northing in metres. Latitude of origin is
// the equator.
func NewTransverseMercator(e Ellipsoid, centralMeridian, scale, falseEasting, falseNorthing float64) (*TransverseMercator, error) {
	if e.a == 0 {
		return nil, errors.New("geodesy: transverse Mercator: zero ellipsoid: use NewEllipsoid, CGCS2000 or WGS84")
	}
	if !(centralMeridian >= -180 && centralMeridian <= 180) {
		return nil, fmt.Errorf("geodesy: transverse Mercator: invalid central meridian %v°: must be in [-180, 180]", centralMeridian)
	}
	if !(scale > 0 && scale <= 2) {
		return nil, fmt.Errorf("geodesy: transverse Mercator: invalid scale factor %v: must be in (0, 2]", scale)
	}
	if math.IsNaN(falseEasting) || math.IsInf(falseEasting, 0) || math.IsNaN(falseNorthing) || math.IsInf(falseNorthing, 0) {
		return nil, fmt.Errorf("geodesy: transverse Mercator: invalid false easting %v m or northing %v m: must be finite",
			falseEasting, falseNorthing)
	}
	n := e.n
	n2 := n * n
	tm := &TransverseMercator{
		ellipsoid:       e,
		centralMeridian: centralMeridian,
		scale:           scale,
		falseEasting:    falseEasting,
		falseNorthing:   falseNorthing,
		radius:          scale * e.a / (1 + n) * (1 + n2*(1.0/4+n2*(1.0/64+n2*(1.0/256)))),
		alpha:           krugerAlpha(n),
		beta:            krugerBeta(n),
	}
	return tm, nil
}

// krugerAlpha returns the coefficients α₁..α₆ of the series from the
// spherical transverse Mercator coordinates to the ellipsoidal ones.
func krugerAlpha(n float64) (c [krugerOrder + 1]float64) {
	c[1] = n * (1.0/2 + n*(-2.0/3+n*(5.0/16+n*(41.0/180+n*(-127.0/288+n*(7891.0/37800))))))
	c[2] = n * n * (13.0/48 + n*(-3.0/5+n*(557.0/1440+n*(281.0/630+n*(-1983433.0/1935360)))))
	c[3] = n * n * n * (61.0/240 + n*(-103.0/140+n*(15061.0/26880+n*(167603.0/181440))))
	c[4] = n * n * n * n * (49561.0/161280 + n*(-179.0/168+n*(6601661.0/7257600)))
	c[5] = n * n * n * n * n * (34729.0/80640 + n*(-3418889.0/1995840))
	c[6] = n * n * n * n * n * n * (212378941.0 / 319334400)
	return c
}

// krugerBeta returns the coefficients β₁..β₆ of the inverse series.
func krugerBeta(n float64) (c [krugerOrder + 1]float64) {
	c[1] = n * (1.0/2 + n*(-2.0/3+n*(37.0/96+n*(-1.0/360+n*(-81.0/512+n*(96199.0/604800))))))
	c[2] = n * n * (1.0/48 + n*(1.0/15+n*(-437.0/1440+n*(46.0/105+n*(-1118711.0/3870720)))))
	c[3] = n * n * n * (17.0/480 + n*(-37.0/840+n*(-209.0/4480+n*(5569.0/90720))))
	c[4] = n * n * n * n * (4397.0/161280 + n*(-11.0/504+n*(-830251.0/7257600)))
	c[5] = n * n * n * n * n * (4583.0/161280 + n*(-108847.0/3991680))
	c[6] = n * n * n * n * n * n * (20648693.0 / 638668800)
	return c
}

// Ellipsoid returns the ellipsoid tm projects.
func (tm *TransverseMercator) Ellipsoid() Ellipsoid { return tm.ellipsoid }

// CentralMeridian returns the longitude of the central meridian in degrees.
func (tm *TransverseMercator) CentralMeridian() float64 { return tm.centralMeridian }

// FalseEasting returns the easting of the central meridian in metres.
func (tm *TransverseMercator) FalseEasting() float64 { return tm.falseEasting }

// FromLonLat projects lon, lat in degrees to easting, northing in metres.
// It returns an error wrapping [ErrOutOfRange] for a latitude outside
// [-90, 90], a longitude 90° or more from the central meridian, or a point
// more than 500 km from the central meridian in easting.
func (tm *TransverseMercator) FromLonLat(lon, lat float64) (easting, northing float64, err error) {
	dLon := math.Remainder(lon-tm.centralMeridian, 360)
	if !(lat >= -90 && lat <= 90) || !(math.Abs(dLon) < 90) {
		return 0, 0, fmt.Errorf("geodesy: transverse Mercator: lon %v°, lat %v° outside the projection, "+
			"which needs lat in [-90, 90] and lon within 90° of %v°: %w", lon, lat, tm.centralMeridian, ErrOutOfRange)
	}

	// Conformal latitude χ as τ' = tan χ, then the spherical transverse
	// Mercator coordinates ξ', η'.
	sinLon, cosLon := math.Sincos(dLon * (math.Pi / 180))
	taup := tm.ellipsoid.conformalTan(lat)
	xip := math.Atan2(taup, cosLon)
	etap := math.Asinh(sinLon / math.Hypot(taup, cosLon))

	xi, eta := krugerSum(tm.alpha, xip, etap, 1)
	easting = tm.falseEasting + tm.radius*eta
	northing = tm.falseNorthing + tm.radius*xi
	if math.Abs(easting-tm.falseEasting) > maxEastingOffset {
		return 0, 0, fmt.Errorf("geodesy: transverse Mercator: lon %v°, lat %v° is %.0f m from central meridian %v°, "+
			"more than the %d m the projection accepts: %w",
			lon, lat, easting-tm.falseEasting, tm.centralMeridian, maxEastingOffset, ErrOutOfRange)
	}
	return easting, northing, nil
}

// ToLonLat returns the lon, lat in degrees of the point at easting,
// northing in metres. It returns an error wrapping [ErrOutOfRange] when
// easting is more than 500 km from the false easting (for zone-prefixed
// Gauss-Krüger eastings: when the prefix is not the zone's) or a
// coordinate is not finite.
func (tm *TransverseMercator) ToLonLat(easting, northing float64) (lon, lat float64, err error) {
	offset := easting - tm.falseEasting
	if !(math.Abs(offset) <= maxEastingOffset) || math.IsNaN(northing) || math.IsInf(northing, 0) {
		return 0, 0, tm.eastingError(easting, northing)
	}
	xi := (northing - tm.falseNorthing) / tm.radius
	if !(math.Abs(xi) <= math.Pi/2*(1+1e-12)) {
		return 0, 0, fmt.Errorf("geodesy: transverse Mercator: northing %v m lies beyond the pole: %w", northing, ErrOutOfRange)
	}
	xi = max(-math.Pi/2, min(math.Pi/2, xi)) // the pole itself, after rounding
	eta := offset / tm.radius

	xip, etap := krugerSum(tm.beta, xi, eta, -1)
	sinXip, cosXip := math.Sincos(xip)
	sinhEtap := math.Sinh(etap)
	taup := sinXip / math.Hypot(sinhEtap, cosXip)
	lon = tm.centralMeridian + math.Atan2(sinhEtap, cosXip)*(180/math.Pi)
	lat = math.Atan(tm.ellipsoid.tanFromConformal(taup)) * (180 / math.Pi)
	return math.Remainder(lon, 360), lat, nil
}

// eastingError describes a point that [TransverseMercator.ToLonLat]
// rejects. It adds a hint when the point fits one of three mistakes:
// swapped axes, or an easting with or without a zone number that the CRS
// does not expect.
func (tm *TransverseMercator) eastingError(easting, northing float64) error {
	hint := ""
	zone, prefix := math.Floor(tm.falseEasting/1e6), math.Floor(easting/1e6)
	switch {
	case math.Abs(northing-tm.falseEasting) <= maxEastingOffset:
		hint = " (the northing lies in that range, so easting and northing may be swapped)"
	case zone >= 1 && prefix >= 1 && prefix != zone:
		hint = fmt.Sprintf(" (the easting starts with zone number %.0f, the CRS is for zone %.0f)", prefix, zone)
	case zone >= 1 && prefix == 0:
		hint = fmt.Sprintf(" (the easting has no zone number, and the CRS expects zone %.0f before it)", zone)
	case zone == 0 && prefix >= 13 && prefix <= 45:
		// 13 to 45 are the zone numbers of the Gauss-Krüger CRSs.
		hint = " (the easting starts with a zone number, which the CRS does not expect)"
	}
	return fmt.Errorf("geodesy: transverse Mercator: easting %s m, northing %s m: easting must lie within %d m "+
		"of the false easting %s m%s: %w",
		formatMetres(easting), formatMetres(northing), maxEastingOffset, formatMetres(tm.falseEasting), hint, ErrOutOfRange)
}

// formatMetres formats v in plain decimal notation, so that a Gauss-Krüger
// easting such as 29512345.6 does not read as 2.95123456e+07.
func formatMetres(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// krugerSum returns ζ + sign·Σ c_j·sin(2jζ) for ζ = ξ + iη, split into its
// real and imaginary parts. The sum is evaluated by Clenshaw's recurrence
// b_j = c_j + 2cos(2ζ)·b_{j+1} - b_{j+2}, whose result is b₁·sin(2ζ).
func krugerSum(c [krugerOrder + 1]float64, xi, eta, sign float64) (float64, float64) {
	sin2xi, cos2xi := math.Sincos(2 * xi)
	sinh2eta, cosh2eta := math.Sinh(2*eta), math.Cosh(2*eta)
	sin2z := complex(sin2xi*cosh2eta, cos2xi*sinh2eta)
	twoCos2z := 2 * complex(cos2xi*cosh2eta, -sin2xi*sinh2eta)

	var b1, b2 complex128
	for j := krugerOrder; j >= 1; j-- {
		b1, b2 = complex(c[j], 0)+twoCos2z*b1-b2, b1
	}
	sum := b1 * sin2z
	return xi + sign*real(sum), eta + sign*imag(sum)
}

// conformalTan returns tan χ for the latitude lat in degrees, where χ is the
// conformal latitude: τ' = τ·√(1+σ²) - σ·√(1+τ²) with τ = tan φ and
// σ = sinh(e·atanh(e·sin φ)). It is ±Inf at the
// poles.
func (e *Ellipsoid) conformalTan(lat float64) float64 {
	if math.Abs(lat) == 90 {
		return math.Copysign(math.Inf(1), lat)
	}
	sinLat, cosLat := math.Sincos(lat * (math.Pi / 180))
	tau := sinLat / cosLat
	sigma := math.Sinh(e.e * math.Atanh(e.e*sinLat))
	return tau*math.Hypot(1, sigma) - sigma*math.Hypot(1, tau)
}

// tanFromConformal returns τ = tan φ for τ' = tan χ, inverting
// [Ellipsoid.conformalTan] by Newton's method with the derivative
// dτ'/dτ = (1-e²)·√(1+τ'²)·√(1+τ²)/(1+(1-e²)τ²).
// Starting from τ'/(1-e²), two or three steps reach double precision for
// latitudes short of the poles.
func (e *Ellipsoid) tanFromConformal(taup float64) float64 {
	if math.IsInf(taup, 0) {
		return taup
	}
	oneMinusE2 := 1 - e.e2
	tau := taup / oneMinusE2
	tolerance := 1e-14 * max(1, math.Abs(taup))
	for range 8 {
		sinLat := tau / math.Hypot(1, tau)
		sigma := math.Sinh(e.e * math.Atanh(e.e*sinLat))
		taupI := tau*math.Hypot(1, sigma) - sigma*math.Hypot(1, tau)
		step := (taup - taupI) * (1 + oneMinusE2*tau*tau) /
			(oneMinusE2 * math.Hypot(1, taupI) * math.Hypot(1, tau))
		tau += step
		if math.Abs(step) <= tolerance {
			break
		}
	}
	return tau
}
