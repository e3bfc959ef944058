package clean

import (
	sf "github.com/peterstace/simplefeatures/geom"
)

// outputPolygon is one polygon of the repaired geometry.
type outputPolygon struct {
	part  int
	group []int
	area  sf.Polygon
}

// outputPolygons returns the polygons the repaired geometry will have, in
// order.
func outputPolygons(parts []*part, stride int) []outputPolygon {
	var out []outputPolygon
	for i, p := range parts {
		if p == nil {
			continue
		}
		for _, group := range p.groups {
			out = append(out, outputPolygon{part: i, group: group, area: sfPolygon(p, group, stride)})
		}
	}
	return out
}

// checkPartPairs relates every pair of polygons that come from different
// input parts and whose envelopes meet. It reports whether any pair was
// related.
func (c *checker) checkPartPairs(parts []*part, stride int) bool {
	polys := outputPolygons(parts, stride)
	envelopes := make([]sf.Envelope, len(polys))
	for k, p := range polys {
		envelopes[k] = p.area.Envelope()
	}
	related := false
	faults := c.newPairFaults("polygon")
	for _, pair := range meetingPairs(envelopes) {
		if faults.full() {
			break
		}
		pa, pb := polys[pair[0]], polys[pair[1]]
		if pa.part == pb.part {
			continue
		}
		related = true
		c.relateParts(parts, pa, pb)
	}
	return related
}

// relateParts records an overlap, a shared edge or (under the ESRI rule) a
// touch away from vertices between two polygons of a MultiPolygon.
func (c *checker) relateParts(parts []*part, pa, pb outputPolygon) {
	where := place{part: pa.part, ring: -1, vertex: -1, multi: true}
	rel, err := relate(pa.area.AsGeometry(), pb.area.AsGeometry(),
		pa.area.Boundary().AsGeometry(), pb.area.Boundary().AsGeometry())
	if err != nil {
		c.add(CodeOtherInvalid, OGC, false, where, nil,
			"relating polygon %d and polygon %d failed: %v", pa.part, pb.part, err)
		return
	}
	pos := "an unknown point"
	if rel.at != nil {
		pos = formatXY(rel.at[0], rel.at[1])
	}
	switch {
	case rel.sharesEdge:
		c.add(CodePartsOverlap, BothRules, false, where, rel.at,
			"polygon shares an edge with polygon %d at %s", pb.part, pos)
	case rel.interiorsMeet:
		if rel.at == nil {
			rel.at = parts[pb.part].firstVertex(pb.group[0], c.stride)
			pos = formatXY(rel.at[0], rel.at[1])
		}
		c.add(CodePartsOverlap, BothRules, false, where, rel.at,
			"polygon overlaps polygon %d at %s", pb.part, pos)
	case len(rel.touches) > 0:
		c.checkTouchVertices(ringPair{i: pa.part, j: pb.part, touches: rel.touches},
			ringsOf(parts[pa.part], pa.group), ringsOf(parts[pb.part], pb.group),
			place{part: pa.part, ring: -1, vertex: -1, multi: true}, "polygon")
	}
}

func ringsOf(p *part, group []int) []*ring {
	out := make([]*ring, len(group))
	for k, j := range group {
		out[k] = &p.rings[j]
	}
	return out
}

// guardValidity validates the repaired polygons with simplefeatures after
// the full analysis ran, so that a fault the checks above missed still
// makes the geometry invalid. It does nothing when a fault was already
// found.
func (c *checker) guardValidity(parts []*part, stride int) {
	for _, f := range c.findings {
		if !f.fixable && c.requested(f.rule) {
			return
		}
	}
	polys := outputPolygons(parts, stride)
	areas := make([]sf.Polygon, len(polys))
	for k, p := range polys {
		areas[k] = p.area
	}
	err := protect(sf.NewMultiPolygon(areas).Validate)
	if err == nil {
		return
	}
	c.add(CodeOtherInvalid, OGC, false, place{part: -1, ring: -1, vertex: -1}, nil,
		"simplefeatures rejects the repaired geometry: %v", err)
}
