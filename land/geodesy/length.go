package geodesy

import (
	"math"

	"github.com/twpayne/go-geom"
)

// Distance returns the length in metres of the geodesic between lon1, lat1
// and lon2, lat2 in degrees on the CGCS2000 ellipsoid. See
// [Ellipsoid.Distance].
func Distance(lon1, lat1, lon2, lat2 float64) float64 {
	return CGCS2000.Distance(lon1, lat1, lon2, lat2)
}

// Distance returns the length in metres of the geodesic between lon1, lat1
// and lon2, lat2 in degrees on e, or NaN for a latitude outside [-90, 90],
// a coordinate that is not finite, or the zero Ellipsoid.
//
// It takes the straight chord c between the points in Earth-centred
// coordinates and lengthens it to the arc of a circle with the ellipsoid's
// normal curvature κ in the chord's direction at its middle (Euler:
// κ = cos²α/M + sin²α/N for azimuth α): s = c·(1 + (cκ)²/24 + 3(cκ)⁴/640).
// Checked against GeographicLib's GeodSolve 2.1.2 on random lines, the
// result is within 1 µm up to 100 km, 1 mm up to 500 km and 3 cm at
// 1000 km. Longer lines get less accurate fast: about 50 m at 3000 km.
//
// NOTE: This is not a full solution of the inverse geodesic problem and
// is meant for plots, canals and distances within a county.
func (e Ellipsoid) Distance(lon1, lat1, lon2, lat2 float64) float64 {
	if e.a == 0 || !(lat1 >= -90 && lat1 <= 90 && lat2 >= -90 && lat2 <= 90) ||
		math.IsNaN(lon1) || math.IsInf(lon1, 0) || math.IsNaN(lon2) || math.IsInf(lon2, 0) {
		return math.NaN()
	}
	p1, p2 := e.ecef(lon1, lat1), e.ecef(lon2, lat2)
	dx, dy, dz := p2[0]-p1[0], p2[1]-p1[1], p2[2]-p1[2]
	chord2 := dx*dx + dy*dy + dz*dz
	if chord2 == 0 {
		return 0
	}

	// Azimuth of the chord at its middle, from its north and east parts.
	midLat := (lat1 + lat2) / 2
	sinMid, cosMid := math.Sincos(midLat * (math.Pi / 180))
	w2 := 1 - e.e2*sinMid*sinMid
	n := e.a / math.Sqrt(w2)
	m := n * (1 - e.e2) / w2
	dLon := math.Remainder(lon2-lon1, 360) * (math.Pi / 180)
	north := m * (lat2 - lat1) * (math.Pi / 180)
	east := n * cosMid * dLon
	cos2 := 1.0 // a chord through a pole runs along meridians
	if h2 := north*north + east*east; h2 > 0 {
		cos2 = north * north / h2
	}
	curvature := cos2/m + (1-cos2)/n

	x2 := chord2 * curvature * curvature
	return math.Sqrt(chord2) * (1 + x2*(1.0/24+x2*(3.0/640)))
}

// ecef returns the Earth-centred, Earth-fixed coordinates in metres of
// lon, lat in degrees on the ellipsoid surface.
func (e *Ellipsoid) ecef(lon, lat float64) [3]float64 {
	sinLat, cosLat := math.Sincos(lat * (math.Pi / 180))
	sinLon, cosLon := math.Sincos(lon * (math.Pi / 180))
	n := e.a / math.Sqrt(1-e.e2*sinLat*sinLat)
	return [3]float64{n * cosLat * cosLon, n * cosLat * sinLon, n * (1 - e.e2) * sinLat}
}

// Length returns the geodesic length in metres of a LineString or
// MultiLineString in lon/lat degrees on the CGCS2000 ellipsoid. See
// [Ellipsoid.Length].
func Length(g geom.T) float64 {
	return CGCS2000.Length(g)
}

// Length returns the length in metres on e of a *geom.LineString or
// *geom.MultiLineString with lon/lat degrees as its first two ordinates,
// each segment measured by [Ellipsoid.Distance]. Other types, nil
// included, have length 0. Use [Ellipsoid.Perimeter] for polygons.
func (e Ellipsoid) Length(g geom.T) float64 {
	switch g := g.(type) {
	case *geom.LineString:
		if g == nil {
			return 0
		}
		return e.pathLength(g.FlatCoords(), g.Stride(), false)
	case *geom.MultiLineString:
		if g == nil {
			return 0
		}
		return e.ringsLength(g.FlatCoords(), g.Ends(), 0, g.Stride(), false)
	}
	return 0
}

// Perimeter returns the perimeter in metres of a Polygon or MultiPolygon in
// lon/lat degrees on the CGCS2000 ellipsoid. See [Ellipsoid.Perimeter].
func Perimeter(g geom.T) float64 {
	return CGCS2000.Perimeter(g)
}

// Perimeter returns the length in metres on e of the boundary of a
// *geom.Polygon or *geom.MultiPolygon, holes included, with geodesic edges
// measured by [Ellipsoid.Distance]. Rings need not be closed: the closing
// edge is always counted. Other types, nil included, have perimeter 0.
func (e Ellipsoid) Perimeter(g geom.T) float64 {
	switch g := g.(type) {
	case *geom.Polygon:
		if g == nil {
			return 0
		}
		return e.ringsLength(g.FlatCoords(), g.Ends(), 0, g.Stride(), true)
	case *geom.MultiPolygon:
		if g == nil {
			return 0
		}
		flat, stride := g.FlatCoords(), g.Stride()
		sum, start := 0.0, 0
		for _, ends := range g.Endss() {
			sum += e.ringsLength(flat, ends, start, stride, true)
			if len(ends) > 0 {
				start = ends[len(ends)-1]
			}
		}
		return sum
	}
	return 0
}

// ringsLength returns the summed length of the paths ending at ends in
// flat, the first starting at start, each closed back to its first point
// when closed is set.
func (e *Ellipsoid) ringsLength(flat []float64, ends []int, start, stride int, closed bool) float64 {
	sum := 0.0
	for _, end := range ends {
		sum += e.pathLength(flat[start:end], stride, closed)
		start = end
	}
	return sum
}

// pathLength returns the length of the path of points in flat, closed back
// to its first point when closed is set.
func (e *Ellipsoid) pathLength(flat []float64, stride int, closed bool) float64 {
	if stride < 2 || len(flat) < 2*stride {
		return 0
	}
	sum := 0.0
	for i := stride; i+1 < len(flat); i += stride {
		sum += e.Distance(flat[i-stride], flat[i-stride+1], flat[i], flat[i+1])
	}
	if last := len(flat)/stride*stride - stride; closed {
		sum += e.Distance(flat[last], flat[last+1], flat[0], flat[1])
	}
	return sum
}
