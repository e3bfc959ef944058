package solar

import "math"

const rad = math.Pi / 180

// sunAt returns the Sun's apparent declination in radians and the equation of time in
// minutes at the Julian day jd. The series and their coefficients are those of the NOAA
// solar calculator, which takes them from Meeus, Astronomical Algorithms.
func sunAt(jd float64) (decl, eqTime float64) {
	t := (jd - 2451545) / 36525 // Julian centuries since J2000.0

	meanLong := math.Mod(280.46646+t*(36000.76983+t*0.0003032), 360) // L0, degrees
	meanAnom := 357.52911 + t*(35999.05029-0.0001537*t)              // M, degrees
	ecc := 0.016708634 - t*(0.000042037+0.0000001267*t)              // e

	// Equation of centre, then true and apparent longitude.
	m := meanAnom * rad
	centre := math.Sin(m)*(1.914602-t*(0.004817+0.000014*t)) +
		math.Sin(2*m)*(0.019993-0.000101*t) +
		math.Sin(3*m)*0.000289
	omega := (125.04 - 1934.136*t) * rad
	apparentLong := (meanLong + centre - 0.00569 - 0.00478*math.Sin(omega)) * rad

	// Mean obliquity of the ecliptic, corrected for nutation.
	seconds := 21.448 - t*(46.815+t*(0.00059-t*0.001813))
	obliquity := (23 + (26+seconds/60)/60 + 0.00256*math.Cos(omega)) * rad

	decl = math.Asin(math.Sin(obliquity) * math.Sin(apparentLong))

	// Equation of time, converted from radians to minutes of time.
	y := math.Tan(obliquity / 2)
	y *= y
	l0 := meanLong * rad
	e := y*math.Sin(2*l0) - 2*ecc*math.Sin(m) +
		4*ecc*y*math.Sin(m)*math.Cos(2*l0) -
		0.5*y*y*math.Sin(4*l0) - 1.25*ecc*ecc*math.Sin(2*m)
	eqTime = 4 * e / rad
	return decl, eqTime
}
