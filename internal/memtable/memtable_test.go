package memtable_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/memtable"
	"github.com/shuxiang/shuxiang/land"
)

type gate struct{ code, canal string }

func clone(g *gate) *gate { c := *g; return &c }

func codes(gs []*gate) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.code)
	}
	return out
}

func TestTableGetSetDelete(t *testing.T) {
	var table memtable.Table[gate]
	_, ok := table.Get("ZM-01")
	assert.False(t, ok, "get from the zero table")

	first := &gate{code: "ZM-01", canal: "QD-01"}
	table.Set("ZM-01", first)
	got, ok := table.Get("ZM-01")
	require.True(t, ok)
	assert.Same(t, first, got)

	second := &gate{code: "ZM-01", canal: "QD-02"}
	table.Set("ZM-01", second)
	got, _ = table.Get("ZM-01")
	assert.Same(t, second, got, "record after a second set")
	assert.Len(t, slices.Collect(table.All()), 1)

	deleted, ok := table.Delete("ZM-01")
	assert.True(t, ok)
	assert.Same(t, second, deleted)
	_, ok = table.Delete("ZM-01")
	assert.False(t, ok, "second delete")
	assert.Empty(t, slices.Collect(table.All()))
}

func TestTablePage(t *testing.T) {
	var table memtable.Table[gate]
	for _, code := range []string{"ZM-04", "ZM-02", "ZM-05", "ZM-01", "ZM-03"} {
		canal := "QD-01"
		if code == "ZM-02" || code == "ZM-05" {
			canal = "QD-02"
		}
		table.Set(code, &gate{code: code, canal: canal})
	}
	all := func(*gate) bool { return true }
	onCanal1 := func(g *gate) bool { return g.canal == "QD-01" }
	tests := []struct {
		name     string
		page     land.Page
		match    func(*gate) bool
		want     []string
		wantNext string
	}{
		{"unlimited", land.Page{}, all, []string{"ZM-01", "ZM-02", "ZM-03", "ZM-04", "ZM-05"}, ""},
		{"first page", land.Page{Limit: 2}, all, []string{"ZM-01", "ZM-02"}, "ZM-02"},
		{"middle page", land.Page{Limit: 2, After: "ZM-02"}, all, []string{"ZM-03", "ZM-04"}, "ZM-04"},
		{"last page", land.Page{Limit: 2, After: "ZM-04"}, all, []string{"ZM-05"}, ""},
		{"page of exactly the rest", land.Page{Limit: 3, After: "ZM-02"}, all,
			[]string{"ZM-03", "ZM-04", "ZM-05"}, ""},
		{"match", land.Page{Limit: 2}, onCanal1, []string{"ZM-01", "ZM-03"}, "ZM-03"},
		{"match after", land.Page{After: "ZM-03"}, onCanal1, []string{"ZM-04"}, ""},
		{"none", land.Page{After: "ZM-05"}, all, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, next := table.Page(tt.page, tt.match, clone)
			assert.Equal(t, tt.want, codes(got))
			assert.Equal(t, tt.wantNext, next, "next token")
			for _, g := range got {
				stored, _ := table.Get(g.code)
				assert.NotSame(t, stored, g, "page returns copies")
			}
		})
	}
}

func TestCheckVersion(t *testing.T) {
	errNotFound, errConflict := errors.New("not found"), errors.New("conflict")
	e := memtable.Errors{Prefix: "water", NotFound: errNotFound, Conflict: errConflict}
	tests := []struct {
		name    string
		version int64
		stored  int64
		exists  bool
		want    error
		message string
	}{
		{"create", 0, 0, false, nil, ""},
		{"update", 3, 3, true, nil, ""},
		{"create of an existing key", 0, 1, true, errConflict, "water: gate ZM-01 already exists"},
		{"update of a missing record", 2, 0, false, errNotFound, "water: gate ZM-01: not found"},
		{"update from another version", 2, 3, true, errConflict,
			"water: gate ZM-01: version 2, stored version 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := e.CheckVersion("gate", "ZM-01", tt.version, tt.stored, tt.exists)
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), tt.message), "message %q", err)
		})
	}
	assert.ErrorIs(t, e.Missing("gate", "ZM-09"), errNotFound)
	assert.EqualError(t, e.Missing("gate", "ZM-09"), "water: gate ZM-09: not found")
}
