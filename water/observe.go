package water

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Measured is a set of the quantities an [Interval] carries, so that a quantity that was
// not reported is not mistaken for 0.
type Measured uint8

// The measured quantities.
const (
	MeasuredEnergy Measured = 1 << iota // Energy from the electricity meter
	MeasuredWater                       // Water from the flow meter
	MeasuredPower                       // Power from the electricity meter
)

// Has reports whether m contains every quantity of q.
func (m Measured) Has(q Measured) bool { return m&q == q }

// String returns the quantities joined by "|", such as "energy|water", or "none".
func (m Measured) String() string {
	var parts []string
	for i, name := range []string{"energy", "water", "power"} {
		if m&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

// Interval is the record of a well's meters over the half-open window [Start, End),
// typically an hour or a day of the metering rollups.
type Interval struct {
	// Well is the well metered.
	Well WellCode
	// Start and End bound the window.
	Start, End time.Time
	// Energy is the electricity used, in kWh.
	Energy decimal.Decimal
	// Water is the volume the flow meter recorded, in m³.
	Water decimal.Decimal
	// Power is the highest active power seen, in kW.
	Power decimal.Decimal
	// Measured lists which of Energy, Water and Power were reported.
	Measured Measured
}

// Volume returns the water the well drew in the interval, in m³: the flow meter's Water
// when it was reported, otherwise Energy converted with the coefficient in force at
// Start (以电折水). It returns an error wrapping [ErrNoCoefficient] when Energy has to be
// converted and h has no coefficient at Start, and 0 when neither was reported.
func (iv *Interval) Volume(h *CoefficientHistory) (decimal.Decimal, error) {
	switch {
	case iv.Measured.Has(MeasuredWater):
		return iv.Water, nil
	case iv.Measured.Has(MeasuredEnergy):
		return h.Water(iv.Start, iv.Energy)
	}
	return decimal.Decimal{}, nil
}

// SessionKind is the way pumping was authorised.
type SessionKind uint8

// The session kinds. The zero value is SessionCard.
const (
	SessionCard   SessionKind = iota // an IC card inserted in the well's controller
	SessionRemote                    // a remote start from the platform or a phone
)

var sessionKindNames = []string{"card", "remote"}

// ParseSessionKind parses "card" or "remote", ignoring case.
func ParseSessionKind(s string) (SessionKind, error) {
	return parseEnum[SessionKind]("session kind", sessionKindNames, s)
}

// String returns "card" or "remote".
func (k SessionKind) String() string { return enumName("SessionKind", sessionKindNames, k) }

// MarshalText encodes the kind name.
func (k SessionKind) MarshalText() ([]byte, error) {
	return marshalEnum("session kind", sessionKindNames, k)
}

// UnmarshalText decodes a kind name.
func (k *SessionKind) UnmarshalText(text []byte) (err error) {
	*k, err = ParseSessionKind(string(text))
	return err
}

// Session is an authorised pumping session on a well, from the card controller's or the
// platform's log.
type Session struct {
	// Well is the well.
	Well WellCode
	// Kind is card or remote.
	Kind SessionKind
	// Card is the card number or the operator who started the session.
	Card string
	// Start is when the session opened.
	Start time.Time
	// End is when it closed. The zero Time means it is still open.
	End time.Time
}

// EventKind is a tamper event a meter or controller reports. The zero value is
// EventKindUnknown.
type EventKind uint8

// The tamper event kinds.
const (
	EventKindUnknown EventKind = iota
	CoverOpened                // meter cover or seal opened
	DoorOpened                 // well-house or control box door opened
	MagneticAttack             // strong magnetic field at the meter
	CounterBackwards           // a cumulative register went down
	ClockChanged               // the device's clock was set or jumped
)

var eventKindNames = []string{
	"unknown", "cover-opened", "door-opened", "magnetic-attack", "counter-backwards",
	"clock-changed",
}

// ParseEventKind parses an event kind name such as "magnetic-attack", ignoring case.
func ParseEventKind(s string) (EventKind, error) {
	return parseEnum[EventKind]("event kind", eventKindNames, s)
}

// String returns the kind name, such as "cover-opened".
func (k EventKind) String() string { return enumName("EventKind", eventKindNames, k) }

// MarshalText encodes the kind name.
func (k EventKind) MarshalText() ([]byte, error) {
	return marshalEnum("event kind", eventKindNames, k)
}

// UnmarshalText decodes a kind name.
func (k *EventKind) UnmarshalText(text []byte) (err error) {
	*k, err = ParseEventKind(string(text))
	return err
}

// Event is a tamper event from a meter or controller.
type Event struct {
	// Well is the well the device is attached to.
	Well WellCode
	// Meter is the device that reported it.
	Meter MeterID
	// Kind is the event kind.
	Kind EventKind
	// Time is when the device recorded it.
	Time time.Time
	// Value is the size of the event where it has one: the drop of a [CounterBackwards]
	// register in its own units, or the step of a [ClockChanged] clock in seconds,
	// positive forwards. Otherwise 0.
	Value decimal.Decimal
}

// MeterStatus is the reporting state of a meter, for [DetectSilent].
type MeterStatus struct {
	// Well is the well the meter is attached to.
	Well WellCode
	// Meter is the meter.
	Meter MeterID
	// Kind is the meter kind.
	Kind MeterKind
	// Since is when the meter was put in service, which counts as its last report
	// when it has never reported.
	Since time.Time
	// LastSeen is the time of its latest report. The zero Time means never.
	LastSeen time.Time
}
