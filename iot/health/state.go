package health

import "fmt"

// State is a device's health. Greater is worse, from [Online] to [Quarantined].
// The zero value is [Unknown].
type State uint8

// The health states.
const (
	Unknown     State = iota // not polled yet
	Online                   // the last polls succeeded
	Degraded                 // responding, but a recent poll failed or was partial
	Offline                  // failed Config.OfflineAfter polls in a row, still polled every cycle
	Quarantined              // failed Config.QuarantineAfter polls in a row, polled after a back-off
)

var stateNames = [...]string{"unknown", "online", "degraded", "offline", "quarantined"}

// String returns the state name, such as "quarantined".
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// MarshalText encodes the state name.
func (s State) MarshalText() ([]byte, error) {
	if int(s) >= len(stateNames) {
		return nil, fmt.Errorf("health: cannot encode invalid state %d", uint8(s))
	}
	return []byte(stateNames[s]), nil
}

// Outcome is the result of one poll of a device.
type Outcome uint8

// The poll outcomes.
const (
	Success Outcome = iota + 1 // every request got a valid response
	Partial                    // some requests got a valid response and others failed
	Failure                    // no valid reply: timeout, broken connection, garbage
)

var outcomeNames = [...]string{"", "success", "partial", "failure"}

// String returns the outcome name, such as "partial".
func (o Outcome) String() string {
	if o >= Success && o <= Failure {
		return outcomeNames[o]
	}
	return fmt.Sprintf("Outcome(%d)", uint8(o))
}

// Source is a source of random numbers for the back-off jitter.
// *rand.PCG and *rand.ChaCha8 of math/rand/v2 implement it.
type Source interface {
	Uint64() uint64
}
