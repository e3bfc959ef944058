package benchdata

import "github.com/twpayne/go-geom"

// PlotsWithOverlaps returns a copy of s.Plots in which each plot named in
// s.Overlaps has its replacement shape. Plots keep their order and IDs.
func (s *Set) PlotsWithOverlaps() []Plot {
	replaced := make(map[int]*geom.Polygon, len(s.Overlaps))
	for _, o := range s.Overlaps {
		replaced[o.ID] = o.Polygon
	}
	plots := make([]Plot, len(s.Plots))
	for i, p := range s.Plots {
		if poly, ok := replaced[p.ID]; ok {
			p.Polygon = poly
		}
		plots[i] = p
	}
	return plots
}

// Pair is an unordered pair of plot IDs with Low < High.
type Pair struct{ Low, High int }

// ExpectedPairs returns the overlapping pairs that [Set.PlotsWithOverlaps]
// contains: one per replacement, between the replaced plot and its neighbour.
func (s *Set) ExpectedPairs() map[Pair]bool {
	pairs := make(map[Pair]bool, len(s.Overlaps))
	for _, o := range s.Overlaps {
		p := Pair{Low: o.ID, High: o.NeighbourID}
		if p.Low > p.High {
			p.Low, p.High = p.High, p.Low
		}
		pairs[p] = true
	}
	return pairs
}

// Polygons returns the polygons of plots in order.
func Polygons(plots []Plot) []*geom.Polygon {
	polys := make([]*geom.Polygon, len(plots))
	for i, p := range plots {
		polys[i] = p.Polygon
	}
	return polys
}
