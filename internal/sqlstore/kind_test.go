package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
)

var (
	errGateNotFound = errors.New("gate not found")
	errGateConflict = errors.New("gate conflict")
)

// gate is a record with a key of two columns, a column that is written only,
// and child rows: the valves of the gate.
type gate struct {
	Canal, Code string
	Name        string
	Valves      []string
	Version     int64
	UpdatedAt   time.Time
}

func (g *gate) Validate() error {
	if g.Name == "" {
		return fmt.Errorf("gate %s %s: name is missing", g.Canal, g.Code)
	}
	return nil
}

func gateLabel(g *gate) string { return g.Canal + "/" + g.Code }

// gates is the Kind of the test, with its hooks counted.
func gates() *sqlstore.Kind[gate] {
	return &sqlstore.Kind[gate]{
		Name:     "gate",
		Table:    "gates",
		Keys:     []string{"canal", "code"},
		Cols:     []string{"name", "name_upper"},
		ReadCols: []string{"canal", "code", "name"},
		Key:      func(g *gate) []any { return []any{g.Canal, g.Code} },
		Label:    gateLabel,
		Revision: func(g *gate) (*int64, *time.Time) { return &g.Version, &g.UpdatedAt },
		Normalize: func(g *gate) *gate {
			c := *g
			c.Name = strings.TrimSpace(g.Name)
			c.Valves = append([]string(nil), g.Valves...)
			return &c
		},
		Values: func(_ sqlstore.Dialect, g *gate) ([]any, error) {
			return []any{g.Name, strings.ToUpper(g.Name)}, nil
		},
		Scan: func(row sqlstore.Scanner) (*gate, error) {
			var g gate
			err := row.Scan(&g.Canal, &g.Code, &g.Name, &g.Version, sqlstore.TimeScanner{T: &g.UpdatedAt})
			return &g, err
		},
		Check: func(ctx context.Context, tx *sqlstore.Tx, g *gate) error {
			if g.Name == "closed" {
				return fmt.Errorf("gate %s: closed by the check", gateLabel(g))
			}
			return nil
		},
		SaveChildren: func(ctx context.Context, tx *sqlstore.Tx, g *gate, created bool) error {
			if !created {
				_, err := tx.Exec(ctx, "DELETE FROM gate_valves WHERE canal = ? AND code = ?", g.Canal, g.Code)
				if err != nil {
					return err
				}
			}
			for i, v := range g.Valves {
				_, err := tx.Exec(ctx, "INSERT INTO gate_valves (canal, code, position, valve) VALUES (?, ?, ?, ?)",
					g.Canal, g.Code, i, v)
				if err != nil {
					return err
				}
			}
			return nil
		},
		LoadChildren: func(ctx context.Context, q sqlstore.Querier, d sqlstore.Dialect, gs []*gate) error {
			for _, g := range gs {
				rows, err := q.QueryContext(ctx, d.Bind(
					"SELECT valve FROM gate_valves WHERE canal = ? AND code = ? ORDER BY position"), g.Canal, g.Code)
				if err != nil {
					return err
				}
				for rows.Next() {
					var v string
					if err := rows.Scan(&v); err != nil {
						rows.Close()
						return err
					}
					g.Valves = append(g.Valves, v)
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// gateHandle creates the tables of the test kind and returns a Handle that
// wraps the test's sentinels.
func gateHandle(t *testing.T, db sqlstoretest.Database) *sqlstore.Handle {
	t.Helper()
	stamp := "TEXT NOT NULL"
	if db.Dialect == sqlstore.PostgreSQL {
		stamp = "TIMESTAMPTZ NOT NULL"
	}
	ddl := []string{
		"CREATE TABLE gates (canal TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, " +
			"name_upper TEXT NOT NULL, version INTEGER NOT NULL, updated_at " + stamp + ", PRIMARY KEY (canal, code))",
		"CREATE TABLE gate_valves (canal TEXT NOT NULL, code TEXT NOT NULL, position INTEGER NOT NULL, " +
			"valve TEXT NOT NULL, PRIMARY KEY (canal, code, position), " +
			"FOREIGN KEY (canal, code) REFERENCES gates (canal, code) ON DELETE CASCADE)",
	}
	for _, stmt := range ddl {
		_, err := db.DB.ExecContext(t.Context(), stmt)
		require.NoError(t, err)
	}
	h := handle(t, db)
	h.ErrNotFound, h.ErrConflict = errGateNotFound, errGateConflict
	return h
}

var gateTime = time.Date(2026, 3, 1, 8, 0, 0, 123456000, time.UTC)

func TestKindPutGet(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx, h, k := t.Context(), gateHandle(t, db), gates()
		g := &gate{Canal: "QD-01", Code: "ZM-01", Name: " Upper gate ", Valves: []string{"V1", "V2"}}
		require.NoError(t, k.Put(ctx, h, gateTime, g))
		assert.Equal(t, int64(1), g.Version, "version after create")
		assert.Equal(t, gateTime, g.UpdatedAt, "updated at after create")
		assert.Equal(t, " Upper gate ", g.Name, "the argument keeps its values")

		got, err := k.Get(ctx, h, "QD-01/ZM-01", "QD-01", "ZM-01")
		require.NoError(t, err)
		want := &gate{Canal: "QD-01", Code: "ZM-01", Name: "Upper gate", Valves: []string{"V1", "V2"},
			Version: 1, UpdatedAt: gateTime}
		assert.Equal(t, want, got, "record as normalized, with its valves")

		got.Valves, got.Name = []string{"V3"}, "Gate"
		later := gateTime.Add(time.Hour)
		require.NoError(t, k.Put(ctx, h, later, got))
		assert.Equal(t, int64(2), got.Version, "version after update")
		again, err := k.Get(ctx, h, "QD-01/ZM-01", "QD-01", "ZM-01")
		require.NoError(t, err)
		assert.Equal(t, []string{"V3"}, again.Valves, "valves replaced")
		assert.Equal(t, later, again.UpdatedAt)

		var upper string
		err = db.DB.QueryRowContext(ctx, "SELECT name_upper FROM gates").Scan(&upper)
		require.NoError(t, err)
		assert.Equal(t, "GATE", upper, "column that reads do not return")
	})
}

func TestKindErrors(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx, h, k := t.Context(), gateHandle(t, db), gates()
		first := &gate{Canal: "QD-01", Code: "ZM-01", Name: "first"}
		require.NoError(t, k.Put(ctx, h, gateTime, first))

		err := k.Put(ctx, h, gateTime, &gate{Canal: "QD-01", Code: "ZM-01", Name: "again"})
		assert.ErrorIs(t, err, errGateConflict, "create of an existing key")
		assert.ErrorContains(t, err, "teststore: gate QD-01/ZM-01 already exists")

		stale := &gate{Canal: "QD-01", Code: "ZM-01", Name: "stale", Version: 7}
		err = k.Put(ctx, h, gateTime, stale)
		assert.ErrorIs(t, err, errGateConflict, "update from another version")
		assert.ErrorContains(t, err, "version 7, stored version 1")
		assert.Equal(t, int64(7), stale.Version, "version of a rejected record")

		err = k.Put(ctx, h, gateTime, &gate{Canal: "QD-02", Code: "ZM-01", Name: "missing", Version: 1})
		assert.ErrorIs(t, err, errGateNotFound, "update of a missing record")

		_, err = k.Get(ctx, h, "QD-02/ZM-01", "QD-02", "ZM-01")
		assert.ErrorIs(t, err, errGateNotFound, "get of a missing record")

		assert.ErrorContains(t, k.Put(ctx, h, gateTime, nil), "teststore: put gate: record is nil")
		assert.ErrorContains(t, k.Put(ctx, h, gateTime, &gate{Canal: "QD-02", Code: "ZM-02"}),
			"name is missing", "Validate")
		assert.ErrorContains(t, k.Put(ctx, h, gateTime, &gate{Canal: "QD-02", Code: "ZM-03", Name: "closed"}),
			"closed by the check", "Check")

		require.NoError(t, k.Delete(ctx, h, "QD-01/ZM-01", "QD-01", "ZM-01"))
		assert.ErrorIs(t, k.Delete(ctx, h, "QD-01/ZM-01", "QD-01", "ZM-01"), errGateNotFound, "second delete")

		var rows int
		require.NoError(t, db.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM gates").Scan(&rows))
		assert.Equal(t, 0, rows, "rows after the rejected writes")
	})
}

// TestKindPutBatch stores several records in one transaction, and none when
// one of them fails.
func TestKindPutBatch(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx, h, k := t.Context(), gateHandle(t, db), gates()
		batch := []*gate{
			{Canal: "QD-01", Code: "ZM-01", Name: "a", Valves: []string{"V1"}},
			{Canal: "QD-01", Code: "ZM-02", Name: "b", Valves: []string{"V1"}},
		}
		require.NoError(t, k.Put(ctx, h, gateTime, batch...))
		for _, g := range batch {
			assert.Equal(t, int64(1), g.Version, "version of %s", g.Code)
		}

		failing := []*gate{
			{Canal: "QD-01", Code: "ZM-03", Name: "c"},
			{Canal: "QD-01", Code: "ZM-02", Name: "b again"},
		}
		err := k.Put(ctx, h, gateTime, failing...)
		assert.ErrorIs(t, err, errGateConflict)
		assert.ErrorContains(t, err, "QD-01/ZM-02", "the error names the failing record")
		_, err = k.Get(ctx, h, "QD-01/ZM-03", "QD-01", "ZM-03")
		assert.ErrorIs(t, err, errGateNotFound, "record of the failed batch")
		assert.Equal(t, int64(0), failing[0].Version, "version of a record of the failed batch")
	})
}

func TestKindPutTx(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx, h, k := t.Context(), gateHandle(t, db), gates()
		g := &gate{Canal: "QD-01", Code: "ZM-01", Name: "a"}
		failure := errors.New("rolled back by the caller")
		err := h.WriteTx(ctx, func(tx *sqlstore.Tx) error {
			if err := k.PutTx(ctx, h, tx, gateTime, g); err != nil {
				return err
			}
			assert.Equal(t, int64(1), g.Version, "version inside the transaction")
			return failure
		})
		assert.Same(t, failure, err)
		_, err = k.Get(ctx, h, "QD-01/ZM-01", "QD-01", "ZM-01")
		assert.ErrorIs(t, err, errGateNotFound, "record of a rolled back transaction")
	})
}

func TestKindList(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx, h, k := t.Context(), gateHandle(t, db), gates()
		var want []string
		for _, canal := range []string{"QD-02", "QD-01"} {
			for _, code := range []string{"ZM-02", "ZM-01", "ZM-10"} {
				g := &gate{Canal: canal, Code: code, Name: "g", Valves: []string{code}}
				require.NoError(t, k.Put(ctx, h, gateTime, g))
			}
		}
		for _, canal := range []string{"QD-01", "QD-02"} {
			for _, code := range []string{"ZM-01", "ZM-02", "ZM-10"} {
				want = append(want, canal+"/"+code)
			}
		}

		list := func(w *sqlstore.Where, p land.Page) ([]string, string, error) {
			if p.After != "" {
				canal, code, _ := strings.Cut(p.After, "/")
				w.Add("(canal > ? OR (canal = ? AND code > ?))", canal, canal, code)
			}
			records, next, err := k.List(ctx, h, w, p, gateLabel)
			var labels []string
			for _, g := range records {
				labels = append(labels, gateLabel(g))
				assert.Equal(t, []string{g.Code}, g.Valves, "valves of %s", gateLabel(g))
			}
			return labels, next, err
		}

		all, next, err := list(&sqlstore.Where{}, land.Page{})
		require.NoError(t, err)
		assert.Equal(t, want, all, "unlimited listing in key order")
		assert.Empty(t, next)

		for _, limit := range []int{1, 2, 4, 6, 7} {
			var got []string
			page := land.Page{Limit: limit}
			for range len(want) + 1 {
				labels, next, err := list(&sqlstore.Where{}, page)
				require.NoError(t, err)
				assert.LessOrEqual(t, len(labels), limit)
				got = append(got, labels...)
				if next == "" {
					break
				}
				page.After = next
			}
			assert.Equal(t, want, got, "listing %d per page", limit)
		}

		w := &sqlstore.Where{}
		w.Equal("canal", "QD-02")
		filtered, _, err := list(w, land.Page{})
		require.NoError(t, err)
		assert.Equal(t, want[3:], filtered, "listing with a condition")

		none := &sqlstore.Where{None: true}
		empty, _, err := list(none, land.Page{})
		require.NoError(t, err)
		assert.Empty(t, empty, "listing of a condition no row meets")

		_, _, err = list(&sqlstore.Where{}, land.Page{Limit: -1})
		assert.ErrorContains(t, err, "teststore: ")
	})
}
