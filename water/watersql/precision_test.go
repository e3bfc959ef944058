package watersql_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// precisionWell returns a valid well whose decimals and coordinates need every digit.
func precisionWell() *water.WellRecord {
	d := decimal.RequireFromString
	return &water.WellRecord{Well: water.Well{
		Code: "J-PRECISION", Kind: water.PumpedWell,
		Location: water.Point{Lon: math.Nextafter(84.1, 90), Lat: 44.000000000000007},
		Division: "654202101001", Source: water.ShallowGroundwater, Use: water.Industry,
		Permit:        water.Permit{Number: "取水(新塔)字[2024]第0001号", Annual: d("123456789012345678901234.5678901234")},
		IrrigatedArea: d("0.000000000000000001"),
		Depth:         d("120.500"),
		Pump:          water.Pump{Efficiency: d("0.7000")},
	}}
}

func TestStoreKeepsDigits(t *testing.T) {
	bothDialects(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := openStore(t, tdb)
		want := precisionWell()
		require.NoError(t, s.PutWell(ctx, want))

		got, err := s.Well(ctx, want.Code)
		require.NoError(t, err)
		assert.Equal(t, want.Location, got.Location, "coordinates bit for bit")
		for _, pair := range [][2]decimal.Decimal{
			{want.Permit.Annual, got.Permit.Annual},
			{want.IrrigatedArea, got.IrrigatedArea},
			{want.Depth, got.Depth},
			{want.Pump.Efficiency, got.Pump.Efficiency},
		} {
			assert.Equal(t, pair[0].String(), pair[1].String(), "value")
			assert.Equal(t, pair[0].Exponent(), pair[1].Exponent(), "places of %s", pair[0])
		}

		// The columns hold decimal text, never a float.
		var annual, depth string
		row := tdb.db.QueryRowContext(ctx, "SELECT CAST(permit_annual AS TEXT), CAST(depth AS TEXT) FROM water_wells")
		require.NoError(t, row.Scan(&annual, &depth))
		assert.Equal(t, "123456789012345678901234.5678901234", annual)
		assert.Equal(t, "120.500", depth)
	})
}

func TestStoreKeepsTimesInUTC(t *testing.T) {
	bothDialects(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		clock := time.Date(2024, 5, 1, 23, 30, 0, 987_654_321, time.FixedZone("CST", 8*3600))
		s, err := watersql.Open(ctx, tdb.db, tdb.dialect, watersql.Options{Clock: func() time.Time { return clock }})
		require.NoError(t, err)
		w := precisionWell()
		require.NoError(t, s.PutWell(ctx, w))

		want := time.Date(2024, 5, 1, 15, 30, 0, 987_654_000, time.UTC)
		assert.Equal(t, want, w.UpdatedAt, "updated at of the argument")
		got, err := s.Well(ctx, w.Code)
		require.NoError(t, err)
		assert.Equal(t, want, got.UpdatedAt, "updated at read back")
	})
}

func TestSQLiteDSNPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "县 水务 100%#?")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, "water.db")
	db := openSQLite(t, watersql.SQLiteDSN(path))
	_, err := watersql.Open(context.Background(), db, watersql.SQLite, watersql.Options{})
	require.NoError(t, err)
	_, err = os.Stat(path)
	assert.NoError(t, err, "database file at the exact path")
}

// fullMeter returns an electricity meter installed on a known day.
func fullMeter() water.Meter {
	return water.Meter{Kind: water.ElectricityMeter, ID: "EM-PRECISION", Installed: land.NewDate(2024, time.March, 1)}
}
