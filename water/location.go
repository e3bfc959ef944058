package water

import (
	"fmt"
	"math"
)

// Point is a location in degrees of longitude and latitude on CGCS2000 (EPSG:4490), in
// that order. The zero Point is unset.
type Point struct {
	Lon float64
	Lat float64
}

// IsZero reports whether p is the zero Point.
func (p Point) IsZero() bool { return p == Point{} }

// Validate returns a *[FieldError] unless p is set, finite and within -180 to 180 degrees
// of longitude and -90 to 90 degrees of latitude.
func (p Point) Validate() error {
	c := checker{typ: "point"}
	switch {
	case p.IsZero():
		c.fail("", p, "want a location, got none")
	case !inRange(p.Lon, 180):
		c.fail("Lon", p.Lon, "want a longitude from -180 to 180 degrees")
	case !inRange(p.Lat, 90):
		c.fail("Lat", p.Lat, "want a latitude from -90 to 90 degrees")
	}
	return c.err()
}

// String returns "lon,lat" with 7 decimal places (about 1 cm).
func (p Point) String() string { return fmt.Sprintf("%.7f,%.7f", p.Lon, p.Lat) }

func inRange(v, limit float64) bool {
	return !math.IsNaN(v) && v >= -limit && v <= limit
}
