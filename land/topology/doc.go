// Package topology checks how neighbouring plots fit together: overlaps
// above a tolerance with their area in m², touching neighbours, thin gaps
// (slivers) between plots that should share an edge, and plots that stick
// out of their village boundary.
//
// Plots are *geom.Polygon or *geom.MultiPolygon values in lon/lat degrees
// on CGCS2000 or WGS84, and results name them by their position in the
// input slice. Candidate pairs come from a [spatial.Index]; the exact
// overlay (intersection and difference) runs only on candidates, with the
// pure-Go overlay of github.com/peterstace/simplefeatures, and areas are
// ellipsoidal from [geodesy.Area]. Pairs whose bounding boxes only touch
// skip the overlay.
//
// Functions keep no state between calls and are safe for concurrent use.
package topology
