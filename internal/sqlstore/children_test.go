package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

// canal is a parent record whose children are the names of its gates.
type canal struct {
	code  string
	gates []string
}

var canalGates = &sqlstore.Children{Table: "canal_gates", Parent: "canal", Cols: []string{"gate"}}

func loadGates(t *testing.T, db sqlstoretest.Database, canals []*canal) {
	t.Helper()
	err := sqlstore.LoadChildren(t.Context(), db.DB, db.Dialect, canalGates, canals,
		func(c *canal) string { return c.code },
		func(row sqlstore.Scanner) (string, error) {
			var gate string
			err := row.Scan(&gate)
			return gate, err
		},
		func(c *canal, gate string) { c.gates = append(c.gates, gate) })
	require.NoError(t, err)
}

func TestChildren(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx, h := t.Context(), handle(t, db)
		_, err := db.DB.ExecContext(ctx, "CREATE TABLE canal_gates (canal TEXT NOT NULL, "+
			"position INTEGER NOT NULL, gate TEXT NOT NULL, PRIMARY KEY (canal, position))")
		require.NoError(t, err)

		// 250 rows take three INSERT statements, and 1,200 parents three SELECTs.
		var many [][]any
		var wantMany []string
		for i := range 250 {
			many = append(many, []any{fmt.Sprintf("ZM-%03d", i)})
			wantMany = append(wantMany, fmt.Sprintf("ZM-%03d", i))
		}
		var canals []*canal
		for i := range 1200 {
			canals = append(canals, &canal{code: fmt.Sprintf("QD-%04d", i)})
		}
		err = h.WriteTx(ctx, func(tx *sqlstore.Tx) error {
			if err := canalGates.Replace(ctx, tx, "QD-0007", many, true); err != nil {
				return err
			}
			return canalGates.Replace(ctx, tx, "QD-1100", [][]any{{"ZM-A"}, {"ZM-B"}}, true)
		})
		require.NoError(t, err)
		loadGates(t, db, canals)
		assert.Equal(t, wantMany, canals[7].gates, "gates of a canal with 250")
		assert.Equal(t, []string{"ZM-A", "ZM-B"}, canals[1100].gates, "gates of a canal in the third query")
		assert.Empty(t, canals[0].gates, "gates of a canal with none")

		err = h.WriteTx(ctx, func(tx *sqlstore.Tx) error {
			return canalGates.Replace(ctx, tx, "QD-0007", [][]any{{"ZM-X"}}, false)
		})
		require.NoError(t, err)
		again := []*canal{{code: "QD-0007"}, {code: "QD-1100"}}
		loadGates(t, db, again)
		assert.Equal(t, []string{"ZM-X"}, again[0].gates, "gates after a replace")
		assert.Equal(t, []string{"ZM-A", "ZM-B"}, again[1].gates, "gates of another canal after a replace")
	})
}
