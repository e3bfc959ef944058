package solar

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Date is a civil calendar date in the Gregorian calendar.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{Year: y, Month: m, Day: d}
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// valid reports whether d names a real date, so 2026-02-30 is rejected instead of
// normalised to March.
func (d Date) valid() bool {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return t.Year() == d.Year && t.Month() == d.Month && t.Day() == d.Day
}

// Place is a point on the Earth in decimal degrees: longitude east positive, latitude north
// positive (WGS84 or CGCS2000, which differ by far less than matters here).
type Place struct {
	Lon float64
	Lat float64
}

// Kind is the course of the Sun over one date relative to an altitude.
type Kind uint8

const (
	// RiseAndSet means the Sun crosses the altitude upwards and downwards on the date.
	RiseAndSet Kind = iota
	// AlwaysAbove means the Sun stays above the altitude all day: polar day for sunrise
	// and sunset, a night that never gets darker than civil twilight for dawn and dusk.
	AlwaysAbove
	// AlwaysBelow means the Sun stays below the altitude all day: polar night for
	// sunrise and sunset.
	AlwaysBelow
)

// String returns the name of the kind.
func (k Kind) String() string {
	switch k {
	case RiseAndSet:
		return "rise and set"
	case AlwaysAbove:
		return "always above"
	case AlwaysBelow:
		return "always below"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Day contains the solar events of one civil date at one place. Times are in the location
// passed to [Compute]. Sunrise and Sunset are zero unless Sun is [RiseAndSet], and Dawn and
// Dusk are zero unless Twilight is [RiseAndSet].
//
// Sunrise and Dawn are the crossings before the solar noon of the date and Sunset and Dusk
// the crossings after it. In most places all of them fall on the date itself. Near the
// polar circles, or where a zone is far from the local meridian, a sunset or dusk can fall
// after midnight, and the times then carry the next date.
type Day struct {
	Date  Date
	Place Place

	// Noon is solar noon: the Sun's transit of the local meridian.
	Noon time.Time

	// Sun is the course of the Sun relative to the sunrise altitude, -0.833°.
	Sun     Kind
	Sunrise time.Time
	Sunset  time.Time

	// Twilight is the course of the Sun relative to the civil twilight altitude, -6°.
	Twilight Kind
	Dawn     time.Time
	Dusk     time.Time
}

// SunUp reports whether the Sun is up at t, which must lie on d's date. The Sun is up from
// Sunrise until Sunset, all day in polar day and never in polar night.
func (d Day) SunUp(t time.Time) bool {
	switch d.Sun {
	case AlwaysAbove:
		return true
	case AlwaysBelow:
		return false
	}
	return !t.Before(d.Sunrise) && t.Before(d.Sunset)
}

// Zenith distances, in degrees, of the centre of the Sun at the events.
const (
	sunriseZenith = 90.833 // 34′ refraction + 16′ semidiameter, as NOAA uses
	civilZenith   = 96.0
)

// ErrInvalid is wrapped by every error that [Compute] returns for a bad argument.
var ErrInvalid = errors.New("solar: invalid argument")

// Compute returns the solar events of the civil date at place p, with times in loc.
// It returns an error wrapping [ErrInvalid] when the date does not exist in the calendar
// or in loc, the latitude is outside [-90, 90], the longitude is outside [-180, 180] or
// loc is nil. Pacific/Apia, for example, skipped 30 December 2011.
func Compute(date Date, p Place, loc *time.Location) (Day, error) {
	if err := check(date, p, loc); err != nil {
		return Day{}, err
	}

	// jd0 is 0h UT of the UTC date whose solar noon falls on the local date. For a zone
	// near the local meridian this is the date itself, as in the NOAA calculator. For a
	// zone far from it, such as UTC+14 at 157° W, it is the UTC date before or after.
	base := time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, time.UTC)
	jd0 := julianDay(base)
	noon := transit(jd0, p.Lon)
	switch local := DateOf(instant(jd0, noon), loc); {
	case local.before(date):
		jd0++
	case date.before(local):
		jd0--
	}
	noon = transit(jd0, p.Lon)
	if local := DateOf(instant(jd0, noon), loc); local != date {
		// Solar noons are about 24 h apart, so every date of a zone has one, unless the
		// zone skips the date or the year is so far out that the equations fail.
		return Day{}, fmt.Errorf("%w: no solar noon falls on %s in %s, the nearest is on %s: "+
			"the zone skips the date, or the year is outside the range of the equations",
			ErrInvalid, date, loc, local)
	}

	day := Day{Date: date, Place: p, Noon: instant(jd0, noon).In(loc)}
	var rise, set float64
	rise, set, day.Sun = crossings(jd0, noon, p, sunriseZenith)
	if day.Sun == RiseAndSet {
		day.Sunrise = instant(jd0, rise).In(loc)
		day.Sunset = instant(jd0, set).In(loc)
	}
	rise, set, day.Twilight = crossings(jd0, noon, p, civilZenith)
	if day.Twilight == RiseAndSet {
		day.Dawn = instant(jd0, rise).In(loc)
		day.Dusk = instant(jd0, set).In(loc)
	}
	return day, nil
}

func check(date Date, p Place, loc *time.Location) error {
	if !date.valid() {
		return fmt.Errorf("%w: date %d-%02d-%02d does not exist", ErrInvalid,
			date.Year, int(date.Month), date.Day)
	}
	if !(p.Lat >= -90 && p.Lat <= 90) {
		return fmt.Errorf("%w: latitude %v is outside [-90, 90]; pass degrees north",
			ErrInvalid, p.Lat)
	}
	if !(p.Lon >= -180 && p.Lon <= 180) {
		return fmt.Errorf("%w: longitude %v is outside [-180, 180]; pass degrees east",
			ErrInvalid, p.Lon)
	}
	if loc == nil {
		return fmt.Errorf("%w: nil *time.Location; pass time.UTC or a zone from time.LoadLocation",
			ErrInvalid)
	}
	return nil
}

func (d Date) before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// unixEpochJD is the Julian day of 1970-01-01 0h UT.
const unixEpochJD = 2440587.5

func julianDay(t time.Time) float64 {
	return unixEpochJD + float64(t.Unix())/86400
}

// instant converts minutes after the Julian day jd0 (0h UT) to a time, rounded to the
// second.
func instant(jd0, minutes float64) time.Time {
	sec := int64(math.Round((jd0-unixEpochJD)*86400 + minutes*60))
	return time.Unix(sec, 0).UTC()
}

// transit returns the minutes after jd0 of the Sun's transit of longitude lon (degrees
// east), with the equation of time evaluated at the transit itself.
func transit(jd0, lon float64) float64 {
	m := 720 - 4*lon
	for range 3 {
		_, eqTime := sunAt(jd0 + m/1440)
		m = 720 - 4*lon - eqTime
	}
	return m
}

// crossings returns the minutes after jd0 at which the Sun's centre reaches the zenith
// distance zenith (degrees) before and after the transit at noon minutes. Each crossing is
// refined with the Sun's position at the previous estimate until it moves by less than a
// tenth of a second. The kind comes from the Sun's declination at the transit.
func crossings(jd0, noon float64, p Place, zenith float64) (rise, set float64, kind Kind) {
	decl, _ := sunAt(jd0 + noon/1440)
	if _, kind = hourAngle(p.Lat, decl, zenith); kind != RiseAndSet {
		return 0, 0, kind
	}
	// A crossing clamped onto the transit can land a second on the wrong side of it.
	rise = min(crossing(jd0, noon, p, zenith, -1), noon)
	set = max(crossing(jd0, noon, p, zenith, +1), noon)
	return rise, set, RiseAndSet
}

// crossing refines one crossing: sign -1 for the one before the transit, +1 after.
//
// NOTE: where the Sun only grazes the altitude, the declination at an estimate can put the
// crossing out of reach. The hour angle is then clamped to 0°, so the crossing lands on the
// transit, a few minutes from its true time.
func crossing(jd0, noon float64, p Place, zenith, sign float64) float64 {
	m := noon
	for range 8 {
		decl, eqTime := sunAt(jd0 + m/1440)
		h, _ := hourAngle(p.Lat, decl, zenith)
		next := 720 - 4*(p.Lon-sign*h) - eqTime
		done := math.Abs(next-m) < 1.0/600
		m = next
		if done {
			break
		}
	}
	return m
}

// hourAngle returns the hour angle in degrees at which the Sun of declination decl
// (radians) reaches the zenith distance zenith (degrees) at latitude lat (degrees). When
// the Sun never reaches it, the returned kind is [AlwaysAbove] or [AlwaysBelow], and the
// angle is clamped to 180° or 0° so that a caller refining a crossing never gets NaN.
func hourAngle(lat, decl, zenith float64) (float64, Kind) {
	phi := lat * math.Pi / 180
	num := math.Cos(zenith*math.Pi/180) - math.Sin(phi)*math.Sin(decl)
	den := math.Cos(phi) * math.Cos(decl)
	// At a pole den is zero and the altitude is the same all day.
	if den < 1e-12 {
		if num < 0 {
			return 180, AlwaysAbove
		}
		return 0, AlwaysBelow
	}
	c := num / den
	switch {
	case c > 1:
		return 0, AlwaysBelow
	case c < -1:
		return 180, AlwaysAbove
	}
	return math.Acos(c) * 180 / math.Pi, RiseAndSet
}
