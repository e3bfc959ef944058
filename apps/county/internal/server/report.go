package server

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// The dashboard's water figures come from water.ReportIndex, built from the
// daily totals that the server keeps per well (store.Daily). Those totals are
// already each well's water in m³, whichever meter they were counted from, so
// the index is given every well with one flow meter named by the well code,
// whose day totals are the stored ones at water.VolumePlaces places.

// dailyRollups is the stored daily totals as a water.RollupSource and
// water.MeterNames: meter id i is the well names[i].
type dailyRollups struct {
	zone   *metering.Zone
	names  []string
	totals []metering.DayTotal
}

func (d *dailyRollups) Zone() *metering.Zone { return d.zone }

func (d *dailyRollups) AppendAllDays(dst []metering.DayTotal) []metering.DayTotal {
	return append(dst, d.totals...)
}

// Hours returns no hourly split, which the stored totals do not have. The
// builder calls it only to convert energy, and these meters measure water.
func (d *dailyRollups) Hours(uint32, metering.Day) ([24]int64, bool) { return [24]int64{}, false }

func (d *dailyRollups) MeterConfig(id uint32) (metering.MeterConfig, bool) {
	if int(id) >= len(d.names) {
		return metering.MeterConfig{}, false
	}
	return metering.MeterConfig{Kind: metering.Cumulative, Scale: water.VolumePlaces}, true
}

func (d *dailyRollups) Name(id uint32) (string, bool) {
	if int(id) >= len(d.names) {
		return "", false
	}
	return d.names[id], true
}

// reportIndex builds the report index of the wells within the division
// (every well when it is empty) over the days from to through, both included.
// It returns the wells too, by code.
func (s *Server) reportIndex(ctx context.Context, within land.DivisionCode, from, through land.Date) (*water.ReportIndex, map[water.WellCode]*water.WellRecord, error) {
	records, _, err := s.cfg.Water.Wells(ctx, water.WellFilter{Division: within})
	if err != nil {
		return nil, nil, err
	}
	byCode := make(map[water.WellCode]*water.WellRecord, len(records))
	wells := make([]water.Well, 0, len(records))
	src := &dailyRollups{zone: s.zone}
	ids := make(map[string]uint32, len(records))
	for _, rec := range records {
		byCode[rec.Code] = rec
		w := rec.Well
		w.Meters = []water.Meter{{Kind: water.FlowMeter, ID: water.MeterID(w.Code)}}
		wells = append(wells, w)
		ids[string(w.Code)] = uint32(len(src.names))
		src.names = append(src.names, string(w.Code))
	}

	days, err := s.cfg.County.DailyBetween(ctx, from, through)
	if err != nil {
		return nil, nil, err
	}
	src.totals = make([]metering.DayTotal, 0, len(days))
	for _, d := range days {
		id, ok := ids[d.Well]
		if !ok || d.Volume.IsNegative() {
			continue
		}
		total := d.Volume.Shift(water.VolumePlaces).Round(0).IntPart()
		src.totals = append(src.totals, metering.DayTotal{Meter: id,
			Day: metering.DayOf(d.Day.Year, d.Day.Month, d.Day.Day), Total: total})
	}

	b, err := water.NewReportBuilder(water.ReportConfig{Zone: s.zone}, wells, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("water report of %q: %w", within, err)
	}
	if err := b.AddRollups(src, src); err != nil {
		return nil, nil, fmt.Errorf("water report of %q: %w", within, err)
	}
	ix, err := b.Build()
	if err != nil {
		return nil, nil, fmt.Errorf("water report of %q: %w", within, err)
	}
	return ix, byCode, nil
}

// today returns the current calendar day in the report zone.
func (s *Server) today() land.Date {
	y, m, d := s.zone.Day(s.now().Unix()).Date()
	return land.NewDate(y, m, d)
}

// volumePlaces is the number of decimal places of the volumes in m³ that the
// statistics return: 0.001 m³, the resolution of the well meters.
const volumePlaces = 3

// volumeText returns a volume in m³ rounded to volumePlaces, without
// trailing zeros.
func volumeText(v decimal.Decimal) string { return v.Round(volumePlaces).String() }
