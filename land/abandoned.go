package land

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
)

// YearSeason names one season of one year, such as the spring of 2024.
type YearSeason struct {
	Year   int
	Season Season
}

// String returns the season as year/season, such as 2024/spring.
func (s YearSeason) String() string { return fmt.Sprintf("%d/%s", s.Year, s.Season) }

// IsZero reports whether s is the zero YearSeason.
func (s YearSeason) IsZero() bool { return s == YearSeason{} }

// AbandonedOptions selects the seasons that [Abandoned] counts.
type AbandonedOptions struct {
	// Through is the last season counted, such as the current one; required.
	Through YearSeason
	// Seasons is the number of consecutive seasons without a planting record, ending with
	// Through, that makes a plot abandoned; at least 1.
	Seasons int
	// Calendar lists the seasons of a year that the county records, in calendar order, such
	// as spring and autumn where wheat follows maize. Nil means the whole year only, so
	// Seasons counts years; use that where one crop a year is the rule.
	Calendar []Season
}

// AbandonedPlot is a contracted plot without planting records (撂荒地).
type AbandonedPlot struct {
	Plot    PlotCode
	Village DivisionCode
	// DeclaredArea is the plot's declared area in mu.
	DeclaredArea decimal.Decimal
	// MeasuredArea is the plot's measured area in m², 0 without geometry.
	MeasuredArea float64
	// LastPlanted is the last season up to Through with a planting record; zero when the
	// plot has none.
	LastPlanted YearSeason
	// Unplanted is the number of consecutive seasons without a record, ending with Through:
	// counted back to LastPlanted, or equal to [AbandonedOptions.Seasons] when LastPlanted
	// is zero, since the records do not say how long the plot has lain idle.
	Unplanted int
}

// Abandoned returns the contracted plots (class [ClassContracted] or category
// [CategoryContractedPlot]) that have no planting record in the opts.Seasons seasons of
// the calendar up to and including opts.Through, in the order of plots.
//
// A record covers the season it names. A whole-year record covers every season of its
// year, and with the whole-year calendar any record covers its year. Records of seasons
// outside a calendar of several seasons count for nothing, and so do records after Through.
// Any record counts as planted, whatever its sown area.
func Abandoned(plots []*Plot, plantings []*Planting, opts AbandonedOptions) ([]AbandonedPlot, error) {
	cal, err := newSeasonCalendar(opts)
	if err != nil {
		return nil, err
	}
	through := cal.index(opts.Through)
	last := make(map[PlotCode]int) // index of the last covered season per plot
	for _, p := range plantings {
		i, ok := cal.lastCovered(p, through)
		if !ok {
			continue
		}
		if prev, seen := last[p.Plot]; !seen || i > prev {
			last[p.Plot] = i
		}
	}

	var abandoned []AbandonedPlot
	for _, p := range plots {
		if p.Class != ClassContracted && p.Category != CategoryContractedPlot {
			continue
		}
		a := AbandonedPlot{Plot: p.Code, Village: p.Village, DeclaredArea: p.DeclaredArea,
			MeasuredArea: p.MeasuredArea(), Unplanted: opts.Seasons}
		if i, ok := last[p.Code]; ok {
			a.LastPlanted, a.Unplanted = cal.season(i), through-i
		}
		if a.Unplanted >= opts.Seasons {
			abandoned = append(abandoned, a)
		}
	}
	return abandoned, nil
}

// seasonCalendar numbers the seasons of a calendar consecutively across years.
type seasonCalendar []Season

func newSeasonCalendar(opts AbandonedOptions) (seasonCalendar, error) {
	if opts.Seasons < 1 {
		return nil, fmt.Errorf("land: abandoned land: invalid season count %d, want 1 or more", opts.Seasons)
	}
	cal := seasonCalendar(opts.Calendar)
	if len(cal) == 0 {
		cal = seasonCalendar{SeasonWholeYear}
	}
	if err := cal.validate(); err != nil {
		return nil, err
	}
	if !slices.Contains(cal, opts.Through.Season) {
		return nil, fmt.Errorf("land: abandoned land: season %s of %s is not in the calendar %v",
			opts.Through.Season, opts.Through, []Season(cal))
	}
	return cal, nil
}

func (c seasonCalendar) validate() error {
	if len(c) > 1 && slices.Contains(c, SeasonWholeYear) {
		return fmt.Errorf("land: abandoned land: calendar %v mixes whole_year with seasons", []Season(c))
	}
	for i, s := range c {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("land: abandoned land: calendar: %w", err)
		}
		if i > 0 && s <= c[i-1] {
			return fmt.Errorf("land: abandoned land: calendar %v is not in calendar order", []Season(c))
		}
	}
	return nil
}

// index returns the number of s in the calendar; s.Season must be in the calendar.
func (c seasonCalendar) index(s YearSeason) int {
	return s.Year*len(c) + slices.Index(c, s.Season)
}

// season returns the season with index i.
func (c seasonCalendar) season(i int) YearSeason {
	return YearSeason{Year: i / len(c), Season: c[i%len(c)]}
}

// lastCovered returns the index of the latest calendar season up to through that p covers.
func (c seasonCalendar) lastCovered(p *Planting, through int) (int, bool) {
	best, found := 0, false
	for pos, s := range c {
		if p.Season != s && p.Season != SeasonWholeYear && s != SeasonWholeYear {
			continue
		}
		if i := p.Year*len(c) + pos; i <= through {
			best, found = i, true
		}
	}
	return best, found
}
