package sqlstore_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

func TestWhere(t *testing.T) {
	tests := []struct {
		name     string
		build    func(w *sqlstore.Where)
		wantSQL  string
		wantArgs []any
		wantNone bool
	}{
		{"empty", func(*sqlstore.Where) {}, "", nil, false},
		{"equal", func(w *sqlstore.Where) { w.Equal("well", "654202-J0001") },
			" WHERE well = ?", []any{"654202-J0001"}, false},
		{"equal zero values", func(w *sqlstore.Where) {
			w.Equal("well", "")
			w.Equal("year", 0)
			w.Equal("rule", int64(0))
			w.Equal("bill", nil)
		}, "", nil, false},
		{"conditions joined", func(w *sqlstore.Where) {
			w.Equal("year", 2024)
			w.Add("id > ?", "B-0001")
		}, " WHERE year = ? AND id > ?", []any{2024, "B-0001"}, false},
		{"prefix", func(w *sqlstore.Where) { w.Prefix("code", "6531301010") },
			" WHERE code >= ? AND code < ?", []any{"6531301010", "6531301011"}, false},
		{"prefix empty", func(w *sqlstore.Where) { w.Prefix("code", "") }, "", nil, false},
		{"prefix of other bytes", func(w *sqlstore.Where) { w.Prefix("code", "65\x00") }, "", nil, true},
		{"within province", func(w *sqlstore.Where) { w.Within("division", "650000") },
			" WHERE division >= ? AND division < ?", []any{"65", "66"}, false},
		{"within prefecture", func(w *sqlstore.Where) { w.Within("division", "653100") },
			" WHERE division >= ? AND division < ?", []any{"6531", "6532"}, false},
		{"within county", func(w *sqlstore.Where) { w.Within("division", "653130") },
			" WHERE division >= ? AND division < ?", []any{"653130", "653131"}, false},
		{"within village", func(w *sqlstore.Where) { w.Within("village", "653130101001") },
			" WHERE village >= ? AND village < ?", []any{"653130101001", "653130101002"}, false},
		{"within empty", func(w *sqlstore.Where) { w.Within("division", "") }, "", nil, false},
		{"within invalid", func(w *sqlstore.Where) { w.Within("division", land.DivisionCode("65")) },
			"", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w sqlstore.Where
			tt.build(&w)
			assert.Equal(t, tt.wantSQL, w.String(), "clause")
			assert.Equal(t, tt.wantArgs, w.Args, "arguments")
			assert.Equal(t, tt.wantNone, w.None, "none")
		})
	}
}
