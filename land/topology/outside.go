package topology

import (
	"cmp"
	"fmt"
	"slices"

	sf "github.com/peterstace/simplefeatures/geom"
	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/twpayne/go-geom"
	"golang.org/x/sync/errgroup"
)

// Protrusion is a plot with more than [Options.MinOverlap] of its area
// outside a boundary.
type Protrusion struct {
	Index   int                // position of the plot in the input slice
	Area    float64            // m² outside the boundary, on CGCS2000
	Outside *geom.MultiPolygon // the part outside, in lon/lat degrees
}

// Outside returns the plots that stick out of boundary (a village, say) by
// more than opts.MinOverlap m², sorted by Index. A plot entirely outside
// the boundary is reported with its whole area. Plots and boundary must be
// *geom.Polygon or *geom.MultiPolygon in lon/lat degrees.
func Outside[G geom.T](plots []G, boundary geom.T, opts Options) ([]Protrusion, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	border, err := toOverlay(boundary)
	if err != nil {
		return nil, fmt.Errorf("topology: boundary: %w", err)
	}
	ix, err := spatial.New([]geom.T{boundary})
	if err != nil {
		return nil, fmt.Errorf("topology: boundary: %w", err)
	}
	outerBox := ix.Bounds(0)

	parts := make([][]Protrusion, opts.Workers)
	var g errgroup.Group
	for w := range parts {
		g.Go(func() error {
			for i := w; i < len(plots); i += opts.Workers {
				p, err := protrusion(geom.T(plots[i]), border, outerBox, opts.MinOverlap)
				if err != nil {
					return fmt.Errorf("topology: plot %d: %w", i, err)
				}
				if p != nil {
					p.Index = i
					parts[w] = append(parts[w], *p)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return mergeProtrusions(parts), nil
}

// protrusion returns the part of plot outside border, or nil when it is
// at most minArea m².
func protrusion(plot geom.T, border sf.Geometry, borderBox spatial.Box, minArea float64) (*Protrusion, error) {
	shape, err := toOverlay(plot)
	if err != nil {
		return nil, err
	}
	env := shape.Envelope()
	lo, hi, ok := env.MinMaxXYs()
	if !ok {
		return nil, nil
	}
	outside := shape
	if borderBox.Intersects(spatial.Box{MinLon: lo.X, MinLat: lo.Y, MaxLon: hi.X, MaxLat: hi.Y}) {
		if outside, err = sf.Difference(shape, border); err != nil {
			return nil, err
		}
	}
	part := fromOverlay(outside)
	area := geodesy.Area(part)
	if area <= minArea {
		return nil, nil
	}
	return &Protrusion{Area: area, Outside: part}, nil
}

func mergeProtrusions(parts [][]Protrusion) []Protrusion {
	var all []Protrusion
	for _, p := range parts {
		all = append(all, p...)
	}
	slices.SortFunc(all, func(a, b Protrusion) int { return cmp.Compare(a.Index, b.Index) })
	return all
}
