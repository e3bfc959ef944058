package clean

import "fmt"

// Code names one kind of geometry fault. The names returned by
// [Code.String] are stable and safe to store.
type Code uint8

// Fault codes. The comment on each names the rule sets that forbid the fault
// and states whether Clean repairs it.
const (
	// CodeEmpty is a nil or empty geometry, or an empty part of a
	// MultiPolygon (dropped when other parts remain). No rule set forbids
	// empty geometries, but a plot needs an area.
	CodeEmpty Code = iota + 1
	// CodeUnsupportedType is a geometry type Clean does not check, such as
	// a GeometryCollection. Invalid.
	CodeUnsupportedType
	// CodeNonFinite is a coordinate that is NaN or ±Inf. Both rule sets
	// forbid it. Invalid.
	CodeNonFinite
	// CodeOutOfRange is a longitude outside [-180, 180] or a latitude
	// outside [-90, 90] degrees. A lon/lat check, invalid.
	CodeOutOfRange
	// CodeAntimeridian is an edge whose longitudes differ by more than 180
	// degrees, so it would cross the antimeridian. A lon/lat check, invalid.
	// RFC 7946 section 3.1.9 recommends cutting such geometries in two.
	CodeAntimeridian
	// CodeUnclosedRing is a ring whose last vertex differs from its first.
	// Both rule sets forbid it. Repaired by repeating the first vertex.
	CodeUnclosedRing
	// CodeRepeatedPoint is a vertex equal to the one before it (or within
	// [Options.SnapDistance]). Neither rule set forbids it. Repaired by
	// dropping the vertex.
	CodeRepeatedPoint
	// CodeTooFewPoints is a ring with fewer than 3 distinct vertices or a
	// line with fewer than 2. Both rule sets forbid it. Invalid.
	CodeTooFewPoints
	// CodeShellWinding is a shell that runs clockwise. OGC and RFC 7946
	// orient shells counter-clockwise. Repaired by reversing the ring.
	CodeShellWinding
	// CodeHoleWinding is a hole that runs counter-clockwise. OGC and
	// RFC 7946 orient holes clockwise. Repaired by reversing the ring.
	CodeHoleWinding
	// CodeSelfIntersection is a ring whose edges cross or overlap, or touch
	// at a point inside an edge. Both rule sets forbid it. Invalid; the
	// Location is a crossing point.
	CodeSelfIntersection
	// CodeSelfTouch is a ring that touches itself without crossing. When it
	// passes through one of its vertices twice, OGC forbids it and the ESRI
	// rule allows it; when a vertex lies inside another edge, both forbid
	// it. Invalid.
	CodeSelfTouch
	// CodeHoleOutsideShell is a hole that lies outside its shell or
	// encloses it. Both rule sets forbid it. Invalid.
	CodeHoleOutsideShell
	// CodeHoleCrossesShell is a hole whose boundary crosses the shell or
	// shares an edge with it. Both rule sets forbid it. Invalid.
	CodeHoleCrossesShell
	// CodeNestedHoles is a hole inside another hole. Both rule sets forbid
	// it. Invalid.
	CodeNestedHoles
	// CodeHolesCross is two holes (or a hole and an island) whose boundaries
	// cross or share an edge. Both rule sets forbid it. Invalid.
	CodeHolesCross
	// CodeDisconnectedInterior is a polygon whose holes touch the shell or
	// each other so that they cut the interior in pieces. OGC forbids it.
	// Invalid.
	CodeDisconnectedInterior
	// CodeIsland is a ring in hole position that lies outside the shell (or
	// inside a hole) and winds like the shell: a separate outer ring, which
	// the ESRI rule allows in one polygon and OGC does not. Repaired by
	// making it a polygon of its own in a MultiPolygon.
	CodeIsland
	// CodePartsOverlap is two polygons of a MultiPolygon whose interiors
	// overlap or whose boundaries share an edge. Both rule sets forbid it.
	// Invalid.
	CodePartsOverlap
	// CodeTouchOffVertex is two rings that touch at a point which is not a
	// vertex of both. The ESRI rule lets segments touch only at their end
	// points and OGC allows such a touch. Invalid under ESRI.
	CodeTouchOffVertex
	// CodeOtherInvalid is a fault that simplefeatures validation reports
	// and none of the checks above recognised. OGC. Invalid.
	CodeOtherInvalid
	// CodeMalformed is a go-geom value whose ring or line ends do not fit
	// its flat coordinates, or whose layout has fewer than 2 dimensions.
	// Invalid.
	CodeMalformed
)

var codeNames = [...]string{
	CodeEmpty:                "empty_geometry",
	CodeUnsupportedType:      "unsupported_type",
	CodeNonFinite:            "non_finite_coordinate",
	CodeOutOfRange:           "coordinate_out_of_range",
	CodeAntimeridian:         "antimeridian_crossing",
	CodeUnclosedRing:         "unclosed_ring",
	CodeRepeatedPoint:        "repeated_point",
	CodeTooFewPoints:         "too_few_points",
	CodeShellWinding:         "wrong_shell_winding",
	CodeHoleWinding:          "wrong_hole_winding",
	CodeSelfIntersection:     "self_intersection",
	CodeSelfTouch:            "self_touch",
	CodeHoleOutsideShell:     "hole_outside_shell",
	CodeHoleCrossesShell:     "hole_crosses_shell",
	CodeNestedHoles:          "nested_holes",
	CodeHolesCross:           "holes_cross",
	CodeDisconnectedInterior: "disconnected_interior",
	CodeIsland:               "island_in_polygon",
	CodePartsOverlap:         "parts_overlap",
	CodeTouchOffVertex:       "touch_off_vertex",
	CodeOtherInvalid:         "other_invalid",
	CodeMalformed:            "malformed_geometry",
}

// String returns the stable snake_case name of c, such as
// "self_intersection".
func (c Code) String() string {
	if int(c) < len(codeNames) && codeNames[c] != "" {
		return codeNames[c]
	}
	return fmt.Sprintf("Code(%d)", uint8(c))
}

// MarshalText encodes c as its [Code.String] name.
func (c Code) MarshalText() ([]byte, error) {
	if int(c) >= len(codeNames) || codeNames[c] == "" {
		return nil, fmt.Errorf("clean: marshal code: unknown code %d", uint8(c))
	}
	return []byte(codeNames[c]), nil
}

// UnmarshalText decodes a name returned by [Code.String].
func (c *Code) UnmarshalText(text []byte) error {
	parsed, err := ParseCode(string(text))
	if err != nil {
		return err
	}
	*c = parsed
	return nil
}

// ParseCode returns the Code whose [Code.String] name is s.
func ParseCode(s string) (Code, error) {
	for i, name := range codeNames {
		if name != "" && name == s {
			return Code(i), nil
		}
	}
	return 0, fmt.Errorf("clean: parse code: unknown code %q, want a name such as %q",
		s, CodeSelfIntersection.String())
}
