package spatial

import (
	"math"
	"math/bits"
)

// nodeSize is the number of boxes per R-tree node. Every level is padded to
// a multiple of nodeSize with empty boxes, so each node has exactly this
// many entries.
const nodeSize = 16

// maxLevels bounds the tree height. With nodeSize 16 and fewer than 2^31
// items the tree has at most 8 levels.
const maxLevels = 8

// stackSize bounds the search stack: at most nodeSize pending nodes per level.
const stackSize = maxLevels * nodeSize

// tree is a packed R-tree over boxes given in their final order.
type tree struct {
	levels []int32 // start entry of each level, leaves first, then the total
	boxes  []box32 // every entry of every level, rounded outwards
	refs   []int32 // leaf: Hilbert position of the item; upper level: first entry of the child node
}

// buildTree packs the boxes of the items at positions bottom-up.
func buildTree(boxes []Box, positions []int32) tree {
	leaves := padded(len(positions))
	t := tree{
		boxes: make([]box32, 0, leaves+leaves/(nodeSize-1)+nodeSize),
		refs:  make([]int32, 0, leaves+leaves/(nodeSize-1)+nodeSize),
	}
	for _, k := range positions {
		t.boxes = append(t.boxes, roundOut(boxes[k]))
		t.refs = append(t.refs, k)
	}
	t.padLevel()

	start := 0
	for {
		t.levels = append(t.levels, int32(start))
		end := len(t.boxes)
		if end-start <= nodeSize {
			break
		}
		for node := start; node < end; node += nodeSize {
			b := emptyBox32
			for _, child := range t.boxes[node : node+nodeSize] {
				b = b.union(child)
			}
			t.boxes = append(t.boxes, b)
			t.refs = append(t.refs, int32(node))
		}
		t.padLevel()
		start = end
	}
	t.levels = append(t.levels, int32(len(t.boxes)))
	return t
}

func (t *tree) padLevel() {
	for len(t.boxes)%nodeSize != 0 || len(t.boxes) == 0 {
		t.boxes = append(t.boxes, emptyBox32)
		t.refs = append(t.refs, -1)
	}
}

func padded(n int) int {
	return max(nodeSize, (n+nodeSize-1)/nodeSize*nodeSize)
}

func (t *tree) isEmpty() bool { return len(t.levels) == 0 }

// visitPoint calls visit with the position of every item whose box may
// contain (x, y), until visit returns false.
func (t *tree) visitPoint(x, y float64, visit func(k int) bool) {
	if t.isEmpty() {
		return
	}
	var stack [stackSize]int32
	stack[0] = t.levels[len(t.levels)-2]
	sp := 1
	leafEnd := t.levels[1]
	for sp > 0 {
		sp--
		node := stack[sp]
		hits := pointMask(t.boxes[node:node+nodeSize], x, y)
		for ; hits != 0; hits &= hits - 1 {
			e := node + int32(bits.TrailingZeros32(hits))
			if node >= leafEnd {
				stack[sp] = t.refs[e]
				sp++
			} else if !visit(int(t.refs[e])) {
				return
			}
		}
	}
}

// visitBox calls visit with the position of every item whose box may
// intersect b, until visit returns false.
func (t *tree) visitBox(b Box, visit func(k int) bool) {
	if t.isEmpty() {
		return
	}
	var stack [stackSize]int32
	stack[0] = t.levels[len(t.levels)-2]
	sp := 1
	leafEnd := t.levels[1]
	for sp > 0 {
		sp--
		node := stack[sp]
		for e := node; e < node+nodeSize; e++ {
			if !t.boxes[e].intersects(b) {
				continue
			}
			if node >= leafEnd {
				stack[sp] = t.refs[e]
				sp++
			} else if !visit(int(t.refs[e])) {
				return
			}
		}
	}
}

// pointMask returns a bit per box of one node, set where the box contains
// (x, y). The comparisons are combined without branches, because a branch
// per box mispredicts often and then dominates the search.
func pointMask(node []box32, x, y float64) uint32 {
	var mask uint32
	for e := range node[:nodeSize] {
		b := &node[e]
		in := bit(float64(b.minX) <= x) & bit(x <= float64(b.maxX)) &
			bit(float64(b.minY) <= y) & bit(y <= float64(b.maxY))
		mask |= in << e
	}
	return mask
}

func bit(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// box32 is a Box rounded outwards to float32, so that a node of 16 boxes
// fills four 64-byte cache lines. A point or box up to one float32 step
// (under 1 m at lon 78) outside the exact box may pass a test against it,
// so callers check hits again against the exact geometry or box.
type box32 struct {
	minX, minY, maxX, maxY float32
}

var emptyBox32 = box32{float32(math.Inf(1)), float32(math.Inf(1)),
	float32(math.Inf(-1)), float32(math.Inf(-1))}

func roundOut(b Box) box32 {
	if b.IsEmpty() {
		return emptyBox32
	}
	return box32{roundDown(b.MinLon), roundDown(b.MinLat), roundUp(b.MaxLon), roundUp(b.MaxLat)}
}

func roundDown(v float64) float32 {
	f := float32(v)
	if float64(f) > v {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func roundUp(v float64) float32 {
	f := float32(v)
	if float64(f) < v {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

func (b box32) containsPoint(x, y float64) bool {
	return float64(b.minX) <= x && x <= float64(b.maxX) &&
		float64(b.minY) <= y && y <= float64(b.maxY)
}

func (b box32) intersects(o Box) bool {
	return float64(b.minX) <= o.MaxLon && o.MinLon <= float64(b.maxX) &&
		float64(b.minY) <= o.MaxLat && o.MinLat <= float64(b.maxY)
}

func (b box32) union(o box32) box32 {
	return box32{min(b.minX, o.minX), min(b.minY, o.minY), max(b.maxX, o.maxX), max(b.maxY, o.maxY)}
}
