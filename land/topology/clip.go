package topology

import "github.com/twpayne/go-geom"

// convexRing returns the closed ring of g as x, y pairs, counter-clockwise,
// when g is a polygon of one ring that is convex. Clipping against such a
// ring is exact and much faster than a general overlay.
func convexRing(g geom.T) ([]float64, bool) {
	p, ok := g.(*geom.Polygon)
	if !ok || p == nil || p.NumLinearRings() != 1 {
		return nil, false
	}
	flat, stride := p.FlatCoords(), p.Stride()
	var ring []float64
	for k := 0; k+1 < len(flat); k += stride {
		n := len(ring)
		if n >= 2 && ring[n-2] == flat[k] && ring[n-1] == flat[k+1] {
			continue
		}
		ring = append(ring, flat[k], flat[k+1])
	}
	if n := len(ring); n >= 4 && ring[0] == ring[n-2] && ring[1] == ring[n-1] {
		ring = ring[:n-2]
	}
	if len(ring) < 6 {
		return nil, false
	}
	turn, ok := uniformTurn(ring)
	if !ok {
		return nil, false
	}
	if turn < 0 {
		reverseRing(ring)
	}
	return append(ring, ring[0], ring[1]), true
}

// uniformTurn reports the sign of the turns of the open ring and whether
// it is convex: every turn has that sign (or is straight) and the x
// direction changes at most twice, which rules out star shapes.
func uniformTurn(ring []float64) (float64, bool) {
	n := len(ring) / 2
	sign, flips := 0.0, 0
	prevDX := 0.0
	for i := range n {
		ax, ay := ring[2*i], ring[2*i+1]
		bx, by := ring[2*((i+1)%n)], ring[2*((i+1)%n)+1]
		cx, cy := ring[2*((i+2)%n)], ring[2*((i+2)%n)+1]
		cross := (bx-ax)*(cy-by) - (by-ay)*(cx-bx)
		switch {
		case cross == 0:
		case sign == 0:
			sign = cross
		case (cross > 0) != (sign > 0):
			return 0, false
		}
		if dx := bx - ax; dx != 0 {
			if prevDX != 0 && (dx > 0) != (prevDX > 0) {
				flips++
			}
			prevDX = dx
		}
	}
	return sign, sign != 0 && flips <= 2
}

func reverseRing(ring []float64) {
	for i, j := 0, len(ring)-2; i < j; i, j = i+2, j-2 {
		ring[i], ring[j] = ring[j], ring[i]
		ring[i+1], ring[j+1] = ring[j+1], ring[i+1]
	}
}

// clipConvex returns the part of the closed subject ring inside the closed
// counter-clockwise convex ring clip (Sutherland-Hodgman), as a closed
// ring, or nil when nothing is left. A concave subject may leave edges of
// zero width in the result; they add no area.
func clipConvex(subject, clip []float64) []float64 {
	out := subject[: len(subject)-2 : len(subject)-2]
	for k := 0; k+3 < len(clip) && len(out) > 0; k += 2 {
		out = clipEdge(out, clip[k], clip[k+1], clip[k+2], clip[k+3])
	}
	if len(out) < 6 {
		return nil
	}
	return append(out, out[0], out[1])
}

// clipEdge keeps the part of the open ring in on the left of a→b.
func clipEdge(in []float64, ax, ay, bx, by float64) []float64 {
	side := func(x, y float64) float64 { return (bx-ax)*(y-ay) - (by-ay)*(x-ax) }
	out := make([]float64, 0, len(in)+4)
	n := len(in) / 2
	px, py := in[2*(n-1)], in[2*(n-1)+1]
	ps := side(px, py)
	for i := range n {
		qx, qy := in[2*i], in[2*i+1]
		qs := side(qx, qy)
		if (ps >= 0) != (qs >= 0) {
			t := ps / (ps - qs)
			out = append(out, px+t*(qx-px), py+t*(qy-py))
		}
		if qs >= 0 {
			out = append(out, qx, qy)
		}
		px, py, ps = qx, qy, qs
	}
	return out
}
