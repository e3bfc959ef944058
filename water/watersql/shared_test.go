package watersql_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// landDialect returns the landsql dialect of d.
func landDialect(d watersql.Dialect) landsql.Dialect {
	if d == watersql.PostgreSQL {
		return landsql.PostgreSQL
	}
	return landsql.SQLite
}

// TestLandAndWaterShareDatabase opens a land and a water store on one *sql.DB, over one
// SQLite file or one PostgreSQL schema, writes through both at once and reads both back.
func TestLandAndWaterShareDatabase(t *testing.T) {
	bothDialects(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		ld := landDialect(tdb.dialect)
		landStore, err := landsql.Open(ctx, tdb.db, ld, landsql.Options{})
		require.NoError(t, err)
		waterStore := openStore(t, tdb)

		const records = 8
		var g errgroup.Group
		for i := range records {
			g.Go(func() error {
				code := land.IssuerCode(fmt.Sprintf("6542021010010%d", i))
				return landStore.PutIssuer(ctx, &land.Issuer{Code: code, Village: "654202101001"})
			})
			g.Go(func() error {
				_, err := landStore.NextSequence(ctx, "shared-test", 1, records)
				return err
			})
			g.Go(func() error {
				plan, err := water.NewPlan(water.WellCode(fmt.Sprintf("654202-J%04d", i)), 2025,
					[12]decimal.Decimal{4: decimal.RequireFromString("1200.50")})
				if err != nil {
					return err
				}
				return waterStore.PutPlan(ctx, &water.PlanRecord{Plan: plan})
			})
		}
		require.NoError(t, g.Wait())

		issuers, _, err := landStore.Issuers(ctx, land.IssuerFilter{})
		require.NoError(t, err)
		assert.Len(t, issuers, records, "issuers")
		plans, _, err := waterStore.Plans(ctx, water.PlanFilter{})
		require.NoError(t, err)
		assert.Len(t, plans, records, "plans")
		_, err = landStore.NextSequence(ctx, "shared-test", 1, records)
		assert.ErrorIs(t, err, land.ErrSequenceExhausted, "every number was issued once")

		// Reopening runs both migrators again on the populated database.
		_, err = landsql.Open(ctx, tdb.db, ld, landsql.Options{})
		require.NoError(t, err, "reopen land store")
		_, err = watersql.Open(ctx, tdb.db, tdb.dialect, watersql.Options{})
		require.NoError(t, err, "reopen water store")
		landVersion, err := landsql.SchemaVersion(ctx, tdb.db, ld)
		require.NoError(t, err)
		assert.Equal(t, 1, landVersion, "land schema version")
		waterVersion, err := watersql.SchemaVersion(ctx, tdb.db, tdb.dialect)
		require.NoError(t, err)
		assert.Equal(t, 1, waterVersion, "water schema version")
		assert.Equal(t, []string{"land"}, migrationNames(t, tdb, "schema_migrations"))
		assert.Equal(t, []string{"water"}, migrationNames(t, tdb, "water_schema_migrations"))
	})
}

// TestLandAndWaterOpenConcurrently opens land and water stores on one database from
// several pools at once, as processes starting together do.
func TestLandAndWaterOpenConcurrently(t *testing.T) {
	bothDialects(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		var g errgroup.Group
		for range 3 {
			db := tdb.open(t)
			g.Go(func() error {
				_, err := landsql.Open(ctx, db, landDialect(tdb.dialect), landsql.Options{})
				return err
			})
			g.Go(func() error {
				_, err := watersql.Open(ctx, db, tdb.dialect, watersql.Options{})
				return err
			})
		}
		require.NoError(t, g.Wait())
		assert.Equal(t, []string{"land"}, migrationNames(t, tdb, "schema_migrations"))
		assert.Equal(t, []string{"water"}, migrationNames(t, tdb, "water_schema_migrations"))
	})
}

// migrationNames returns the names recorded in the migration table, by version.
func migrationNames(t *testing.T, tdb testDB, table string) []string {
	t.Helper()
	rows, err := tdb.db.QueryContext(context.Background(), "SELECT name FROM "+table+" ORDER BY version")
	require.NoError(t, err)
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		require.NoError(t, rows.Scan(&name))
		names = append(names, name)
	}
	require.NoError(t, rows.Err())
	return names
}
