package landsql

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land"
)

func TestPlotsInBounds(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := openTestStore(t, tdb)
		for seq := 1; seq <= 3; seq++ {
			require.NoError(t, s.PutPlot(ctx, testPlot(seq)))
		}
		unsurveyed := testPlot(4)
		unsurveyed.Geometry = nil
		require.NoError(t, s.PutPlot(ctx, unsurveyed))

		// Plot 2 spans lon 78.506-78.508; the box touches its west edge.
		box := geom.NewBounds(geom.XY).Set(78.5055, 39.8005, 78.506, 39.801)
		plots, next, err := s.PlotsInBounds(ctx, box, land.PlotFilter{})
		require.NoError(t, err)
		assert.Equal(t, []land.PlotCode{"6531301010010100002"}, codes(plots))
		assert.Empty(t, next)

		wide := geom.NewBounds(geom.XY).Set(78, 39, 79, 40)
		plots, next, err = s.PlotsInBounds(ctx, wide, land.PlotFilter{Page: land.Page{Limit: 2}})
		require.NoError(t, err)
		assert.Equal(t, []land.PlotCode{"6531301010010100001", "6531301010010100002"}, codes(plots))
		assert.Equal(t, "6531301010010100002", next)

		_, _, err = s.PlotsInBounds(ctx, geom.NewBounds(geom.XY), land.PlotFilter{})
		assert.ErrorContains(t, err, "want non-empty lon, lat bounds")
	})
}

func codes(plots []*land.Plot) []land.PlotCode {
	out := make([]land.PlotCode, len(plots))
	for i, p := range plots {
		out[i] = p.Code
	}
	return out
}

func TestPlotFilterOddValues(t *testing.T) {
	s := newTestStore(t, SQLite)
	ctx := context.Background()
	require.NoError(t, s.PutPlot(ctx, testPlot(1)))
	tests := []struct {
		name   string
		filter land.PlotFilter
		want   int
	}{
		{"issuer prefix shorter than a code", land.PlotFilter{Issuer: "6531"}, 1},
		{"issuer with non-ASCII", land.PlotFilter{Issuer: "65313\u4e00"}, 0},
		{"issuer with wildcard", land.PlotFilter{Issuer: "6531%"}, 0},
		{"invalid division", land.PlotFilter{Division: "999999"}, 0},
		{"province", land.PlotFilter{Division: "650000"}, 1},
		{"first-level use", land.PlotFilter{Use: "01"}, 1},
		{"other first-level use", land.PlotFilter{Use: "02"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plots, _, err := s.Plots(ctx, tt.filter)
			require.NoError(t, err)
			assert.Len(t, plots, tt.want)
		})
	}
}

func TestPlantingPageToken(t *testing.T) {
	keys := []land.PlantingKey{
		{Plot: "6531301010010100001", Year: 2024, Season: land.SeasonWholeYear, Crop: "棉花"},
		{Plot: "6531301010010100001", Year: 2024, Season: land.SeasonWholeYear, Crop: "a/b"},
	}
	for _, k := range keys {
		t.Run(k.Crop, func(t *testing.T) {
			got, err := parsePlantingToken(plantingToken(k))
			require.NoError(t, err)
			assert.Equal(t, k, got)
		})
	}
	_, err := parsePlantingToken("6531301010010100001/twenty/5/x")
	assert.ErrorContains(t, err, "invalid planting page token")
}

func TestPlantingsPagesAcrossSeasons(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := openTestStore(t, tdb)
		crops := []string{"棉花", "玉米", "Wheat", "wheat"}
		for _, season := range []land.Season{land.SeasonAutumn, land.SeasonSpring} {
			for _, crop := range crops {
				p := &land.Planting{Plot: "6531301010010100001", Year: 2024, Season: season, Crop: crop,
					SownArea: decimal.RequireFromString("1.2")}
				require.NoError(t, s.PutPlanting(ctx, p))
			}
		}

		var got []land.PlantingKey
		page := land.Page{Limit: 3}
		for {
			plantings, next, err := s.Plantings(ctx, land.PlantingFilter{Page: page})
			require.NoError(t, err)
			for _, p := range plantings {
				got = append(got, p.Key())
			}
			if next == "" {
				break
			}
			page.After = next
		}
		require.Len(t, got, 8)
		for i := 1; i < len(got); i++ {
			assert.Negative(t, got[i-1].Compare(got[i]), "key %d before key %d", i-1, i)
		}
	})
}
