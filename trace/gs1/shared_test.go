package gs1

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sharedDir returns the folder of the public GS1 test material beside the
// module. It skips tb when the folder is missing, or fails it when CI=true.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(moduleRoot(tb), "..", "shared", "testdata", "gs1")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("public GS1 test data: %v", err)
		}
		tb.Skipf("public GS1 test data not available: %v", err)
	}
	return dir
}

// moduleRoot walks up from the working directory to the folder with go.mod.
func moduleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// vectorRow is one data line of a vectors/*.tsv file, with its fields
// unescaped and the source column (the last one) kept apart.
type vectorRow struct {
	line   int
	fields []string
	source string
}

// name returns a subtest name for the row: its line number and source.
func (r vectorRow) name() string { return "line" + strconv.Itoa(r.line) }

// field returns field i, or "" when the row is shorter.
func (r vectorRow) field(i int) string {
	if i < len(r.fields) {
		return r.fields[i]
	}
	return ""
}

// readVectors returns the rows of vectors/name. Fields keep their spaces;
// the escapes \\, \t, \n and \xNN are decoded.
func readVectors(tb testing.TB, name string) []vectorRow {
	tb.Helper()
	f, err := os.Open(filepath.Join(sharedDir(tb), "vectors", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var rows []vectorRow
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		for i := range cols {
			cols[i] = unescapeTSV(tb, cols[i])
		}
		rows = append(rows, vectorRow{line: line, fields: cols[:len(cols)-1], source: cols[len(cols)-1]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(rows) == 0 {
		tb.Fatalf("no rows in %s", name)
	}
	return rows
}

func unescapeTSV(tb testing.TB, s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'x':
			v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				tb.Fatalf("bad escape in %q", s)
			}
			b.WriteByte(byte(v))
			i += 2
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// flags parses a flags column such as "permitUnknownAIs=1,addCheckDigit=1".
func flags(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(f), "="); ok {
			m[k] = v == "1"
		}
	}
	return m
}

// parserFor returns a Parser with the engine flags of a vector row.
func parserFor(tb testing.TB, flagColumn string) Parser {
	tb.Helper()
	var p Parser
	for k, v := range flags(flagColumn) {
		switch k {
		case "permitUnknownAIs":
			p.PermitUnknownAIs = v
		case "permitZeroSuppressedGTIN":
			p.PermitZeroSuppressedGTIN = v
		case "permitConvenienceAlphas":
			p.PermitConvenienceAlphas = v
		case "validate_UNKNOWN_AI_NOT_DL_ATTR":
			p.UnknownAIsAsDataAttributes = !v
		case "addCheckDigit":
		default:
			tb.Fatalf("unknown flag %s", k)
		}
	}
	return p
}

// engineString writes es in the notation of the GS1 Barcode Syntax Engine:
// "^" for FNC1 in first position and as separator.
func engineString(es Elements) string {
	return string(es.AppendElementString(nil, Caret))
}
