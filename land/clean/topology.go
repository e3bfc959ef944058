package clean

import (
	"fmt"

	sf "github.com/peterstace/simplefeatures/geom"
	"github.com/twpayne/go-geom"
)

// relationKind is the position of two rings (or two polygons) relative to
// each other.
type relationKind uint8

const (
	// relDisjoint: the interiors do not meet; the boundaries may touch at
	// points.
	relDisjoint relationKind = iota
	// relFirstContains: the second lies inside the first; the boundaries
	// may touch at points.
	relFirstContains
	// relSecondContains: the first lies inside the second.
	relSecondContains
	// relCross: the boundaries cross or share an edge, or the interiors
	// overlap without either containing the other.
	relCross
)

// relation is the result of [relate].
type relation struct {
	kind relationKind
	// interiorsMeet is set when the interiors intersect.
	interiorsMeet bool
	// sharesEdge is set when the boundaries share a segment.
	sharesEdge bool
	// at is a point where the boundaries meet, for the message; nil when
	// they do not meet.
	at geom.Coord
	// touches are the isolated points where the boundaries meet, set
	// unless kind is relCross.
	touches []xy
}

// relate classifies areas a and b, whose boundaries are boundaryA and
// boundaryB, from their DE-9IM matrix.
func relate(a, b, boundaryA, boundaryB sf.Geometry) (relation, error) {
	var matrix string
	err := protect(func() (err error) {
		matrix, err = sf.Relate(a, b)
		return err
	})
	if err != nil {
		return relation{}, err
	}
	if len(matrix) != 9 {
		return relation{}, fmt.Errorf("simplefeatures returned DE-9IM matrix %q", matrix)
	}

	// Entries in row-major order: II IB IE BI BB BE EI EB EE.
	interiors, interiorOutside, boundaries, exteriorInside := matrix[0], matrix[2], matrix[4], matrix[6]
	rel := relation{interiorsMeet: interiors != 'F', sharesEdge: boundaries == '1'}
	switch {
	case rel.sharesEdge:
		rel.kind = relCross
	case !rel.interiorsMeet:
		rel.kind = relDisjoint
	case interiorOutside == 'F':
		rel.kind = relSecondContains
	case exteriorInside == 'F':
		rel.kind = relFirstContains
	default:
		rel.kind = relCross
	}

	if boundaries == 'F' {
		return rel, nil
	}
	points, err := meetingPoints(boundaryA, boundaryB)
	if err != nil {
		return relation{}, err
	}
	if len(points) > 0 {
		rel.at = geom.Coord{points[0].x, points[0].y}
	}
	if rel.kind != relCross {
		rel.touches = points
	}
	return rel, nil
}

// meetingPoints returns the distinct vertices of the intersection of two
// boundaries: the touch or crossing points, or the ends of shared segments.
func meetingPoints(a, b sf.Geometry) ([]xy, error) {
	var inter sf.Geometry
	err := protect(func() (err error) {
		inter, err = sf.Intersection(a, b)
		return err
	})
	if err != nil {
		return nil, err
	}
	seq := inter.DumpCoordinates()
	var out []xy
	seen := make(map[xy]bool)
	for i := 0; i < seq.Length(); i++ {
		p := seq.GetXY(i)
		q := xy{p.X, p.Y}
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out, nil
}

// checkPartTopology checks how the rings of one polygon relate. A polygon
// with one ring gets the full analysis only when simplefeatures rejects it.
//
// NOTE: simplefeatures v0.50.0 accepts a hole that lies outside its shell,
// or inside another hole, when the hole starts on the boundary of the other
// ring (the first case is fixed in v0.51.0). So polygons with holes always
// get the full analysis.
func (c *checker) checkPartTopology(p *part, stride int, where place) {
	if len(p.rings) == 1 {
		poly := sfPolygon(p, p.groups[0], stride)
		if protect(poly.Validate) == nil {
			return
		}
	}
	p.analysed = true

	lines := make([]sf.LineString, len(p.rings))
	simple := true
	for j := range p.rings {
		lines[j] = sfLine(&p.rings[j], stride)
		at := where
		at.ring = j
		var isSimple bool
		if err := protect(func() error { isSimple = lines[j].IsSimple(); return nil }); err != nil {
			c.add(CodeOtherInvalid, OGC, false, at, nil, "checking simplicity failed: %v", err)
			simple = false
			continue
		}
		if !isSimple {
			c.reportSelfCrossing(&p.rings[j], stride, at)
			simple = false
		}
	}
	// NOTE: a ring that is not simple stops the analysis here, so with only
	// the ESRI rule set requested a self-tangent shell (which that rule
	// allows) leaves its holes unchecked.
	if simple {
		c.checkRingPairs(p, lines, where)
	}
}

// ringPair is two rings of one polygon that touch at isolated points.
type ringPair struct {
	i, j    int
	touches []xy
}

// checkRingPairs relates every pair of rings of p, then sorts them into
// shells, holes and islands and checks that the interior stays connected.
func (c *checker) checkRingPairs(p *part, lines []sf.LineString, where place) {
	n := len(p.rings)
	areas := make([]sf.Geometry, n)
	for j := range lines {
		areas[j] = sf.NewPolygon([]sf.LineString{lines[j]}).AsGeometry()
	}
	envelopes := make([]sf.Envelope, n)
	for j := range lines {
		envelopes[j] = lines[j].Envelope()
	}
	containers := make([][]int, n)
	var touching []ringPair
	crossed := false
	faults := c.newPairFaults("ring")
	for _, pair := range meetingPairs(envelopes) {
		if faults.full() {
			break
		}
		i, j := pair[0], pair[1]
		rel, err := relate(areas[i], areas[j], lines[i].AsGeometry(), lines[j].AsGeometry())
		if err != nil {
			at := where
			at.ring = j
			c.add(CodeOtherInvalid, OGC, false, at, nil,
				"relating ring %d and ring %d failed: %v", i, j, err)
			crossed = true
			continue
		}
		switch rel.kind {
		case relCross:
			c.addRingCross(i, j, rel, where)
			crossed = true
		case relFirstContains:
			containers[j] = append(containers[j], i)
		case relSecondContains:
			containers[i] = append(containers[i], j)
		}
		if len(rel.touches) > 0 {
			touching = append(touching, ringPair{i: i, j: j, touches: rel.touches})
		}
	}
	if crossed {
		return
	}
	for _, tp := range touching {
		c.checkTouchVertices(tp, []*ring{&p.rings[tp.i]}, []*ring{&p.rings[tp.j]}, where, "ring")
	}
	if c.assignRoles(p, containers, where) {
		c.checkConnectivity(p, touching, where)
	}
}

// addRingCross records two rings of one polygon that cross or share an
// edge.
func (c *checker) addRingCross(i, j int, rel relation, where place) {
	at := where
	at.ring = j
	verb := "crosses"
	if rel.sharesEdge {
		verb = "shares an edge with"
	}
	pos := "an unknown point"
	if rel.at != nil {
		pos = formatXY(rel.at[0], rel.at[1])
	}
	if i == 0 {
		c.add(CodeHoleCrossesShell, BothRules, false, at, rel.at,
			"hole %s the shell at %s", verb, pos)
		return
	}
	c.add(CodeHolesCross, BothRules, false, at, rel.at, "ring %s ring %d at %s", verb, i, pos)
}

// checkTouchVertices records touch points of a pair that are not a vertex
// on both sides, which the ESRI rule forbids. first and second are the
// rings of each side; noun names the sides in the message.
func (c *checker) checkTouchVertices(tp ringPair, first, second []*ring, where place, noun string) {
	if c.opts.Rules&ESRI == 0 {
		return
	}
	stride := c.stride
	for _, t := range tp.touches {
		onFirst, onSecond := hasVertex(first, t, stride), hasVertex(second, t, stride)
		if onFirst && onSecond {
			continue
		}
		off := tp.i
		if onFirst {
			off = tp.j
		}
		at := where
		if noun == "ring" {
			at.ring = tp.j
		}
		c.add(CodeTouchOffVertex, ESRI, false, at, geom.Coord{t.x, t.y},
			"%s %d and %s %d touch at %s, which is not a vertex of %s %d; the ESRI rule lets "+
				"rings touch only at vertices, OGC allows this touch",
			noun, tp.i, noun, tp.j, formatXY(t.x, t.y), noun, off)
		return
	}
}

// hasVertex reports whether t is a vertex of one of rings.
func hasVertex(rings []*ring, t xy, stride int) bool {
	for _, r := range rings {
		for k := 0; k < r.len(); k++ {
			if r.at(k, stride) == t {
				return true
			}
		}
	}
	return false
}
