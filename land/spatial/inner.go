package spatial

import "math"

// innerScales are the fractions of the bounding box tried, largest first,
// for the box kept inside a convex polygon.
var innerScales = [...]float64{0.7, 0.5, 0.3}

// innerBox returns an axis-aligned box strictly inside the closed ring xy
// (stride 2) when the ring is convex, rounded inwards to float32, so that a
// point in it is inside the polygon whatever the boundary rule. Lookups
// that fall in it skip reading the ring. The box is the largest of a few
// scaled copies of outer, centred on the vertex mean, whose corners are
// all strictly inside. It is empty for a ring that is not convex or when
// no copy fits.
func innerBox(xy []float64, outer Box) box32 {
	sign, ok := convexSign(xy)
	if !ok {
		return emptyBox32
	}
	n := len(xy)/2 - 1
	var cx, cy float64
	for k := range n {
		cx += xy[2*k]
		cy += xy[2*k+1]
	}
	cx, cy = cx/float64(n), cy/float64(n)
	halfW := (outer.MaxLon - outer.MinLon) / 2
	halfH := (outer.MaxLat - outer.MinLat) / 2
	for _, scale := range innerScales {
		b := box32{roundUp(cx - scale*halfW), roundUp(cy - scale*halfH),
			roundDown(cx + scale*halfW), roundDown(cy + scale*halfH)}
		if b.minX <= b.maxX && b.minY <= b.maxY && cornersInside(xy, sign, b) {
			return b
		}
	}
	return emptyBox32
}

// cornersInside reports whether the four corners of b lie strictly left of
// every edge of the convex ring xy (right of every edge when sign is
// negative). The whole box is then inside the ring.
func cornersInside(xy []float64, sign float64, b box32) bool {
	x0, y0, x1, y1 := float64(b.minX), float64(b.minY), float64(b.maxX), float64(b.maxY)
	corners := [4][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
	for k := 0; k+3 < len(xy); k += 2 {
		ax, ay, bx, by := xy[k], xy[k+1], xy[k+2], xy[k+3]
		if ax == bx && ay == by {
			continue
		}
		for _, c := range corners {
			if sign*orientation(ax, ay, bx, by, c[0], c[1]) <= 0 {
				return false
			}
		}
	}
	return true
}

// convexSign returns +1 for a convex counter-clockwise closed ring, -1 for
// a convex clockwise one, and false otherwise. A ring is convex when all
// turns have one sign (or are straight) and its x direction changes at
// most twice, which rules out star shapes that wind twice.
func convexSign(xy []float64) (float64, bool) {
	n := len(xy)/2 - 1 // closed: the last vertex repeats the first
	if n < 3 {
		return 0, false
	}
	sign, flips, prevDX := 0.0, 0, 0.0
	for i := range n {
		ax, ay := xy[2*i], xy[2*i+1]
		bx, by := xy[2*((i+1)%n)], xy[2*((i+1)%n)+1]
		cx, cy := xy[2*((i+2)%n)], xy[2*((i+2)%n)+1]
		cross := orientation(ax, ay, bx, by, cx, cy)
		switch {
		case cross == 0:
		case sign == 0:
			sign = math.Copysign(1, cross)
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
