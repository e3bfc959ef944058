package clean_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"

	"github.com/shuxiang/shuxiang/land/clean"
)

func mustWKT(t *testing.T, text string) geom.T {
	t.Helper()
	g, err := wkt.Unmarshal(text)
	require.NoError(t, err)
	return g
}

func TestWindingMessageNamesESRIOnlyWhenAsked(t *testing.T) {
	clockwise := "POLYGON((0 0,0 1,1 1,1 0,0 0))"
	tests := []struct {
		rules    clean.RuleSet
		wantESRI bool
	}{
		{rules: 0, wantESRI: true},
		{rules: clean.ESRI, wantESRI: true},
		{rules: clean.OGC, wantESRI: false},
	}
	for _, tt := range tests {
		t.Run(tt.rules.String(), func(t *testing.T) {
			_, problems := clean.Clean(mustWKT(t, clockwise), clean.Options{Rules: tt.rules})
			require.Len(t, problems, 1)
			assert.Equal(t, clean.CodeShellWinding, problems[0].Code)
			assert.Equal(t, tt.wantESRI, strings.Contains(problems[0].Message, "ESRI"),
				"message %q", problems[0].Message)
		})
	}
}

func TestIslandUnderESRIOnlyIsRepairedWithoutRule(t *testing.T) {
	g := mustWKT(t, "POLYGON((0 0,10 0,10 10,0 10,0 0),(20 20,21 20,21 21,20 21,20 20))")
	out, problems := clean.Clean(g, clean.Options{Rules: clean.ESRI})
	require.Len(t, problems, 1)
	assert.Equal(t, clean.CodeIsland, problems[0].Code)
	assert.Equal(t, clean.RuleSet(0), problems[0].Rule, "the ESRI rule allows islands")
	assert.Equal(t, clean.SeverityFixed, problems[0].Severity)
	assert.IsType(t, &geom.MultiPolygon{}, out)

	assert.Empty(t, validateWith(g, clean.ESRI), "reporting only, under ESRI")
}

func validateWith(g geom.T, rules clean.RuleSet) []clean.Problem {
	_, problems := clean.Clean(g, clean.Options{Rules: rules, ReportOnly: true})
	return problems
}

func TestValidateAndIsValid(t *testing.T) {
	square := mustWKT(t, "POLYGON((0 0,1 0,1 1,0 1,0 0))")
	assert.Empty(t, clean.Validate(square))
	assert.True(t, clean.IsValid(square))

	clockwise := mustWKT(t, "POLYGON((0 0,0 1,1 1,1 0,0 0))")
	problems := clean.Validate(clockwise)
	require.Len(t, problems, 1)
	assert.Equal(t, clean.SeverityRepairable, problems[0].Severity)
	assert.False(t, clean.IsValid(clockwise))

	bowTie := mustWKT(t, "POLYGON((0 0,2 2,2 0,0 2,0 0))")
	assert.False(t, clean.IsValid(bowTie))
}

func TestCleanKeepsInputAndSRID(t *testing.T) {
	flat := []float64{0, 0, 0, 1, 1, 1, 1, 0, 0, 0}
	in := geom.NewPolygonFlat(geom.XY, slices.Clone(flat), []int{10}).SetSRID(4490)
	out, problems := clean.Clean(in, clean.Options{})
	require.Len(t, problems, 1)
	assert.Equal(t, flat, in.FlatCoords(), "input modified")
	assert.Equal(t, 4490, out.SRID())
	assert.Equal(t, []float64{0, 0, 1, 0, 1, 1, 0, 1, 0, 0}, out.FlatCoords())
}

func TestSnapDistanceIgnoresInvalidValues(t *testing.T) {
	g := mustWKT(t, "POLYGON((100 30,100.001 30,100.001000001 30,100.001 30.001,100 30.001,100 30))")
	for _, snap := range []float64{0, -1} {
		_, problems := clean.Clean(g, clean.Options{SnapDistance: snap})
		assert.Empty(t, problems, "snap %v", snap)
	}
}

func TestCodeNamesRoundTrip(t *testing.T) {
	seen := make(map[string]bool)
	for code := clean.CodeEmpty; code <= clean.CodeMalformed; code++ {
		name := code.String()
		assert.False(t, seen[name], "name %q used twice", name)
		seen[name] = true
		parsed, err := clean.ParseCode(name)
		require.NoError(t, err)
		assert.Equal(t, code, parsed)
	}
	_, err := clean.ParseCode("bow_tie")
	assert.ErrorContains(t, err, `unknown code "bow_tie"`)
	assert.Equal(t, "Code(0)", clean.Code(0).String())
}

func TestNamesOfRulesAndSeverities(t *testing.T) {
	assert.Equal(t, "OGC", clean.OGC.String())
	assert.Equal(t, "ESRI", clean.ESRI.String())
	assert.Equal(t, "OGC+ESRI", clean.BothRules.String())
	assert.Equal(t, "none", clean.RuleSet(0).String())
	assert.Equal(t, "fixed", clean.SeverityFixed.String())
	assert.Equal(t, "repairable", clean.SeverityRepairable.String())
	assert.Equal(t, "invalid", clean.SeverityInvalid.String())
}

func TestProblemMarshalsNames(t *testing.T) {
	problems := clean.Validate(mustWKT(t, "POLYGON((0 0,2 2,2 0,0 2,0 0))"))
	require.Len(t, problems, 1)
	data, err := json.Marshal(problems[0])
	require.NoError(t, err)
	text := string(data)
	assert.Contains(t, text, `"Code":"self_intersection"`)
	assert.Contains(t, text, `"Rule":"OGC+ESRI"`)
	assert.Contains(t, text, `"Severity":"invalid"`)
	assert.Contains(t, text, `"Location":[1,1]`)
}
