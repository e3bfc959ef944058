package spatial

// VisitBoxPairs calls visit(i, j), with i < j, once for every pair of
// items whose bounding boxes intersect (edges included), until visit
// returns false. Work is split into shards: a call with shard s of n
// visits only its share of the pairs, and the calls for s = 0..n-1
// together visit each pair exactly once, so n goroutines can share the
// work. It visits nothing unless 0 <= shard < shards.
func (ix *Index) VisitBoxPairs(shard, shards int, visit func(i, j int) bool) {
	if shard < 0 || shard >= shards {
		return
	}
	// Cells are dealt out in blocks of rows so each shard reads memory in runs.
	const rowsPerBlock = 8
	g := &ix.grid
	var cell []gridEntry
	for row0 := shard * rowsPerBlock; row0 < g.ny; row0 += shards * rowsPerBlock {
		for cy := row0; cy < min(row0+rowsPerBlock, g.ny); cy++ {
			for cx := range g.nx {
				cell = g.appendCell(cell[:0], cy*g.nx+cx)
				if !ix.visitCellPairs(cell, cx, cy, visit) {
					return
				}
			}
		}
	}
	ix.visitLargePairs(shard, shards, visit)
}

// appendCell appends the entries of cell c, overflow included.
func (g *grid) appendCell(dst []gridEntry, c int) []gridEntry {
	for _, e := range g.slots[c*cellSlots : (c+1)*cellSlots] {
		switch {
		case e.xyStart == linkMarker:
			dst = append(dst, g.overflow[e.pos:e.xyEnd]...)
		case e.pos >= 0:
			dst = append(dst, e)
		}
	}
	return dst
}

// visitCellPairs visits the pairs of cell (cx, cy) whose box intersection
// has its lower-left corner in this cell, so a pair that shares several
// cells is visited once.
func (ix *Index) visitCellPairs(cell []gridEntry, cx, cy int, visit func(i, j int) bool) bool {
	g := &ix.grid
	for a := range cell {
		ba := ix.shapes.box[cell[a].pos]
		for b := a + 1; b < len(cell); b++ {
			bb := ix.shapes.box[cell[b].pos]
			if !ba.Intersects(bb) {
				continue
			}
			if g.column(max(ba.MinLon, bb.MinLon)) != cx || g.row(max(ba.MinLat, bb.MinLat)) != cy {
				continue
			}
			i, j := int(cell[a].item), int(cell[b].item)
			if !visit(min(i, j), max(i, j)) {
				return false
			}
		}
	}
	return true
}

// visitLargePairs visits the pairs that include an item kept out of the
// grid: each large item with every item whose box meets it, and two large
// items once.
func (ix *Index) visitLargePairs(shard, shards int, visit func(i, j int) bool) {
	g := &ix.grid
	if g.largeMembers == 0 {
		return
	}
	leaves := g.large.refs[:g.large.levels[1]]
	for n, k := range leaves {
		if k < 0 || n%shards != shard {
			continue
		}
		keep := true
		ix.visitCandidates(ix.shapes.box[k], func(other int) bool {
			if other == int(k) || (g.isLarge[other] && other < int(k)) {
				return true
			}
			i, j := int(ix.item[k]), int(ix.item[other])
			keep = visit(min(i, j), max(i, j))
			return keep
		})
		if !keep {
			return
		}
	}
}
