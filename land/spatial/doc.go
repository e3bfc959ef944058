// Package spatial indexes plot polygons for point, overlap and distance
// queries, and provides the planar predicates behind them.
//
// An [Index] is built once from a slice of Polygon and MultiPolygon
// geometries in lon/lat degrees and is then read-only, so any number of
// goroutines may query it at once. Queries name items by their position in
// that slice. Item coordinates are copied into flat arrays in the order of
// a Hilbert curve through their bounding-box centres. Box and distance
// queries search a packed R-tree of 16 boxes per node built over that
// order. Point lookups use a uniform grid of about one cell per item whose
// cells hold up to four items inline: the bounding box, the ring offsets
// and, for a convex ring, a box inside it. A lookup reads one cell, and one
// ring only when the point is in a bounding box but not in the inner box.
// It allocates nothing. Items that span more than 64 cells go to a
// separate R-tree instead of the grid.
//
// # Boundary rule
//
// Point-in-polygon tests ([Contains], [Index.AppendContaining]) use the
// crossing-number rule on a half-open plane: a point exactly on an edge is
// inside when the polygon's interior lies to its right or above it, and
// outside otherwise. For an axis-aligned square this keeps the bottom and
// left edges and the bottom-left corner, and drops the top and right edges
// and the other three corners. Each edge is evaluated from its lower end, so
// two polygons that share an edge with the same vertices give the point on
// it to exactly one of them. Holes follow the same rule, so a point on a
// hole's edge belongs either to the polygon or to the hole. PostGIS
// ST_Contains excludes every boundary point and ST_Intersects includes every
// one. The three agree wherever a point is not exactly on a boundary.
//
// A MultiPolygon contains a point when any of its polygons does.
//
// # Distances
//
// Distances are in metres on the GRS80 ellipsoid (CGCS2000; for WGS84 the
// result differs by far less than a millimetre), computed in a local
// plane: each coordinate is mapped to metres east and north of a reference
// point with the radii of curvature at the mean of its latitude and the
// reference latitude. Distance queries use each candidate plot's
// bounding-box centre as the reference point, so the error grows with
// distance from the plot. A test against Vincenty's geodesic inverse keeps
// it below 1 mm for distances under 1 km and below 0.1 m under 10 km, at
// latitudes from 45 degrees south to 60 degrees north. Edges are straight
// lines in lon/lat, as in PostGIS geometry.
package spatial
