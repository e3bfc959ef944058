package spatial

import "math"

// maxCellsPerItem is the largest number of grid cells an item is entered
// in. Items whose box spans more cells go into a separate R-tree, so one
// village-sized polygon does not fill thousands of cells.
const maxCellsPerItem = 64

// cellSlots is the number of entries stored inline per grid cell, 192
// bytes. With about one cell per item, 99% of the cells of evenly spread
// plots hold at most four.
const cellSlots = 4

// linkMarker in gridEntry.xyStart marks the last slot of a full cell: its
// box covers the cell's further entries, which are
// overflow[entry.pos:entry.xyEnd].
const linkMarker = -2

// grid is a uniform grid over the extent of the items, used for point
// lookups. Cell (cx, cy) lists, in slots[c*cellSlots:(c+1)*cellSlots]
// with c = cy*nx+cx, every small item whose box overlaps the cell, with
// the box and ring range inline, so that a lookup reads the cell's slots
// and then the ring's coordinates and nothing else. Unused slots hold an
// empty box.
type grid struct {
	minX, minY   float64
	scaleX       float64 // cells per degree of longitude
	scaleY       float64 // cells per degree of latitude
	nx, ny       int
	slots        []gridEntry
	overflow     []gridEntry
	large        tree   // items spanning more than maxCellsPerItem cells
	largeMembers int    // number of items in large
	isLarge      []bool // per position: whether the item is in large; nil when none is
}

// gridEntry is one item in one cell, 48 bytes. A polygon of one ring keeps
// its coordinate range here, so testing it reads no other index array, and
// a convex one keeps a box inside it, so a point in that box needs no ring
// test at all.
type gridEntry struct {
	box     box32
	inner   box32 // inside the polygon, or empty
	item    int32 // index in the input slice
	pos     int32 // Hilbert position
	xyStart int32 // offset of the only ring in flatShapes.xy, or -1
	xyEnd   int32
}

// buildGrid sizes the grid to about one cell per item over the extent of
// boxes, so a cell lists a few items when items are spread evenly.
func buildGrid(shapes *flatShapes, items []int32) grid {
	boxes := shapes.box
	extent := emptyBox
	for _, b := range boxes {
		if !b.IsEmpty() {
			extent = extent.union(b)
		}
	}
	g := grid{nx: 1, ny: 1}
	if extent.IsEmpty() {
		g.slots = emptySlots(1)
		return g
	}
	g.minX, g.minY = extent.MinLon, extent.MinLat
	g.sizeCells(extent, len(boxes))

	var large []int32
	counts := make([]int32, g.nx*g.ny+1)
	for k, b := range boxes {
		if b.IsEmpty() {
			continue
		}
		x0, y0, x1, y1 := g.cellRange(b)
		if (x1-x0+1)*(y1-y0+1) > maxCellsPerItem {
			large = append(large, int32(k))
			continue
		}
		for cy := y0; cy <= y1; cy++ {
			for cx := x0; cx <= x1; cx++ {
				counts[cy*g.nx+cx+1]++
			}
		}
	}
	g.fill(shapes, items, counts, large)
	return g
}

// sizeCells picks nx and ny for about n cells in total, square in degrees.
func (g *grid) sizeCells(extent Box, n int) {
	w := extent.MaxLon - extent.MinLon
	h := extent.MaxLat - extent.MinLat
	cells := max(n, 1)
	switch {
	case w <= 0 && h <= 0:
	case w <= 0:
		g.ny = cells
	case h <= 0:
		g.nx = cells
	default:
		side := math.Sqrt(w * h / float64(cells))
		g.nx = int(math.Ceil(w / side))
		g.ny = int(math.Ceil(h / side))
	}
	g.nx, g.ny = max(g.nx, 1), max(g.ny, 1)
	if w > 0 {
		g.scaleX = float64(g.nx) / w
	}
	if h > 0 {
		g.scaleY = float64(g.ny) / h
	}
}

// fill turns per-cell counts into offsets and writes the entries.
func (g *grid) fill(shapes *flatShapes, items []int32, counts []int32, large []int32) {
	boxes := shapes.box
	for c := 1; c < len(counts); c++ {
		counts[c] += counts[c-1]
	}
	entries := make([]gridEntry, counts[len(counts)-1])
	next := make([]int32, len(counts)-1)
	copy(next, counts)
	isLarge := make([]bool, len(boxes))
	for _, k := range large {
		isLarge[k] = true
	}
	for k, b := range boxes {
		if b.IsEmpty() || isLarge[k] {
			continue
		}
		entry := gridEntry{box: roundOut(b), inner: emptyBox32, item: items[k], pos: int32(k), xyStart: -1}
		if ring, ok := shapes.singleRing(k); ok {
			entry.xyStart, entry.xyEnd = ring[0], ring[1]
			entry.inner = innerBox(shapes.xy[ring[0]:ring[1]], b)
		}
		x0, y0, x1, y1 := g.cellRange(b)
		for cy := y0; cy <= y1; cy++ {
			for cx := x0; cx <= x1; cx++ {
				c := cy*g.nx + cx
				entries[next[c]] = entry
				next[c]++
			}
		}
	}
	g.slots = emptySlots(g.nx * g.ny)
	for c := 0; c+1 < len(counts); c++ {
		g.setCell(c, entries[counts[c]:counts[c+1]])
	}
	if len(large) > 0 {
		g.large = buildTree(boxes, large)
		g.largeMembers = len(large)
		g.isLarge = isLarge
	}
}

// cellRange returns the cells that box b overlaps.
func (g *grid) cellRange(b Box) (x0, y0, x1, y1 int) {
	return g.column(b.MinLon), g.row(b.MinLat), g.column(b.MaxLon), g.row(b.MaxLat)
}

// column returns the grid column of longitude x, clamped to the grid. The
// mapping is monotonic, so a point inside a box falls in the box's cells.
func (g *grid) column(x float64) int {
	return clampCell((x-g.minX)*g.scaleX, g.nx)
}

func (g *grid) row(y float64) int {
	return clampCell((y-g.minY)*g.scaleY, g.ny)
}

func clampCell(v float64, n int) int {
	if !(v > 0) {
		return 0
	}
	if v >= float64(n) {
		return n - 1
	}
	return int(v)
}

func emptySlots(cells int) []gridEntry {
	slots := make([]gridEntry, cells*cellSlots)
	for i := range slots {
		slots[i] = gridEntry{box: emptyBox32, inner: emptyBox32, item: -1, pos: -1, xyStart: -1}
	}
	return slots
}

// setCell stores the entries of cell c in its slots, moving all but the
// first cellSlots-1 to overflow behind a link when they do not fit.
func (g *grid) setCell(c int, entries []gridEntry) {
	slots := g.slots[c*cellSlots : (c+1)*cellSlots]
	if len(entries) <= cellSlots {
		copy(slots, entries)
		return
	}
	copy(slots, entries[:cellSlots-1])
	rest := entries[cellSlots-1:]
	link := gridEntry{box: emptyBox32, inner: emptyBox32, item: -1, xyStart: linkMarker,
		pos: int32(len(g.overflow)), xyEnd: int32(len(g.overflow) + len(rest))}
	for _, e := range rest {
		link.box = link.box.union(e.box)
	}
	slots[cellSlots-1] = link
	g.overflow = append(g.overflow, rest...)
}

// cell returns the slots of the cell holding (x, y).
func (g *grid) cell(x, y float64) *[cellSlots]gridEntry {
	c := g.row(y)*g.nx + g.column(x)
	return (*[cellSlots]gridEntry)(g.slots[c*cellSlots : (c+1)*cellSlots])
}
