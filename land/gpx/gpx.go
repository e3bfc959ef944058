// Package gpx reads GPX 1.1 and 1.0 files (topografix.com/GPX/1/1) as
// recorded by handheld GPS units and phone apps when a plot boundary is
// walked: tracks (trk, trkseg, trkpt), routes (rte, rtept) and waypoints
// (wpt). Coordinates are lon/lat degrees on WGS 84; elevation is dropped
// and point times are kept only as the start and end time of a feature.
//
// A walked boundary becomes a polygon candidate by this rule. A track
// segment or route is returned as a *geom.Polygon when it has at least
// three distinct points and its first and last points lie at most
// [Options.ClosingToleranceM] apart. The distance is the great-circle
// distance on a sphere of radius 6,371,008.8 m (the IUGG mean Earth
// radius). The polygon is closed with the first point when the last point
// differs from it. Other segments and routes are
// *geom.LineString values, and a segment of one point is a *geom.Point.
// The functions hold no state and are safe for concurrent use.
package gpx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/twpayne/go-geom"
	"golang.org/x/text/encoding/htmlindex"
)

// DefaultClosingToleranceM is the closing tolerance used when
// [Options.ClosingToleranceM] is zero, in metres. It is an estimate of the
// horizontal error of a consumer GPS receiver under open sky.
const DefaultClosingToleranceM = 5

// earthRadiusM is the IUGG mean Earth radius in metres.
const earthRadiusM = 6371008.8

// Kind is the GPX element a feature came from.
type Kind string

// Kinds of features.
const (
	KindTrack    Kind = "trk"
	KindRoute    Kind = "rte"
	KindWaypoint Kind = "wpt"
)

// Options sets how walks are turned into geometries. The zero value uses
// [DefaultClosingToleranceM].
type Options struct {
	// ClosingToleranceM is the largest distance in metres between the
	// first and last point for a walk to count as closed. Zero, a negative
	// value and NaN mean [DefaultClosingToleranceM].
	ClosingToleranceM float64
}

// Feature is one track segment, route or waypoint.
type Feature struct {
	// Index is the 0-based position of the feature in the file: track
	// segments in order, then routes, then waypoints.
	Index int
	// Kind is the element the feature came from.
	Kind Kind
	// Name and Description are the name and desc elements of the track,
	// route or waypoint.
	Name, Description string
	// Track is the 0-based track number and Segment the 0-based segment
	// number within it, both 0 for routes and waypoints.
	Track, Segment int
	// Geometry is a *geom.Polygon for a closed walk, a *geom.LineString
	// for an open one, a *geom.Point for a waypoint or a one-point walk,
	// in lon/lat degrees. It is nil when Err is set.
	Geometry geom.T
	// Start and End are the times of the first and last timed point, zero
	// when the points carry no time.
	Start, End time.Time
	// Err reports why the feature could not be decoded.
	Err error
}

type xmlGPX struct {
	Tracks []struct {
		Name     string `xml:"name"`
		Desc     string `xml:"desc"`
		Segments []struct {
			Points []xmlPoint `xml:"trkpt"`
		} `xml:"trkseg"`
	} `xml:"trk"`
	Routes []struct {
		Name   string     `xml:"name"`
		Desc   string     `xml:"desc"`
		Points []xmlPoint `xml:"rtept"`
	} `xml:"rte"`
	Waypoints []xmlPoint `xml:"wpt"`
}

type xmlPoint struct {
	Lat  string `xml:"lat,attr"`
	Lon  string `xml:"lon,attr"`
	Time string `xml:"time"`
	Name string `xml:"name"`
	Desc string `xml:"desc"`
}

// Read decodes the tracks, routes and waypoints of a GPX document. A
// feature with an invalid point gets [Feature.Err] and the others are
// still read; malformed XML fails the whole read.
func Read(r io.Reader, opts Options) ([]Feature, error) {
	var doc xmlGPX
	dec := xml.NewDecoder(r)
	dec.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("encoding %q is not supported: %w", label, err)
		}
		return enc.NewDecoder().Reader(input), nil
	}
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("gpx: %w", err)
	}
	tolerance := opts.ClosingToleranceM
	if !(tolerance > 0) {
		tolerance = DefaultClosingToleranceM
	}

	var features []Feature
	add := func(f Feature, points []xmlPoint) {
		f.Index = len(features)
		f.Name, f.Description = strings.TrimSpace(f.Name), strings.TrimSpace(f.Description)
		f.fill(points, tolerance)
		features = append(features, f)
	}
	for ti, trk := range doc.Tracks {
		for si, seg := range trk.Segments {
			add(Feature{Kind: KindTrack, Name: trk.Name, Description: trk.Desc, Track: ti, Segment: si}, seg.Points)
		}
	}
	for _, rte := range doc.Routes {
		add(Feature{Kind: KindRoute, Name: rte.Name, Description: rte.Desc}, rte.Points)
	}
	for _, wpt := range doc.Waypoints {
		add(Feature{Kind: KindWaypoint, Name: wpt.Name, Description: wpt.Desc}, []xmlPoint{wpt})
	}
	return features, nil
}

// fill sets the geometry, times or error of f from its points.
func (f *Feature) fill(points []xmlPoint, tolerance float64) {
	flat, err := f.parsePoints(points)
	if err == nil && len(flat) == 0 {
		err = errors.New("no points")
	}
	if err != nil {
		f.Err = fmt.Errorf("gpx: %s %d (%s): %w", f.Kind, f.Index, f.label(), err)
		return
	}
	f.Geometry = walkGeometry(flat, tolerance)
}

// label names the feature in errors.
func (f *Feature) label() string {
	if f.Name != "" {
		return fmt.Sprintf("name %q", f.Name)
	}
	return "no name"
}

// parsePoints parses the points into flat lon/lat and sets Start and End.
func (f *Feature) parsePoints(points []xmlPoint) ([]float64, error) {
	flat := make([]float64, 0, 2*len(points))
	for i, p := range points {
		lon, lat, err := parseLonLat(p)
		if err != nil {
			return nil, fmt.Errorf("point %d: %w", i, err)
		}
		flat = append(flat, lon, lat)
		if p.Time == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(p.Time))
		if err != nil {
			return nil, fmt.Errorf("point %d: time %q is not RFC 3339", i, p.Time)
		}
		if f.Start.IsZero() {
			f.Start = t
		}
		f.End = t
	}
	return flat, nil
}

// parseLonLat parses and range-checks the lon and lat attributes.
func parseLonLat(p xmlPoint) (float64, float64, error) {
	lon, err := strconv.ParseFloat(strings.TrimSpace(p.Lon), 64)
	if err != nil || math.IsNaN(lon) || lon < -180 || lon > 180 {
		return 0, 0, fmt.Errorf("lon %q is not a number in -180..180", p.Lon)
	}
	lat, err := strconv.ParseFloat(strings.TrimSpace(p.Lat), 64)
	if err != nil || math.IsNaN(lat) || lat < -90 || lat > 90 {
		return 0, 0, fmt.Errorf("lat %q is not a number in -90..90", p.Lat)
	}
	return lon, lat, nil
}

// walkGeometry applies the closing rule of the package documentation.
func walkGeometry(flat []float64, tolerance float64) geom.T {
	n := len(flat) / 2
	if n == 1 {
		return geom.NewPointFlat(geom.XY, flat)
	}
	first, last := flat[:2], flat[len(flat)-2:]
	if distinctPoints(flat) < 3 || distanceM(first[0], first[1], last[0], last[1]) > tolerance {
		return geom.NewLineStringFlat(geom.XY, flat)
	}
	if first[0] != last[0] || first[1] != last[1] {
		flat = append(flat, first[0], first[1])
	}
	return geom.NewPolygonFlat(geom.XY, flat, []int{len(flat)})
}

// distinctPoints counts distinct points, stopping at 3.
func distinctPoints(flat []float64) int {
	var seen [][2]float64
	for i := 0; i < len(flat) && len(seen) < 3; i += 2 {
		p := [2]float64{flat[i], flat[i+1]}
		found := false
		for _, s := range seen {
			found = found || s == p
		}
		if !found {
			seen = append(seen, p)
		}
	}
	return len(seen)
}

// distanceM returns the haversine great-circle distance in metres.
func distanceM(lon1, lat1, lon2, lat2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusM * math.Asin(math.Min(1, math.Sqrt(a)))
}
