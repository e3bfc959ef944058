package clean

import "github.com/twpayne/go-geom"

// assignRoles sorts the rings of p into outer rings and holes by how deeply
// each is nested in the others, and sets p.groups to one output polygon per
// outer ring. containers[j] lists the rings that contain ring j. Rings at
// even depth are outer rings, and ring 0 must be one of them. Rings at odd
// depth are holes of the ring just around them. An outer ring in hole
// position is an island when it winds like ring 0 and a misplaced hole
// otherwise. assignRoles reports whether the structure is valid.
func (c *checker) assignRoles(p *part, containers [][]int, where place) bool {
	n := len(p.rings)
	depth := func(j int) int { return len(containers[j]) }
	parent := make([]int, n)
	for j := range parent {
		parent[j] = -1
		for _, k := range containers[j] {
			if parent[j] < 0 || depth(k) > depth(parent[j]) {
				parent[j] = k
			}
		}
	}

	ok := true
	for _, k := range containers[0] {
		c.add(CodeHoleOutsideShell, BothRules, false, c.ringPlace(where, k), p.firstVertex(k, c.stride),
			"hole encloses the shell; a hole must lie inside the shell")
		ok = false
	}
	if !ok {
		return false
	}

	groupOf := make([]int, n)
	for j := range groupOf {
		groupOf[j] = -1
	}
	groupOf[0] = 0
	groups := [][]int{{0}}
	shellCCW := p.rings[0].area2 > 0
	for j := 1; j < n; j++ {
		if depth(j)%2 == 1 {
			continue
		}
		at, loc := c.ringPlace(where, j), p.firstVertex(j, c.stride)
		switch {
		case (p.rings[j].area2 > 0) == shellCCW:
			groupOf[j] = len(groups)
			groups = append(groups, []int{j})
			c.addIsland(at, loc, depth(j), parent[j])
		case depth(j) == 0:
			c.add(CodeHoleOutsideShell, BothRules, false, at, loc, "hole lies outside the shell")
			ok = false
		default:
			c.add(CodeNestedHoles, BothRules, false, at, loc, "hole lies inside hole %d", parent[j])
			ok = false
		}
	}
	if !ok {
		return false
	}

	for j := 1; j < n; j++ {
		if depth(j)%2 == 0 {
			continue
		}
		g := groupOf[parent[j]]
		if g < 0 {
			c.add(CodeNestedHoles, BothRules, false, c.ringPlace(where, j), p.firstVertex(j, c.stride),
				"hole lies inside hole %d", parent[j])
			return false
		}
		groups[g] = append(groups[g], j)
	}
	p.groups = groups
	return true
}

// addIsland records a ring in hole position that is an outer ring.
func (c *checker) addIsland(at place, loc geom.Coord, depth, parent int) {
	if depth == 0 {
		c.add(CodeIsland, OGC, true, at, loc,
			"ring lies outside the shell and winds like it, so it is a separate outer ring; "+
				"the ESRI rule allows several outer rings in one polygon and OGC does not, "+
				"so the repair makes it a polygon of its own")
		return
	}
	c.add(CodeIsland, OGC, true, at, loc,
		"ring lies inside hole %d and winds like the shell, so it is an island in that hole; "+
			"the repair makes it a polygon of its own", parent)
}

func (c *checker) ringPlace(where place, j int) place {
	where.ring = j
	return where
}

// firstVertex returns the first vertex of ring j as a location.
func (p *part) firstVertex(j, stride int) geom.Coord {
	v := p.rings[j].at(0, stride)
	return geom.Coord{v.x, v.y}
}

// checkConnectivity records the first touch that cuts the interior of an
// output polygon in pieces. Rings and touch points form a graph with an edge
// from each ring to each point where it touches another ring of the same
// polygon. The interior is connected exactly when that graph has no cycle,
// which is also the criterion of simplefeatures.
func (c *checker) checkConnectivity(p *part, touching []ringPair, where place) {
	groupOf := make([]int, len(p.rings))
	for g, group := range p.groups {
		for _, j := range group {
			groupOf[j] = g
		}
	}
	sets := newUnionFind(len(p.rings))
	pointNode := make(map[xy]int)
	type link struct{ ring, node int }
	linked := make(map[link]bool)
	for _, tp := range touching {
		if groupOf[tp.i] != groupOf[tp.j] {
			continue
		}
		for _, t := range tp.touches {
			node, ok := pointNode[t]
			if !ok {
				node = sets.add()
				pointNode[t] = node
			}
			for _, j := range [2]int{tp.i, tp.j} {
				if linked[link{j, node}] {
					continue
				}
				linked[link{j, node}] = true
				if sets.union(j, node) {
					continue
				}
				c.add(CodeDisconnectedInterior, OGC, false, c.ringPlace(where, tp.j),
					geom.Coord{t.x, t.y},
					"ring %d and ring %d touch at %s; together with the other touches between "+
						"rings this cuts the interior of the polygon in pieces",
					tp.i, tp.j, formatXY(t.x, t.y))
				return
			}
		}
	}
}

// unionFind is a disjoint-set forest over node indexes.
type unionFind struct{ parent []int }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, 0, n)}
	for i := 0; i < n; i++ {
		u.add()
	}
	return u
}

// add creates a node in a set of its own and returns its index.
func (u *unionFind) add() int {
	u.parent = append(u.parent, len(u.parent))
	return len(u.parent) - 1
}

func (u *unionFind) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union merges the sets of a and b and reports false when they were already
// one set.
func (u *unionFind) union(a, b int) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	u.parent[ra] = rb
	return true
}
