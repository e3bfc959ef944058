package clean

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"
)

// fuzzOptions are the option sets every fuzz input is cleaned with.
var fuzzOptions = []Options{
	{},
	{Rules: ESRI},
	{Rules: OGC, ReportOnly: true},
	{SnapDistance: 1},
}

func FuzzClean(f *testing.F) {
	file, err := os.Open("testdata/faults.wkt")
	if err != nil {
		f.Fatal(err)
	}
	defer file.Close()
	lines := bufio.NewScanner(file)
	for lines.Scan() {
		if line := strings.TrimSpace(lines.Text()); line != "" && !strings.HasPrefix(line, "#") {
			f.Add(line)
		}
	}
	if err := lines.Err(); err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, text string) {
		g, err := wkt.Unmarshal(text)
		if err != nil {
			return
		}
		for _, opts := range fuzzOptions {
			out, problems := Clean(g, opts)
			checkCleaned(t, g, out, problems, opts)
		}
	})
}

// checkCleaned asserts what every Clean result must satisfy.
func checkCleaned(t *testing.T, in, out geom.T, problems []Problem, opts Options) {
	t.Helper()
	invalid := false
	for _, p := range problems {
		if p.Severity == SeverityInvalid {
			invalid = true
		}
		if p.Code.String() == "" || strings.HasPrefix(p.Code.String(), "Code(") {
			t.Errorf("problem with unknown code: %v", p)
		}
		if p.Severity == 0 {
			t.Errorf("problem without severity: %v", p)
		}
	}
	if (invalid || opts.ReportOnly) && out != in {
		t.Fatalf("got a new geometry with invalid problems or ReportOnly: %v", problems)
	}
	if invalid || out == in {
		return
	}

	// A repaired geometry must pass simplefeatures validation when the OGC
	// rule set was requested, and must come out of Clean again unchanged.
	if opts.normalized().Rules&OGC != 0 {
		if g, err := toSimpleFeatures(out); err == nil {
			if err := g.Validate(); err != nil {
				text, _ := wkt.Marshal(out)
				t.Fatalf("repaired %s is invalid per simplefeatures: %v (problems %v)",
					text, err, problems)
			}
		}
	}
	again, more := Clean(out, opts)
	if again != out || len(more) != 0 {
		text, _ := wkt.Marshal(out)
		t.Fatalf("cleaning repaired %s again: got %v", text, more)
	}
}
