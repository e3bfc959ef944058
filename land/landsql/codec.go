package landsql

import (
	"encoding/binary"
	"fmt"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"

	"github.com/shuxiang/shuxiang/land"
)

// dateArg returns day as the dialect stores dates, or nil for the zero Date.
// The day must have passed checkDate.
func (d Dialect) dateArg(day land.Date) any { return d.shared().DateArg(day) }

// checkDate reports an error unless day is zero or a real calendar day in
// the years 1 to 9999, the days both dialects store and order alike.
func checkDate(field string, day land.Date) error {
	if day.IsZero() {
		return nil
	}
	if day.Year < 1 || day.Year > 9999 || land.NewDate(day.Year, day.Month, day.Day) != day {
		return fmt.Errorf("landsql: invalid %s %04d-%02d-%02d: want a calendar day in the years 1 to 9999",
			field, day.Year, int(day.Month), day.Day)
	}
	return nil
}

func checkPeriod(field string, p land.Period) error {
	if err := checkDate(field+" start", p.Start); err != nil {
		return err
	}
	return checkDate(field+" end", p.End)
}

// bbox is the bounding box of a plot geometry in degrees; each field is nil
// for a plot without one.
type bbox struct {
	minLon, minLat, maxLon, maxLat any
}

// encodeGeometry returns g as little-endian EWKB, which is WKB with the SRID
// added when g has one, and its bounding box. A nil g gives a nil blob.
func encodeGeometry(g geom.T) ([]byte, bbox, error) {
	if isNilGeometry(g) {
		return nil, bbox{}, nil
	}
	blob, err := ewkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, bbox{}, fmt.Errorf("landsql: encode geometry: %w", err)
	}
	b := g.Bounds()
	if b.IsEmpty() {
		return blob, bbox{}, nil
	}
	return blob, bbox{minLon: b.Min(0), minLat: b.Min(1), maxLon: b.Max(0), maxLat: b.Max(1)}, nil
}

func isNilGeometry(g geom.T) bool {
	switch g := g.(type) {
	case nil:
		return true
	case *geom.Polygon:
		return g == nil
	case *geom.MultiPolygon:
		return g == nil
	}
	return false
}

// decodeGeometry decodes a stored EWKB blob; an empty blob gives nil.
func decodeGeometry(blob []byte) (geom.T, error) {
	if len(blob) == 0 {
		return nil, nil
	}
	g, err := ewkb.Unmarshal(blob)
	if err != nil {
		return nil, fmt.Errorf("landsql: decode stored geometry: %w", err)
	}
	switch g.(type) {
	case *geom.Polygon, *geom.MultiPolygon:
		return g, nil
	}
	return nil, fmt.Errorf("landsql: stored geometry is %T, want Polygon or MultiPolygon", g)
}
