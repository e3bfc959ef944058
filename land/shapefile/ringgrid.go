package shapefile

import "math"

// ringGrid buckets the bounding boxes of a record's rings in a uniform
// grid, so that finding the rings around a point visits the rings near it
// instead of every ring of the record. A record of thousands of islands
// and holes then assembles in about linear time.
type ringGrid struct {
	area   box
	side   int       // cells per side
	cells  [][]int32 // ring indexes whose box overlaps each cell
	wide   []int32   // rings whose box spans more than maxCells cells
	origin []int     // ring index of each grid entry
}

// maxCells is the most cells a ring's box is entered in; wider rings are
// visited for every point.
//
// NOTE: A record of many wide rings, such as thousands of concentric
// rings, still pairs every ring with every other.
const maxCells = 16

// newRingGrid indexes the rings for which keep is true.
func newRingGrid(rings []ring, keep func(r ring) bool) *ringGrid {
	g := &ringGrid{area: box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}}
	for i, r := range rings {
		if keep(r) {
			g.origin = append(g.origin, i)
			g.area = g.area.union(r.box)
		}
	}
	g.side = 1
	if g.area.maxX > g.area.minX && g.area.maxY > g.area.minY && !math.IsInf(g.area.maxX-g.area.minX, 0) &&
		!math.IsInf(g.area.maxY-g.area.minY, 0) {
		g.side = min(1024, int(math.Ceil(math.Sqrt(float64(len(g.origin))))))
	}
	g.cells = make([][]int32, g.side*g.side)
	for k, i := range g.origin {
		g.add(int32(k), rings[i].box)
	}
	return g
}

// add enters the ring with grid entry k and box b. A ring without finite
// coordinates has an empty box, contains nothing and is left out.
func (g *ringGrid) add(k int32, b box) {
	if !(b.minX <= b.maxX && b.minY <= b.maxY) {
		return
	}
	x0, y0 := g.cell(b.minX, b.minY)
	x1, y1 := g.cell(b.maxX, b.maxY)
	if (x1-x0+1)*(y1-y0+1) > maxCells {
		g.wide = append(g.wide, k)
		return
	}
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			g.cells[y*g.side+x] = append(g.cells[y*g.side+x], k)
		}
	}
}

// cell returns the column and row of the cell holding (x, y), clamped to
// the grid. NaN falls in cell 0.
func (g *ringGrid) cell(x, y float64) (int, int) {
	return g.index(x, g.area.minX, g.area.maxX), g.index(y, g.area.minY, g.area.maxY)
}

// index returns the cell number of v along an axis from lo to hi. It is
// monotonic in v, so a point inside a box falls in a cell the box covers.
func (g *ringGrid) index(v, lo, hi float64) int {
	switch {
	case g.side == 1 || !(v > lo):
		return 0
	case !(v < hi):
		return g.side - 1
	}
	return min(int((v-lo)/(hi-lo)*float64(g.side)), g.side-1)
}

// each calls fn with the index of every indexed ring whose box may contain
// the point (x, y), each ring once and in no set order.
func (g *ringGrid) each(x, y float64, fn func(i int)) {
	cx, cy := g.cell(x, y)
	for _, k := range g.cells[cy*g.side+cx] {
		fn(g.origin[k])
	}
	for _, k := range g.wide {
		fn(g.origin[k])
	}
}

// union returns the smallest box covering b and o.
func (b box) union(o box) box {
	return box{min(b.minX, o.minX), min(b.minY, o.minY), max(b.maxX, o.maxX), max(b.maxY, o.maxY)}
}

// smallRecord is the most rings of a record that are paired without a
// grid: for so few the grid costs more than it saves.
const smallRecord = 32

// around returns a function that calls fn with the index of every ring,
// among those for which keep is true, that may contain the point (x, y).
func around(rings []ring, keep func(r ring) bool) func(x, y float64, fn func(i int)) {
	if len(rings) > smallRecord {
		return newRingGrid(rings, keep).each
	}
	return func(_, _ float64, fn func(i int)) {
		for i, r := range rings {
			if keep(r) {
				fn(i)
			}
		}
	}
}
