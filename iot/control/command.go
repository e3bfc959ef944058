package control

import (
	"fmt"
	"time"
)

// Action is the operation that a command requests of an actuator.
type Action uint8

// Actions. Vents take [Open] and [Close]; blanket motors take [RollUp], [RollDown] and
// [Stop].
const (
	ActionNone Action = iota
	Open
	Close
	RollUp
	RollDown
	Stop
)

var actionNames = [...]string{"none", "open", "close", "roll up", "roll down", "stop"}

// String returns the name of the action.
func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return fmt.Sprintf("Action(%d)", uint8(a))
}

// Cause is the reason the controller issued a command.
type Cause uint8

// Causes, from the operator, the schedule, the climate loop and the interlocks.
const (
	CauseNone        Cause = iota
	CauseOperator          // an accepted operator command
	CauseStartup           // first step: bring the actuator to a known state
	CauseSchedule          // blanket sunrise or sunset schedule
	CauseLightGuard        // blanket rolled down early because the light fell
	CauseTemperature       // vent opened or closed to hold the temperature band
	CauseRain              // weather interlock: rain
	CauseWind              // weather interlock: wind at or above the limit
	CauseNoWeather         // weather interlock: rain or wind reading missing
	CauseLimitSwitch       // motor stopped at its limit switch
	CauseMaxRunTime        // motor stopped after its maximum run time
	CauseReverse           // motor stopped before it is driven the other way
)

var causeNames = [...]string{
	"none", "operator", "startup", "schedule", "light guard", "temperature", "rain", "wind",
	"no weather data", "limit switch", "max run time", "reverse",
}

// String returns the name of the cause.
func (c Cause) String() string {
	if int(c) < len(causeNames) {
		return causeNames[c]
	}
	return fmt.Sprintf("Cause(%d)", uint8(c))
}

// Command is an instruction for one actuator. Operator commands come in through
// [Controller.Submit]; the controller's own commands come out of [Controller.Step] and
// should be dropped by the actuator driver once [Command.Expired].
type Command struct {
	// ID identifies the command for de-duplication and for its [Result].
	ID string
	// Target is the actuator id, as named in [Config].
	Target string
	Action Action
	Cause  Cause

	// Issued is when the sender created the command; Expires is when it stops being
	// valid. A command without an expiry is rejected.
	Issued  time.Time
	Expires time.Time

	// Retained is true when the command was delivered as a retained MQTT message (the
	// RETAIN flag of MQTT 3.1.1 clause 3.3.1.3). Such a message is a broker's copy of an
	// old command, so it is never acted on.
	Retained bool
}

// Expired reports whether the command is no longer valid at now.
func (c Command) Expired(now time.Time) bool {
	return !now.Before(c.Expires)
}

// Status is the state of a handled command.
type Status uint8

// Statuses of a [Result].
const (
	StatusNone Status = iota
	// Accepted means the controller will act on the command.
	Accepted
	// Rejected means the controller will not act on it. The result's Reason gives the
	// cause.
	Rejected
	// Completed means the actuator reached the commanded state.
	Completed
	// Failed means the actuator did not reach it, for example because a motor ran for
	// its maximum run time without reaching its limit switch.
	Failed
	// Superseded means a later command or an interlock took over before completion.
	Superseded
)

var statusNames = [...]string{"none", "accepted", "rejected", "completed", "failed", "superseded"}

// String returns the name of the status.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// Reason explains a [Rejected], [Failed] or [Superseded] result.
type Reason uint8

// Reasons of a [Result].
const (
	ReasonNone              Reason = iota
	ReasonRetained                 // delivered as a retained message
	ReasonDuplicate                // an id already seen
	ReasonMissingID                // empty id
	ReasonNoExpiry                 // zero Expires
	ReasonExpired                  // Expires is not after the current time
	ReasonStale                    // Issued longer ago than the maximum command age
	ReasonExpiryTooFar             // Expires beyond the maximum lifetime
	ReasonUnknownTarget            // no actuator of that name
	ReasonBadAction                // the action does not apply to the target
	ReasonInterlock                // an interlock forbids it, for example opening a vent in rain
	ReasonMaxRunTime               // the motor ran for its maximum run time
	ReasonIssuedInFuture           // Issued later than the current time plus the maximum clock skew
	ReasonExpiryBeforeIssue        // Expires is not after Issued
)

var reasonNames = [...]string{
	"none", "retained message", "duplicate id", "missing id", "missing expiry", "expired",
	"stale", "expiry too far ahead", "unknown target", "action does not apply to target",
	"interlock", "max run time", "issued in the future", "expiry not after issue time",
}

// String returns the name of the reason.
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Result is the outcome of an operator command.
type Result struct {
	ID     string
	Target string
	Status Status
	Reason Reason
	At     time.Time
	// Position is the blanket position read back when the result was made, for blanket
	// commands that completed or failed.
	Position Permille
}
