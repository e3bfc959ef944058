package gs1

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unsupportedAIs lists the AIs of the GS1 Barcode Syntax Dictionary that
// the AI table leaves out on purpose, with the reason. It is empty: the
// table holds every AI of the dictionary.
var unsupportedAIs = map[string]string{}

// dictEntry is one AI as the GS1 Barcode Syntax Dictionary describes it.
type dictEntry struct {
	line       int
	flags      string
	parts      []dictPart
	req        []Requirement
	ex         []string
	key        bool
	qualifiers [][]string
	title      string
}

type dictPart struct {
	cset     charset
	min, max int
	optional bool
	linters  []string
}

var dictComponent = regexp.MustCompile(`^(\[?)([NXYZ])(?:(\d*)(\.\.))?(\d+)(\]?)((?:,[a-z0-9]+)*)$`)

// readDictionary reads the syntax dictionary in place and returns its
// entries by AI, with ranges such as 3100-3105 expanded.
func readDictionary(t *testing.T) map[string]dictEntry {
	f, err := os.Open(filepath.Join(sharedDir(t), "syntax", "gs1-syntax-dictionary.txt"))
	require.NoError(t, err)
	defer f.Close()
	entries := map[string]dictEntry{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		e := dictEntry{line: line}
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text, e.title = text[:i], strings.TrimSpace(text[i+1:])
		}
		fields := strings.Fields(text)
		codes, rest := expandCodes(t, fields[0]), fields[1:]
		if len(rest) > 0 && strings.Trim(rest[0], "*?!\"$%&'()+,-./:;<=>@[\\]^_`{|}~") == "" {
			e.flags, rest = rest[0], rest[1:]
		}
		for _, tok := range rest {
			if m := dictComponent.FindStringSubmatch(tok); m != nil {
				e.parts = append(e.parts, parseDictPart(m))
				continue
			}
			parseDictAttribute(t, &e, tok)
		}
		for _, c := range codes {
			entries[c] = e
		}
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, entries)
	return entries
}

func expandCodes(t *testing.T, s string) []string {
	first, last, ok := strings.Cut(s, "-")
	if !ok {
		return []string{s}
	}
	d := def{first: first, last: last}
	codes := d.expand()
	require.NotEmpty(t, codes, "range %s", s)
	return codes
}

func parseDictPart(m []string) dictPart {
	p := dictPart{optional: m[1] == "[", cset: charset(strings.IndexByte("?NXYZ", m[2][0]))}
	p.max, _ = strconv.Atoi(m[5])
	p.min = p.max
	if m[4] == ".." {
		p.min = 1
		if m[3] != "" {
			p.min, _ = strconv.Atoi(m[3])
		}
	}
	if m[7] != "" {
		p.linters = strings.Split(m[7][1:], ",")
	}
	return p
}

func parseDictAttribute(t *testing.T, e *dictEntry, tok string) {
	key, value, _ := strings.Cut(tok, "=")
	switch key {
	case "req":
		var r Requirement
		for _, alt := range strings.Split(value, ",") {
			r = append(r, strings.Split(alt, "+"))
		}
		e.req = append(e.req, r)
	case "ex":
		e.ex = append(e.ex, strings.Split(value, ",")...)
	case "dlpkey":
		e.key = true
		if value != "" {
			for _, alt := range strings.Split(value, "|") {
				e.qualifiers = append(e.qualifiers, strings.Split(alt, ","))
			}
		}
	default:
		t.Fatalf("line %d: unknown attribute %q", e.line, tok)
	}
}

func TestTableAgainstSyntaxDictionary(t *testing.T) {
	dict := readDictionary(t)
	for code, want := range dict {
		t.Run(code, func(t *testing.T) {
			a, ok := Lookup(code)
			if reason, skip := unsupportedAIs[code]; skip {
				assert.False(t, ok, "AI (%s) is listed as unsupported but is in the table", code)
				t.Skip(reason)
			}
			require.True(t, ok, "AI (%s) of dictionary line %d is missing from the table", code, want.line)
			assert.Equal(t, want.title, a.Title, "title")
			assert.Equal(t, !strings.Contains(want.flags, "*"), a.FNC1, "FNC1 needed")
			assert.Equal(t, strings.Contains(want.flags, "?"), a.DataAttribute, "Digital Link data attribute")
			assert.Equal(t, want.key, a.PrimaryKey, "Digital Link primary key")
			assert.Equal(t, want.qualifiers, nilIfEmpty(a.Qualifiers), "key qualifiers")
			assert.Equal(t, want.req, a.Requires, "req=")
			assert.Equal(t, want.ex, a.Excludes, "ex=")
			require.Len(t, a.parts, len(want.parts), "components of %s", a.Format())
			for i, p := range want.parts {
				got := a.parts[i]
				assert.Equal(t, p.cset, got.cset, "component %d character set", i)
				assert.Equal(t, p.min, int(got.min), "component %d minimum length", i)
				assert.Equal(t, p.max, int(got.max), "component %d maximum length", i)
				assert.Equal(t, p.optional, got.optional, "component %d optional", i)
				assert.Equal(t, p.linters, got.linterNames(), "component %d linters", i)
			}
		})
	}
	for _, a := range AIs() {
		_, ok := dict[a.Code]
		assert.True(t, ok, "AI (%s) is in the table but not in the dictionary", a.Code)
	}
}

func nilIfEmpty(s [][]string) [][]string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// linterNames returns the dictionary names of c's content checks, or nil.
func (c component) linterNames() []string {
	var names []string
	for _, l := range c.lint {
		if l != lintNone {
			names = append(names, linterNames[l])
		}
	}
	return names
}

func TestAIPrefixLengths(t *testing.T) {
	for _, a := range AIs() {
		assert.Equal(t, len(a.Code), int(aiTable.lenByPrefix[prefixIndex(a.Code)]),
			"AIs starting %s share one length", a.Code[:2])
		assert.Equal(t, predefinedLength(a.Code) == 0, a.FNC1,
			"AI (%s): FNC1 need must follow the predefined lengths of its first two digits", a.Code)
		if !a.FNC1 {
			assert.Equal(t, int(predefinedLength(a.Code)), a.MaxLength(), "AI (%s) predefined length", a.Code)
		}
	}
}
