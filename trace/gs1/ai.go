package gs1

import (
	"sort"
	"strconv"
	"strings"
)

// AI describes one GS1 Application Identifier: its format, its content
// checks, whether it needs an FNC1 separator, its role in GS1 Digital Link
// URIs and the rules for using it with other AIs. The facts come from the
// GS1 General Specifications (the AI definitions and the rules for
// associating AIs) and the GS1 Digital Link URI syntax.
//
// An *AI returned by [Lookup] or [AIs] is shared: treat it as read-only.
type AI struct {
	// Code is the AI itself, two to four digits such as "01" or "3103".
	Code string
	// Title is the data title printed in human-readable text, such as
	// "GTIN" or "BATCH/LOT"; a few coupon AIs have none.
	Title string
	// FNC1 reports whether an element string with this AI must be ended by
	// an FNC1 separator when another element string follows it. It is false
	// for the AIs whose length the GS1 General Specifications predefine by
	// their first two digits, such as 01 and 17.
	FNC1 bool
	// DataAttribute reports whether the AI may appear in the query string
	// of a GS1 Digital Link URI.
	DataAttribute bool
	// PrimaryKey reports whether the AI can start the path of a GS1
	// Digital Link URI.
	PrimaryKey bool
	// Qualifiers lists, for a primary key, the alternative sequences of key
	// qualifier AIs in their path order: for 01 it is [22 10 21] and [235].
	// A path may use any of the AIs of one sequence, in that order.
	Qualifiers [][]string
	// Requires lists the AIs that must be present with this AI; every
	// Requirement must hold.
	Requires []Requirement
	// Excludes lists the AIs that must not be present with this AI. An "n"
	// in a pattern matches any digit, so "310n" excludes 3100 to 3109.
	Excludes []string

	parts []component
}

// Requirement is one mandatory association of an AI: at least one of its
// alternatives must be present in full. Each alternative is a list of AI
// patterns that must all be present; an "n" matches any digit. For AI 250
// the one Requirement is [[01 21] [03 21] [8006 21]].
type Requirement [][]string

// MinLength returns the shortest value the AI allows, in characters.
func (a *AI) MinLength() int {
	n := 0
	for _, c := range a.parts {
		if !c.optional {
			n += int(c.min)
		}
	}
	return n
}

// MaxLength returns the longest value the AI allows, in characters.
func (a *AI) MaxLength() int {
	n := 0
	for _, c := range a.parts {
		n += int(c.max)
	}
	return n
}

// Format returns the AI's data format in the notation of the GS1 General
// Specifications, with optional components in brackets: "N14" for 01,
// "X..20" for 10, "N13 [X..17]" for 253.
func (a *AI) Format() string {
	var b strings.Builder
	for i, c := range a.parts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.format())
	}
	return b.String()
}

// charset is the character set of one component of an AI's value.
type charset uint8

const (
	csetNumeric charset = iota + 1 // N: digits
	cset82                         // X: GS1 AI encodable character set 82
	cset39                         // Y: GS1 AI encodable character set 39
	cset64                         // Z: file-safe, URI-safe base64
)

// component is one part of an AI's value with its length, character set and
// content checks. Only the last component may vary in length.
type component struct {
	cset     charset
	min, max uint8
	optional bool
	lint     [3]linter
}

func (c component) format() string {
	s := string("?NXYZ"[c.cset])
	if c.min == c.max {
		s += strconv.Itoa(int(c.max))
	} else {
		s += ".." + strconv.Itoa(int(c.max))
	}
	if c.optional {
		s = "[" + s + "]"
	}
	return s
}

// table holds every known AI, sorted by code, with lookup indexes.
type table struct {
	list []*AI
	// index maps the slot of a code (see slot) to 1 + its position in
	// list, or 0 for codes that are not AIs.
	index [11100]uint16
	// lenByPrefix is the AI length shared by all AIs that start with the
	// two digits of the index, or 0 when no AI starts with them.
	lenByPrefix [100]uint8
}

var aiTable = newTable(aiDefs)

func newTable(defs []def) *table {
	t := &table{}
	for _, d := range defs {
		for _, code := range d.expand() {
			a := &AI{
				Code: code, Title: d.title,
				FNC1:          d.flags&predefined == 0,
				DataAttribute: d.flags&attr != 0,
				PrimaryKey:    d.key != nil,
				Qualifiers:    d.key,
				Requires:      d.req,
				Excludes:      d.ex,
				parts:         d.parts,
			}
			t.list = append(t.list, a)
			t.lenByPrefix[prefixIndex(code)] = uint8(len(code))
		}
	}
	sort.Slice(t.list, func(i, j int) bool { return t.list[i].Code < t.list[j].Code })
	for i, a := range t.list {
		t.index[slot(a.Code)] = uint16(i + 1)
	}
	return t
}

// slot numbers the possible AI codes: 0-99 for two digits, 100-1099 for
// three and 1100-11099 for four. It returns -1 for anything else.
func slot(code string) int {
	if len(code) < 2 || len(code) > 4 {
		return -1
	}
	n := 0
	for i := 0; i < len(code); i++ {
		if !isDigit(code[i]) {
			return -1
		}
		n = n*10 + int(code[i]-'0')
	}
	return [...]int{0, 0, 0, 100, 1100}[len(code)] + n
}

// get returns the known AI with code, or nil.
func (t *table) get(code string) *AI {
	s := slot(code)
	if s < 0 || t.index[s] == 0 {
		return nil
	}
	return t.list[t.index[s]-1]
}

func prefixIndex(code string) int {
	return int(code[0]-'0')*10 + int(code[1]-'0')
}

// Lookup returns the AI with the given code, such as "01" or "3103", and
// whether it is known.
func Lookup(code string) (*AI, bool) {
	a := aiTable.get(code)
	return a, a != nil
}

// AIs returns every known AI in code order. The slice is a copy; the AIs
// are shared.
func AIs() []*AI {
	return append([]*AI(nil), aiTable.list...)
}

// lookupPrefix returns the known AI that data starts with, or nil.
func lookupPrefix(data string) *AI {
	if len(data) < 2 || !isDigit(data[0]) || !isDigit(data[1]) {
		return nil
	}
	n := int(aiTable.lenByPrefix[prefixIndex(data)])
	if n == 0 || len(data) < n {
		return nil
	}
	return aiTable.get(data[:n])
}

// validPath reports whether the AI codes of path form a valid Digital Link
// path: a primary key followed by some of the AIs of one of its qualifier
// sequences, in that sequence's order.
func validPath(path []string) bool {
	if len(path) == 0 {
		return false
	}
	a, ok := Lookup(path[0])
	if !ok || !a.PrimaryKey {
		return false
	}
	quals := path[1:]
	if len(quals) == 0 {
		return true
	}
	for _, seq := range a.Qualifiers {
		matched := 0
		for _, q := range seq {
			if matched < len(quals) && quals[matched] == q {
				matched++
			}
		}
		if matched == len(quals) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// Definitions for AIs that are not in the table, when a Parser permits
// unknown AIs. Their value length follows the predefined lengths of the GS1
// General Specifications where the first two digits fix it,
// and is otherwise 1 to 90 characters of set 82 ended by FNC1.
var unknownParts = []component{{cset: cset82, min: 1, max: 90}}

// unknownAI returns a definition for the unknown AI code. It returns nil
// when code cannot be an AI because its length differs from that of the
// known AIs with the same first two digits.
func unknownAI(code string) *AI {
	if len(code) < 2 || len(code) > 4 || !allDigits(code) {
		return nil
	}
	if n := int(aiTable.lenByPrefix[prefixIndex(code)]); n != 0 && n != len(code) {
		return nil
	}
	a := &AI{Code: code, Title: "UNKNOWN", FNC1: true, parts: unknownParts}
	if n := predefinedLength(code); n > 0 {
		a.FNC1 = false
		a.parts = []component{{cset: cset82, min: n, max: n}}
	}
	return a
}

// predefinedLength returns the value length that the GS1 General
// Specifications predefine for AIs starting with the two
// digits of code, or 0 when those AIs need FNC1.
func predefinedLength(code string) uint8 {
	switch p := prefixIndex(code); {
	case p == 0:
		return 18
	case p >= 1 && p <= 3:
		return 14
	case p == 4:
		return 16
	case p >= 11 && p <= 19:
		return 6
	case p == 20:
		return 2
	case p >= 31 && p <= 36:
		return 6
	case p == 41:
		return 13
	}
	return 0
}
