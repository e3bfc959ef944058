package water

import (
	"fmt"

	"github.com/shuxiang/shuxiang/land"
)

// MeterKind is the kind of a meter or controller attached to a well. The zero value is
// MeterKindUnknown, which validation rejects.
type MeterKind uint8

// The meter kinds of well water-electricity dual control (井电双控).
const (
	MeterKindUnknown MeterKind = iota
	FlowMeter                  // water meter or flow meter, m³
	ElectricityMeter           // active energy meter on the pump's supply, kWh
	CardController             // IC-card controller that switches the pump
)

var meterKindNames = []string{"unknown", "flow", "electricity", "card-controller"}

// ParseMeterKind parses "flow", "electricity" or "card-controller", ignoring case.
func ParseMeterKind(s string) (MeterKind, error) {
	return parseEnum[MeterKind]("meter kind", meterKindNames, s)
}

// String returns the kind name, such as "electricity".
func (k MeterKind) String() string { return enumName("MeterKind", meterKindNames, k) }

// MarshalText encodes the kind name.
func (k MeterKind) MarshalText() ([]byte, error) {
	return marshalEnum("meter kind", meterKindNames, k)
}

// UnmarshalText decodes a kind name.
func (k *MeterKind) UnmarshalText(text []byte) (err error) {
	*k, err = ParseMeterKind(string(text))
	return err
}

// Meter is a meter or controller attached to a well or facility.
type Meter struct {
	// Kind is the quantity the meter measures or the pump it controls.
	Kind MeterKind
	// ID is the meter's device address or serial number, unique in the register.
	ID MeterID
	// Installed is the day the meter was fitted. The zero Date means unknown.
	Installed land.Date
}

// Validate returns the *[FieldError] values of m joined, or nil when m is valid.
func (m Meter) Validate() error {
	c := checker{typ: "meter"}
	if !validEnum(meterKindNames, m.Kind, true) {
		c.fail("Kind", m.Kind, "want flow, electricity or card-controller")
	}
	c.check("ID", m.ID.Validate())
	return c.err()
}

// validateMeters checks each meter and that no id appears twice.
func validateMeters(c *checker, meters []Meter) {
	seen := make(map[MeterID]bool, len(meters))
	for i, m := range meters {
		field := fmt.Sprintf("Meters[%d]", i)
		c.check(field, m.Validate())
		if seen[m.ID] {
			c.fail(field+".ID", m.ID, "want each meter once, got a repeated id")
		}
		seen[m.ID] = true
	}
}
