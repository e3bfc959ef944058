package spatial

// AppendContaining appends to dst the index of every item that contains the
// point (lon, lat), with the boundary rule of the package documentation, and
// returns the extended slice. The order of the appended indexes is
// unspecified. It allocates only when dst must grow.
func (ix *Index) AppendContaining(dst []int, lon, lat float64) []int {
	cell := ix.grid.cell(lon, lat)
	for i := range cell {
		e := &cell[i]
		if e.xyStart == linkMarker {
			dst = ix.appendOverflow(dst, e, lon, lat)
		} else if ix.shapes.entryContains(e, lon, lat) {
			dst = append(dst, int(e.item))
		}
	}
	if ix.grid.largeMembers > 0 {
		ix.grid.large.visitPoint(lon, lat, func(k int) bool {
			if ix.shapes.containsAt(k, lon, lat) {
				dst = append(dst, int(ix.item[k]))
			}
			return true
		})
	}
	return dst
}

// Containing returns the index of an item that contains the point
// (lon, lat), and false when none does. When several items contain the
// point it returns one of them, the same one on every call. It stops at the
// first match and never allocates.
func (ix *Index) Containing(lon, lat float64) (int, bool) {
	cell := ix.grid.cell(lon, lat)
	for i := range cell {
		e := &cell[i]
		if e.xyStart == linkMarker {
			if item, ok := ix.firstOverflow(e, lon, lat); ok {
				return item, true
			}
		} else if ix.shapes.entryContains(e, lon, lat) {
			return int(e.item), true
		}
	}
	found := -1
	if ix.grid.largeMembers > 0 {
		ix.grid.large.visitPoint(lon, lat, func(k int) bool {
			if ix.shapes.containsAt(k, lon, lat) {
				found = int(ix.item[k])
				return false
			}
			return true
		})
	}
	return found, found >= 0
}

// appendOverflow appends the items of the overflow entries behind link that
// contain (x, y).
func (ix *Index) appendOverflow(dst []int, link *gridEntry, x, y float64) []int {
	if !link.box.containsPoint(x, y) {
		return dst
	}
	for i := link.pos; i < link.xyEnd; i++ {
		e := &ix.grid.overflow[i]
		if ix.shapes.entryContains(e, x, y) {
			dst = append(dst, int(e.item))
		}
	}
	return dst
}

// firstOverflow returns the item of the first overflow entry behind link
// that contains (x, y).
func (ix *Index) firstOverflow(link *gridEntry, x, y float64) (int, bool) {
	if !link.box.containsPoint(x, y) {
		return -1, false
	}
	for i := link.pos; i < link.xyEnd; i++ {
		e := &ix.grid.overflow[i]
		if ix.shapes.entryContains(e, x, y) {
			return int(e.item), true
		}
	}
	return -1, false
}

// AppendCandidates appends to dst the index of every item whose bounding
// box intersects b, and returns the extended slice. It tests boxes only: the
// items themselves may not meet b. It allocates only when dst must grow.
func (ix *Index) AppendCandidates(dst []int, b Box) []int {
	ix.visitCandidates(b, func(k int) bool {
		dst = append(dst, int(ix.item[k]))
		return true
	})
	return dst
}

// visitCandidates calls visit with the Hilbert position of every item whose
// exact box intersects b, until visit returns false.
func (ix *Index) visitCandidates(b Box, visit func(k int) bool) {
	ix.all.visitBox(b, func(k int) bool {
		if !ix.shapes.box[k].Intersects(b) {
			return true
		}
		return visit(k)
	})
}
