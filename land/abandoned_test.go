package land_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
)

func planting(plot land.PlotCode, year int, season land.Season) *land.Planting {
	return &land.Planting{Plot: plot, Year: year, Season: season, Crop: "棉花", SownArea: mu("1")}
}

func TestAbandoned(t *testing.T) {
	p1, p2, p3 := plotCode(issuerA, 1), plotCode(issuerA, 2), plotCode(issuerA, 3)
	contracted := []*land.Plot{
		{Code: p1, Village: villageA, Class: land.ClassContracted, DeclaredArea: mu("5")},
		{Code: p2, Village: villageA, Category: land.CategoryContractedPlot},
		{Code: p3, Village: villageA, Class: land.ClassContracted},
	}
	spring, autumn := land.SeasonSpring, land.SeasonAutumn
	twoSeasons := []land.Season{spring, autumn}
	tests := []struct {
		name      string
		plots     []*land.Plot
		plantings []*land.Planting
		opts      land.AbandonedOptions
		want      []land.AbandonedPlot
	}{
		{
			name:  "WholeYearPlantedLastYear",
			plots: contracted[:1],
			plantings: []*land.Planting{
				planting(p1, 2022, spring),
			},
			opts: land.AbandonedOptions{Through: land.YearSeason{Year: 2024, Season: land.SeasonWholeYear}, Seasons: 2},
			want: []land.AbandonedPlot{{
				Plot: p1, Village: villageA, DeclaredArea: mu("5"),
				LastPlanted: land.YearSeason{Year: 2022, Season: land.SeasonWholeYear}, Unplanted: 2,
			}},
		},
		{
			name:      "WholeYearPlantedWithinRun",
			plots:     contracted[:1],
			plantings: []*land.Planting{planting(p1, 2023, autumn)},
			opts:      land.AbandonedOptions{Through: land.YearSeason{Year: 2024, Season: land.SeasonWholeYear}, Seasons: 2},
		},
		{
			name:  "NeverPlanted",
			plots: contracted[1:2],
			opts:  land.AbandonedOptions{Through: land.YearSeason{Year: 2024, Season: land.SeasonWholeYear}, Seasons: 3},
			want:  []land.AbandonedPlot{{Plot: p2, Village: villageA, Unplanted: 3}},
		},
		{
			name:      "PlantedAfterThroughIgnored",
			plots:     contracted[:1],
			plantings: []*land.Planting{planting(p1, 2025, spring), planting(p1, 2020, spring)},
			opts:      land.AbandonedOptions{Through: land.YearSeason{Year: 2024, Season: land.SeasonWholeYear}, Seasons: 3},
			want: []land.AbandonedPlot{{
				Plot: p1, Village: villageA, DeclaredArea: mu("5"),
				LastPlanted: land.YearSeason{Year: 2020, Season: land.SeasonWholeYear}, Unplanted: 4,
			}},
		},
		{
			name:  "TwoSeasonsExactlyN",
			plots: contracted[:1],
			plantings: []*land.Planting{
				planting(p1, 2023, spring),
			},
			opts: land.AbandonedOptions{
				Through: land.YearSeason{Year: 2024, Season: spring}, Seasons: 2, Calendar: twoSeasons,
			},
			want: []land.AbandonedPlot{{
				Plot: p1, Village: villageA, DeclaredArea: mu("5"),
				LastPlanted: land.YearSeason{Year: 2023, Season: spring}, Unplanted: 2,
			}},
		},
		{
			name:      "TwoSeasonsOneShort",
			plots:     contracted[:1],
			plantings: []*land.Planting{planting(p1, 2023, autumn)},
			opts: land.AbandonedOptions{
				Through: land.YearSeason{Year: 2024, Season: spring}, Seasons: 2, Calendar: twoSeasons,
			},
		},
		{
			name:      "WholeYearRecordCoversSeasons",
			plots:     contracted[:1],
			plantings: []*land.Planting{planting(p1, 2024, land.SeasonWholeYear)},
			opts: land.AbandonedOptions{
				Through: land.YearSeason{Year: 2024, Season: autumn}, Seasons: 1, Calendar: twoSeasons,
			},
		},
		{
			name:      "SeasonOutsideCalendarIgnored",
			plots:     contracted[:1],
			plantings: []*land.Planting{planting(p1, 2024, land.SeasonSummer)},
			opts: land.AbandonedOptions{
				Through: land.YearSeason{Year: 2024, Season: autumn}, Seasons: 1, Calendar: twoSeasons,
			},
			want: []land.AbandonedPlot{{
				Plot: p1, Village: villageA, DeclaredArea: mu("5"), Unplanted: 1,
			}},
		},
		{
			name:  "OtherPlotsRecordsDoNotCount",
			plots: contracted,
			plantings: []*land.Planting{
				planting(p1, 2024, spring), planting(p3, 2024, spring),
			},
			opts: land.AbandonedOptions{Through: land.YearSeason{Year: 2024, Season: land.SeasonWholeYear}, Seasons: 1},
			want: []land.AbandonedPlot{{Plot: p2, Village: villageA, Unplanted: 1}},
		},
		{
			name: "NotContractedSkipped",
			plots: []*land.Plot{
				{Code: p1, Class: land.ClassCollective, Category: land.CategoryReserveLand},
				{Code: p2, Class: land.ClassStateOwned},
			},
			opts: land.AbandonedOptions{Through: land.YearSeason{Year: 2024, Season: land.SeasonWholeYear}, Seasons: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := land.Abandoned(tt.plots, tt.plantings, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAbandonedOptionsInvalid(t *testing.T) {
	through := land.YearSeason{Year: 2024, Season: land.SeasonSpring}
	tests := []struct {
		name string
		opts land.AbandonedOptions
	}{
		{"ZeroSeasons", land.AbandonedOptions{Through: through, Calendar: []land.Season{land.SeasonSpring}}},
		{"ThroughNotInCalendar", land.AbandonedOptions{Through: through, Seasons: 1}},
		{"MixedWholeYear", land.AbandonedOptions{Through: through, Seasons: 1,
			Calendar: []land.Season{land.SeasonSpring, land.SeasonWholeYear}}},
		{"OutOfOrder", land.AbandonedOptions{Through: through, Seasons: 1,
			Calendar: []land.Season{land.SeasonAutumn, land.SeasonSpring}}},
		{"Repeated", land.AbandonedOptions{Through: through, Seasons: 1,
			Calendar: []land.Season{land.SeasonSpring, land.SeasonSpring}}},
		{"UnknownSeason", land.AbandonedOptions{Through: through, Seasons: 1,
			Calendar: []land.Season{land.SeasonUnknown, land.SeasonSpring}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := land.Abandoned(nil, nil, tt.opts)
			assert.Error(t, err)
		})
	}
}
