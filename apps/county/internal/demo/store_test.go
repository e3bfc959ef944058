package demo_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// stores are the store pairs Load is tested on: the memory stores, and landsql with
// watersql on one SQLite file and on one PostgreSQL schema.
var stores = []struct {
	name string
	open func(t *testing.T) (land.Store, water.Store)
}{
	{"memory", func(t *testing.T) (land.Store, water.Store) {
		return land.NewMemoryStore(nil), water.NewMemoryStore(nil)
	}},
	{"sqlite", func(t *testing.T) (land.Store, water.Store) {
		return openSQL(t, sqlstoretest.SQLite(t, "demo"))
	}},
	{"postgresql", func(t *testing.T) (land.Store, water.Store) {
		return openSQL(t, sqlstoretest.PostgreSQL(t, "demo"))
	}},
}

// openSQL opens landsql and watersql on one database.
func openSQL(t *testing.T, db sqlstoretest.Database) (land.Store, water.Store) {
	ctx := context.Background()
	ls, err := landsql.Open(ctx, db.DB, landsql.Dialect(db.Dialect), landsql.Options{})
	require.NoError(t, err)
	ws, err := watersql.Open(ctx, db.DB, watersql.Dialect(db.Dialect), watersql.Options{})
	require.NoError(t, err)
	return ls, ws
}

func TestLoad(t *testing.T) {
	c := generate(t, 31, demo.Size{})
	for _, tc := range stores {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // Load only reads c
			ctx := context.Background()
			ls, ws := tc.open(t)
			require.NoError(t, c.Load(ctx, ls, ws))

			plots, _, err := ls.Plots(ctx, land.PlotFilter{})
			require.NoError(t, err)
			assert.Len(t, plots, len(c.Plots), "plots")
			issuers, _, err := ls.Issuers(ctx, land.IssuerFilter{})
			require.NoError(t, err)
			assert.Len(t, issuers, len(c.Issuers), "issuers")
			contractors, _, err := ls.Contractors(ctx, land.ContractorFilter{})
			require.NoError(t, err)
			assert.Len(t, contractors, len(c.Contractors), "contractors")
			contracts, _, err := ls.Contracts(ctx, land.ContractFilter{})
			require.NoError(t, err)
			assert.Len(t, contracts, len(c.Contracts), "contracts")
			transfers, _, err := ls.Transfers(ctx, land.TransferFilter{})
			require.NoError(t, err)
			assert.Len(t, transfers, len(c.Transfers), "transfers")
			plantings, _, err := ls.Plantings(ctx, land.PlantingFilter{})
			require.NoError(t, err)
			assert.Len(t, plantings, len(c.Plantings), "plantings")

			wells, _, err := ws.Wells(ctx, water.WellFilter{})
			require.NoError(t, err)
			assert.Len(t, wells, len(c.Wells), "wells")
			plans, _, err := ws.Plans(ctx, water.PlanFilter{})
			require.NoError(t, err)
			assert.Len(t, plans, len(c.Plans), "plans")
			histories, _, err := ws.CoefficientHistories(ctx, water.CoefficientFilter{})
			require.NoError(t, err)
			assert.Len(t, histories, len(c.Coefficients), "coefficient histories")
			canals, _, err := ws.Canals(ctx, water.CanalFilter{})
			require.NoError(t, err)
			assert.Len(t, canals, len(c.Canals), "canals")
			gates, _, err := ws.Gates(ctx, water.GateFilter{})
			require.NoError(t, err)
			assert.Len(t, gates, len(c.Gates), "gates")
			reservoirs, _, err := ws.Reservoirs(ctx, water.ReservoirFilter{})
			require.NoError(t, err)
			assert.Len(t, reservoirs, len(c.Reservoirs), "reservoirs")
			meters, _, err := ws.VillageMeters(ctx, water.VillageMeterFilter{})
			require.NoError(t, err)
			assert.Len(t, meters, len(c.VillageMeters), "village meters")

			// Records come back as generated.
			p, err := ls.Plot(ctx, c.Plots[0].Code)
			require.NoError(t, err)
			assert.Equal(t, c.Plots[0].Geometry.FlatCoords(), p.Geometry.FlatCoords(), "plot geometry")
			assert.True(t, c.Plots[0].DeclaredArea.Equal(p.DeclaredArea), "declared area")
			w, err := ws.WellByMeter(ctx, c.Wells[0].Meters[0].ID)
			require.NoError(t, err)
			assert.Equal(t, c.Wells[0].Code, w.Code, "well by its electricity meter")

			// A village's records are found by its division code.
			village := c.Villages[0].Code
			inVillage, _, err := ls.Plots(ctx, land.PlotFilter{Division: village})
			require.NoError(t, err)
			assert.Len(t, inVillage, c.Size.PlotsPerVillage, "plots of village %s", village)
		})
	}
}

func TestLoadLeavesCountyUnchanged(t *testing.T) {
	c := generate(t, 37, demo.Size{Townships: 1, VillagesPerTownship: 2, PlotsPerVillage: 10, Wells: 4})
	want := generate(t, 37, demo.Size{Townships: 1, VillagesPerTownship: 2, PlotsPerVillage: 10, Wells: 4})
	ctx := context.Background()
	require.NoError(t, c.Load(ctx, land.NewMemoryStore(nil), water.NewMemoryStore(nil)))
	assert.True(t, reflect.DeepEqual(want, c), "county after Load")
	require.NoError(t, c.Load(ctx, land.NewMemoryStore(nil), water.NewMemoryStore(nil)), "second load into new stores")
}

func TestLoadConflict(t *testing.T) {
	c := generate(t, 41, demo.Size{Townships: 1, VillagesPerTownship: 1, PlotsPerVillage: 6, Wells: 2})
	ctx := context.Background()
	ls, ws := land.NewMemoryStore(nil), water.NewMemoryStore(nil)
	require.NoError(t, c.Load(ctx, ls, ws))
	err := c.Load(ctx, ls, ws)
	require.ErrorIs(t, err, land.ErrConflict, "second load into the same stores")
	assert.Contains(t, err.Error(), string(c.Issuers[0].Code), "error names the record")
}
