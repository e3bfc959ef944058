package clean_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"

	"github.com/shuxiang/shuxiang/land/clean"
)

// faultCase is one tiny input with one fault of interest.
type faultCase struct {
	name string
	// in is the input as WKT; input is used instead when WKT cannot
	// express the fault (an unclosed ring, NaN).
	in    string
	input func() geom.T
	opts  clean.Options

	// The problem of interest.
	code     clean.Code
	rule     clean.RuleSet
	severity clean.Severity
	part     int
	ring     int
	vertex   int
	location geom.Coord
	// codes lists every code Clean must report, when more than code.
	codes []clean.Code
	// want is the repaired WKT; empty means Clean must return its input.
	want string
}

func (tc faultCase) geometry(t *testing.T) geom.T {
	t.Helper()
	if tc.input != nil {
		return tc.input()
	}
	g, err := wkt.Unmarshal(tc.in)
	require.NoError(t, err, "parse %s", tc.in)
	return g
}

func polygonFlat(flat ...float64) func() geom.T {
	return func() geom.T { return geom.NewPolygonFlat(geom.XY, flat, []int{len(flat)}) }
}

// faultCases has one tiny input for each fault Clean detects.
var faultCases = []faultCase{
	{
		name:  "unclosed ring",
		input: polygonFlat(0, 0, 1, 0, 1, 1, 0, 1),
		code:  clean.CodeUnclosedRing, rule: clean.BothRules, severity: clean.SeverityFixed,
		ring: 0, vertex: 3,
		want: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))",
	},
	{
		name: "repeated point",
		in:   "POLYGON((0 0,1 0,1 0,1 1,0 1,0 0))",
		code: clean.CodeRepeatedPoint, rule: 0, severity: clean.SeverityFixed,
		ring: 0, vertex: 2, location: geom.Coord{1, 0},
		want: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))",
	},
	{
		name: "repeated closing point",
		in:   "POLYGON((0 0,1 0,1 1,0 1,0 0,0 0))",
		code: clean.CodeRepeatedPoint, rule: 0, severity: clean.SeverityFixed,
		ring: 0, vertex: 4, location: geom.Coord{0, 0},
		want: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))",
	},
	{
		name:  "too few points",
		input: polygonFlat(0, 0, 1, 0, 0, 0),
		code:  clean.CodeTooFewPoints, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 0, vertex: -1,
	},
	{
		name: "too few distinct points",
		in:   "POLYGON((0 0,1 0,1 0,0 0))",
		code: clean.CodeTooFewPoints, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 0, vertex: -1, codes: []clean.Code{clean.CodeRepeatedPoint, clean.CodeTooFewPoints},
	},
	{
		name: "clockwise shell",
		in:   "POLYGON((0 0,0 1,1 1,1 0,0 0))",
		code: clean.CodeShellWinding, rule: clean.OGC, severity: clean.SeverityFixed,
		ring: 0, vertex: -1,
		want: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))",
	},
	{
		name: "counter-clockwise hole",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,8 2,8 8,2 8,2 2))",
		code: clean.CodeHoleWinding, rule: clean.OGC, severity: clean.SeverityFixed,
		ring: 1, vertex: -1,
		want: "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 8, 8 8, 8 2, 2 2))",
	},
	{
		name: "hole outside shell",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(20 20,20 21,21 21,21 20,20 20))",
		code: clean.CodeHoleOutsideShell, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 1, vertex: -1, location: geom.Coord{20, 20},
	},
	{
		name: "hole encloses shell",
		in:   "POLYGON((2 2,3 2,3 3,2 3,2 2),(0 0,0 10,10 10,10 0,0 0))",
		code: clean.CodeHoleOutsideShell, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 1, vertex: -1, location: geom.Coord{0, 0},
	},
	{
		name: "hole encloses shell touching it",
		in:   "POLYGON((1 1,5 1,5 5,1 5,1 1),(3 1,6 0,6 6,0 6,0 0,3 1))",
		code: clean.CodeHoleOutsideShell, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 1, vertex: -1,
		codes: []clean.Code{clean.CodeTouchOffVertex, clean.CodeHoleOutsideShell,
			clean.CodeHoleWinding},
	},
	{
		name: "hole crosses shell",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(5 5,5 15,15 15,15 5,5 5))",
		code: clean.CodeHoleCrossesShell, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 1, vertex: -1,
	},
	{
		name: "hole shares shell edge",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(0 0,0 5,5 5,5 0,0 0))",
		code: clean.CodeHoleCrossesShell, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 1, vertex: -1,
	},
	{
		name: "nested holes",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 8,8 8,8 2,2 2),(3 3,3 7,7 7,7 3,3 3))",
		code: clean.CodeNestedHoles, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 2, vertex: -1, location: geom.Coord{3, 3},
	},
	{
		name: "nested hole starting on boundary",
		in:   "POLYGON((0 0,8 0,8 8,0 8,0 0),(7 8,7 1,2 2,2 7,7 8),(7 3,6 2,5 2,7 3))",
		code: clean.CodeNestedHoles, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 2, vertex: -1, location: geom.Coord{7, 3},
		codes: []clean.Code{clean.CodeTouchOffVertex, clean.CodeTouchOffVertex, clean.CodeNestedHoles},
	},
	{
		name: "holes cross",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,1 5,5 5,5 1,1 1),(3 3,3 7,7 7,7 3,3 3))",
		code: clean.CodeHolesCross, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 2, vertex: -1,
	},
	{
		name: "hole cuts interior",
		in: "POLYGON((0 0,5 0,10 0,10 5,10 10,5 10,0 10,0 5,0 0)," +
			"(5 0,0 5,5 10,10 5,5 0))",
		code: clean.CodeDisconnectedInterior, rule: clean.OGC, severity: clean.SeverityInvalid,
		ring: 1, vertex: -1,
	},
	{
		name: "island stored as hole",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(20 20,21 20,21 21,20 21,20 20))",
		code: clean.CodeIsland, rule: clean.OGC, severity: clean.SeverityFixed,
		ring: 1, vertex: -1, location: geom.Coord{20, 20},
		want: "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((20 20, 21 20, 21 21, 20 21, 20 20)))",
	},
	{
		name: "island inside hole",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 8,8 8,8 2,2 2),(3 3,7 3,7 7,3 7,3 3))",
		code: clean.CodeIsland, rule: clean.OGC, severity: clean.SeverityFixed,
		ring: 2, vertex: -1,
		want: "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 8, 8 8, 8 2, 2 2)), " +
			"((3 3, 7 3, 7 7, 3 7, 3 3)))",
	},
	{
		name: "shapefile ring order",
		in: "POLYGON((0 0,0 10,10 10,10 0,0 0),(20 20,20 21,21 21,21 20,20 20)," +
			"(2 2,8 2,8 8,2 8,2 2))",
		code: clean.CodeIsland, rule: clean.OGC, severity: clean.SeverityFixed,
		ring: 1, vertex: -1,
		codes: []clean.Code{clean.CodeIsland, clean.CodeShellWinding, clean.CodeHoleWinding,
			clean.CodeShellWinding},
		want: "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 8, 8 8, 8 2, 2 2)), " +
			"((20 20, 21 20, 21 21, 20 21, 20 20)))",
	},
	{
		name: "self-intersection",
		in:   "POLYGON((0 0,2 2,2 0,0 2,0 0))",
		code: clean.CodeSelfIntersection, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 0, vertex: 0, location: geom.Coord{1, 1},
	},
	{
		name: "spike",
		in:   "POLYGON((0 0,2 0,2 2,1 2,1 3,1 2,0 2,0 0))",
		code: clean.CodeSelfIntersection, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 0, vertex: 3, location: geom.Coord{1, 3},
	},
	{
		name: "inverted hole",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0,3 4,5 2,0 0))",
		code: clean.CodeSelfTouch, rule: clean.OGC, severity: clean.SeverityInvalid,
		ring: 0, vertex: 4, location: geom.Coord{0, 0},
	},
	{
		name: "inverted hole under ESRI",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0,3 4,5 2,0 0))",
		opts: clean.Options{Rules: clean.ESRI},
	},
	{
		name: "vertex on own edge",
		in:   "POLYGON((0 0,4 0,4 4,2 0,0 4,0 0))",
		code: clean.CodeSelfTouch, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 0, vertex: 3, location: geom.Coord{2, 0},
	},
	{
		name: "hole touches shell inside edge",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(5 0,4 1,6 1,5 0))",
		code: clean.CodeTouchOffVertex, rule: clean.ESRI, severity: clean.SeverityInvalid,
		ring: 1, vertex: -1, location: geom.Coord{5, 0},
	},
	{
		name: "hole touches shell inside edge under OGC",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(5 0,4 1,6 1,5 0))",
		opts: clean.Options{Rules: clean.OGC},
	},
	{
		name: "hole touches shell at vertex",
		in:   "POLYGON((0 0,10 0,10 10,0 10,0 0),(0 0,4 1,6 1,0 0))",
	},
	{
		name: "antimeridian crossing",
		in:   "POLYGON((170 0,170 1,-170 1,-170 0,170 0))",
		code: clean.CodeAntimeridian, rule: 0, severity: clean.SeverityInvalid,
		ring: 0, vertex: 1, location: geom.Coord{170, 1},
	},
	{
		name:  "NaN coordinate",
		input: polygonFlat(0, 0, math.NaN(), 0, 1, 1, 0, 0),
		code:  clean.CodeNonFinite, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 0, vertex: 1,
	},
	{
		name:  "infinite coordinate",
		input: polygonFlat(0, 0, 1, 0, 1, math.Inf(-1), 0, 0),
		code:  clean.CodeNonFinite, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: 0, vertex: 2,
	},
	{
		name: "latitude out of range",
		in:   "POLYGON((0 89,1 89,1 91,0 91,0 89))",
		code: clean.CodeOutOfRange, rule: 0, severity: clean.SeverityInvalid,
		ring: 0, vertex: 2, location: geom.Coord{1, 91},
	},
	{
		name: "empty polygon",
		in:   "POLYGON EMPTY",
		code: clean.CodeEmpty, rule: 0, severity: clean.SeverityInvalid,
		part: -1, ring: -1, vertex: -1,
	},
	{
		name:  "nil geometry",
		input: func() geom.T { return nil },
		code:  clean.CodeEmpty, rule: 0, severity: clean.SeverityInvalid,
		part: -1, ring: -1, vertex: -1,
	},
	{
		name: "empty part",
		in:   "MULTIPOLYGON(EMPTY,((0 0,1 0,1 1,0 1,0 0)))",
		code: clean.CodeEmpty, rule: 0, severity: clean.SeverityFixed,
		part: 0, ring: -1, vertex: -1,
		want: "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0)))",
	},
	{
		name: "parts overlap",
		in:   "MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)),((1 1,3 1,3 3,1 3,1 1)))",
		code: clean.CodePartsOverlap, rule: clean.BothRules, severity: clean.SeverityInvalid,
		part: 0, ring: -1, vertex: -1,
	},
	{
		name: "parts share edge",
		in:   "MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)),((2 0,3 0,3 2,2 2,2 0)))",
		code: clean.CodePartsOverlap, rule: clean.BothRules, severity: clean.SeverityInvalid,
		part: 0, ring: -1, vertex: -1,
	},
	{
		name: "part inside part",
		in:   "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((2 2,3 2,3 3,2 3,2 2)))",
		code: clean.CodePartsOverlap, rule: clean.BothRules, severity: clean.SeverityInvalid,
		part: 0, ring: -1, vertex: -1, location: geom.Coord{2, 2},
	},
	{
		name: "parts touch at vertex",
		in:   "MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)),((2 2,3 2,3 3,2 3,2 2)))",
	},
	{
		name: "parts touch inside edge",
		in:   "MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)),((2 1,3 0,3 2,2 1)))",
		code: clean.CodeTouchOffVertex, rule: clean.ESRI, severity: clean.SeverityInvalid,
		part: 0, ring: -1, vertex: -1, location: geom.Coord{2, 1},
	},
	{
		name: "unsupported type",
		in:   "GEOMETRYCOLLECTION(POINT(0 0))",
		code: clean.CodeUnsupportedType, rule: 0, severity: clean.SeverityInvalid,
		part: -1, ring: -1, vertex: -1,
	},
	{
		name: "malformed ends",
		input: func() geom.T {
			return geom.NewPolygonFlat(geom.XY, []float64{0, 0, 1, 0, 1}, []int{5})
		},
		code: clean.CodeMalformed, rule: 0, severity: clean.SeverityInvalid,
		part: -1, ring: -1, vertex: -1,
	},
	{
		name: "line repeated point",
		in:   "LINESTRING(0 0,0 0,1 1)",
		code: clean.CodeRepeatedPoint, rule: 0, severity: clean.SeverityFixed,
		ring: -1, vertex: 1,
		want: "LINESTRING (0 0, 1 1)",
	},
	{
		name: "line too few points",
		in:   "LINESTRING(0 0,0 0)",
		code: clean.CodeTooFewPoints, rule: clean.BothRules, severity: clean.SeverityInvalid,
		ring: -1, vertex: -1, codes: []clean.Code{clean.CodeRepeatedPoint, clean.CodeTooFewPoints},
	},
	{
		name: "line crosses antimeridian",
		in:   "MULTILINESTRING((0 0,1 1),(179 0,-179 0))",
		code: clean.CodeAntimeridian, rule: 0, severity: clean.SeverityInvalid,
		part: 1, ring: -1, vertex: 0, location: geom.Coord{179, 0},
	},
	{
		name: "point out of range",
		in:   "MULTIPOINT((0 0),(0 100))",
		code: clean.CodeOutOfRange, rule: 0, severity: clean.SeverityInvalid,
		part: 1, ring: -1, vertex: -1, location: geom.Coord{0, 100},
	},
	{
		name:  "unclosed ring reported only",
		input: polygonFlat(0, 0, 1, 0, 1, 1, 0, 1),
		opts:  clean.Options{ReportOnly: true},
		code:  clean.CodeUnclosedRing, rule: clean.BothRules, severity: clean.SeverityRepairable,
		ring: 0, vertex: 3,
	},
	{
		name:  "repair held back by invalid fault",
		input: polygonFlat(170, 0, 170, 1, -170, 1, -170, 0),
		code:  clean.CodeUnclosedRing, rule: clean.BothRules, severity: clean.SeverityRepairable,
		ring: 0, vertex: 3, codes: []clean.Code{clean.CodeUnclosedRing, clean.CodeAntimeridian},
	},
	{
		name: "snap distance",
		in:   "POLYGON((100 30,100.001 30,100.001000001 30,100.001 30.001,100 30.001,100 30))",
		opts: clean.Options{SnapDistance: 0.01},
		code: clean.CodeRepeatedPoint, rule: 0, severity: clean.SeverityFixed,
		ring: 0, vertex: 2, location: geom.Coord{100.001000001, 30},
		want: "POLYGON ((100 30, 100.001 30, 100.001 30.001, 100 30.001, 100 30))",
	},
	{
		name: "Z values kept",
		in:   "POLYGON Z((0 0 1,0 1 2,1 1 3,1 0 4,0 0 1))",
		code: clean.CodeShellWinding, rule: clean.OGC, severity: clean.SeverityFixed,
		ring: 0, vertex: -1,
		want: "POLYGON Z ((0 0 1, 1 0 4, 1 1 3, 0 1 2, 0 0 1))",
	},
}

func TestCleanFaults(t *testing.T) {
	for _, tc := range faultCases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.geometry(t)
			out, problems := clean.Clean(in, tc.opts)

			assert.Equal(t, wantCodes(tc), codesOf(problems), "codes of %v", problems)
			if tc.code != 0 {
				p, ok := find(problems, tc.code)
				require.True(t, ok, "got %v, want a %v problem", problems, tc.code)
				assert.Equal(t, tc.rule, p.Rule, "rule")
				assert.Equal(t, tc.severity, p.Severity, "severity")
				assert.Equal(t, tc.part, p.Part, "part")
				assert.Equal(t, tc.ring, p.Ring, "ring")
				assert.Equal(t, tc.vertex, p.Vertex, "vertex")
				if tc.location != nil {
					assert.Equal(t, tc.location, p.Location, "location")
				}
				assert.NotEmpty(t, p.Message)
			}

			if tc.want == "" {
				if in == nil {
					assert.Nil(t, out)
				} else {
					assert.Same(t, in, out, "got a new geometry, want the input back")
				}
				return
			}
			got, err := wkt.Marshal(out)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			_, again := clean.Clean(out, tc.opts)
			assert.Empty(t, again, "cleaning the repaired geometry again")
		})
	}
}

func wantCodes(tc faultCase) []clean.Code {
	if tc.codes != nil {
		return tc.codes
	}
	if tc.code == 0 {
		return nil
	}
	return []clean.Code{tc.code}
}

func codesOf(problems []clean.Problem) []clean.Code {
	var out []clean.Code
	for _, p := range problems {
		out = append(out, p.Code)
	}
	return out
}

func find(problems []clean.Problem, code clean.Code) (clean.Problem, bool) {
	for _, p := range problems {
		if p.Code == code {
			return p, true
		}
	}
	return clean.Problem{}, false
}
