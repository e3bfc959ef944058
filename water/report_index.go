package water

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water/metering"
)

// ReportIndex holds the water a county's wells drew by day, added up for every well,
// village, township, irrigation district and county, overall and by source and use,
// as running sums over days. A report over any run of days then costs two lookups per
// group and period, whatever the number of wells. Build one with
// [ReportBuilder.Build]. A ReportIndex is immutable and safe for concurrent use.
//
// Memory: about 12 bytes per day of the span from the first to the last day with
// rollups, for each well and for each combination of group, source and use.
type ReportIndex struct {
	zone    *metering.Zone
	first   metering.Day
	days    int
	levels  [numLevels]levelIndex
	skipped []SkippedRollup
}

// levelIndex holds the groups of one level.
type levelIndex struct {
	groups []*group // ordered by code
	byCode map[string]*group
}

// group is one well, village, township, district or county.
type group struct {
	code string
	// division is the division the group lies in, for ReportQuery.Within: a well's
	// Division or the group's own code, empty for a district.
	division land.DivisionCode
	// cells are the group's water overall and by source and use, ordered by source
	// and use, so that cells[0] is the total.
	cells []cell
}

type cell struct {
	source Source
	use    Use
	sums   *runningSums
}

// runningSums holds the water and the number of well-day rollups of the days before
// each day of the index's span: volume[i] sums the days first to first+i−1.
type runningSums struct {
	volume  []int64
	records []int32
}

// Build returns the index of the rollups added so far. The builder may go on to collect
// more rollups for another index. Build returns an error when a well has two rollups of
// one day or a sum is out of range.
func (b *ReportBuilder) Build() (*ReportIndex, error) {
	if err := b.sortDays(); err != nil {
		return nil, err
	}
	ix := &ReportIndex{zone: b.zone, skipped: b.skips.list()}
	ix.first, ix.days = b.span()
	cells := make(map[cellKey]*runningSums)
	for i := range b.wells {
		if err := ix.addWell(&b.wells[i], cells); err != nil {
			return nil, err
		}
	}
	for _, s := range cells {
		if err := s.accumulate(); err != nil {
			return nil, err
		}
	}
	for l := range ix.levels {
		lv := &ix.levels[l]
		slices.SortFunc(lv.groups, func(a, b *group) int { return cmp.Compare(a.code, b.code) })
		for _, g := range lv.groups {
			slices.SortFunc(g.cells, func(a, b cell) int {
				return cmp.Or(cmp.Compare(a.source, b.source), cmp.Compare(a.use, b.use))
			})
		}
	}
	return ix, nil
}

// sortDays puts each well's days in order and rejects a day given twice.
func (b *ReportBuilder) sortDays() error {
	for i := range b.wells {
		w := &b.wells[i]
		if w.unordered {
			slices.SortStableFunc(w.days, func(a, b dayVolume) int { return cmp.Compare(a.day, b.day) })
			w.unordered = false
		}
		for j := 1; j < len(w.days); j++ {
			if w.days[j].day == w.days[j-1].day {
				return fmt.Errorf("water: report: well %s has two rollups of %s: merge the shards of "+
					"a meter before adding them", w.code, w.days[j].day)
			}
		}
	}
	return nil
}

// span returns the first day with rollups and the number of days to the last.
func (b *ReportBuilder) span() (metering.Day, int) {
	first, last := metering.Day(math.MaxInt32), metering.Day(math.MinInt32)
	for i := range b.wells {
		if d := b.wells[i].days; len(d) > 0 {
			first, last = min(first, d[0].day), max(last, d[len(d)-1].day)
		}
	}
	if first > last {
		return 0, 0
	}
	return first, int(last-first) + 1
}

type cellKey struct {
	level  Level
	code   string
	source Source
	use    Use
}

// addWell adds w's group and w's days to the cells of every group w belongs to.
func (ix *ReportIndex) addWell(w *reportWell, cells map[cellKey]*runningSums) error {
	own := ix.newSums()
	ix.group(LevelWell, string(w.code), w.division).cells = []cell{
		{sums: own}, {source: w.source, sums: own}, {use: w.use, sums: own},
		{source: w.source, use: w.use, sums: own},
	}
	var targets []*runningSums
	parents := []struct {
		level    Level
		code     string
		division land.DivisionCode
	}{
		{LevelVillage, string(w.village), w.village},
		{LevelTownship, string(w.town), w.town},
		{LevelDistrict, string(w.district), ""},
		{LevelCounty, string(w.county), w.county},
	}
	for _, p := range parents {
		if p.code == "" {
			continue
		}
		g := ix.group(p.level, p.code, p.division)
		for _, split := range [][2]uint8{{0, 0}, {uint8(w.source), 0}, {0, uint8(w.use)}, {uint8(w.source), uint8(w.use)}} {
			key := cellKey{p.level, p.code, Source(split[0]), Use(split[1])}
			s, ok := cells[key]
			if !ok {
				s = ix.newSums()
				cells[key] = s
				g.cells = append(g.cells, cell{source: key.source, use: key.use, sums: s})
			}
			targets = append(targets, s)
		}
	}

	for _, d := range w.days {
		i := int(d.day-ix.first) + 1
		own.volume[i], own.records[i] = d.volume, 1
	}
	for _, s := range targets {
		if err := s.add(own); err != nil {
			return fmt.Errorf("water: report: %w", err)
		}
	}
	return own.accumulate()
}

// add adds the day values of o to those of s, before either accumulates.
func (s *runningSums) add(o *runningSums) error {
	volume, records := s.volume[:len(o.volume)], s.records[:len(o.records)]
	for i, v := range o.volume {
		if volume[i] > math.MaxInt64-v {
			return errors.New("volume out of range")
		}
		volume[i] += v
	}
	for i, r := range o.records {
		records[i] += r
	}
	return nil
}

// group returns the group of level and code, adding it when new.
func (ix *ReportIndex) group(level Level, code string, division land.DivisionCode) *group {
	lv := &ix.levels[level]
	if g, ok := lv.byCode[code]; ok {
		return g
	}
	if lv.byCode == nil {
		lv.byCode = make(map[string]*group)
	}
	g := &group{code: code, division: division}
	lv.byCode[code] = g
	lv.groups = append(lv.groups, g)
	return g
}

// newSums returns sums for the span; their entries at i+1 start as the values of day
// first+i until accumulate turns them into running sums.
func (ix *ReportIndex) newSums() *runningSums {
	return &runningSums{volume: make([]int64, ix.days+1), records: make([]int32, ix.days+1)}
}

func (s *runningSums) accumulate() error {
	for i := 1; i < len(s.volume); i++ {
		if s.volume[i] > math.MaxInt64-s.volume[i-1] {
			return fmt.Errorf("water: report: running volume out of range")
		}
		s.volume[i] += s.volume[i-1]
		s.records[i] += s.records[i-1]
	}
	return nil
}

// sum returns the water and the records of the days from a to b, both included.
func (ix *ReportIndex) sum(s *runningSums, p land.Period) tally {
	if s == nil {
		return tally{}
	}
	lo := min(max(int(dayOf(p.Start)-ix.first), 0), ix.days)
	hi := min(max(int(dayOf(p.End)-ix.first)+1, 0), ix.days)
	if lo >= hi {
		return tally{}
	}
	return tally{volume: s.volume[hi] - s.volume[lo], records: int(s.records[hi] - s.records[lo])}
}

// Zone returns the zone whose calendar days the index counts.
func (ix *ReportIndex) Zone() *metering.Zone { return ix.zone }

// Skipped returns the rollups left out of the index, ordered by reason and meter.
func (ix *ReportIndex) Skipped() []SkippedRollup { return slices.Clone(ix.skipped) }

// Span returns the first and last day with rollups, both the zero Date when the index
// has none.
func (ix *ReportIndex) Span() land.Period {
	if ix.days == 0 {
		return land.Period{}
	}
	return land.Period{Start: dateOf(ix.first), End: dateOf(ix.first + metering.Day(ix.days-1))}
}
