package landsql

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

const (
	testIssuer  land.IssuerCode   = "65313010100101"
	testVillage land.DivisionCode = "653130101001"
)

func testPlot(seq int) *land.Plot {
	code, err := land.NewPlotCode(testIssuer, seq)
	if err != nil {
		panic(err)
	}
	return &land.Plot{
		Code:         code,
		Village:      testVillage,
		Class:        land.ClassContracted,
		Category:     land.CategoryContractedPlot,
		Use:          "0102",
		DeclaredArea: decimal.RequireFromString("3.25"),
		Geometry:     squarePolygon(78.5+float64(seq%100)*0.003, 39.8+float64(seq/100)*0.003, 0.002),
	}
}

func squarePolygon(lon, lat, size float64) *geom.Polygon {
	return geom.NewPolygon(geom.XY).MustSetCoords([][]geom.Coord{{
		{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat},
	}})
}

func TestDecimalsRoundTripExactly(t *testing.T) {
	values := []string{
		"0", "0.00", "1.50", "0.0001", "666.666666666666666666666666667",
		"123456789012345678901234567890.123456789", "7",
	}
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := openTestStore(t, tdb)
		for i, v := range values {
			p := testPlot(i + 1)
			p.DeclaredArea = decimal.RequireFromString(v)
			require.NoError(t, s.PutPlot(ctx, p))

			got, err := s.Plot(ctx, p.Code)
			require.NoError(t, err)
			assert.True(t, p.DeclaredArea.Equal(got.DeclaredArea), "got %s, want %s", got.DeclaredArea, v)
			assert.Equal(t, p.DeclaredArea.Exponent(), got.DeclaredArea.Exponent(), "exponent of %s", v)
			assert.Equal(t, v, sqlstore.DecimalText(got.DeclaredArea), "text of %s", v)
		}
	})
}

func TestGeometryRoundTripsBitExact(t *testing.T) {
	awkward := []float64{
		78.123456789012345, math.Nextafter(39.8, 40), 0.1 + 0.2, 5e-324, math.Copysign(0, -1),
		179.99999999999997, -89.99999999999999,
	}
	// Latitudes take the same awkward values halved, so each stays within ±90°.
	coords := make([]geom.Coord, 0, len(awkward)+1)
	for i := range awkward {
		coords = append(coords, geom.Coord{awkward[i], awkward[(i+3)%len(awkward)] / 2})
	}
	coords = append(coords, coords[0])
	polygon := geom.NewPolygon(geom.XY).MustSetCoords([][]geom.Coord{coords}).SetSRID(4490)
	multi := geom.NewMultiPolygon(geom.XY).MustSetCoords([][][]geom.Coord{
		{coords},
		{{{1, 1}, {2, 1}, {2, 2}, {1, 1}}, {{1.2, 1.1}, {1.8, 1.8}, {1.8, 1.1}, {1.2, 1.1}}},
	})
	tests := []struct {
		name string
		g    geom.T
	}{
		{"polygon with SRID", polygon},
		{"multipolygon with hole", multi},
		{"empty polygon", geom.NewPolygon(geom.XY)},
	}
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := openTestStore(t, tdb)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := testPlot(i + 1)
				p.Geometry = tt.g
				require.NoError(t, s.PutPlot(ctx, p))

				got, err := s.Plot(ctx, p.Code)
				require.NoError(t, err)
				require.IsType(t, tt.g, got.Geometry)
				assert.Equal(t, tt.g.SRID(), got.Geometry.SRID(), "SRID")
				// An empty polygon comes back with empty rather than nil ends.
				assert.Equal(t, append([]int{}, tt.g.Ends()...), append([]int{}, got.Geometry.Ends()...), "ring ends")
				assert.Equal(t, tt.g.Endss(), got.Geometry.Endss(), "polygon ends")
				assert.Equal(t, bits(tt.g.FlatCoords()), bits(got.Geometry.FlatCoords()), "coordinate bits")
			})
		}
	})
}

func bits(fs []float64) []uint64 {
	out := make([]uint64, len(fs))
	for i, f := range fs {
		out[i] = math.Float64bits(f)
	}
	return out
}

func TestUpdatedAtUTCMicroseconds(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	clock := func() time.Time { return time.Date(2024, 3, 1, 9, 30, 15, 123456789, shanghai) }
	want := time.Date(2024, 3, 1, 1, 30, 15, 123456000, time.UTC)
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s, err := Open(ctx, tdb.db, tdb.dialect, Options{Clock: clock})
		require.NoError(t, err)
		p := testPlot(1)
		require.NoError(t, s.PutPlot(ctx, p))
		assert.Equal(t, want, p.UpdatedAt, "stamp on the argument")

		got, err := s.Plot(ctx, p.Code)
		require.NoError(t, err)
		assert.Equal(t, want, got.UpdatedAt, "stored stamp")
		assert.Equal(t, time.UTC, got.UpdatedAt.Location())
	})
}

func testTransfer(contract land.ContractCode, code string, period land.Period) *land.Transfer {
	return &land.Transfer{
		Code:     land.TransferContractCode(code),
		Contract: contract,
		Lessee:   land.Party{Name: "Bachu Cotton Cooperative"},
		Method:   land.TransferRent,
		Period:   period,
		Plots:    []land.TransferredPlot{{Plot: "6531301010010100001", Area: decimal.RequireFromString("2.5")}},
		Rent:     decimal.RequireFromString("650.00"),
	}
}

func TestDatesRoundTrip(t *testing.T) {
	contract := land.ContractCode("653130101001010001J")
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := openTestStore(t, tdb)
		period := land.Period{Start: land.NewDate(1, time.January, 1), End: land.NewDate(9999, time.December, 31)}
		tr := testTransfer(contract, "653130101001010001J", period)
		tr.Signed = land.NewDate(2024, time.February, 29)
		require.NoError(t, s.PutTransfer(ctx, tr))

		got, err := s.Transfer(ctx, tr.Code)
		require.NoError(t, err)
		assert.Equal(t, period, got.Period)
		assert.Equal(t, tr.Signed, got.Signed)
		assert.Equal(t, "650.00", sqlstore.DecimalText(got.Rent))
	})
}

func TestRejectsDateOutsideCalendar(t *testing.T) {
	s := newTestStore(t, SQLite)
	period := land.Period{
		Start: land.Date{Year: 2024, Month: time.February, Day: 30},
		End:   land.NewDate(2030, time.December, 31),
	}
	tr := testTransfer("653130101001010001J", "653130101001010001J", period)
	err := s.PutTransfer(context.Background(), tr)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid period start 2024-02-30")
}
