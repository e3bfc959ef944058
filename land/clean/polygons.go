package clean

import (
	"github.com/twpayne/go-geom"
)

// part is one input polygon while it is checked.
type part struct {
	// rings are the cleaned rings; valid only when ok.
	rings []ring
	// ok is set when every ring is usable for the topology checks.
	ok bool
	// groups lists the output polygons made from this part as ring
	// indexes, shell first. A part with islands yields several groups.
	groups [][]int
	// reverse marks the rings whose vertex order must be reversed.
	reverse []bool
	// analysed is set when the ring-by-ring topology analysis ran.
	analysed bool
}

// splitFlat cuts flat into rings (or lines) at ends, starting at offset
// start. It reports false when ends do not fit flat or stride.
func splitFlat(flat []float64, start int, ends []int, stride int) ([][]float64, bool) {
	out := make([][]float64, 0, len(ends))
	for _, end := range ends {
		if end < start || end > len(flat) || (end-start)%stride != 0 {
			return nil, false
		}
		out = append(out, flat[start:end])
		start = end
	}
	return out, true
}

// checkPolygons checks the polygons of g, one per entry of inputs (each a
// list of flat rings), and returns the builder of the repaired geometry.
// multi is set when g is a MultiPolygon.
func (c *checker) checkPolygons(g geom.T, inputs [][][]float64, multi bool) func() geom.T {
	stride := g.Stride()
	c.stride = stride
	parts := make([]*part, len(inputs))
	nonEmpty := 0
	for _, rings := range inputs {
		if len(rings) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty == 0 {
		c.add(CodeEmpty, 0, false, place{part: -1, ring: -1, vertex: -1}, nil,
			"geometry has no rings")
		return nil
	}

	allOK := true
	for i, rings := range inputs {
		where := place{part: i, ring: -1, vertex: -1, multi: multi}
		if len(rings) == 0 {
			c.add(CodeEmpty, 0, true, where, nil, "polygon is empty; the repair drops it")
			continue
		}
		parts[i] = c.cleanPolygon(rings, stride, where)
		allOK = allOK && parts[i].ok
	}

	guard := false
	for i, p := range parts {
		if p != nil && p.ok {
			c.checkPartTopology(p, stride, place{part: i, ring: -1, vertex: -1, multi: multi})
			guard = guard || p.analysed
		}
	}
	if allOK && nonEmpty > 1 {
		guard = c.checkPartPairs(parts, stride) || guard
	}
	if allOK && guard {
		c.guardValidity(parts, stride)
	}
	for i, p := range parts {
		if p != nil && p.ok {
			c.checkWinding(p, place{part: i, ring: -1, vertex: -1, multi: multi})
		}
	}
	return func() geom.T { return buildPolygons(g, parts, multi) }
}

// cleanPolygon cleans each ring of one input polygon.
func (c *checker) cleanPolygon(rings [][]float64, stride int, where place) *part {
	p := &part{ok: true, rings: make([]ring, len(rings)), reverse: make([]bool, len(rings))}
	for j, flat := range rings {
		at := where
		at.ring = j
		r, ok := c.cleanRing(flat, stride, at)
		p.rings[j] = r
		p.ok = p.ok && ok
	}
	p.groups = [][]int{identity(len(rings))}
	return p
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// checkWinding records the rings to reverse so that every shell runs
// counter-clockwise and every hole clockwise.
func (c *checker) checkWinding(p *part, where place) {
	for _, group := range p.groups {
		for k, j := range group {
			r := &p.rings[j]
			isShell := k == 0
			wrong := (isShell && r.area2 < 0) || (!isShell && r.area2 > 0)
			if !wrong {
				continue
			}
			p.reverse[j] = true
			at := where
			at.ring = j
			c.addWinding(isShell, r.area2 < 0, at)
		}
	}
}

// addWinding records one ring with the wrong orientation. The ESRI
// shapefile rule orients rings the other way, which the message names when
// that rule set was requested.
func (c *checker) addWinding(isShell, clockwise bool, at place) {
	code, role, want := CodeHoleWinding, "hole", "clockwise"
	if isShell {
		code, role, want = CodeShellWinding, "shell", "counter-clockwise"
	}
	got := "counter-clockwise"
	if clockwise {
		got = "clockwise"
	}
	note := ""
	if c.opts.Rules&ESRI != 0 {
		note = "; the ESRI shapefile rule orients the other way (clockwise shells, " +
			"counter-clockwise holes), which a shapefile writer applies"
	}
	c.add(code, OGC, true, at, nil,
		"%s runs %s; OGC and RFC 7946 orient a %s %s, and the repair reverses it%s",
		role, got, role, want, note)
}

// buildPolygons assembles the repaired Polygon or MultiPolygon with the
// layout and SRID of g.
func buildPolygons(g geom.T, parts []*part, multi bool) geom.T {
	stride := g.Stride()
	var flat []float64
	var endss [][]int
	for _, p := range parts {
		if p == nil {
			continue
		}
		for _, group := range p.groups {
			var ends []int
			for _, j := range group {
				r := &p.rings[j]
				if p.reverse[j] {
					flat = append(flat, r.reversed(stride)...)
				} else {
					flat = append(flat, r.flat...)
				}
				ends = append(ends, len(flat))
			}
			endss = append(endss, ends)
		}
	}
	if !multi && len(endss) == 1 {
		return geom.NewPolygonFlat(g.Layout(), flat, endss[0]).SetSRID(g.SRID())
	}
	return geom.NewMultiPolygonFlat(g.Layout(), flat, endss).SetSRID(g.SRID())
}
