// Package clean checks and repairs geometries from untrusted imports, such as
// plot boundaries read from a shapefile or GeoJSON file, before they are
// stored. Geometries are go-geom values with coordinates in (lon, lat)
// degrees.
//
// [Clean] returns the repaired geometry and one [Problem] per fault, each
// with a stable [Code], the rule sets that forbid it ([OGC], [ESRI]), a
// [Severity], the part, ring and vertex indexes and a location. [Validate]
// and [IsValid] report without repairing.
//
// # Repairs
//
// Clean applies only repairs that keep the area the author drew: closing
// rings, dropping consecutive repeated points, orienting shells
// counter-clockwise and holes clockwise, making separate polygons of
// islands that were stored as holes, and dropping empty parts of a
// MultiPolygon. Faults without such a repair (self-intersections, holes
// outside their shell, antimeridian crossings, NaN coordinates and the
// others listed under [Code]) make the geometry invalid: Clean then returns
// its input unchanged and the caller should reject the feature.
//
// Output orientation follows RFC 7946 section 3.1.6 (exterior rings
// counter-clockwise, holes clockwise), which is also the orientation that
// OGC 06-103r4 describes for the "top" of a Polygon.
// OGC does not list orientation among its validity assertions, so PostGIS
// ST_IsValid ignores it; Clean reports a wrong winding as a repaired fault
// under [OGC]. The shapefile stores rings the other way round, and a
// shapefile writer must reverse them.
//
// # OGC and ESRI rules
//
// The OGC rules are the assertions for Polygon and MultiPolygon in OpenGIS
// Simple Feature Access, Part 1: Common Architecture (OGC 06-103r4,
// version 1.2.1). The ESRI rules come from the polygon shape type of the
// ESRI Shapefile Technical Description (ESRI white paper, July 1998) and from
// the Esri geometry-api-java wiki page "What is a simple polygon", which
// sets Esri simple polygons against OGC simple polygons. The two rule sets
// differ as follows.
//
//   - Outer rings: the shapefile rule lets one polygon hold several outer
//     rings; OGC wants one exterior ring per Polygon and a MultiPolygon for
//     more. Clean splits such islands off ([CodeIsland]).
//   - Orientation: ESRI outer rings run clockwise and holes
//     counter-clockwise, the opposite of OGC and RFC 7946. Holes are distinguished
//     from outer rings by their orientation, and the order of rings carries
//     no meaning.
//   - Self-tangent rings: Esri simple polygons allow a ring to touch itself
//     at a vertex; an OGC ring must be simple, so it may not pass through
//     the same point twice ([CodeSelfTouch]).
//   - Touches between rings: OGC lets two rings meet at a point, as a
//     tangent, anywhere; in an Esri simple polygon segments touch only at
//     their end points, so a ring may not touch another ring inside an edge
//     ([CodeTouchOffVertex]).
//   - Connected interior: OGC requires the interior of a Polygon to be
//     connected; the Esri definition does not list that property
//     ([CodeDisconnectedInterior]).
//   - Repeated points: the shapefile specification explicitly allows
//     consecutive points with identical coordinates and OGC does not
//     forbid them; Clean drops them either way ([CodeRepeatedPoint]).
//
// Both rule sets require closed rings of at least four points (three
// distinct), no self-intersection, no crossing or overlapping rings, holes
// inside an outer ring and no overlapping parts. Longitude and latitude
// ranges and antimeridian crossings belong to neither rule set: they are
// checks of lon/lat input and carry no rule.
//
// # Method
//
// Validity verdicts and ring relations (DE-9IM) come from the pure-Go
// library github.com/peterstace/simplefeatures; this package locates the
// faults for the messages and decides which repair applies. Segment
// orientation tests use exact arithmetic when floating point cannot decide.
package clean
