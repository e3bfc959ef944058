package benchdata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/twpayne/go-geom"
)

// File names inside a genplots output folder.
const (
	PlotsFile    = "plots.csv"
	OverlapsFile = "overlaps.csv"
	PointsFile   = "points.csv"
)

// Plot is one benchmark plot: its 1-based ID and its polygon in lon/lat
// degrees (EPSG:4326), exterior ring counter-clockwise and closed.
type Plot struct {
	ID      int
	Polygon *geom.Polygon
}

// Overlap is a replacement shape for plot ID that overlaps the plot
// NeighbourID and no other.
type Overlap struct {
	ID          int
	Polygon     *geom.Polygon
	NeighbourID int
}

// Point is one query point in lon/lat degrees (EPSG:4326).
type Point struct {
	ID       int
	Lon, Lat float64
}

// Geom returns the point as a go-geom point with layout XY (lon, lat).
func (p Point) Geom() *geom.Point {
	return geom.NewPointFlat(geom.XY, []float64{p.Lon, p.Lat})
}

// Set is the whole benchmark data set. A Set returned by [Cache.Load] is
// shared between callers and must be treated as read-only.
type Set struct {
	Plots    []Plot
	Overlaps []Overlap
	Points   []Point
}

// Load reads plots.csv, overlaps.csv and points.csv from dir.
func Load(dir string) (*Set, error) {
	plots, err := ReadPlots(filepath.Join(dir, PlotsFile))
	if err != nil {
		return nil, err
	}
	overlaps, err := ReadOverlaps(filepath.Join(dir, OverlapsFile))
	if err != nil {
		return nil, err
	}
	points, err := ReadPoints(filepath.Join(dir, PointsFile))
	if err != nil {
		return nil, err
	}
	return &Set{Plots: plots, Overlaps: overlaps, Points: points}, nil
}

// ReadPlots reads a plots.csv file of id,ewkt rows.
func ReadPlots(path string) ([]Plot, error) {
	var plots []Plot
	err := readRows(path, 2, func(rec []string) error {
		id, poly, err := parseIDPolygon(rec)
		if err != nil {
			return err
		}
		plots = append(plots, Plot{ID: id, Polygon: poly})
		return nil
	})
	return plots, err
}

// ReadOverlaps reads an overlaps.csv file of id,ewkt,neighbour_id rows.
func ReadOverlaps(path string) ([]Overlap, error) {
	var overlaps []Overlap
	err := readRows(path, 3, func(rec []string) error {
		id, poly, err := parseIDPolygon(rec)
		if err != nil {
			return err
		}
		neighbour, err := parseID(rec[2])
		if err != nil {
			return fmt.Errorf("neighbour_id: %w", err)
		}
		overlaps = append(overlaps, Overlap{ID: id, Polygon: poly, NeighbourID: neighbour})
		return nil
	})
	return overlaps, err
}

// ReadPoints reads a points.csv file of id,lon,lat rows.
func ReadPoints(path string) ([]Point, error) {
	var points []Point
	err := readRows(path, 3, func(rec []string) error {
		id, err := parseID(rec[0])
		if err != nil {
			return err
		}
		lon, err := strconv.ParseFloat(rec[1], 64)
		if err != nil {
			return fmt.Errorf("lon: %w", err)
		}
		lat, err := strconv.ParseFloat(rec[2], 64)
		if err != nil {
			return fmt.Errorf("lat: %w", err)
		}
		points = append(points, Point{ID: id, Lon: lon, Lat: lat})
		return nil
	})
	return points, err
}

// readRows calls row for each record of the CSV file at path, which must
// have exactly fields columns, and names the file and line in errors.
func readRows(path string, fields int, row func(rec []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("benchdata: %w", err)
	}
	defer f.Close()

	r := csv.NewReader(f)
	r.FieldsPerRecord = fields
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("benchdata: %s: %w", path, err)
		}
		if err := row(rec); err != nil {
			line, _ := r.FieldPos(0)
			return fmt.Errorf("benchdata: %s:%d: %w", path, line, err)
		}
	}
}

func parseIDPolygon(rec []string) (int, *geom.Polygon, error) {
	id, err := parseID(rec[0])
	if err != nil {
		return 0, nil, err
	}
	poly, err := ParsePolygon(rec[1])
	if err != nil {
		return 0, nil, err
	}
	return id, poly, nil
}

func parseID(s string) (int, error) {
	id, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("invalid id %q: expected a decimal integer", s)
	}
	return id, nil
}
