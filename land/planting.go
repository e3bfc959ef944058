package land

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Planting is the record of one crop sown on one plot in one season of a year (种植记录).
// A plot, year, season and crop identify a record, so a plot intercropped with two crops
// has two records for the season.
type Planting struct {
	Plot PlotCode
	// Year is the calendar year of the season, such as 2024.
	Year int
	// Season is the growing season, or [SeasonWholeYear] for a crop recorded once a year.
	Season Season
	// Crop is the crop name as the county records it, such as 棉花 or cotton; required.
	Crop string
	// Variety is the cultivar; it may be empty.
	Variety string
	// SownArea is the sown area in mu (播种面积).
	SownArea decimal.Decimal
	// Version and UpdatedAt are set by the [Store], as for [Plot].
	Version   int64
	UpdatedAt time.Time
}

// PlantingKey identifies a [Planting] record.
type PlantingKey struct {
	Plot   PlotCode
	Year   int
	Season Season
	Crop   string
}

// Key returns the key of p.
func (p *Planting) Key() PlantingKey {
	return PlantingKey{Plot: p.Plot, Year: p.Year, Season: p.Season, Crop: p.Crop}
}

// String returns the key as plot/year/season/crop.
func (k PlantingKey) String() string {
	return fmt.Sprintf("%s/%d/%s/%s", k.Plot, k.Year, k.Season, k.Crop)
}

// Compare returns -1, 0 or +1 as k sorts before, equal to or after l, by plot, year, season
// and crop.
func (k PlantingKey) Compare(l PlantingKey) int {
	switch {
	case k.Plot != l.Plot:
		return strings.Compare(string(k.Plot), string(l.Plot))
	case k.Year != l.Year:
		return cmp.Compare(k.Year, l.Year)
	case k.Season != l.Season:
		return cmp.Compare(k.Season, l.Season)
	default:
		return strings.Compare(k.Crop, l.Crop)
	}
}

// Validate reports an error unless the plot code and season are valid, the year lies in
// 1900–9999, the crop is named and the sown area is not negative.
func (p *Planting) Validate() error {
	key := p.Key()
	if err := p.Plot.Validate(); err != nil {
		return fmt.Errorf("land: planting %s: %w", key, err)
	}
	if p.Year < 1900 || p.Year > 9999 {
		return fmt.Errorf("land: planting %s: invalid year %d, want 1900 to 9999", key, p.Year)
	}
	if err := p.Season.Validate(); err != nil {
		return fmt.Errorf("land: planting %s: %w", key, err)
	}
	if strings.TrimSpace(p.Crop) == "" {
		return fmt.Errorf("land: planting %s: crop is required", key)
	}
	if p.SownArea.IsNegative() {
		return fmt.Errorf("land: planting %s: sown area %s mu is negative", key, p.SownArea)
	}
	return nil
}

// Season is a growing season within a year. The zero value is unknown.
type Season uint8

// Seasons, in calendar order, and the whole year.
const (
	SeasonUnknown Season = iota
	SeasonSpring         // 春播
	SeasonSummer         // 夏播
	SeasonAutumn         // 秋播
	SeasonWinter         // 冬播
	// SeasonWholeYear marks a record kept once a year, as for the single cotton crop of
	// southern Xinjiang; it covers every season of its year.
	SeasonWholeYear
)

var seasonNames = []string{"unknown", "spring", "summer", "autumn", "winter", "whole_year"}

// ParseSeason returns the season named s ("spring", "summer", "autumn", "winter",
// "whole_year").
func ParseSeason(s string) (Season, error) { return parseEnum[Season]("season", seasonNames, s) }

// String returns the season name used by [ParseSeason].
func (s Season) String() string { return enumName("Season", seasonNames, s) }

// Validate reports an error unless s is a known, non-zero season.
func (s Season) Validate() error { return validateEnum("season", seasonNames, s) }

// MarshalText encodes s as its name.
func (s Season) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a season name.
func (s *Season) UnmarshalText(text []byte) error {
	v, err := ParseSeason(string(text))
	*s = v
	return err
}
