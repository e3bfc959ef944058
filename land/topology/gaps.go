package topology

import (
	"fmt"
	"math"

	sf "github.com/peterstace/simplefeatures/geom"
	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/twpayne/go-geom"
)

// Gap is an uncovered sliver between two neighbouring plots that come
// within [Options.SnapDistance] of each other.
type Gap struct {
	I, J     int                // positions of the two plots, I < J
	Area     float64            // m² on CGCS2000
	Width    float64            // mean width in m: twice the area over the perimeter
	Geometry *geom.MultiPolygon // the sliver in lon/lat degrees
}

// gap looks for a sliver between plots i and j. It takes the vertices of
// each plot that lie within the snap distance of the other, with their
// closest points on the other plot. The sliver is the convex hull of these
// points minus both plots and any other plot over it. It is reported when its
// area lies in [MinGapArea, MaxGapArea] and its mean width is at most the
// snap distance.
//
// NOTE: two plots that come close along two separate stretches get one
// hull over both, which is then usually too wide to report.
func (c *checker) gap(i, j int, out *Report) error {
	d, err := spatial.Distance(c.plots[i], c.plots[j])
	if err != nil || d > c.opts.SnapDistance {
		return err
	}
	near := nearPoints(nil, c.plots[i], c.plots[j], c.opts.SnapDistance)
	near = nearPoints(near, c.plots[j], c.plots[i], c.opts.SnapDistance)
	if len(near) < 6 {
		return nil
	}
	hull := sf.NewMultiPoint(multiPointOf(near)).AsGeometry().ConvexHull()
	if hull.Type() != sf.TypePolygon {
		return nil
	}
	region, err := c.uncovered(hull, i, j)
	if err != nil {
		return fmt.Errorf("topology: gap between plots %d and %d: %w", i, j, err)
	}
	sliver := fromOverlay(region)
	area := geodesy.Area(sliver)
	if area < c.opts.MinGapArea || area > c.opts.MaxGapArea {
		return nil
	}
	width := 2 * area / perimeter(sliver)
	if width > c.opts.SnapDistance {
		return nil
	}
	out.Gaps = append(out.Gaps, Gap{I: i, J: j, Area: area, Width: width, Geometry: sliver})
	return nil
}

// uncovered returns hull minus plots i and j and every other plot that
// meets it.
func (c *checker) uncovered(hull sf.Geometry, i, j int) (sf.Geometry, error) {
	env := hull.Envelope()
	lo, hi, _ := env.MinMaxXYs()
	box := spatial.Box{MinLon: lo.X, MinLat: lo.Y, MaxLon: hi.X, MaxLat: hi.Y}
	cover := []int{i, j}
	for _, k := range c.ix.AppendCandidates(nil, box) {
		if k != i && k != j {
			cover = append(cover, k)
		}
	}
	region := hull
	for _, k := range cover {
		if region.IsEmpty() {
			break
		}
		plot, err := toOverlay(c.plots[k])
		if err != nil {
			return sf.Geometry{}, err
		}
		if region, err = sf.Difference(region, plot); err != nil {
			return sf.Geometry{}, err
		}
	}
	return region, nil
}

// nearPoints appends to dst, as lon, lat pairs, each vertex of a within
// snap metres of b's boundary together with its closest point there.
func nearPoints(dst []float64, a, b geom.T, snap float64) []float64 {
	flat, stride := a.FlatCoords(), a.Stride()
	for k := 0; k+1 < len(flat); k += stride {
		lon, lat := flat[k], flat[k+1]
		cx, cy, d := closestOnBoundary(lon, lat, b)
		if d <= snap {
			dst = append(dst, lon, lat, cx, cy)
		}
	}
	return dst
}

// closestOnBoundary returns the point of b's rings closest to (lon, lat)
// and its distance in metres, in a plane scaled to metres at lat.
func closestOnBoundary(lon, lat float64, b geom.T) (float64, float64, float64) {
	kx, ky := metresPerDegree(lat)
	flat := b.FlatCoords()
	bestX, bestY, best := lon, lat, math.Inf(1)
	forEachSegment(b, func(k0, k1 int) {
		ax, ay := (flat[k0]-lon)*kx, (flat[k0+1]-lat)*ky
		bx, by := (flat[k1]-lon)*kx, (flat[k1+1]-lat)*ky
		dx, dy := bx-ax, by-ay
		t := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			t = max(0, min(1, -(ax*dx+ay*dy)/l2))
		}
		px, py := ax+t*dx, ay+t*dy
		if d := math.Hypot(px, py); d < best {
			best, bestX, bestY = d, lon+px/kx, lat+py/ky
		}
	})
	return bestX, bestY, best
}

// forEachSegment calls fn with the flat offsets of the two ends of every
// ring edge of polygonal g, closing open rings.
func forEachSegment(g geom.T, fn func(k0, k1 int)) {
	stride := g.Stride()
	ring := func(start, end int) {
		if end-start < 2*stride {
			return
		}
		for k := start; k+stride < end; k += stride {
			fn(k, k+stride)
		}
		fn(end-stride, start)
	}
	switch g := g.(type) {
	case *geom.Polygon:
		start := 0
		for _, end := range g.Ends() {
			ring(start, end)
			start = end
		}
	case *geom.MultiPolygon:
		start := 0
		for _, ends := range g.Endss() {
			for _, end := range ends {
				ring(start, end)
				start = end
			}
		}
	}
}

// GRS80 semi-major axis in metres and first eccentricity squared.
const (
	grs80A = 6378137.0
	grs80E = (1 / 298.257222101) * (2 - 1/298.257222101)
)

// metresPerDegree returns the metres per degree of longitude and latitude
// on GRS80 at latitude lat.
func metresPerDegree(lat float64) (kx, ky float64) {
	phi := lat * math.Pi / 180
	sin := math.Sin(phi)
	w := 1 - grs80E*sin*sin
	kx = grs80A / math.Sqrt(w) * math.Cos(phi) * math.Pi / 180
	ky = grs80A * (1 - grs80E) / (w * math.Sqrt(w)) * math.Pi / 180
	return kx, ky
}

// degreesFor returns degrees of longitude and latitude that span at least
// d metres everywhere in box b.
func degreesFor(d float64, b spatial.Box) (dLon, dLat float64) {
	lat := math.Min(89, math.Max(math.Abs(b.MinLat), math.Abs(b.MaxLat)))
	kx, _ := metresPerDegree(lat)
	_, ky := metresPerDegree(0)
	return d / kx, d / ky
}

// perimeter returns the length in metres of all rings of mp.
func perimeter(mp *geom.MultiPolygon) float64 {
	flat := mp.FlatCoords()
	total := 0.0
	forEachSegment(mp, func(k0, k1 int) {
		kx, ky := metresPerDegree((flat[k0+1] + flat[k1+1]) / 2)
		total += math.Hypot((flat[k1]-flat[k0])*kx, (flat[k1+1]-flat[k0+1])*ky)
	})
	return total
}

func multiPointOf(xy []float64) []sf.Point {
	points := make([]sf.Point, 0, len(xy)/2)
	for k := 0; k+1 < len(xy); k += 2 {
		points = append(points, sf.XY{X: xy[k], Y: xy[k+1]}.AsPoint())
	}
	return points
}
