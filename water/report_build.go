package water

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water/metering"
)

// ReportConfig configures a [ReportBuilder]. The zero value counts Beijing-time days.
type ReportConfig struct {
	// Zone is the zone whose calendar days, months and years reports count, which every
	// rollup added must share. Nil means [metering.BeijingTime] (Asia/Shanghai); Xinjiang
	// counties on local time pass a zone built from Asia/Urumqi (UTC+6).
	Zone *metering.Zone
}

// RollupSource is the part of a metering shard that a [ReportBuilder] reads.
// *metering.Shard implements it.
type RollupSource interface {
	// Zone returns the zone the rollups count days in.
	Zone() *metering.Zone
	// AppendAllDays appends every meter's day totals, ordered by meter and day.
	AppendAllDays(dst []metering.DayTotal) []metering.DayTotal
	// Hours returns a meter's consumption in each wall-clock hour of a day.
	Hours(id uint32, day metering.Day) ([24]int64, bool)
	// MeterConfig returns a meter's configuration, whose Scale places its values.
	MeterConfig(id uint32) (metering.MeterConfig, bool)
}

// MeterNames maps the dense meter ids of rollups to the register's [MeterID] values.
// *metering.Registry implements it.
type MeterNames interface {
	Name(id uint32) (string, bool)
}

// ReportBuilder collects the rollups of a county's meters and builds a [ReportIndex]
// of the water its wells drew. A well's water comes from its flow meter's rollups.
// A well without a flow meter has its electricity meter's kWh converted to m³ with the
// coefficient in force (以电折水). The conversion takes a day at a time when one
// coefficient covers the whole day, and goes hour by hour when the coefficient changes
// within it. Rollups that cannot be
// counted are kept as [SkippedRollup] values. A ReportBuilder is not safe for
// concurrent use.
type ReportBuilder struct {
	zone   *metering.Zone
	wells  []reportWell
	meters map[MeterID]meterRole
	skips  skipSet
	// scratch is the buffer of day totals AddRollups reads into, kept between calls.
	scratch []metering.DayTotal
}

// reportWell is the part of a register well that reports use, with the water it drew by
// day.
type reportWell struct {
	code                       WellCode
	division, village, town    land.DivisionCode
	county                     land.DivisionCode
	district                   DistrictCode
	source                     Source
	use                        Use
	coefficients               []coefficientSpan
	days                       []dayVolume
	coefficientsSet, unordered bool
}

// dayVolume is a well's water on one day, in units of 10^-VolumePlaces m³.
type dayVolume struct {
	day    metering.Day
	volume int64
}

// meterRole is the use of a meter's rollups for its well.
type meterRole struct {
	well int
	kind MeterKind // FlowMeter or ElectricityMeter when counted, 0 when ignored
}

// NewReportBuilder returns a builder for the wells of a register and their coefficient
// histories. Histories of wells not in wells are ignored. It returns an error when a
// well is not valid, two wells share a code or a meter id, or a well has two
// histories.
func NewReportBuilder(cfg ReportConfig, wells []Well, histories []*CoefficientHistory) (*ReportBuilder, error) {
	b := &ReportBuilder{zone: cfg.Zone, meters: make(map[MeterID]meterRole)}
	if b.zone == nil {
		b.zone = metering.BeijingTime()
	}
	if err := b.addWells(wells); err != nil {
		return nil, err
	}
	byCode := make(map[WellCode]int, len(b.wells))
	for i := range b.wells {
		byCode[b.wells[i].code] = i
	}
	for _, h := range histories {
		i, ok := byCode[h.Well()]
		if !ok {
			continue
		}
		w := &b.wells[i]
		if w.coefficientsSet {
			return nil, fmt.Errorf("water: report: well %s has two coefficient histories", w.code)
		}
		w.coefficients, w.coefficientsSet = coefficientSpans(h), true
	}
	return b, nil
}

func (b *ReportBuilder) addWells(wells []Well) error {
	sorted := make([]*Well, len(wells))
	for i := range wells {
		if err := wells[i].Validate(); err != nil {
			return fmt.Errorf("water: report: well %d: %w", i, err)
		}
		sorted[i] = &wells[i]
	}
	slices.SortFunc(sorted, func(a, b *Well) int { return cmp.Compare(a.Code, b.Code) })
	b.wells = make([]reportWell, len(sorted))
	for i, w := range sorted {
		if i > 0 && sorted[i-1].Code == w.Code {
			return fmt.Errorf("water: report: well %s is listed twice", w.Code)
		}
		b.wells[i] = reportWell{
			code: w.Code, division: w.Division, village: w.Village(), town: w.Township(),
			county: w.County(), district: w.District, source: w.Source, use: w.Use,
		}
		if err := b.addMeters(i, w); err != nil {
			return err
		}
	}
	return nil
}

// addMeters records the role of each meter of w: its flow meter counts, its
// electricity meter counts when it has no flow meter, and the others are ignored.
//
// NOTE: Meter.Installed is not consulted, so a well that got a flow meter during the
// rollups' span has no water counted from kWh for the days before it.
func (b *ReportBuilder) addMeters(i int, w *Well) error {
	_, hasFlow := w.Meter(FlowMeter)
	for _, m := range w.Meters {
		if other, ok := b.meters[m.ID]; ok {
			return fmt.Errorf("water: report: meter %s is attached to wells %s and %s",
				m.ID, b.wells[other.well].code, w.Code)
		}
		role := meterRole{well: i}
		if m.Kind == FlowMeter || (m.Kind == ElectricityMeter && !hasFlow) {
			role.kind = m.Kind
		}
		b.meters[m.ID] = role
	}
	return nil
}

// AddRollups adds the day rollups of src, whose dense meter ids names maps to the
// register's meter ids. Add each meter's days once: merge the shards of one meter
// (metering.Shard.Merge) before adding them, because [ReportBuilder.Build] rejects a
// well with two rollups of one day. AddRollups returns an error, and adds nothing,
// when src counts days in another zone than the builder or a volume is out of range.
func (b *ReportBuilder) AddRollups(src RollupSource, names MeterNames) error {
	if z := src.Zone(); !sameZone(z, b.zone) {
		return fmt.Errorf("water: report: rollups in zone %s, want %s", z.Name(), b.zone.Name())
	}
	b.scratch = src.AppendAllDays(b.scratch[:0])
	days := b.scratch
	add := rollupBatch{builder: b, src: src, names: names, lengths: make([]int, len(b.wells))}
	for i := range b.wells {
		add.lengths[i] = len(b.wells[i].days)
	}
	for start := 0; start < len(days); {
		end := start + 1
		for end < len(days) && days[end].Meter == days[start].Meter {
			end++
		}
		if err := add.meter(days[start:end]); err != nil {
			add.rollback()
			return err
		}
		start = end
	}
	b.skips.merge(&add.skips)
	return nil
}

// sameZone reports whether two zones have the same name and the same offsets at a
// spread of instants from 1900 to 2100.
func sameZone(a, b *metering.Zone) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.Name() != b.Name() {
		return false
	}
	const from, to, step = -2208988800, 4102444800, 86400 * 97
	for t := int64(from); t < to; t += step {
		if a.Offset(t) != b.Offset(t) {
			return false
		}
	}
	return true
}

// rollupBatch adds the rollups of one call of AddRollups. It appends days to the wells
// at once, and keeps the skipped rollups and the wells' lengths before the call so that
// a failed call leaves the builder as it was.
type rollupBatch struct {
	builder *ReportBuilder
	src     RollupSource
	names   MeterNames
	skips   skipSet
	lengths []int
}

// meter adds the day totals of one meter.
func (a *rollupBatch) meter(totals []metering.DayTotal) error {
	id := totals[0].Meter
	name, ok := a.names.Name(id)
	if !ok {
		a.skipAll(SkipUnnamedMeter, id, "", "", totals)
		return nil
	}
	role, ok := a.builder.meters[MeterID(name)]
	if !ok {
		a.skipAll(SkipNotInRegister, id, MeterID(name), "", totals)
		return nil
	}
	if role.kind == 0 {
		return nil
	}
	cfg, _ := a.src.MeterConfig(id)
	w := &a.builder.wells[role.well]
	w.days = slices.Grow(w.days, len(totals))
	for _, t := range totals {
		v, counted, err := a.volume(w, role, MeterID(name), cfg.Scale, t)
		if err != nil {
			return fmt.Errorf("water: report: meter %s of well %s on %s: %w", name, w.code, t.Day, err)
		}
		if !counted {
			continue
		}
		if n := len(w.days); n > 0 && w.days[n-1].day >= t.Day {
			w.unordered = true
		}
		w.days = append(w.days, dayVolume{day: t.Day, volume: v})
	}
	return nil
}

// volume returns the water of one day total of a well's meter, and false when none of
// the day's energy could be converted.
func (a *rollupBatch) volume(w *reportWell, role meterRole, meter MeterID, scale uint8,
	t metering.DayTotal) (int64, bool, error) {
	if role.kind == FlowMeter || t.Total == 0 {
		v, err := unitFactor.volume(t.Total, scale)
		return v, err == nil, err
	}
	z := a.builder.zone
	start, end := localStart(z, t.Day, 0), localStart(z, t.Day+1, 0)
	if c := coefficientAt(w.coefficients, start); c != nil && c.to >= end {
		v, err := c.factor.volume(t.Total, scale)
		return v, err == nil, err
	}

	// The coefficient changes within the day, or does not cover all of it.
	hours, ok := a.src.Hours(t.Meter, t.Day)
	if !ok {
		a.skip(SkipNoCoefficient, t.Meter, meter, w.code, t.Day, decimal.New(t.Total, -int32(scale)))
		return 0, false, nil
	}
	var total int64
	counted := false
	for h, units := range hours {
		if units == 0 {
			continue
		}
		c := coefficientAt(w.coefficients, localStart(z, t.Day, h))
		if c == nil {
			a.skip(SkipNoCoefficient, t.Meter, meter, w.code, t.Day, decimal.New(units, -int32(scale)))
			continue
		}
		v, err := c.factor.volume(units, scale)
		if err != nil {
			return 0, false, err
		}
		if total += v; total < 0 {
			return 0, false, errors.New("day volume out of range")
		}
		counted = true
	}
	return total, counted, nil
}

func (a *rollupBatch) skipAll(r SkipReason, id uint32, meter MeterID, well WellCode, totals []metering.DayTotal) {
	cfg, _ := a.src.MeterConfig(id)
	for _, t := range totals {
		a.skip(r, id, meter, well, t.Day, decimal.New(t.Total, -int32(cfg.Scale)))
	}
}

func (a *rollupBatch) skip(r SkipReason, id uint32, meter MeterID, well WellCode, day metering.Day, amount decimal.Decimal) {
	a.skips.add(SkippedRollup{Reason: r, ID: id, Meter: meter, Well: well}, dateOf(day), amount)
}

// rollback removes the days the batch appended. A well it marked unordered stays so,
// which only costs Build a sort.
func (a *rollupBatch) rollback() {
	for i, n := range a.lengths {
		a.builder.wells[i].days = a.builder.wells[i].days[:n]
	}
}
