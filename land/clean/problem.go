package clean

import (
	"fmt"
	"strings"

	"github.com/twpayne/go-geom"
)

// RuleSet is a set of validity rule sets: [OGC], [ESRI] or both.
// In a [Problem] it names the requested rule sets that the fault breaks, and
// zero means that none of them forbids it (see [Problem.Rule]).
type RuleSet uint8

// The rule sets Clean can report against. The package documentation lists
// where they differ.
const (
	// OGC is OpenGIS Simple Features Access, Part 1 (OGC 06-103r4), the rule
	// set behind PostGIS ST_IsValid.
	OGC RuleSet = 1 << iota
	// ESRI is the polygon rule of the ESRI Shapefile Technical Description
	// (July 1998) with the Esri definition of a simple polygon.
	ESRI

	// BothRules is OGC and ESRI together, the default of [Options.Rules].
	BothRules = OGC | ESRI
)

// String returns "OGC", "ESRI", "OGC+ESRI" or "none".
func (r RuleSet) String() string {
	switch r & BothRules {
	case OGC:
		return "OGC"
	case ESRI:
		return "ESRI"
	case BothRules:
		return "OGC+ESRI"
	}
	return "none"
}

// MarshalText encodes r as its [RuleSet.String] form.
func (r RuleSet) MarshalText() ([]byte, error) {
	return []byte(r.String()), nil
}

// Severity is the state of a [Problem] in the geometry that Clean returned.
type Severity uint8

// Severities, from harmless to fatal.
const (
	// SeverityFixed means Clean repaired the fault: the returned geometry no
	// longer has it.
	SeverityFixed Severity = iota + 1
	// SeverityRepairable means the fault has a safe repair that was not
	// applied, because repair was off ([Options.ReportOnly], [Validate]) or
	// because another fault is [SeverityInvalid].
	SeverityRepairable
	// SeverityInvalid means the fault has no safe repair: Clean returned the
	// input unchanged and the geometry should be rejected.
	SeverityInvalid
)

var severityNames = [...]string{
	SeverityFixed:      "fixed",
	SeverityRepairable: "repairable",
	SeverityInvalid:    "invalid",
}

// String returns "fixed", "repairable" or "invalid".
func (s Severity) String() string {
	if int(s) < len(severityNames) && severityNames[s] != "" {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// MarshalText encodes s as its [Severity.String] form.
func (s Severity) MarshalText() ([]byte, error) {
	return []byte(s.String()), nil
}

// Problem is one fault that Clean found in a geometry.
type Problem struct {
	// Code names the fault.
	Code Code
	// Rule is the set of requested rule sets ([Options.Rules]) that forbid
	// the fault. Zero means none of them does: Clean still reports faults
	// it repaired (a repeated point), lon/lat checks that no rule set
	// names (a coordinate out of range, an antimeridian crossing) and
	// geometries it cannot use at all (empty, unsupported type).
	Rule RuleSet
	// Severity reports whether the returned geometry still has the fault.
	Severity Severity
	// Part is the 0-based index of the polygon in a MultiPolygon, of the
	// line in a MultiLineString or of the point in a MultiPoint; 0 for a
	// single geometry and -1 when the fault concerns the whole geometry.
	Part int
	// Ring is the 0-based ring index within the polygon (0 is the shell),
	// or -1 when the fault is not about one ring (also for lines and points).
	Ring int
	// Vertex is the 0-based vertex index within the input ring or line, or
	// -1 when the fault is not about one vertex.
	Vertex int
	// Location is the (lon, lat) in degrees where the fault is, such as a
	// crossing point, or nil when no single point describes it.
	Location geom.Coord
	// Message describes the fault in one sentence that names the part,
	// ring and vertex indexes.
	Message string
}

// String returns the code, rule set, severity and message on one line.
func (p Problem) String() string {
	return fmt.Sprintf("%s (%s, %s): %s", p.Code, p.Rule, p.Severity, p.Message)
}

// place identifies the input part, ring and vertex that a finding is about.
type place struct {
	part, ring, vertex int
	// multi is set for multi-geometries, whose messages name the part.
	multi bool
	// noun names a part in messages: "polygon" when empty, "line", "point".
	noun string
}

// prefix returns the "polygon 1 ring 0 vertex 3: " head of a message.
func (pl place) prefix() string {
	var b strings.Builder
	if pl.multi && pl.part >= 0 {
		noun := pl.noun
		if noun == "" {
			noun = "polygon"
		}
		fmt.Fprintf(&b, "%s %d ", noun, pl.part)
	}
	if pl.ring >= 0 {
		fmt.Fprintf(&b, "ring %d ", pl.ring)
		if pl.ring == 0 {
			b.WriteString("(shell) ")
		}
	}
	if pl.vertex >= 0 {
		fmt.Fprintf(&b, "vertex %d ", pl.vertex)
	}
	s := strings.TrimSuffix(b.String(), " ")
	if s == "" {
		return ""
	}
	return s + ": "
}

// finding is a fault before [checker.finish] decides its final rule set
// and severity.
type finding struct {
	code Code
	// rule lists every rule set that forbids the fault, whether requested
	// or not.
	rule RuleSet
	// fixable is set when Clean has a safe repair for the fault.
	fixable bool
	where   place
	loc     geom.Coord
	message string
}

// formatXY formats a (lon, lat) pair for messages.
func formatXY(x, y float64) string {
	return fmt.Sprintf("(%v %v)", x, y)
}
