package water

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/shuxiang/shuxiang/land"
)

// Well is a register entry for a point of abstraction: a motor-pumped well (机电井) or a
// surface-water intake (取水口), with what the county needs to meter it and charge for
// it. Decimal quantities keep the places the register was written with.
//
// The zero Well is not valid; see [Well.Validate]. A Well holds slices, so share it
// between goroutines only for reading.
type Well struct {
	// Code identifies the well in the register.
	Code WellCode
	// Kind is pumped well or surface intake.
	Kind WellKind
	// Name is the local name, such as "3号井". Empty means none.
	Name string
	// Location is the wellhead or intake, in lon, lat degrees.
	Location Point
	// Division is the village (12 digits) or, where the village is not recorded, the
	// township (9 digits) the well lies in.
	Division land.DivisionCode
	// District is the irrigation district the well belongs to. Empty means none.
	District DistrictCode
	// Source is the water body drawn from. A pumped well draws groundwater and an
	// intake surface water.
	Source Source
	// Use is the purpose the water serves, which selects the fee rate.
	Use Use
	// Permit is the abstraction permit (取水许可). The zero Permit means none is held.
	Permit Permit
	// Holder is the permit holder or, without a permit, the operator of the well.
	Holder Holder
	// Plots are the contracted plots the well irrigates.
	Plots []land.PlotCode
	// IrrigatedArea is the area the well irrigates, in mu. Zero means none or unknown.
	IrrigatedArea decimal.Decimal
	// Irrigation is the irrigation method on the plots.
	Irrigation IrrigationMethod
	// Depth is the depth of the well in m. Zero means unknown or an intake.
	Depth decimal.Decimal
	// Pump is the pump's nameplate rating. The zero Pump means none is recorded.
	Pump Pump
	// Meters are the meters and controllers attached, at most one id each.
	Meters []Meter
}

// Permit is an abstraction permit (取水许可证).
type Permit struct {
	// Number is the permit number as printed, such as "取水(新塔)字[2021]第0012号".
	Number string
	// Annual is the permitted annual volume in m³.
	Annual decimal.Decimal
	// Valid is the permit's term. The zero Period means not recorded.
	Valid land.Period
}

// Holder is the person or organisation that holds a permit or runs a well.
type Holder struct {
	// Name is the household head's or organisation's name.
	Name string
	// Code is the 18-character unified social credit code (统一社会信用代码) of an
	// organisation or the contractor code of a household. Empty means not recorded.
	Code string
}

// Pump is a pump's rating. Zero fields are unknown.
type Pump struct {
	// Power is the rated motor power in kW.
	Power decimal.Decimal
	// Head is the total head in m (扬程): lift from the pumping water level plus losses
	// and outlet pressure.
	Head decimal.Decimal
	// Efficiency is the wire-to-water efficiency as a fraction, above 0 and at most 1:
	// the motor's efficiency times the pump's. A pump-only figure overstates it, which
	// loosens [MaxCoefficient] but keeps it valid.
	Efficiency decimal.Decimal
	// Flow is the rated flow in m³/h.
	Flow decimal.Decimal
}

// maxTextLength is the longest name, permit number or holder code accepted, in bytes.
const maxTextLength = 200

// Validate returns the *[FieldError] values of w joined, or nil when w is valid.
func (w *Well) Validate() error {
	c := checker{typ: "well"}
	c.check("Code", w.Code.Validate())
	w.validateKind(&c)
	checkText(&c, "Name", w.Name)
	c.check("Location", w.Location.Validate())
	checkDivision(&c, "Division", w.Division)
	if w.District != "" {
		c.check("District", w.District.Validate())
	}
	if !validEnum(useNames, w.Use, true) {
		c.fail("Use", w.Use, "want one of %s", strings.Join(useNames[1:], ", "))
	}
	c.check("Permit", w.Permit.Validate())
	c.check("Holder", w.Holder.Validate())
	w.validatePlots(&c)
	if !validEnum(irrigationNames, w.Irrigation, false) {
		c.fail("Irrigation", w.Irrigation, "want one of %s", strings.Join(irrigationNames, ", "))
	}
	checkNonNegative(&c, "Depth", w.Depth, "m")
	c.check("Pump", w.Pump.Validate())
	validateMeters(&c, w.Meters)
	return c.err()
}

// validateKind checks the kind and that the source fits it.
func (w *Well) validateKind(c *checker) {
	if !validEnum(sourceNames, w.Source, true) {
		c.fail("Source", w.Source, "want one of %s", strings.Join(sourceNames[1:], ", "))
	}
	switch w.Kind {
	case PumpedWell:
		if w.Source == SurfaceWater {
			c.fail("Source", w.Source, "want groundwater for a pumped well")
		}
	case Intake:
		if w.Source.Groundwater() {
			c.fail("Source", w.Source, "want surface-water for an intake")
		}
	default:
		c.fail("Kind", w.Kind, "want well or intake")
	}
}

func (w *Well) validatePlots(c *checker) {
	seen := make(map[land.PlotCode]bool, len(w.Plots))
	for i, p := range w.Plots {
		field := fmt.Sprintf("Plots[%d]", i)
		c.check(field, p.Validate())
		if seen[p] {
			c.fail(field, p, "want each plot once, got a repeated code")
		}
		seen[p] = true
	}
	checkNonNegative(c, "IrrigatedArea", w.IrrigatedArea, "mu")
}

// Township returns the township the well lies in, or "" when Division is not valid.
func (w *Well) Township() land.DivisionCode {
	switch w.Division.Level() {
	case land.DivisionVillage:
		return w.Division.Parent()
	case land.DivisionTownship:
		return w.Division
	}
	return ""
}

// Village returns the village the well lies in, or "" when only the township is known.
func (w *Well) Village() land.DivisionCode {
	if w.Division.Level() == land.DivisionVillage {
		return w.Division
	}
	return ""
}

// County returns the county the well lies in, or "" when Division is not valid.
func (w *Well) County() land.DivisionCode {
	if t := w.Township(); t != "" {
		return t.Parent()
	}
	return ""
}

// Meter returns the first attached meter of kind k and whether there is one.
func (w *Well) Meter(k MeterKind) (Meter, bool) {
	for _, m := range w.Meters {
		if m.Kind == k {
			return m, true
		}
	}
	return Meter{}, false
}

// Validate returns the *[FieldError] values of p joined, or nil when p is valid. A permit
// without a number must have no annual volume and no term.
func (p Permit) Validate() error {
	c := checker{typ: "permit"}
	checkText(&c, "Number", p.Number)
	checkNonNegative(&c, "Annual", p.Annual, "m³")
	if p.Number == "" && (!p.Annual.IsZero() || p.Valid != land.Period{}) {
		c.fail("Number", p.Number, "want the permit number of a permit with a volume or term")
	}
	if p.Number != "" && !p.Annual.IsPositive() {
		c.fail("Annual", p.Annual, "want the permitted annual volume above 0 m³")
	}
	if p.Valid != (land.Period{}) {
		c.check("Valid", p.Valid.Validate())
	}
	return c.err()
}

// Validate returns the *[FieldError] values of h joined, or nil when h is valid.
func (h Holder) Validate() error {
	c := checker{typ: "holder"}
	checkText(&c, "Name", h.Name)
	checkText(&c, "Code", h.Code)
	return c.err()
}

// Validate returns the *[FieldError] values of p joined, or nil when p is valid.
func (p Pump) Validate() error {
	c := checker{typ: "pump"}
	checkNonNegative(&c, "Power", p.Power, "kW")
	checkNonNegative(&c, "Head", p.Head, "m")
	checkNonNegative(&c, "Flow", p.Flow, "m³/h")
	if p.Efficiency.IsNegative() || p.Efficiency.GreaterThan(decimal.NewFromInt(1)) {
		c.fail("Efficiency", p.Efficiency, "want a fraction above 0 and at most 1, or 0 for unknown")
	}
	return c.err()
}

// checkText rejects text longer than 200 bytes, with control characters or not UTF-8.
func checkText(c *checker, field, s string) {
	if len(s) > maxTextLength {
		c.fail(field, s, "want at most %d bytes, got %d", maxTextLength, len(s))
		return
	}
	if !isPrintable(s) {
		c.fail(field, s, "want printable UTF-8 text without control characters")
	}
}

func isPrintable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func checkNonNegative(c *checker, field string, d decimal.Decimal, unit string) {
	if d.IsNegative() {
		c.fail(field, d, "want 0 %s or more", unit)
	}
}

// checkDivision requires a valid township or village code.
func checkDivision(c *checker, field string, d land.DivisionCode) {
	if err := d.Validate(); err != nil {
		c.check(field, err)
		return
	}
	if l := d.Level(); l != land.DivisionTownship && l != land.DivisionVillage {
		c.fail(field, d, "want a township (9 digits) or village (12 digits), got a %s", l)
	}
}
