package layers

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/shuxiang/shuxiang/land/topology"
	"github.com/twpayne/go-geom"
)

// DefaultMinArea is the overlap in m² at or below which [Map.ContractedOnStateLand]
// counts two features as only touching.
const DefaultMinArea = 1.0

// Overlay is a feature of one layer that overlaps a feature of another.
type Overlay struct {
	ID      string  // feature of the first layer
	OtherID string  // feature of the second layer
	Area    float64 // m² of their intersection on CGCS2000
}

// ContractedOnStateLand returns each contracted plot that overlaps a state
// land feature by more than minArea m² (zero means [DefaultMinArea]),
// sorted by plot ID and then state land ID. Contracted plots on state land
// point at a registration error or at state land contracted out.
func (m *Map) ContractedOnStateLand(minArea float64) ([]Overlay, error) {
	plots, err := m.need(ContractedPlots)
	if err != nil {
		return nil, err
	}
	state, err := m.need(StateLand)
	if err != nil {
		return nil, err
	}
	if minArea == 0 {
		minArea = DefaultMinArea
	}
	if !(minArea > 0) || math.IsInf(minArea, 1) {
		return nil, fmt.Errorf("layers: invalid minimum area %v m²: expected a finite value > 0", minArea)
	}
	return overlays(plots, state, minArea)
}

// overlays returns the pairs of features of a and b that overlap by more
// than minArea m².
func overlays(a, b *Layer, minArea float64) ([]Overlay, error) {
	var out []Overlay
	var candidates []int
	for i := range a.features {
		fa := a.features[i]
		candidates = b.index.AppendCandidates(candidates[:0], a.index.Bounds(i))
		for _, j := range candidates {
			fb := b.features[j]
			area, err := topology.IntersectionArea(fa.Geometry, fb.Geometry)
			if err != nil {
				return nil, fmt.Errorf("layers: %s %q and %s %q: %w", a.kind, fa.ID, b.kind, fb.ID, err)
			}
			if area > minArea {
				out = append(out, Overlay{ID: fa.ID, OtherID: fb.ID, Area: area})
			}
		}
	}
	slices.SortFunc(out, func(x, y Overlay) int {
		return cmp.Or(cmp.Compare(x.ID, y.ID), cmp.Compare(x.OtherID, y.OtherID))
	})
	return out, nil
}

// PlotArea is an area in m² within one contracted plot.
type PlotArea struct {
	ID   string
	Area float64
}

// ContractedOnSaline returns the area in m² on saline land of each
// contracted plot that overlaps the saline land layer, sorted by plot ID,
// and the total over all plots. Where saline features overlap each other,
// the shared area counts once.
func (m *Map) ContractedOnSaline() (plots []PlotArea, total float64, err error) {
	contracted, err := m.need(ContractedPlots)
	if err != nil {
		return nil, 0, err
	}
	saline, err := m.need(SalineLand)
	if err != nil {
		return nil, 0, err
	}
	for i, f := range contracted.features {
		area, err := coveredArea(f.Geometry, saline, contracted.index.Bounds(i))
		if err != nil {
			return nil, 0, fmt.Errorf("layers: contracted plot %q on saline land: %w", f.ID, err)
		}
		if area > 0 {
			plots = append(plots, PlotArea{ID: f.ID, Area: area})
			total += area
		}
	}
	slices.SortFunc(plots, func(x, y PlotArea) int { return cmp.Compare(x.ID, y.ID) })
	return plots, total, nil
}

// coveredArea returns the area in m² of g covered by the union of the
// features of cover whose boxes meet box.
func coveredArea(g geom.T, cover *Layer, box spatial.Box) (float64, error) {
	candidates := cover.index.AppendCandidates(nil, box)
	switch len(candidates) {
	case 0:
		return 0, nil
	case 1:
		return topology.IntersectionArea(g, cover.features[candidates[0]].Geometry)
	}
	parts := make([]geom.T, len(candidates))
	for k, j := range candidates {
		parts[k] = cover.features[j].Geometry
	}
	union, err := topology.Union(parts)
	if err != nil {
		return 0, err
	}
	return topology.IntersectionArea(g, union)
}

// Coverage is the high-standard farmland share of one village's
// contracted land.
type Coverage struct {
	Village          land.DivisionCode
	ContractedArea   float64 // m² of contracted plots in the village
	HighStandardArea float64 // m² of that in high-standard farmland
	Share            float64 // HighStandardArea / ContractedArea, 0 when there is none
}

// HighStandardCoverage returns the high-standard farmland coverage of the
// contracted plots of each village, sorted by village code. With a Villages
// layer, a plot counts in each village by the area inside its boundary,
// and the village code is the boundary's Attributes.Village (or its ID
// when that is empty). Without one, plots count whole in the village of
// their Attributes.Village. With a HighStandardFarmland layer the covered
// area is the overlay with it; without one it is the area of plots whose
// Attributes.HighStandard is set.
func (m *Map) HighStandardCoverage() ([]Coverage, error) {
	plots, err := m.need(ContractedPlots)
	if err != nil {
		return nil, err
	}
	byVillage := map[land.DivisionCode]*Coverage{}
	add := func(village land.DivisionCode, area, covered float64) {
		c := byVillage[village]
		if c == nil {
			c = &Coverage{Village: village}
			byVillage[village] = c
		}
		c.ContractedArea += area
		c.HighStandardArea += covered
	}
	if villages := m.Layer(Villages); villages != nil {
		err = m.coverageByBoundary(plots, villages, add)
	} else {
		err = m.coverageByAttribute(plots, add)
	}
	if err != nil {
		return nil, err
	}
	return sortedCoverage(byVillage), nil
}

func (m *Map) coverageByBoundary(plots, villages *Layer, add func(land.DivisionCode, float64, float64)) error {
	var candidates []int
	for v, village := range villages.features {
		code := village.Village
		if code == "" {
			code = land.DivisionCode(village.ID)
		}
		candidates = plots.index.AppendCandidates(candidates[:0], villages.index.Bounds(v))
		for _, p := range candidates {
			plot := plots.features[p]
			inside, err := topology.Intersection(plot.Geometry, village.Geometry)
			if err != nil {
				return fmt.Errorf("layers: plot %q in village %q: %w", plot.ID, village.ID, err)
			}
			area := geodesy.Area(inside)
			if area == 0 {
				continue
			}
			covered, err := m.highStandardArea(plot, inside, area)
			if err != nil {
				return fmt.Errorf("layers: plot %q in village %q: %w", plot.ID, village.ID, err)
			}
			add(code, area, covered)
		}
	}
	return nil
}

func (m *Map) coverageByAttribute(plots *Layer, add func(land.DivisionCode, float64, float64)) error {
	for _, plot := range plots.features {
		area := geodesy.Area(plot.Geometry)
		covered, err := m.highStandardArea(plot, plot.Geometry, area)
		if err != nil {
			return fmt.Errorf("layers: plot %q: %w", plot.ID, err)
		}
		add(plot.Village, area, covered)
	}
	return nil
}

// highStandardArea returns how much of part (of plot, area m²) is
// high-standard farmland.
func (m *Map) highStandardArea(plot Feature, part geom.T, area float64) (float64, error) {
	hsf := m.Layer(HighStandardFarmland)
	if hsf == nil {
		if plot.HighStandard {
			return area, nil
		}
		return 0, nil
	}
	return coveredArea(part, hsf, boundsOf(part))
}

// boundsOf returns the bounding box of g, empty when g has no coordinates.
func boundsOf(g geom.T) spatial.Box {
	flat, stride := g.FlatCoords(), g.Stride()
	b := spatial.Box{MinLon: math.Inf(1), MinLat: math.Inf(1), MaxLon: math.Inf(-1), MaxLat: math.Inf(-1)}
	for k := 0; k+1 < len(flat) && stride >= 2; k += stride {
		b.MinLon, b.MaxLon = min(b.MinLon, flat[k]), max(b.MaxLon, flat[k])
		b.MinLat, b.MaxLat = min(b.MinLat, flat[k+1]), max(b.MaxLat, flat[k+1])
	}
	return b
}

func sortedCoverage(byVillage map[land.DivisionCode]*Coverage) []Coverage {
	out := make([]Coverage, 0, len(byVillage))
	for _, c := range byVillage {
		if c.ContractedArea > 0 {
			c.Share = c.HighStandardArea / c.ContractedArea
		}
		out = append(out, *c)
	}
	slices.SortFunc(out, func(x, y Coverage) int { return cmp.Compare(x.Village, y.Village) })
	return out
}
