package spatial

import (
	"fmt"
	"math"

	"github.com/twpayne/go-geom"
)

// GRS80 ellipsoid (CGCS2000): semi-major axis in metres and flattening.
const (
	grs80A = 6378137.0
	grs80F = 1 / 298.257222101
	grs80E = grs80F * (2 - grs80F) // first eccentricity squared
)

const radPerDeg = math.Pi / 180

// localPlane maps lon/lat degrees to metres east and north of a reference
// point. It uses the radii of curvature of GRS80 at the mean of the
// point's and the reference latitude (the mid-latitude rule). Distances
// from the reference point are then exact to second order in distance over
// Earth radius.
type localPlane struct {
	lon0, lat0 float64
}

func (p localPlane) project(lon, lat float64) (x, y float64) {
	mid := (lat + p.lat0) / 2 * radPerDeg
	sin, cos := math.Sincos(mid)
	w := 1 - grs80E*sin*sin
	prime := grs80A / math.Sqrt(w)         // prime-vertical radius
	meridional := prime * (1 - grs80E) / w // meridional radius
	x = (lon - p.lon0) * radPerDeg * prime * cos
	y = (lat - p.lat0) * radPerDeg * meridional
	return x, y
}

// metresToDegrees returns how many degrees of longitude and latitude are at
// least d metres at every latitude in [minLat, maxLat].
func metresToDegrees(d, minLat, maxLat float64) (dLon, dLat float64) {
	// The meridional radius is smallest at the equator: a(1-e²).
	dLat = d / (grs80A * (1 - grs80E) * radPerDeg)
	maxAbs := math.Min(89, math.Max(math.Abs(minLat), math.Abs(maxLat))+dLat)
	parallel := grs80A * math.Cos(maxAbs*radPerDeg) * radPerDeg
	return d / parallel, dLat
}

// Distance returns the distance in metres between a and b, which are
// Point, MultiPoint, LineString, MultiLineString, Polygon or MultiPolygon
// geometries in lon/lat degrees. It is 0 when they intersect. It works in
// the local plane of the package documentation, with the centre of a's
// bounding box as reference point.
func Distance(a, b geom.T) (float64, error) {
	plane, err := planeAt(a)
	if err != nil {
		return 0, err
	}
	sa, err := shapeOf(a, plane.project)
	if err != nil {
		return 0, &InvalidGeometryError{Index: -1, Reason: err.Error()}
	}
	sb, err := shapeOf(b, plane.project)
	if err != nil {
		return 0, &InvalidGeometryError{Index: -1, Reason: err.Error()}
	}
	if len(sa.lines) == 0 || len(sb.lines) == 0 {
		return math.Inf(1), nil
	}
	return distance(&sa, &sb), nil
}

func planeAt(g geom.T) (localPlane, error) {
	if g == nil {
		return localPlane{}, &InvalidGeometryError{Index: -1, Reason: "nil geometry"}
	}
	b, err := boxOfFlat(g.FlatCoords(), g.Stride())
	if err != nil {
		return localPlane{}, &InvalidGeometryError{Index: -1, Reason: err.Error()}
	}
	return planeAtBox(b), nil
}

func planeAtBox(b Box) localPlane {
	if b.IsEmpty() {
		return localPlane{}
	}
	return localPlane{lon0: (b.MinLon + b.MaxLon) / 2, lat0: (b.MinLat + b.MaxLat) / 2}
}

// Intersects reports whether a and b share at least one point, boundaries
// included (like PostGIS ST_Intersects), with straight edges in lon/lat.
// Both may be Point, MultiPoint, LineString, MultiLineString, Polygon or
// MultiPolygon geometries.
func Intersects(a, b geom.T) (bool, error) {
	sa, err := shapeOf(a, identity)
	if err != nil {
		return false, &InvalidGeometryError{Index: -1, Reason: err.Error()}
	}
	sb, err := shapeOf(b, identity)
	if err != nil {
		return false, &InvalidGeometryError{Index: -1, Reason: err.Error()}
	}
	return intersects(&sa, &sb), nil
}

// AppendIntersecting appends to dst the index of every item that shares at
// least one point with g, boundaries included, and returns the extended
// slice. The geometry types are those of [Intersects].
func (ix *Index) AppendIntersecting(dst []int, g geom.T) ([]int, error) {
	query, err := shapeOf(g, identity)
	if err != nil {
		return dst, &InvalidGeometryError{Index: -1, Reason: err.Error()}
	}
	ix.visitCandidates(query.box, func(k int) bool {
		item := ix.shapes.shapeAt(k, identity)
		if intersects(&item, &query) {
			dst = append(dst, int(ix.item[k]))
		}
		return true
	})
	return dst, nil
}

// AppendWithinDistance appends to dst the index of every item within
// metres of g, in the local plane of the package documentation centred on
// each item, and returns the extended slice. Items that intersect g are
// at distance 0. The geometry types are those of [Distance]; metres must
// be finite and not negative.
func (ix *Index) AppendWithinDistance(dst []int, g geom.T, metres float64) ([]int, error) {
	if !(metres >= 0) || math.IsInf(metres, 1) {
		return dst, fmt.Errorf("spatial: invalid distance %v m: expected a finite value >= 0", metres)
	}
	if g == nil {
		return dst, &InvalidGeometryError{Index: -1, Reason: "nil geometry"}
	}
	box, err := boxOfFlat(g.FlatCoords(), g.Stride())
	if err != nil {
		return dst, &InvalidGeometryError{Index: -1, Reason: err.Error()}
	}
	if _, err := shapeOf(g, identity); err != nil {
		return dst, &InvalidGeometryError{Index: -1, Reason: err.Error()}
	}
	dLon, dLat := metresToDegrees(metres, box.MinLat, box.MaxLat)
	search := Box{box.MinLon - dLon, box.MinLat - dLat, box.MaxLon + dLon, box.MaxLat + dLat}
	ix.visitCandidates(search, func(k int) bool {
		plane := planeAtBox(ix.shapes.box[k])
		item := ix.shapes.shapeAt(k, plane.project)
		query, _ := shapeOf(g, plane.project)
		if distance(&item, &query) <= metres {
			dst = append(dst, int(ix.item[k]))
		}
		return true
	})
	return dst, nil
}

// shapeAt flattens the item at position k through proj.
func (s *flatShapes) shapeAt(k int, proj project) shape {
	sh := shape{box: emptyBox}
	for p := s.itemOff[k]; p < s.itemOff[k+1]; p++ {
		var rings [][]float64
		for r := s.partOff[p]; r < s.partOff[p+1]; r++ {
			ring := sh.appendCoords(nil, s.xy[s.ringOff[r]:s.ringOff[r+1]], 2, proj)
			rings = append(rings, ring)
			sh.addLine(ring)
		}
		sh.polys = append(sh.polys, rings)
	}
	return sh
}
