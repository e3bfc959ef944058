package topology

import (
	"fmt"

	sf "github.com/peterstace/simplefeatures/geom"
	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/twpayne/go-geom"
)

// Intersection returns the polygonal part of a ∩ b, in lon/lat degrees.
// Shared edges and points add nothing, so plots that only touch give an
// empty MultiPolygon. Both must be *geom.Polygon or *geom.MultiPolygon.
func Intersection(a, b geom.T) (*geom.MultiPolygon, error) {
	return overlay(a, b, sf.Intersection)
}

// Difference returns the polygonal part of a minus b, in lon/lat degrees.
// Both must be *geom.Polygon or *geom.MultiPolygon.
func Difference(a, b geom.T) (*geom.MultiPolygon, error) {
	return overlay(a, b, sf.Difference)
}

// Union returns the union of polygonal geometries, in lon/lat degrees.
// The union of none is an empty MultiPolygon.
func Union[G geom.T](gs []G) (*geom.MultiPolygon, error) {
	parts := make([]sf.Geometry, len(gs))
	for i, g := range gs {
		part, err := toOverlay(g)
		if err != nil {
			return nil, fmt.Errorf("topology: union: geometry %d: %w", i, err)
		}
		parts[i] = part
	}
	u, err := sf.UnionMany(parts)
	if err != nil {
		return nil, fmt.Errorf("topology: union: %w", err)
	}
	return fromOverlay(u), nil
}

// IntersectionArea returns the ellipsoidal area in m² of a ∩ b on
// CGCS2000. It clips directly when one of them is a convex ring.
func IntersectionArea(a, b geom.T) (float64, error) {
	if area, ok := convexIntersectionArea(a, b); ok {
		return area, nil
	}
	inter, err := Intersection(a, b)
	if err != nil {
		return 0, err
	}
	return geodesy.Area(inter), nil
}

func overlay(a, b geom.T, op func(a, b sf.Geometry) (sf.Geometry, error)) (*geom.MultiPolygon, error) {
	oa, err := toOverlay(a)
	if err != nil {
		return nil, fmt.Errorf("topology: first geometry: %w", err)
	}
	ob, err := toOverlay(b)
	if err != nil {
		return nil, fmt.Errorf("topology: second geometry: %w", err)
	}
	result, err := op(oa, ob)
	if err != nil {
		return nil, fmt.Errorf("topology: overlay: %w", err)
	}
	return fromOverlay(result), nil
}
