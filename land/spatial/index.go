package spatial

import (
	"fmt"
	"math"
	"slices"

	"github.com/twpayne/go-geom"
)

// Box is an axis-aligned bounding box in lon/lat degrees. A box with
// MinLon > MaxLon or MinLat > MaxLat is empty and intersects nothing. Boxes
// are closed: boxes that share only an edge or a corner intersect.
type Box struct {
	MinLon, MinLat, MaxLon, MaxLat float64
}

// emptyBox contains no point.
var emptyBox = Box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}

// Intersects reports whether b and o share at least one point.
func (b Box) Intersects(o Box) bool {
	return b.MinLon <= o.MaxLon && o.MinLon <= b.MaxLon &&
		b.MinLat <= o.MaxLat && o.MinLat <= b.MaxLat
}

// ContainsPoint reports whether (lon, lat) lies in b or on its edge.
func (b Box) ContainsPoint(lon, lat float64) bool {
	return b.MinLon <= lon && lon <= b.MaxLon && b.MinLat <= lat && lat <= b.MaxLat
}

// IsEmpty reports whether b contains no point.
func (b Box) IsEmpty() bool {
	return !(b.MinLon <= b.MaxLon && b.MinLat <= b.MaxLat)
}

func (b Box) extend(x, y float64) Box {
	return Box{min(b.MinLon, x), min(b.MinLat, y), max(b.MaxLon, x), max(b.MaxLat, y)}
}

func (b Box) union(o Box) Box {
	return Box{min(b.MinLon, o.MinLon), min(b.MinLat, o.MinLat),
		max(b.MaxLon, o.MaxLon), max(b.MaxLat, o.MaxLat)}
}

// Index is a static spatial index over polygons, built by [New]. Items are
// identified by their position in the slice given to New. An Index is
// immutable and safe for concurrent use by multiple goroutines.
type Index struct {
	all    tree       // every item, for box and distance queries
	grid   grid       // small items by cell, for point lookups
	shapes flatShapes // coordinates in Hilbert order
	item   []int32    // per Hilbert position: the item's index in the input
}

// New builds an index over geoms, which must be *geom.Polygon or
// *geom.MultiPolygon values in lon/lat degrees, with any layout (only X and
// Y are read). Rings need not be closed and may wind either way. Empty
// polygons are allowed and match no query. New returns an
// [*InvalidGeometryError] for a nil or non-polygonal geometry or a
// coordinate that is not finite. New keeps no reference to geoms.
func New[G geom.T](geoms []G) (*Index, error) {
	const limit = math.MaxInt32 / 2
	if len(geoms) > limit {
		return nil, fmt.Errorf("spatial: %d geometries exceed the limit of %d", len(geoms), limit)
	}
	order, err := hilbertOrder(geoms)
	if err != nil {
		return nil, err
	}

	ix := &Index{item: order}
	ix.shapes.reserve(any(geoms))
	ix.shapes.position = make([]int32, len(geoms))
	positions := make([]int32, len(order))
	for k, i := range order {
		ix.shapes.position[i] = int32(k)
		positions[k] = int32(k)
		if err := ix.shapes.add(geom.T(geoms[i])); err != nil {
			return nil, &InvalidGeometryError{Index: int(i), Reason: err.Error()}
		}
	}
	ix.all = buildTree(ix.shapes.box, positions)
	ix.grid = buildGrid(&ix.shapes, order)
	return ix, nil
}

// Len returns the number of indexed items.
func (ix *Index) Len() int { return len(ix.item) }

// Bounds returns the bounding box of item i, which is empty for an empty
// polygon. It panics if i is out of range, like a slice index.
func (ix *Index) Bounds(i int) Box {
	return ix.shapes.box[ix.shapes.position[i]]
}

// hilbertOrder returns the item indexes sorted by the Hilbert key of their
// bounding-box centres. Empty items sort last.
func hilbertOrder[G geom.T](geoms []G) ([]int32, error) {
	boxes := make([]Box, len(geoms))
	extent := emptyBox
	for i, g := range geoms {
		b, err := boundsOf(geom.T(g))
		if err != nil {
			return nil, &InvalidGeometryError{Index: i, Reason: err.Error()}
		}
		boxes[i] = b
		if !b.IsEmpty() {
			extent = extent.union(b)
		}
	}
	keys := make([]uint64, len(geoms))
	for i, b := range boxes {
		keys[i] = hilbertKey(b, extent)<<32 | uint64(i)
	}
	slices.Sort(keys)
	order := make([]int32, len(keys))
	for k, key := range keys {
		order[k] = int32(key & math.MaxUint32)
	}
	return order, nil
}
