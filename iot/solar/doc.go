// Package solar computes sunrise, sunset, solar noon and civil twilight for a civil date at
// a place, with the equations of the NOAA Global Monitoring Laboratory solar calculator and
// its spreadsheet, which follow Jean Meeus, Astronomical Algorithms (2nd ed., 1998).
//
// [Compute] takes a civil date, a place in degrees (lon, lat) and a *time.Location, and
// returns the times as time.Time in that location. The date is the local calendar date in
// that location, not the UTC date. In Urumqi the sunrise of 21 June 2026 is at 06:27 Beijing
// time (Asia/Shanghai, UTC+8), or 04:27 Xinjiang time (Asia/Urumqi, UTC+6). Both are 22:27
// UTC on 20 June, and [Compute] reports the sunrise for 21 June in either zone.
//
// Sunrise and sunset are the instants when the centre of the Sun is 0.833° below the
// horizon (34′ of refraction plus 16′ of solar semidiameter), the NOAA convention. Civil
// dawn and dusk are the instants when it is 6° below. Where the Sun does not cross that
// altitude on the date (polar day or polar night), the result reports it with a [Kind],
// and the times are zero, never NaN or an invented time.
//
// Accuracy: on 108 reference days of 2026, at four Xinjiang cities, at 66° N and 66° S
// and at Longyearbyen (78° N), the results are within 15 s of the NOAA calculator, and the
// tests allow one minute. On a day when the Sun only grazes the horizon at noon, the two
// can disagree on whether it rises at all: the calculator takes the Sun's declination at
// 0h UT and this package at solar noon. Near the polar circles a sunrise or sunset moves
// by minutes for a small change in declination, so treat times there as estimates. The
// results ignore the observer's height and the terrain.
//
// The package uses float64 trigonometry, which suits its use: a controller computes one
// [Day] per site per date and keeps it.
package solar
