package geodesy

import "math"

// RingArea returns the signed area in m² of one ring on e, positive when the
// ring runs counter-clockwise (seen from above, with longitude to the east
// and latitude to the north). flatCoords holds the ring as lon, lat degrees
// with stride float64s per point, as go-geom's FlatCoords stores it. The ring
// may be closed or not, and a ring of fewer than three distinct points has
// area 0. The result is NaN under the conditions listed at [Ellipsoid.Area]
// and when stride is below 2 for a non-empty ring. RingArea allocates
// nothing.
//
// Method: the ellipsoid is mapped onto a sphere by a map that preserves area
// exactly and keeps longitude (see [equalAreaSphere]). On the sphere each
// edge joins its ends by a great circle, and the signed area between that
// edge and the equator is the spherical excess E with
//
//	tan(E/2) = tan(Δλ/2)·(tan(β₁/2) + tan(β₂/2)) / (1 + tan(β₁/2)·tan(β₂/2)),
//
// β being the latitude on the sphere. The sum of E over the ring, times the
// sphere's radius squared, is the ring's area. Latitudes are taken relative
// to the ring's middle latitude, so only that latitude needs a sine: each
// vertex costs a few short polynomials and one square root, and each edge
// one division.
//
// Edge shape: the great circle on the sphere is not the image of the
// ellipsoidal geodesic between the same ends, because no equal-area map of
// the ellipsoid onto a sphere is conformal. The sphere is chosen so that the
// map is conformal at the ring's middle latitude, with zero first
// derivative of its scale there. The image of a geodesic then bends by a
// curvature of order e²·d/R² at a distance d from that latitude. Measured against
// GeographicLib's geodesic polygon areas (Planimeter 2.1.2, WGS84, random
// polygons between 20° and 50°N), the difference stays below 1e-9 of the
// area, or the 1e-4 m² of Planimeter's output, up to 3 km across. It is
// 5e-9 at 25 km and 2.5e-7 at 250 km across.
func (e Ellipsoid) RingArea(flatCoords []float64, stride int) float64 {
	if len(flatCoords) == 0 {
		return 0
	}
	if e.a == 0 || stride < 2 {
		return math.NaN()
	}
	n := len(flatCoords) / stride
	last := (n - 1) * stride
	if n > 1 && flatCoords[0] == flatCoords[last] && flatCoords[1] == flatCoords[last+1] {
		n-- // closed ring: the closing point repeats the first
	}
	minLat, maxLat, ok := latitudeRange(flatCoords[:n*stride], stride)
	if !ok {
		return math.NaN()
	}

	sphere := e.equalAreaSphere(minLat, maxLat)
	lon0 := flatCoords[0]
	first := sphere.point(&e, flatCoords[1])
	prevLon, prev := lon0, first
	excess := 0.0
	for i := stride; i < n*stride; i += stride {
		lon := flatCoords[i]
		p := sphere.point(&e, flatCoords[i+1])
		excess += edgeExcess(lon-prevLon, prev, p)
		prevLon, prev = lon, p
	}
	excess += edgeExcess(lon0-prevLon, prev, first)
	return -excess * sphere.radius2
}

// latitudeRange returns the minimum and maximum latitude of the points in
// flatCoords, and false when a latitude is NaN or outside [-90, 90].
func latitudeRange(flatCoords []float64, stride int) (minLat, maxLat float64, ok bool) {
	minLat, maxLat = 90, -90
	for i := 1; i < len(flatCoords); i += stride {
		lat := flatCoords[i]
		if !(lat >= -90 && lat <= 90) {
			return 0, 0, false
		}
		minLat = min(minLat, lat)
		maxLat = max(maxLat, lat)
	}
	return minLat, maxLat, true
}

// localSphereSpan is the largest latitude span, in degrees, of a ring whose
// area is measured on the local sphere. Wider rings use the authalic sphere,
// because its latitude stays defined up to the poles.
const localSphereSpan = 20

// sphere is an equal-area map of the ellipsoid onto a sphere of radius
// √radius2, taking latitude φ to β with
//
//	sin β = offset + scale·(sin βₐ(φ) - base),
//
// where βₐ is the authalic latitude, and keeping longitude.
type sphere struct {
	radius2              float64 // m²
	offset, scale, base  float64
	sinMiddle, cosMiddle float64 // of the middle latitude φ₀
	middleLat            float64 // φ₀ in degrees
}

// equalAreaSphere returns the equal-area sphere for a ring spanning the
// latitudes minLat..maxLat degrees.
//
// For a span up to localSphereSpan it is the local sphere of radius N₀, the
// prime vertical radius of curvature at the middle latitude φ₀, with
// sin β = sin φ₀ + (a²/(2N₀²))·(q(φ) - q(φ₀)). Area is preserved because
// N₀²·d(sin β) = (a²/2)·dq is the ellipsoid's area element per radian of
// longitude. At φ₀ the scale along the parallel, N·cos φ/(N₀·cos β), is 1
// with zero derivative, so the map is conformal there to first order and
// the great circles stay close to the images of geodesics.
//
// Wider rings use the authalic sphere, sin β = q(φ)/q(90°) with radius²
// a²·q(90°)/2, on which an edge of length L may differ from the geodesic
// edge by up to about e²·L³/(72·R) in area.
func (e *Ellipsoid) equalAreaSphere(minLat, maxLat float64) sphere {
	middle := (minLat + maxLat) / 2
	sinMiddle, cosMiddle := math.Sincos(middle * (math.Pi / 180))
	s := sphere{sinMiddle: sinMiddle, cosMiddle: cosMiddle, middleLat: middle}
	if maxLat-minLat > localSphereSpan {
		s.radius2, s.scale = e.authalicR2, 1
		return s
	}
	w2 := 1 - e.e2*sinMiddle*sinMiddle // (a/N₀)²
	s.radius2 = e.a * e.a / w2
	s.offset = sinMiddle
	s.scale = w2 / 2 * e.qp
	s.base = e.sinAuthalic(sinMiddle)
	return s
}

// sinCos is the sine and cosine of a latitude on the sphere.
type sinCos struct{ sin, cos float64 }

// point returns sin β and cos β on s for the latitude lat in degrees.
func (s *sphere) point(e *Ellipsoid, lat float64) sinCos {
	sinLat := sinNear(lat-s.middleLat, s.sinMiddle, s.cosMiddle)
	sinBeta := s.offset + s.scale*(e.sinAuthalic(sinLat)-s.base)
	sinBeta = min(1, max(-1, sinBeta))
	return sinCos{sinBeta, math.Sqrt((1 - sinBeta) * (1 + sinBeta))}
}

// smallAngle is the largest latitude difference, in radians, for which
// [sinNear] uses Taylor series: their first omitted terms are then below
// 1e-20 relative.
const smallAngle = 0.01

// sinNear returns sin(φ₀+δ) for δ = dLat degrees, given sin φ₀ and cos φ₀.
// The vertices of a field lie within a few hundredths of a degree of φ₀, so
// the sine and cosine of δ come from series instead of [math.Sincos].
func sinNear(dLat, sin0, cos0 float64) float64 {
	d := dLat * (math.Pi / 180)
	if math.Abs(d) >= smallAngle {
		sinD, cosD := math.Sincos(d)
		return sinD*cos0 + cosD*sin0
	}
	d2 := d * d
	sinD := d * (1 - d2*(1.0/6-d2*(1.0/120-d2*(1.0/5040-d2*(1.0/362880)))))
	cosD := 1 - d2*(0.5-d2*(1.0/24-d2*(1.0/720-d2*(1.0/40320))))
	return sinD*cos0 + cosD*sin0
}

// edgeExcess returns the spherical excess, in steradians on the unit sphere,
// of the region between the great circle from (λ₁, β₁) to (λ₂, β₂) and the
// equator, for dLon = λ₂-λ₁ in degrees. dLon is reduced to [-180, 180] so
// the edge takes the shorter way.
//
// With tan(β/2) = sin β/(1+cos β) the formula at [Ellipsoid.RingArea]
// becomes tan(E/2) = tan(Δλ/2)·k with
// k = (sin β₁ + sin β₂)/(1 + cos(β₁-β₂)). For short edges 2·atan(k·tan u),
// u = Δλ/2, is summed as its series
// 2ku·(1 + (1-k²)u²/3 + (2/15 - k²/3 + k⁴/5)u⁴), whose first omitted term
// is below u⁶ relative.
func edgeExcess(dLon float64, p1, p2 sinCos) float64 {
	if dLon > 180 || dLon < -180 {
		dLon = math.Remainder(dLon, 360)
	}
	u := dLon * (math.Pi / 360)
	k := (p1.sin + p2.sin) / (1 + p1.cos*p2.cos + p1.sin*p2.sin)
	if math.Abs(u) >= shortEdge {
		return 2 * math.Atan(k*math.Tan(u))
	}
	u2, k2 := u*u, k*k
	return 2 * k * u * (1 + u2*((1-k2)*(1.0/3)+u2*(2.0/15-k2*(1.0/3)+k2*k2*0.2)))
}

// shortEdge is the largest half longitude difference, in radians, for which
// [edgeExcess] uses its series: u⁶ < 1e-18.
const shortEdge = 1e-3
