package topology

import (
	"cmp"
	"fmt"
	"slices"

	sf "github.com/peterstace/simplefeatures/geom"
	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/twpayne/go-geom"
	"golang.org/x/sync/errgroup"
)

// Overlap is a pair of plots whose intersection is larger than
// [Options.MinOverlap].
type Overlap struct {
	I, J int     // positions in the input slice, I < J
	Area float64 // intersection area in m² on CGCS2000
}

// Pair names two plots by their positions in the input slice, I < J.
type Pair struct{ I, J int }

// Report holds the results of [Check], each sorted by I and then J.
type Report struct {
	Overlaps []Overlap
	Adjacent []Pair // plots whose boundaries meet but overlap by MinOverlap or less
	Gaps     []Gap
}

// Overlaps returns every pair of plots whose intersection is larger than
// opts.MinOverlap, sorted by I and then J. Plots must be *geom.Polygon or
// *geom.MultiPolygon in lon/lat degrees. The error names the first that is
// not, or a pair the overlay fails on.
func Overlaps[G geom.T](plots []G, opts Options) ([]Overlap, error) {
	r, err := run(plots, opts, false)
	if err != nil {
		return nil, err
	}
	return r.Overlaps, nil
}

// Check returns the overlaps, the touching pairs and the gaps among plots,
// as [Overlaps] and [Gap] describe them.
func Check[G geom.T](plots []G, opts Options) (*Report, error) {
	return run(plots, opts, true)
}

// checker holds the shared read-only state of one run.
type checker struct {
	plots []geom.T
	ix    *spatial.Index
	opts  Options
	gaps  bool
}

func run[G geom.T](plots []G, opts Options, gaps bool) (*Report, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ix, err := spatial.New(plots)
	if err != nil {
		return nil, fmt.Errorf("topology: %w", err)
	}
	c := &checker{plots: make([]geom.T, len(plots)), ix: ix, opts: opts, gaps: gaps}
	for i, p := range plots {
		c.plots[i] = p
	}

	parts := make([]Report, opts.Workers)
	var g errgroup.Group
	for w := range parts {
		g.Go(func() error {
			if gaps {
				return c.scan(w, &parts[w])
			}
			return c.scanBoxPairs(w, &parts[w])
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return merge(parts), nil
}

// scan tests the plots of stripe w against their later neighbours.
// Stripes interleave in blocks so that workers get similar loads.
func (c *checker) scan(w int, out *Report) error {
	const block = 256
	var candidates []int
	for start := w * block; start < len(c.plots); start += c.opts.Workers * block {
		for i := start; i < min(start+block, len(c.plots)); i++ {
			candidates = c.ix.AppendCandidates(candidates[:0], c.searchBox(i))
			for _, j := range candidates {
				if j <= i {
					continue
				}
				if err := c.pair(i, j, out); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// scanBoxPairs tests shard w of the pairs whose bounding boxes intersect.
func (c *checker) scanBoxPairs(w int, out *Report) error {
	var err error
	c.ix.VisitBoxPairs(w, c.opts.Workers, func(i, j int) bool {
		err = c.pair(i, j, out)
		return err == nil
	})
	return err
}

// searchBox returns the box of plot i, widened by the snap distance when
// gaps are wanted.
func (c *checker) searchBox(i int) spatial.Box {
	b := c.ix.Bounds(i)
	if !c.gaps || b.IsEmpty() {
		return b
	}
	dLon, dLat := degreesFor(c.opts.SnapDistance, b)
	return spatial.Box{MinLon: b.MinLon - dLon, MinLat: b.MinLat - dLat,
		MaxLon: b.MaxLon + dLon, MaxLat: b.MaxLat + dLat}
}

// pair classifies plots i and j as overlapping, touching or neither, and
// looks for a gap between them when gaps are wanted.
func (c *checker) pair(i, j int, out *Report) error {
	bi, bj := c.ix.Bounds(i), c.ix.Bounds(j)
	touching := false
	if bi.Intersects(bj) {
		hit, err := spatial.Intersects(c.plots[i], c.plots[j])
		if err != nil {
			return fmt.Errorf("topology: plots %d and %d: %w", i, j, err)
		}
		touching = hit
	}
	if touching && overlapsInArea(bi, bj) {
		area, err := c.intersectionArea(i, j)
		if err != nil {
			return err
		}
		if area > c.opts.MinOverlap {
			out.Overlaps = append(out.Overlaps, Overlap{I: i, J: j, Area: area})
			return nil
		}
	}
	if touching {
		out.Adjacent = append(out.Adjacent, Pair{I: i, J: j})
	}
	if c.gaps {
		return c.gap(i, j, out)
	}
	return nil
}

// overlapsInArea reports whether two boxes share more than an edge, the
// only case in which their plots can overlap in area.
func overlapsInArea(a, b spatial.Box) bool {
	return min(a.MaxLon, b.MaxLon) > max(a.MinLon, b.MinLon) &&
		min(a.MaxLat, b.MaxLat) > max(a.MinLat, b.MinLat)
}

// intersectionArea returns the ellipsoidal area in m² of plot i ∩ plot j.
// When either plot is one convex ring it clips the other against it;
// otherwise it runs the general overlay.
func (c *checker) intersectionArea(i, j int) (float64, error) {
	if area, ok := convexIntersectionArea(c.plots[i], c.plots[j]); ok {
		return area, nil
	}
	a, err := toOverlay(c.plots[i])
	if err != nil {
		return 0, fmt.Errorf("topology: plot %d: %w", i, err)
	}
	b, err := toOverlay(c.plots[j])
	if err != nil {
		return 0, fmt.Errorf("topology: plot %d: %w", j, err)
	}
	inter, err := sf.Intersection(a, b)
	if err != nil {
		return 0, fmt.Errorf("topology: intersection of plots %d and %d: %w", i, j, err)
	}
	return geodesy.Area(fromOverlay(inter)), nil
}

func convexIntersectionArea(a, b geom.T) (float64, bool) {
	clip, ok := convexRing(b)
	subject := a
	if !ok {
		if clip, ok = convexRing(a); !ok {
			return 0, false
		}
		subject = b
	}
	p, ok := subject.(*geom.Polygon)
	if !ok || p == nil || p.NumLinearRings() != 1 {
		return 0, false
	}
	ring := closedXY(p)
	if len(ring) < 8 {
		return 0, true
	}
	part := clipConvex(ring, clip)
	if part == nil {
		return 0, true
	}
	return geodesy.Area(geom.NewPolygonFlat(geom.XY, part, []int{len(part)})), true
}

// closedXY returns the only ring of p as closed x, y pairs.
func closedXY(p *geom.Polygon) []float64 {
	flat, stride := p.FlatCoords(), p.Stride()
	ring := make([]float64, 0, len(flat)/stride*2+2)
	for k := 0; k+1 < len(flat); k += stride {
		ring = append(ring, flat[k], flat[k+1])
	}
	if n := len(ring); n >= 2 && (ring[0] != ring[n-2] || ring[1] != ring[n-1]) {
		ring = append(ring, ring[0], ring[1])
	}
	return ring
}

func merge(parts []Report) *Report {
	r := &Report{}
	for _, p := range parts {
		r.Overlaps = append(r.Overlaps, p.Overlaps...)
		r.Adjacent = append(r.Adjacent, p.Adjacent...)
		r.Gaps = append(r.Gaps, p.Gaps...)
	}
	slices.SortFunc(r.Overlaps, func(a, b Overlap) int { return comparePair(a.I, a.J, b.I, b.J) })
	slices.SortFunc(r.Adjacent, func(a, b Pair) int { return comparePair(a.I, a.J, b.I, b.J) })
	slices.SortFunc(r.Gaps, func(a, b Gap) int { return comparePair(a.I, a.J, b.I, b.J) })
	return r
}

func comparePair(ai, aj, bi, bj int) int {
	return cmp.Or(cmp.Compare(ai, bi), cmp.Compare(aj, bj))
}
