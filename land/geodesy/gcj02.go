package geodesy

import "math"

// GCJ-02 is the coordinate system Chinese web and mobile maps (AutoNavi,
// Tencent and others) are required to display: WGS84 lon/lat moved by a
// deliberate offset of up to several hundred metres that varies smoothly
// with position. Convert to GCJ-02 only at the map boundary, when drawing on
// or reading from such a map, and store and compute in WGS84 or CGCS2000
// (which agree to well under a metre for land work).
//
// The offset below is the widely published form of the algorithm: a
// polynomial-and-sine displacement in metres, computed on the Krasovsky 1940
// ellipsoid and turned into degrees with its radii of curvature.

// Krasovsky 1940 ellipsoid as the published offset uses it.
const (
	gcjA  = 6378245.0              // semi-major axis, m
	gcjE2 = 0.00669342162296594323 // first eccentricity squared
)

// gcjBounds is the lon/lat box outside which GCJ-02 applies no offset.
const (
	gcjMinLon, gcjMaxLon = 72.004, 137.8347
	gcjMinLat, gcjMaxLat = 0.8293, 55.8271
)

// OutOfChina reports whether lon, lat in degrees lie outside the box
// 72.004°E-137.8347°E, 0.8293°N-55.8271°N, where GCJ-02 equals WGS84.
// NOTE: The box is the one the published GCJ-02 algorithm uses, not China's
// border: points in neighbouring countries inside it are offset too.
func OutOfChina(lon, lat float64) bool {
	return !(lon >= gcjMinLon && lon <= gcjMaxLon && lat >= gcjMinLat && lat <= gcjMaxLat)
}

// ToGCJ02 returns the GCJ-02 lon, lat in degrees of the WGS84 (or CGCS2000)
// point lon, lat. Points for which [OutOfChina] reports true, NaN included,
// are returned unchanged.
func ToGCJ02(lon, lat float64) (gcjLon, gcjLat float64) {
	if OutOfChina(lon, lat) {
		return lon, lat
	}
	dLon, dLat := gcjOffset(lon, lat)
	return lon + dLon, lat + dLat
}

// FromGCJ02 returns the WGS84 lon, lat in degrees of the GCJ-02 point
// gcjLon, gcjLat. It inverts [ToGCJ02] by fixed-point iteration, which
// converges because the offset changes by at most about 5 mm per metre of
// position, so each step shrinks the error some 200-fold. The result maps
// back to the input within 1e-10° (about 0.01 mm). Points for which
// [OutOfChina] reports true are returned unchanged.
func FromGCJ02(gcjLon, gcjLat float64) (lon, lat float64) {
	if OutOfChina(gcjLon, gcjLat) {
		return gcjLon, gcjLat
	}
	lon, lat = gcjLon, gcjLat
	for range 30 {
		gotLon, gotLat := ToGCJ02(lon, lat)
		errLon, errLat := gotLon-gcjLon, gotLat-gcjLat
		if math.Abs(errLon) < 1e-10 && math.Abs(errLat) < 1e-10 {
			break
		}
		lon, lat = lon-errLon, lat-errLat
	}
	return lon, lat
}

// gcjOffset returns the GCJ-02 offset in degrees at lon, lat. The
// displacement functions give metres-like values of x = lon-105°,
// y = lat-35°, which are scaled by the Krasovsky meridian radius M and
// parallel radius N·cos φ.
func gcjOffset(lon, lat float64) (dLon, dLat float64) {
	x, y := lon-105, lat-35
	north := gcjNorth(x, y)
	east := gcjEast(x, y)

	sinLat, cosLat := math.Sincos(lat * (math.Pi / 180))
	w2 := 1 - gcjE2*sinLat*sinLat
	meridianRadius := gcjA * (1 - gcjE2) / (w2 * math.Sqrt(w2))
	parallelRadius := gcjA / math.Sqrt(w2) * cosLat
	dLat = north / meridianRadius * (180 / math.Pi)
	dLon = east / parallelRadius * (180 / math.Pi)
	return dLon, dLat
}

// gcjWave is the sum of two sines, 20·sin(6πx) + 20·sin(2πx), common to both
// displacement functions, times 2/3.
func gcjWave(x float64) float64 {
	return (20*math.Sin(6*math.Pi*x) + 20*math.Sin(2*math.Pi*x)) * 2 / 3
}

// gcjNorth returns the northward displacement for x = lon-105°,
// y = lat-35°.
func gcjNorth(x, y float64) float64 {
	base := -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	waveY := (20*math.Sin(math.Pi*y) + 40*math.Sin(math.Pi*y/3)) * 2 / 3
	longY := (160*math.Sin(math.Pi*y/12) + 320*math.Sin(math.Pi*y/30)) * 2 / 3
	return base + gcjWave(x) + waveY + longY
}

// gcjEast returns the eastward displacement for x = lon-105°, y = lat-35°.
func gcjEast(x, y float64) float64 {
	base := 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	waveX := (20*math.Sin(math.Pi*x) + 40*math.Sin(math.Pi*x/3)) * 2 / 3
	longX := (150*math.Sin(math.Pi*x/12) + 300*math.Sin(math.Pi*x/30)) * 2 / 3
	return base + gcjWave(x) + waveX + longX
}
