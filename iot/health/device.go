package health

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"time"
)

// Event is one change of a device's health state.
type Event struct {
	Time     time.Time // the poll that caused the change
	Device   string    // the device's id
	From, To State
	Failures int       // failed polls in a row, counting this one
	Cause    error     // the error of the poll that caused the change; nil on recovery
	RetryAt  time.Time // when To is Quarantined, the time of the next probe; else zero
}

// MarshalJSON encodes e for telemetry with snake_case keys, the states by name and
// the cause as its message. Cause and RetryAt are left out when unset.
func (e Event) MarshalJSON() ([]byte, error) {
	out := struct {
		Time     time.Time `json:"time"`
		Device   string    `json:"device"`
		From     State     `json:"from"`
		To       State     `json:"to"`
		Failures int       `json:"failures"`
		Cause    string    `json:"cause,omitzero"`
		RetryAt  time.Time `json:"retry_at,omitzero"`
	}{Time: e.Time, Device: e.Device, From: e.From, To: e.To, Failures: e.Failures, RetryAt: e.RetryAt}
	if e.Cause != nil {
		out.Cause = e.Cause.Error()
	}
	return json.Marshal(out)
}

// Counts are a device's poll totals since it was created.
type Counts struct {
	Polls     uint64 `json:"polls"`
	Successes uint64 `json:"successes"`
	Partials  uint64 `json:"partials"`
	Failures  uint64 `json:"failures"`
}

// Device is the health state machine of one polled device. It is not safe for
// concurrent use.
type Device struct {
	id     string
	cfg    Config
	jitter Source

	state     State
	since     time.Time // when state was entered
	failures  int       // failed polls in a row
	successes int       // successful polls in a row
	probes    int       // failed probes since quarantine began
	retryAt   time.Time // next probe while quarantined
	lastErr   error
	counts    Counts
}

// New returns the health of the device id in state [Unknown]. The jitter source
// may be nil for no jitter. It fails when cfg is invalid.
func New(id string, cfg Config, jitter Source) (*Device, error) {
	if id == "" {
		return nil, errors.New("health: device id is empty; give the device an id")
	}
	resolved, err := cfg.resolved()
	if err != nil {
		return nil, fmt.Errorf("health: device %q: %w", id, err)
	}
	return &Device{id: id, cfg: resolved, jitter: jitter}, nil
}

// ID returns the device's id.
func (d *Device) ID() string { return d.id }

// State returns the device's current state.
func (d *Device) State() State { return d.state }

// Due reports whether the device should be polled at now: always, unless it is
// quarantined and its back-off has not yet passed.
func (d *Device) Due(now time.Time) bool {
	return d.state != Quarantined || !now.Before(d.retryAt)
}

// Record applies the outcome of a poll that ended at now, with the poll's error
// (nil on success), and appends the state change to dst if there is one. An
// outcome other than Success and Partial counts as a Failure. It does not
// allocate when dst has room for the event.
func (d *Device) Record(dst []Event, now time.Time, outcome Outcome, cause error) []Event {
	d.counts.Polls++
	var next State
	switch outcome {
	case Success:
		d.counts.Successes++
		d.successes++
		d.failures, d.probes = 0, 0
		next = d.afterSuccess()
	case Partial:
		d.counts.Partials++
		d.successes, d.failures, d.probes = 0, 0, 0
		next = Degraded
	default:
		d.counts.Failures++
		d.failures++
		d.successes = 0
		next = d.afterFailure(now)
	}
	if outcome != Success {
		d.lastErr = cause
	}
	if next == d.state {
		return dst
	}
	e := Event{Time: now, Device: d.id, From: d.state, To: next, Failures: d.failures}
	if outcome != Success {
		e.Cause = cause
	}
	if next == Quarantined {
		e.RetryAt = d.retryAt
	}
	d.state, d.since = next, now
	return append(dst, e)
}

func (d *Device) afterSuccess() State {
	switch {
	case d.state == Unknown || d.state == Online:
		return Online
	case d.successes >= d.cfg.RecoverAfter:
		return Online
	}
	return Degraded
}

func (d *Device) afterFailure(now time.Time) State {
	switch {
	case d.failures >= d.cfg.QuarantineAfter:
		if d.state == Quarantined {
			d.probes++
		}
		d.retryAt = now.Add(d.backoff())
		return Quarantined
	case d.failures >= d.cfg.OfflineAfter:
		return Offline
	}
	return Degraded
}

// backoff returns Backoff doubled once per failed probe, capped at MaxBackoff,
// less a random share of up to JitterPercent.
func (d *Device) backoff() time.Duration {
	wait := d.cfg.Backoff
	for range d.probes {
		if wait >= d.cfg.MaxBackoff/2 {
			wait = d.cfg.MaxBackoff
			break
		}
		wait *= 2
	}
	wait = min(wait, d.cfg.MaxBackoff)
	if d.jitter == nil {
		return wait
	}
	span := uint64(wait) / 100 * uint64(d.cfg.JitterPercent)
	// The high word of a 64×64-bit product is uniform in [0, span] for a uniform
	// random word.
	cut, _ := bits.Mul64(d.jitter.Uint64(), span+1)
	return wait - time.Duration(cut)
}

// Status is a device's health for telemetry.
type Status struct {
	Device    string    `json:"device"`
	State     State     `json:"state"`
	Since     time.Time `json:"since,omitzero"`      // when State was entered; zero while Unknown
	Failures  int       `json:"failures"`            // failed polls in a row
	Successes int       `json:"successes"`           // successful polls in a row
	RetryAt   time.Time `json:"retry_at,omitzero"`   // next probe while Quarantined
	LastError string    `json:"last_error,omitzero"` // the newest poll error
	Counts    Counts    `json:"counts"`
}

// Status returns the device's health for telemetry.
func (d *Device) Status() Status {
	s := Status{Device: d.id, State: d.state, Since: d.since, Failures: d.failures,
		Successes: d.successes, Counts: d.counts}
	if d.state == Quarantined {
		s.RetryAt = d.retryAt
	}
	if d.lastErr != nil {
		s.LastError = d.lastErr.Error()
	}
	return s
}
