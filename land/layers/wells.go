package layers

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/shuxiang/shuxiang/land/spatial"
)

// FarWell is a well registered to irrigate a plot that lies farther from
// it than a limit, or that the contracted plot layer lacks.
type FarWell struct {
	WellID   string
	PlotID   string
	Distance float64 // metres from the well to the plot's nearest point; NaN when PlotMissing
	// PlotMissing reports that no contracted plot has PlotID.
	PlotMissing bool
}

// WellsFarFromPlots returns every registration (a well's Attributes.Irrigates
// entry) whose plot lies more than maxDistance metres from the well, and
// every registration naming a plot the ContractedPlots layer lacks, sorted
// by well ID and then plot ID. Distances are ellipsoidal in a local plane,
// as [spatial.Distance] computes them, and 0 for a well inside its plot.
func (m *Map) WellsFarFromPlots(maxDistance float64) ([]FarWell, error) {
	if !(maxDistance >= 0) || math.IsInf(maxDistance, 1) {
		return nil, fmt.Errorf("layers: invalid distance %v m: expected a finite value >= 0", maxDistance)
	}
	wells, err := m.need(Wells)
	if err != nil {
		return nil, err
	}
	plots, err := m.need(ContractedPlots)
	if err != nil {
		return nil, err
	}

	var out []FarWell
	for _, well := range wells.features {
		for _, plotID := range well.Irrigates {
			plot, ok := plots.Lookup(plotID)
			if !ok {
				out = append(out, FarWell{WellID: well.ID, PlotID: plotID, Distance: math.NaN(), PlotMissing: true})
				continue
			}
			d, err := spatial.Distance(well.Geometry, plot.Geometry)
			if err != nil {
				return nil, fmt.Errorf("layers: well %q to plot %q: %w", well.ID, plotID, err)
			}
			if d > maxDistance {
				out = append(out, FarWell{WellID: well.ID, PlotID: plotID, Distance: d})
			}
		}
	}
	slices.SortFunc(out, func(x, y FarWell) int {
		return cmp.Or(cmp.Compare(x.WellID, y.WellID), cmp.Compare(x.PlotID, y.PlotID))
	})
	return out, nil
}
