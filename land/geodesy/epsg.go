package geodesy

import (
	"errors"
	"fmt"
	"math"
)

// Projection converts between lon/lat degrees and the projected
// coordinates of one coordinate reference system. Projected coordinates
// are easting, northing in metres whatever axis order the CRS's EPSG
// definition states. For a geographic CRS the projection is the identity,
// so easting is lon and northing is lat in degrees.
//
// Implementations in this package are immutable and safe for concurrent use.
type Projection interface {
	// ToLonLat returns the lon, lat in degrees of a projected point.
	ToLonLat(easting, northing float64) (lon, lat float64, err error)
	// FromLonLat returns the projected coordinates of lon, lat in degrees.
	FromLonLat(lon, lat float64) (easting, northing float64, err error)
}

var (
	_ Projection = (*TransverseMercator)(nil)
	_ Projection = Geographic{}
)

// Geographic is the identity [Projection] of a geographic CRS such as
// EPSG:4326 (WGS84) or EPSG:4490 (CGCS2000). It checks that lat lies in
// [-90, 90] and both coordinates are finite, and leaves longitude as given.
type Geographic struct{}

// ToLonLat returns lon, lat unchanged, or an error wrapping [ErrOutOfRange]
// for a latitude outside [-90, 90] or a longitude that is not finite.
func (Geographic) ToLonLat(lon, lat float64) (float64, float64, error) {
	if err := checkLonLat(lon, lat); err != nil {
		return 0, 0, err
	}
	return lon, lat, nil
}

// FromLonLat returns lon, lat unchanged, with the checks of
// [Geographic.ToLonLat].
func (g Geographic) FromLonLat(lon, lat float64) (float64, float64, error) {
	return g.ToLonLat(lon, lat)
}

func checkLonLat(lon, lat float64) error {
	if !(lat >= -90 && lat <= 90) || math.IsNaN(lon) || math.IsInf(lon, 0) {
		return fmt.Errorf("geodesy: invalid lon %v°, lat %v°: lat must be in [-90, 90] and lon finite: %w",
			lon, lat, ErrOutOfRange)
	}
	return nil
}

// AxisOrder is the order of the two horizontal axes in a CRS's EPSG
// definition, which files such as GML and some GeoPackages follow.
type AxisOrder int

const (
	// AxisEastNorth is easting then northing (UTM), or lon then lat.
	AxisEastNorth AxisOrder = iota
	// AxisNorthEast is northing (X) then easting (Y), as in the CGCS2000
	// Gauss-Krüger CRSs, or lat then lon, as in EPSG:4326 and EPSG:4490.
	AxisNorthEast
)

// String returns "east,north" or "north,east".
func (o AxisOrder) String() string {
	if o == AxisNorthEast {
		return "north,east"
	}
	return "east,north"
}

// CRS is a coordinate reference system known to [CRSForEPSG].
type CRS struct {
	EPSG       int
	Name       string    // the EPSG name, e.g. "CGCS2000 / 3-degree Gauss-Kruger zone 29"
	Geographic bool      // coordinates are lon/lat degrees
	Axes       AxisOrder // the EPSG axis order
	Projection Projection
}

// ErrUnknownCRS is wrapped by the error of [CRSForEPSG] and
// [ProjectionForEPSG] for a code they do not know.
var ErrUnknownCRS = errors.New("unknown CRS")

// EPSG code ranges of the CGCS2000 Gauss-Krüger and WGS84 UTM CRSs.
const (
	epsgGK6Prefixed = 4491 // 4491-4501: 6° zones 13-23, zone number in the easting
	epsgGK6         = 4502 // 4502-4512: 6° zones, CM 75°E-135°E, easting without zone
	epsgGK3Prefixed = 4513 // 4513-4533: 3° zones 25-45, zone number in the easting
	epsgGK3         = 4534 // 4534-4554: 3° zones, CM 75°E-135°E, easting without zone
	epsgUTMNorth    = 32600
	epsgUTMSouth    = 32700
)

// CRSForEPSG returns the CRS with the given EPSG code: 4326 (WGS84) or
// 4490 (CGCS2000) lon/lat, a CGCS2000 Gauss-Krüger CRS, or WGS84 UTM
// 32601-32660 (north) and 32701-32760 (south). The Gauss-Krüger codes are
// 4491-4512 for 6° zones 13-23 and 4513-4554 for 3° zones 25-45, of which
// 4513-4520 and 4534-4541 cover Xinjiang. Each range lists the zones first
// with the zone number prefixed to the easting and then without. For
// another code it returns an error wrapping [ErrUnknownCRS].
func CRSForEPSG(code int) (CRS, error) {
	var (
		name string
		axes = AxisNorthEast
		tm   *TransverseMercator
		err  error
	)
	switch {
	case code == 4326:
		return CRS{EPSG: code, Name: "WGS 84", Geographic: true, Axes: AxisNorthEast, Projection: Geographic{}}, nil
	case code == 4490:
		return CRS{EPSG: code, Name: "China Geodetic Coordinate System 2000", Geographic: true,
			Axes: AxisNorthEast, Projection: Geographic{}}, nil
	case code >= epsgGK6Prefixed && code < epsgGK6Prefixed+11:
		zone := code - epsgGK6Prefixed + 13
		name = fmt.Sprintf("CGCS2000 / Gauss-Kruger zone %d", zone)
		tm, err = GaussKruger6(zone, true)
	case code >= epsgGK6 && code < epsgGK6+11:
		zone := code - epsgGK6 + 13
		name = fmt.Sprintf("CGCS2000 / Gauss-Kruger CM %dE", 6*zone-3)
		tm, err = GaussKruger6(zone, false)
	case code >= epsgGK3Prefixed && code < epsgGK3Prefixed+21:
		zone := code - epsgGK3Prefixed + 25
		name = fmt.Sprintf("CGCS2000 / 3-degree Gauss-Kruger zone %d", zone)
		tm, err = GaussKruger3(zone, true)
	case code >= epsgGK3 && code < epsgGK3+21:
		zone := code - epsgGK3 + 25
		name = fmt.Sprintf("CGCS2000 / 3-degree Gauss-Kruger CM %dE", 3*zone)
		tm, err = GaussKruger3(zone, false)
	case code > epsgUTMNorth && code <= epsgUTMNorth+60:
		zone := code - epsgUTMNorth
		name, axes = fmt.Sprintf("WGS 84 / UTM zone %dN", zone), AxisEastNorth
		tm, err = UTM(zone, false)
	case code > epsgUTMSouth && code <= epsgUTMSouth+60:
		zone := code - epsgUTMSouth
		name, axes = fmt.Sprintf("WGS 84 / UTM zone %dS", zone), AxisEastNorth
		tm, err = UTM(zone, true)
	default:
		return CRS{}, fmt.Errorf("geodesy: EPSG:%d: %w: known codes are 4326, 4490, 4491-4554, 32601-32660 and 32701-32760",
			code, ErrUnknownCRS)
	}
	if err != nil {
		return CRS{}, err
	}
	return CRS{EPSG: code, Name: name, Axes: axes, Projection: tm}, nil
}

// ProjectionForEPSG returns the projection of the CRS with the given EPSG
// code, as [CRSForEPSG] describes. For 4326 and 4490 it is the identity
// [Geographic].
func ProjectionForEPSG(code int) (Projection, error) {
	crs, err := CRSForEPSG(code)
	if err != nil {
		return nil, err
	}
	return crs.Projection, nil
}

// GaussKruger3 returns the CGCS2000 Gauss-Krüger projection of the 3° zone
// with the given number, 25 to 45 (central meridian 3°·zone, 75°E to 135°E,
// scale 1). With prefixed the false easting is zone·1000000 + 500000 m, as
// in EPSG:4513-4533, and otherwise 500000 m, as in EPSG:4534-4554.
func GaussKruger3(zone int, prefixed bool) (*TransverseMercator, error) {
	if zone < 25 || zone > 45 {
		return nil, fmt.Errorf("geodesy: invalid Gauss-Krüger 3° zone %d: must be 25 to 45 (75°E to 135°E)", zone)
	}
	return NewTransverseMercator(CGCS2000, float64(3*zone), 1, falseEastingGK(zone, prefixed), 0)
}

// GaussKruger6 returns the CGCS2000 Gauss-Krüger projection of the 6° zone
// with the given number, 13 to 23 (central meridian 6°·zone - 3°, 75°E to
// 135°E, scale 1). With prefixed the false easting is zone·1000000 + 500000
// m, as in EPSG:4491-4501, and otherwise 500000 m, as in EPSG:4502-4512.
func GaussKruger6(zone int, prefixed bool) (*TransverseMercator, error) {
	if zone < 13 || zone > 23 {
		return nil, fmt.Errorf("geodesy: invalid Gauss-Krüger 6° zone %d: must be 13 to 23 (75°E to 135°E)", zone)
	}
	return NewTransverseMercator(CGCS2000, float64(6*zone-3), 1, falseEastingGK(zone, prefixed), 0)
}

func falseEastingGK(zone int, prefixed bool) float64 {
	if prefixed {
		return float64(zone)*1e6 + 500000
	}
	return 500000
}

// GaussKrugerZone3 returns the number of the 3° Gauss-Krüger zone that
// contains lon in degrees east: the zone whose central meridian 3°·zone is
// nearest, a longitude halfway between two going to the eastern zone. The
// result is not checked against the zones [GaussKruger3] serves.
func GaussKrugerZone3(lon float64) int {
	return int(math.Floor((lon + 1.5) / 3))
}

// GaussKrugerZone6 returns the number of the 6° Gauss-Krüger zone that
// contains lon in degrees east, the zone spanning 6°·zone - 6° to 6°·zone.
// The result is not checked against the zones [GaussKruger6] serves.
func GaussKrugerZone6(lon float64) int {
	return int(math.Floor(lon/6)) + 1
}

// UTM returns the WGS84 Universal Transverse Mercator projection of zone 1
// to 60 (central meridian 6°·zone - 183°, scale 0.9996, false easting
// 500000 m), with a false northing of 10000000 m for south.
func UTM(zone int, south bool) (*TransverseMercator, error) {
	if zone < 1 || zone > 60 {
		return nil, fmt.Errorf("geodesy: invalid UTM zone %d: must be 1 to 60", zone)
	}
	falseNorthing := 0.0
	if south {
		falseNorthing = 10000000
	}
	return NewTransverseMercator(WGS84, float64(6*zone-183), 0.9996, 500000, falseNorthing)
}
