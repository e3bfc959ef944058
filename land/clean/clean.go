package clean

import (
	"fmt"

	"github.com/twpayne/go-geom"
)

// Clean checks g, a geometry in lon/lat degrees from an untrusted import,
// and returns it repaired together with every problem found.
//
// The safe repairs are: closing rings, dropping repeated points, orienting
// shells counter-clockwise and holes clockwise (RFC 7946), splitting islands
// out of a Polygon into a MultiPolygon, and dropping empty parts of a
// MultiPolygon. When any problem is [SeverityInvalid], or when
// [Options.ReportOnly] is set, Clean applies none of them and returns g
// itself; callers should then reject the geometry. Clean also returns g
// itself when nothing needed repair. It never modifies g, and a repaired
// result shares no memory with it.
//
// Reports are bounded for hopeless input: the search for self-crossings
// of a ring stops at 1000 places, and relating the rings of a polygon or
// the parts of a MultiPolygon stops after 100 faulty pairs. The message of
// the problem at the limit says so.
//
// Polygon and MultiPolygon get every check; LineString and MultiLineString
// get the coordinate, repeated point, vertex count and antimeridian checks;
// Point and MultiPoint get the coordinate checks. Other types are reported
// as [CodeUnsupportedType]. Only X and Y take part in the checks; Z and M
// values are carried through.
//
// Clean is safe for concurrent use.
func Clean(g geom.T, opts Options) (geom.T, []Problem) {
	c := &checker{opts: opts.normalized()}
	build := c.check(g)
	invalid, problems := c.finish()
	if invalid || c.opts.ReportOnly || build == nil || !c.anyFixable() {
		return g, problems
	}
	return build(), problems
}

// Validate returns the problems that [Clean] finds in g against both rule
// sets, without repairing anything: faults with a safe repair are
// [SeverityRepairable].
func Validate(g geom.T) []Problem {
	_, problems := Clean(g, Options{ReportOnly: true})
	return problems
}

// IsValid reports whether g has no problem at all under the default
// [Options]: [Clean] would return it unchanged. A geometry that PostGIS
// ST_IsValid accepts can still fail here, for example with a repeated point,
// a clockwise shell or a coordinate out of lon/lat range.
func IsValid(g geom.T) bool {
	return len(Validate(g)) == 0
}

// checker collects the findings of one Clean call.
type checker struct {
	opts Options
	// stride is the number of values per vertex of the checked geometry.
	stride   int
	findings []finding
}

// add records one finding at where; the message gets the place as prefix.
func (c *checker) add(code Code, rule RuleSet, fixable bool, where place, loc geom.Coord,
	format string, args ...any) {
	c.findings = append(c.findings, finding{
		code:    code,
		rule:    rule,
		fixable: fixable,
		where:   where,
		loc:     loc,
		message: where.prefix() + fmt.Sprintf(format, args...),
	})
}

// requested reports whether a fault forbidden by rule counts under the requested
// rule sets. Faults that no rule set names always count.
func (c *checker) requested(rule RuleSet) bool {
	return rule == 0 || rule&c.opts.Rules != 0
}

func (c *checker) anyFixable() bool {
	for _, f := range c.findings {
		if f.fixable {
			return true
		}
	}
	return false
}

// finish turns the findings into problems and reports whether any of them
// leaves the geometry invalid under the requested rule sets.
func (c *checker) finish() (invalid bool, problems []Problem) {
	for _, f := range c.findings {
		if !f.fixable && c.requested(f.rule) {
			invalid = true
		}
	}
	for _, f := range c.findings {
		severity := SeverityFixed
		switch {
		case !f.fixable:
			severity = SeverityInvalid
		case invalid || c.opts.ReportOnly:
			severity = SeverityRepairable
		}
		if severity != SeverityFixed && !c.requested(f.rule) {
			continue
		}
		problems = append(problems, Problem{
			Code:     f.code,
			Rule:     f.rule & c.opts.Rules,
			Severity: severity,
			Part:     f.where.part,
			Ring:     f.where.ring,
			Vertex:   f.where.vertex,
			Location: f.loc,
			Message:  f.message,
		})
	}
	return invalid, problems
}

// check runs the checks for the type of g and returns a function that builds
// the repaired geometry, or nil when there is nothing to build.
func (c *checker) check(g geom.T) func() geom.T {
	whole := place{part: -1, ring: -1, vertex: -1}
	if g == nil || isNilPointer(g) {
		c.add(CodeEmpty, 0, false, whole, nil, "geometry is nil")
		return nil
	}
	switch t := g.(type) {
	case *geom.Polygon:
		if t.Empty() {
			c.add(CodeEmpty, 0, false, whole, nil, "polygon is empty")
			return nil
		}
		if inputs, ok := c.split(g, [][]int{t.Ends()}); ok {
			return c.checkPolygons(g, inputs, false)
		}
	case *geom.MultiPolygon:
		if t.Empty() {
			c.add(CodeEmpty, 0, false, whole, nil, "multipolygon is empty")
			return nil
		}
		if inputs, ok := c.split(g, t.Endss()); ok {
			return c.checkPolygons(g, inputs, true)
		}
	case *geom.LineString:
		if inputs, ok := c.split(g, [][]int{{len(t.FlatCoords())}}); ok {
			return c.checkLines(t, inputs[0], false)
		}
	case *geom.MultiLineString:
		if t.NumLineStrings() == 0 {
			c.add(CodeEmpty, 0, false, whole, nil, "multilinestring is empty")
			return nil
		}
		if inputs, ok := c.split(g, [][]int{t.Ends()}); ok {
			return c.checkLines(t, inputs[0], true)
		}
	case *geom.Point:
		c.checkPoints(t, false)
	case *geom.MultiPoint:
		c.checkPoints(t, true)
	default:
		c.add(CodeUnsupportedType, 0, false, whole, nil,
			"geometry type %T is not supported; want a Polygon or MultiPolygon", g)
	}
	return nil
}

// split cuts the flat coordinates of g into parts and rings at endss,
// where ends are absolute offsets as in go-geom. It records
// [CodeMalformed] and reports false when they do not fit.
func (c *checker) split(g geom.T, endss [][]int) ([][][]float64, bool) {
	whole := place{part: -1, ring: -1, vertex: -1}
	stride := g.Stride()
	if stride < 2 {
		c.add(CodeMalformed, 0, false, whole, nil,
			"layout %v has %d dimensions; want at least X and Y", g.Layout(), stride)
		return nil, false
	}
	flat := g.FlatCoords()
	inputs := make([][][]float64, len(endss))
	start := 0
	for i, ends := range endss {
		rings, ok := splitFlat(flat, start, ends, stride)
		if !ok {
			c.add(CodeMalformed, 0, false, whole, nil,
				"ends %v do not fit %d flat coordinates of stride %d", ends, len(flat), stride)
			return nil, false
		}
		inputs[i] = rings
		if len(ends) > 0 {
			start = ends[len(ends)-1]
		}
	}
	return inputs, true
}

// isNilPointer reports whether g is a typed nil pointer to a go-geom type.
func isNilPointer(g geom.T) bool {
	switch t := g.(type) {
	case *geom.Point:
		return t == nil
	case *geom.MultiPoint:
		return t == nil
	case *geom.LineString:
		return t == nil
	case *geom.MultiLineString:
		return t == nil
	case *geom.Polygon:
		return t == nil
	case *geom.MultiPolygon:
		return t == nil
	case *geom.GeometryCollection:
		return t == nil
	case *geom.LinearRing:
		return t == nil
	}
	return false
}
