package water

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/shuxiang/shuxiang/land"
)

// Reservoir is a register entry for a reservoir or pond that feeds canals.
type Reservoir struct {
	// Code identifies the reservoir in the register.
	Code FacilityCode
	// Name is the reservoir's name.
	Name string
	// Location is the dam or outlet, in lon, lat degrees.
	Location Point
	// Division is the township or village the dam lies in.
	Division land.DivisionCode
	// District is the irrigation district it serves. Empty means none.
	District DistrictCode
	// Capacity is the total storage capacity (总库容) in m³. Zero means unknown.
	Capacity decimal.Decimal
	// Points are the measuring points at the outlets and spillway.
	Points []MeasuringPoint
}

// Validate returns the *[FieldError] values of r joined, or nil when r is valid.
func (r *Reservoir) Validate() error {
	c := checker{typ: "reservoir"}
	c.check("Code", r.Code.Validate())
	checkText(&c, "Name", r.Name)
	c.check("Location", r.Location.Validate())
	checkDivision(&c, "Division", r.Division)
	if r.District != "" {
		c.check("District", r.District.Validate())
	}
	checkNonNegative(&c, "Capacity", r.Capacity, "m³")
	validatePoints(&c, r.Points)
	return c.err()
}

// CanalLevel is a canal's place in the canal system, from the main canal to the field
// ditch. The zero value is CanalLevelUnknown, which validation rejects.
type CanalLevel uint8

// The canal levels.
const (
	CanalLevelUnknown CanalLevel = iota
	MainCanal                    // 干渠, including 总干渠
	BranchCanal                  // 支渠
	LateralCanal                 // 斗渠
	SublateralCanal              // 农渠
	FieldDitch                   // 毛渠
)

var canalLevelNames = []string{"unknown", "main", "branch", "lateral", "sublateral", "field"}

// ParseCanalLevel parses a level name such as "branch", ignoring case.
func ParseCanalLevel(s string) (CanalLevel, error) {
	return parseEnum[CanalLevel]("canal level", canalLevelNames, s)
}

// String returns the level name, such as "lateral".
func (l CanalLevel) String() string { return enumName("CanalLevel", canalLevelNames, l) }

// MarshalText encodes the level name.
func (l CanalLevel) MarshalText() ([]byte, error) {
	return marshalEnum("canal level", canalLevelNames, l)
}

// UnmarshalText decodes a level name.
func (l *CanalLevel) UnmarshalText(text []byte) (err error) {
	*l, err = ParseCanalLevel(string(text))
	return err
}

// Canal is a register entry for a canal or ditch.
type Canal struct {
	// Code identifies the canal in the register.
	Code FacilityCode
	// Name is the canal's name.
	Name string
	// Level is the canal's place in the system.
	Level CanalLevel
	// Feeder is the reservoir, intake or higher canal the canal draws from. Empty
	// means not recorded.
	Feeder FacilityCode
	// District is the irrigation district the canal belongs to. Empty means none.
	District DistrictCode
	// Length is the canal's length in m. Zero means unknown.
	Length decimal.Decimal
	// DesignFlow is the design discharge in m³/s. Zero means unknown.
	DesignFlow decimal.Decimal
	// Path is the centre line from head to tail in lon, lat degrees. Nil means not
	// mapped; a mapped path has at least two points.
	Path []Point
	// Points are the measuring points along the canal.
	Points []MeasuringPoint
}

// Validate returns the *[FieldError] values of k joined, or nil when k is valid.
func (k *Canal) Validate() error {
	c := checker{typ: "canal"}
	c.check("Code", k.Code.Validate())
	checkText(&c, "Name", k.Name)
	if !validEnum(canalLevelNames, k.Level, true) {
		c.fail("Level", k.Level, "want one of %s", strings.Join(canalLevelNames[1:], ", "))
	}
	if k.Feeder != "" {
		c.check("Feeder", k.Feeder.Validate())
	}
	if k.District != "" {
		c.check("District", k.District.Validate())
	}
	checkNonNegative(&c, "Length", k.Length, "m")
	checkNonNegative(&c, "DesignFlow", k.DesignFlow, "m³/s")
	if len(k.Path) == 1 {
		c.fail("Path", k.Path, "want at least 2 points or none, got 1")
	}
	for i, p := range k.Path {
		c.check(fmt.Sprintf("Path[%d]", i), p.Validate())
	}
	validatePoints(&c, k.Points)
	return c.err()
}

// GateKind is the job of a gate in a canal system. The zero value is GateKindUnknown,
// which validation rejects.
type GateKind uint8

// The gate kinds.
const (
	GateKindUnknown GateKind = iota
	HeadGate                 // 进水闸: takes water into the canal
	CheckGate                // 节制闸: holds the level in the canal
	TurnoutGate              // 分水闸, 斗门: delivers water to a lower canal
	WasteGate                // 退水闸: returns water to a drain or river
)

var gateKindNames = []string{"unknown", "head", "check", "turnout", "waste"}

// ParseGateKind parses a gate kind name such as "turnout", ignoring case.
func ParseGateKind(s string) (GateKind, error) {
	return parseEnum[GateKind]("gate kind", gateKindNames, s)
}

// String returns the kind name, such as "check".
func (k GateKind) String() string { return enumName("GateKind", gateKindNames, k) }

// MarshalText encodes the kind name.
func (k GateKind) MarshalText() ([]byte, error) {
	return marshalEnum("gate kind", gateKindNames, k)
}

// UnmarshalText decodes a kind name.
func (k *GateKind) UnmarshalText(text []byte) (err error) {
	*k, err = ParseGateKind(string(text))
	return err
}

// Gate is a register entry for a gate on a canal.
type Gate struct {
	// Code identifies the gate in the register.
	Code FacilityCode
	// Name is the gate's name.
	Name string
	// Kind is the gate's job.
	Kind GateKind
	// Canal is the canal the gate sits on.
	Canal FacilityCode
	// Location is the gate, in lon, lat degrees.
	Location Point
	// Points are the measuring points at the gate.
	Points []MeasuringPoint
}

// Validate returns the *[FieldError] values of g joined, or nil when g is valid.
func (g *Gate) Validate() error {
	c := checker{typ: "gate"}
	c.check("Code", g.Code.Validate())
	checkText(&c, "Name", g.Name)
	if !validEnum(gateKindNames, g.Kind, true) {
		c.fail("Kind", g.Kind, "want one of %s", strings.Join(gateKindNames[1:], ", "))
	}
	c.check("Canal", g.Canal.Validate())
	c.check("Location", g.Location.Validate())
	validatePoints(&c, g.Points)
	return c.err()
}

// VillageMeter is a register entry for a village supply meter (村级供水表): the meter
// on the main that supplies a village's domestic water.
type VillageMeter struct {
	// Code identifies the supply point in the register.
	Code FacilityCode
	// Name is the supply point's name.
	Name string
	// Village is the 12-digit code of the village supplied.
	Village land.DivisionCode
	// Location is the meter, in lon, lat degrees.
	Location Point
	// Supply is the well or intake that feeds the main. Empty means not recorded.
	Supply WellCode
	// Meter is the flow meter.
	Meter Meter
}

// Validate returns the *[FieldError] values of v joined, or nil when v is valid.
func (v *VillageMeter) Validate() error {
	c := checker{typ: "village meter"}
	c.check("Code", v.Code.Validate())
	checkText(&c, "Name", v.Name)
	if err := v.Village.Validate(); err != nil {
		c.check("Village", err)
	} else if v.Village.Level() != land.DivisionVillage {
		c.fail("Village", v.Village, "want a 12-digit village code")
	}
	c.check("Location", v.Location.Validate())
	if v.Supply != "" {
		c.check("Supply", v.Supply.Validate())
	}
	c.check("Meter", v.Meter.Validate())
	if v.Meter.Kind != FlowMeter {
		c.fail("Meter.Kind", v.Meter.Kind, "want a flow meter")
	}
	return c.err()
}
