package bulk

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// wellColumn is a column of the wells layout with its conversion both ways.
type wellColumn struct {
	Column
	// set parses the cell into w; an empty cell clears the field.
	set func(w *water.Well, v string) error
	// get formats the field of w.
	get func(w *water.Well) string
}

// wellLayout is the column layout of wells CSV files, in export order.
var wellLayout = []wellColumn{
	{Column{"code", true, "well code: 1 to 40 characters of A-Z, a-z, 0-9 and - _ . / :"},
		func(w *water.Well, v string) (err error) {
			w.Code, err = water.ParseWellCode(v)
			return err
		},
		func(w *water.Well) string { return string(w.Code) }},
	{Column{"kind", true, "well (motor-pumped well) or intake (surface-water intake)"},
		func(w *water.Well, v string) (err error) {
			w.Kind, err = water.ParseWellKind(v)
			return err
		},
		func(w *water.Well) string { return w.Kind.String() }},
	{Column{"name", false, "local name, such as 3号井"},
		func(w *water.Well, v string) error { w.Name = v; return nil },
		func(w *water.Well) string { return w.Name }},
	{Column{"lon", true, "longitude of the wellhead in degrees, CGCS2000"},
		func(w *water.Well, v string) (err error) {
			w.Location.Lon, err = parseDegrees(v, 180, "longitude")
			return err
		},
		func(w *water.Well) string { return formatDegrees(w.Location.Lon) }},
	{Column{"lat", true, "latitude of the wellhead in degrees, CGCS2000"},
		func(w *water.Well, v string) (err error) {
			w.Location.Lat, err = parseDegrees(v, 90, "latitude")
			return err
		},
		func(w *water.Well) string { return formatDegrees(w.Location.Lat) }},
	{Column{"division", true, "12-digit village code, or 9-digit township code"},
		func(w *water.Well, v string) (err error) {
			w.Division, err = land.ParseDivisionCode(v)
			return err
		},
		func(w *water.Well) string { return string(w.Division) }},
	{Column{"district", false, "irrigation district code"},
		func(w *water.Well, v string) (err error) {
			w.District = ""
			if v != "" {
				w.District, err = water.ParseDistrictCode(v)
			}
			return err
		},
		func(w *water.Well) string { return string(w.District) }},
	{Column{"source", true, "shallow-groundwater, deep-groundwater or surface-water"},
		func(w *water.Well, v string) (err error) {
			w.Source, err = water.ParseSource(v)
			return err
		},
		func(w *water.Well) string { return w.Source.String() }},
	{Column{"use", true, "agriculture, rural-supply, urban-supply, industry, thermal-power, hydropower, services, special-industry or ecology"},
		func(w *water.Well, v string) (err error) {
			w.Use, err = water.ParseUse(v)
			return err
		},
		func(w *water.Well) string { return w.Use.String() }},
	{Column{"permit_number", false, "abstraction permit number as printed"},
		func(w *water.Well, v string) error { w.Permit.Number = v; return nil },
		func(w *water.Well) string { return w.Permit.Number }},
	decimalColumn("permit_annual_m3", "permitted annual volume in m³", func(w *water.Well) *decimal.Decimal { return &w.Permit.Annual }),
	dateColumn("permit_start", "first day of the permit, YYYY-MM-DD", func(w *water.Well) *land.Date { return &w.Permit.Valid.Start }),
	dateColumn("permit_end", "last day of the permit, YYYY-MM-DD", func(w *water.Well) *land.Date { return &w.Permit.Valid.End }),
	{Column{"holder_name", false, "permit holder or operator"},
		func(w *water.Well, v string) error { w.Holder.Name = v; return nil },
		func(w *water.Well) string { return w.Holder.Name }},
	{Column{"holder_code", false, "unified social credit code, or the contractor code of a household"},
		func(w *water.Well, v string) error { w.Holder.Code = v; return nil },
		func(w *water.Well) string { return w.Holder.Code }},
	{Column{"plots", false, "19-digit codes of the plots irrigated, separated by semicolons"},
		func(w *water.Well, v string) error {
			w.Plots = nil
			for _, s := range list(v) {
				p, err := land.ParsePlotCode(s)
				if err != nil {
					return err
				}
				w.Plots = append(w.Plots, p)
			}
			return nil
		},
		func(w *water.Well) string {
			codes := make([]string, len(w.Plots))
			for i, p := range w.Plots {
				codes[i] = string(p)
			}
			return strings.Join(codes, ";")
		}},
	decimalColumn("irrigated_area_mu", "irrigated area in mu", func(w *water.Well) *decimal.Decimal { return &w.IrrigatedArea }),
	{Column{"irrigation", false, "flood, furrow, border, low-pressure-pipe, sprinkler, micro-sprinkler or drip"},
		func(w *water.Well, v string) (err error) {
			w.Irrigation = water.IrrigationUnknown
			if v != "" {
				w.Irrigation, err = water.ParseIrrigationMethod(v)
			}
			return err
		},
		func(w *water.Well) string {
			if w.Irrigation == water.IrrigationUnknown {
				return ""
			}
			return w.Irrigation.String()
		}},
	decimalColumn("depth_m", "well depth in m", func(w *water.Well) *decimal.Decimal { return &w.Depth }),
	decimalColumn("pump_power_kw", "rated motor power in kW", func(w *water.Well) *decimal.Decimal { return &w.Pump.Power }),
	decimalColumn("pump_head_m", "total head in m", func(w *water.Well) *decimal.Decimal { return &w.Pump.Head }),
	decimalColumn("pump_efficiency", "wire-to-water efficiency as a fraction, above 0 and at most 1", func(w *water.Well) *decimal.Decimal { return &w.Pump.Efficiency }),
	decimalColumn("pump_flow_m3h", "rated flow in m³/h", func(w *water.Well) *decimal.Decimal { return &w.Pump.Flow }),
	meterColumn("flow_meter", "water meter id", water.FlowMeter),
	meterDateColumn("flow_meter_installed", "day the water meter was fitted", water.FlowMeter),
	meterColumn("electricity_meter", "electricity meter id on the pump's supply", water.ElectricityMeter),
	meterDateColumn("electricity_meter_installed", "day the electricity meter was fitted", water.ElectricityMeter),
	meterColumn("card_controller", "IC-card controller id", water.CardController),
	meterDateColumn("card_controller_installed", "day the controller was fitted", water.CardController),
}

// wellTextColumns are the columns of free text in the wells layout, whose
// cells the export guards against formula injection. The other columns hold
// numbers, days, names from a fixed list and codes of letters, digits and
// - _ . / : or ;, which cannot call a spreadsheet function.
var wellTextColumns = []string{"name", "permit_number", "holder_name", "holder_code"}

// WellColumns returns the columns of wells CSV files, in export order.
func WellColumns() []Column {
	out := make([]Column, len(wellLayout))
	for i, c := range wellLayout {
		out[i] = c.Column
	}
	return out
}

func decimalColumn(name, help string, field func(w *water.Well) *decimal.Decimal) wellColumn {
	return wellColumn{Column{name, false, help},
		func(w *water.Well, v string) error {
			d, err := parseQuantity(v)
			if v == "" {
				d, err = decimal.Decimal{}, nil
			}
			if err != nil {
				return fmt.Errorf("%q is not a decimal number; write digits with a point, such as 12.5", v)
			}
			*field(w) = d
			return nil
		},
		func(w *water.Well) string { return decimalCell(*field(w)) }}
}

func dateColumn(name, help string, field func(w *water.Well) *land.Date) wellColumn {
	return wellColumn{Column{name, false, help},
		func(w *water.Well, v string) error {
			d, err := parseDay(v)
			*field(w) = d
			return err
		},
		func(w *water.Well) string { return dateCell(*field(w)) }}
}

// meterColumn sets the id of the meter of kind; an empty cell removes the meter.
func meterColumn(name, help string, kind water.MeterKind) wellColumn {
	return wellColumn{Column{name, false, help},
		func(w *water.Well, v string) error {
			i := slices.IndexFunc(w.Meters, func(m water.Meter) bool { return m.Kind == kind })
			if v == "" {
				if i >= 0 {
					w.Meters = slices.Delete(w.Meters, i, i+1)
				}
				return nil
			}
			id, err := water.ParseMeterID(v)
			if err != nil {
				return err
			}
			if i < 0 {
				w.Meters = append(w.Meters, water.Meter{Kind: kind})
				i = len(w.Meters) - 1
			}
			w.Meters[i].ID = id
			slices.SortFunc(w.Meters, func(a, b water.Meter) int { return cmp.Compare(a.Kind, b.Kind) })
			return nil
		},
		func(w *water.Well) string {
			m, _ := w.Meter(kind)
			return string(m.ID)
		}}
}

// meterDateColumn sets the day the meter of kind was fitted. It must follow
// the meter's id column in the layout, so that the meter exists when it runs.
func meterDateColumn(name, help string, kind water.MeterKind) wellColumn {
	return wellColumn{Column{name, false, help},
		func(w *water.Well, v string) error {
			d, err := parseDay(v)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(w.Meters, func(m water.Meter) bool { return m.Kind == kind })
			if i < 0 {
				if d.IsZero() {
					return nil
				}
				return fmt.Errorf("%s is set but the well has no %s meter; fill in the meter id or leave the day empty", v, kind)
			}
			w.Meters[i].Installed = d
			return nil
		},
		func(w *water.Well) string {
			m, _ := w.Meter(kind)
			return dateCell(m.Installed)
		}}
}

func parseDay(v string) (land.Date, error) {
	if v == "" {
		return land.Date{}, nil
	}
	d, err := land.ParseDate(v)
	if err != nil {
		return d, fmt.Errorf("%q is not a day, want YYYY-MM-DD such as 2026-03-01", v)
	}
	return d, nil
}

func parseDegrees(v string, limit float64, what string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number of degrees; write decimal degrees such as 83.3512", v)
	}
	if f < -limit || f > limit {
		return 0, fmt.Errorf("%s %s is out of range, want -%g to %g degrees", what, v, limit, limit)
	}
	return f, nil
}

// formatDegrees writes the shortest text that parses back to the same float64.
func formatDegrees(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// decimalCell writes d with the places it was stored with; zero is an empty
// cell, because the registers use zero for "not recorded".
func decimalCell(d decimal.Decimal) string {
	if d.IsZero() {
		return ""
	}
	return sqlstore.DecimalText(d)
}

func dateCell(d land.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// wellCells returns the cells of w keyed by column name.
func wellCells(w *water.Well) map[string]string {
	cells := make(map[string]string, len(wellLayout))
	for _, c := range wellLayout {
		cells[c.Name] = c.get(w)
	}
	return cells
}

// wellFieldColumns maps the field paths of water.FieldError to columns, longest
// prefix first.
var wellFieldColumns = []struct{ field, column string }{
	{"Permit.Annual", "permit_annual_m3"}, {"Permit.Valid", "permit_start"}, {"Permit", "permit_number"},
	{"Holder.Code", "holder_code"}, {"Holder", "holder_name"},
	{"Pump.Power", "pump_power_kw"}, {"Pump.Head", "pump_head_m"}, {"Pump.Efficiency", "pump_efficiency"},
	{"Pump.Flow", "pump_flow_m3h"}, {"Pump", "pump_power_kw"},
	{"Plots", "plots"}, {"IrrigatedArea", "irrigated_area_mu"}, {"Irrigation", "irrigation"},
	{"Depth", "depth_m"}, {"Meters", "flow_meter"}, {"Location", "lon"},
	{"Code", "code"}, {"Kind", "kind"}, {"Name", "name"}, {"Division", "division"},
	{"District", "district"}, {"Source", "source"}, {"Use", "use"},
}

func wellColumnOf(field string) string {
	for _, fc := range wellFieldColumns {
		if strings.HasPrefix(field, fc.field) {
			return fc.column
		}
	}
	return ""
}
