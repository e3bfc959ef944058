package alarm

import (
	"fmt"
	"time"
)

// State is a rule's position in the alarm lifecycle of IEC 62682 (ISA-18.2). An
// alarm is raised into [Active], acknowledged by an operator into [Acknowledged],
// and returns to [Normal] when cleared. An alarm that clears before anyone
// acknowledges it waits in [ClearedUnacknowledged]. The zero value is Normal.
type State uint8

// The lifecycle states.
const (
	Normal                State = iota // not in alarm, nothing to acknowledge
	Active                             // in alarm, not acknowledged
	Acknowledged                       // in alarm, acknowledged
	ClearedUnacknowledged              // no longer in alarm, not acknowledged
)

var stateNames = [...]string{"normal", "active", "acknowledged", "cleared_unacknowledged"}

// String returns the state name, such as "cleared_unacknowledged".
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// MarshalText encodes the state name.
func (s State) MarshalText() ([]byte, error) {
	if int(s) >= len(stateNames) {
		return nil, fmt.Errorf("alarm: cannot encode invalid state %d", uint8(s))
	}
	return []byte(stateNames[s]), nil
}

// InAlarm reports whether the condition is present: Active or Acknowledged.
func (s State) InAlarm() bool { return s == Active || s == Acknowledged }

// Unacknowledged reports whether an operator still has to acknowledge the alarm.
func (s State) Unacknowledged() bool { return s == Active || s == ClearedUnacknowledged }

// Transition is the change an [Event] records.
type Transition uint8

// The transitions.
const (
	Raised  Transition = iota + 1 // the condition held for the rule's delay
	Cleared                       // the clear condition held for the rule's clear delay
	Acked                         // an operator acknowledged the alarm
)

var transitionNames = [...]string{"", "raised", "cleared", "acknowledged"}

// String returns the transition name, such as "raised".
func (t Transition) String() string {
	if t >= Raised && t <= Acked {
		return transitionNames[t]
	}
	return fmt.Sprintf("Transition(%d)", uint8(t))
}

// MarshalText encodes the transition name.
func (t Transition) MarshalText() ([]byte, error) {
	if t < Raised || t > Acked {
		return nil, fmt.Errorf("alarm: cannot encode invalid transition %d", uint8(t))
	}
	return []byte(transitionNames[t]), nil
}

// Event is one lifecycle change of one rule of one point. The same samples, ticks
// and acknowledgements give the same events, so an event is identified by Point,
// Rule, Transition and Time, and a centre that evaluates the rules again can match
// the gateway's events against its own. Its JSON form uses the snake_case names
// of the fields and the text names of the enums.
type Event struct {
	Time       time.Time  `json:"time"`       // when the change took effect, in UTC, to the millisecond
	Point      string     `json:"point"`      // the point's id
	Rule       string     `json:"rule"`       // the rule's id
	Kind       Kind       `json:"kind"`       // the rule's kind
	Severity   Severity   `json:"severity"`   // the rule's severity
	Transition Transition `json:"transition"` // what changed
	State      State      `json:"state"`      // the state after the change

	// Value is the measured quantity: the sample for High and Low, the rate in
	// units per minute for Rise and Fall (truncated toward zero), and the silence in
	// milliseconds for NoData. Acked events carry 0.
	Value int64 `json:"value"`

	// Limit is the level that was crossed: Set when raised and Clear when cleared,
	// in the same units as Value. NoData events carry the timeout in milliseconds.
	Limit int64 `json:"limit"`

	// Scale is the number of decimal places of Value and Limit for High, Low, Rise
	// and Fall: with Scale 1, 355 is 35.5. NoData events carry 0.
	Scale uint8 `json:"scale"`
}
