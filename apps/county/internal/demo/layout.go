package demo

import (
	"fmt"
	"math"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/water"
)

// The county is laid out in metres east (x) and north (y) of an origin, then projected to
// lon, lat through the CGCS2000 3° Gauss-Krüger zone of the origin. Water comes from a
// reservoir in the south. The main canal runs north along x = 0, each township has a
// branch canal running east from it, and each village a lateral canal running north from
// its branch, with field strips on both sides of the lateral.
const (
	originLon = 83.30
	originLat = 44.80

	villageSpacing  = 1150.0 // m between the lateral canals of neighbouring villages
	firstLateral    = 600.0  // m from the main canal to the first lateral
	branchRoad      = 30.0   // m between a branch canal and the first strips
	townshipGap     = 120.0  // m of road and shelterbelt between townships
	reservoirSouth  = 1700.0 // m south of the first branch to the reservoir's outlet
	reservoirRadius = 600.0  // m from the reservoir's centre to its shore
	beltSouth       = 6.0    // m from a branch canal to the shelterbelt south of it
	beltWidth       = 14.0   // m
	boundaryMargin  = 20.0   // m from a village's outer strips and lateral to its boundary

	minStripWidth = 30.0  // m along the canal
	maxStripWidth = 58.0  // m
	minStripLen   = 260.0 // m across the canal
	maxStripLen   = 450.0 // m
	minCorridor   = 4.0   // m from the canal centre line to the strips, each side
	maxCorridor   = 6.0   // m
	lineJitter    = 1.5   // m of irregularity in each vertex of a strip boundary
	maxSkew       = 1.0   // degrees a village's lateral deviates from north
)

// frame projects the county's local metres to lon, lat.
type frame struct {
	tm       *geodesy.TransverseMercator
	east0    float64
	north0   float64
	failures int
}

func newFrame() (*frame, error) {
	tm, err := geodesy.GaussKruger3(geodesy.GaussKrugerZone3(originLon), false)
	if err != nil {
		return nil, fmt.Errorf("demo: Gauss-Krüger zone: %w", err)
	}
	e, n, err := tm.FromLonLat(originLon, originLat)
	if err != nil {
		return nil, fmt.Errorf("demo: project origin: %w", err)
	}
	return &frame{tm: tm, east0: e, north0: n}, nil
}

// lonLat returns the lon, lat of the local point x, y in metres.
func (f *frame) lonLat(x, y float64) geom.Coord {
	lon, lat, err := f.tm.ToLonLat(f.east0+x, f.north0+y)
	if err != nil {
		// The layout lies within tens of kilometres of the central meridian, where
		// the inverse projection is not expected to fail. Generate reports a failure.
		f.failures++
	}
	return geom.Coord{lon, lat}
}

func (f *frame) point(x, y float64) water.Point {
	c := f.lonLat(x, y)
	return water.Point{Lon: c[0], Lat: c[1]}
}

// villageLayout is the local frame of one village: its lateral canal head on the branch
// and the angle of the lateral from north.
type villageLayout struct {
	headX, headY float64
	sin, cos     float64
}

// world returns the county metres of the point a metres east of the lateral (negative
// for west) and b metres along it from its head.
func (v villageLayout) world(a, b float64) (x, y float64) {
	return v.headX + a*v.cos - b*v.sin, v.headY + a*v.sin + b*v.cos
}

// side is the strips on one side of a lateral canal.
type side struct {
	east     bool
	corridor float64   // m from the canal centre line to the near edge
	length   float64   // m from the near edge to the far edge
	widths   []float64 // m along the canal, one per strip
}

// span returns the length of the side along the canal in m.
func (s side) span() float64 {
	var sum float64
	for _, w := range s.widths {
		sum += w
	}
	return sum
}

// strips returns the polygons of the side's strips, from the branch end of the lateral
// outward. The boundary between two neighbouring strips is one polyline of three
// vertices, jittered and then projected once, so the two polygons share those vertices
// exactly and leave no gap or overlap between them.
func (g *generator) strips(v villageLayout, s side) [][]geom.Coord {
	sign := 1.0
	if !s.east {
		sign = -1
	}
	across := [3]float64{s.corridor, s.corridor + s.length/2, s.corridor + s.length}
	lines := make([][3]geom.Coord, len(s.widths)+1)
	b := branchRoad
	for j := range lines {
		for k, a := range across {
			x, y := v.world(sign*a, b+g.between(-lineJitter, lineJitter))
			lines[j][k] = g.frame.lonLat(x, y)
		}
		if j < len(s.widths) {
			b += s.widths[j]
		}
	}
	rings := make([][]geom.Coord, len(s.widths))
	for j := range rings {
		lo, hi := lines[j], lines[j+1]
		ring := []geom.Coord{lo[0], lo[1], lo[2], hi[2], hi[1], hi[0], lo[0]}
		if !s.east {
			// Mirrored across the canal the ring runs clockwise; reverse it so that
			// every exterior ring is counter-clockwise, as GeoJSON recommends.
			for i, k := 0, len(ring)-1; i < k; i, k = i+1, k-1 {
				ring[i], ring[k] = ring[k], ring[i]
			}
		}
		rings[j] = ring
	}
	return rings
}

// newSide draws the widths and length of n strips.
func (g *generator) newSide(east bool, n int, corridor float64) side {
	s := side{east: east, corridor: corridor, length: g.between(minStripLen, maxStripLen), widths: make([]float64, n)}
	for i := range s.widths {
		s.widths[i] = g.between(minStripWidth, maxStripWidth)
	}
	return s
}

// villageBoundary returns a rectangle in the village's frame around its strips, wells
// and lateral canal, from the branch canal to reach m along the lateral and beyond.
func (g *generator) villageBoundary(vil *village, reach float64) *geom.Polygon {
	east, west := vil.sides[0], vil.sides[1]
	aMin := -(west.corridor + west.length + boundaryMargin)
	aMax := east.corridor + east.length + boundaryMargin
	bMin, bMax := 2.0, reach+boundaryMargin
	var ring []geom.Coord
	for _, c := range [][2]float64{{aMin, bMin}, {aMax, bMin}, {aMax, bMax}, {aMin, bMax}, {aMin, bMin}} {
		x, y := vil.layout.world(c[0], c[1])
		ring = append(ring, g.frame.lonLat(x, y))
	}
	return polygon(ring)
}

// rectangle returns the axis-aligned rectangle of county metres x0-x1, y0-y1.
func (g *generator) rectangle(x0, y0, x1, y1 float64) *geom.Polygon {
	return polygon([]geom.Coord{
		g.frame.lonLat(x0, y0), g.frame.lonLat(x1, y0), g.frame.lonLat(x1, y1), g.frame.lonLat(x0, y1), g.frame.lonLat(x0, y0),
	})
}

// octagon returns a regular octagon of circumradius r m around x, y, with a slightly
// irregular shore.
func (g *generator) octagon(x, y, r float64) *geom.Polygon {
	ring := make([]geom.Coord, 0, 9)
	for i := range 8 {
		angle := float64(i) * math.Pi / 4
		d := r * g.between(0.85, 1.0)
		ring = append(ring, g.frame.lonLat(x+d*math.Cos(angle), y+d*math.Sin(angle)))
	}
	return polygon(append(ring, ring[0]))
}

// polygon returns ring as a go-geom polygon.
func polygon(ring []geom.Coord) *geom.Polygon {
	return geom.NewPolygon(geom.XY).MustSetCoords([][]geom.Coord{ring})
}

// pathLength returns the length in m of path on the ellipsoid, rounded to the metre.
func pathLength(path []water.Point) float64 {
	var sum float64
	for i := 1; i < len(path); i++ {
		sum += geodesy.Distance(path[i-1].Lon, path[i-1].Lat, path[i].Lon, path[i].Lat)
	}
	return math.Round(sum)
}
