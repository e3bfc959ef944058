package health

import (
	"errors"
	"fmt"
	"math/bits"
	"time"
)

// State is a device's health. Greater is worse, from [Online] to [Quarantined].
// The zero value is [Unknown].
type State uint8

// The health states.
const (
	Unknown     State = iota // not polled yet
	Online                   // the last polls succeeded
	Degraded                 // answering, but a recent poll failed or was partial
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
	Success Outcome = iota + 1 // every request was answered
	Partial                    // the device answered some requests and failed others
	Failure                    // no valid answer: timeout, broken connection, garbage
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

// Config sets when a device changes state and how quarantine backs off. The zero
// value is the default configuration.
type Config struct {
	// OfflineAfter is the number of failed polls in a row that make a device
	// Offline. The default is 3.
	OfflineAfter int

	// QuarantineAfter is the number of failed polls in a row that quarantine a
	// device. It must be at least OfflineAfter. The default is 5, or OfflineAfter
	// when that is larger.
	QuarantineAfter int

	// RecoverAfter is the number of successful polls in a row that bring a
	// degraded, offline or quarantined device back Online. The default is 2.
	RecoverAfter int

	// Backoff is the wait before the first probe of a quarantined device. It
	// doubles after each failed probe. The default is 30 seconds.
	Backoff time.Duration

	// MaxBackoff caps the wait between probes. The default is 10 minutes, or
	// Backoff when that is longer.
	MaxBackoff time.Duration

	// JitterPercent is the largest share of each wait, in percent (1 to 90), that
	// is taken off at random, so devices quarantined together spread their probes.
	// The default is 20. A Device with a nil Source uses no jitter.
	JitterPercent int
}

// Defaults.
const (
	DefaultOfflineAfter    = 3
	DefaultQuarantineAfter = 5
	DefaultRecoverAfter    = 2
	DefaultBackoff         = 30 * time.Second
	DefaultMaxBackoff      = 10 * time.Minute
	DefaultJitterPercent   = 20
)

// Validate reports the first invalid field of c, with the fix. Zero fields take
// their defaults and are valid.
func (c Config) Validate() error {
	_, err := c.resolved()
	return err
}

func (c Config) resolved() (Config, error) {
	switch {
	case c.OfflineAfter < 0:
		return c, fieldError("OfflineAfter", c.OfflineAfter, "use 1 or more, or 0 for the default")
	case c.QuarantineAfter < 0:
		return c, fieldError("QuarantineAfter", c.QuarantineAfter, "use 1 or more, or 0 for the default")
	case c.RecoverAfter < 0:
		return c, fieldError("RecoverAfter", c.RecoverAfter, "use 1 or more, or 0 for the default")
	case c.Backoff < 0:
		return c, fieldError("Backoff", c.Backoff, "use a positive duration, or 0 for the default")
	case c.MaxBackoff < 0:
		return c, fieldError("MaxBackoff", c.MaxBackoff, "use a positive duration, or 0 for the default")
	case c.JitterPercent < 0 || c.JitterPercent > 90:
		return c, fieldError("JitterPercent", c.JitterPercent, "use 1 to 90, or 0 for the default")
	}
	c.OfflineAfter = or(c.OfflineAfter, DefaultOfflineAfter)
	c.RecoverAfter = or(c.RecoverAfter, DefaultRecoverAfter)
	c.Backoff = or(c.Backoff, DefaultBackoff)
	c.JitterPercent = or(c.JitterPercent, DefaultJitterPercent)
	if c.QuarantineAfter == 0 {
		c.QuarantineAfter = max(DefaultQuarantineAfter, c.OfflineAfter)
	}
	if c.MaxBackoff == 0 {
		c.MaxBackoff = max(DefaultMaxBackoff, c.Backoff)
	}
	switch {
	case c.QuarantineAfter < c.OfflineAfter:
		return c, fieldError("QuarantineAfter", c.QuarantineAfter,
			fmt.Sprintf("it is below OfflineAfter %d; use at least %d", c.OfflineAfter, c.OfflineAfter))
	case c.MaxBackoff < c.Backoff:
		return c, fieldError("MaxBackoff", c.MaxBackoff,
			fmt.Sprintf("it is below Backoff %s; use at least %s", c.Backoff, c.Backoff))
	}
	return c, nil
}

func or[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

func fieldError(field string, value any, fix string) error {
	return fmt.Errorf("health: invalid Config.%s %v: %s", field, value, fix)
}

// Event is one change of a device's health state.
type Event struct {
	Time     time.Time // the poll that caused the change
	Device   string    // the device's id
	From, To State
	Failures int       // failed polls in a row, counting this one
	Cause    error     // the error of the poll that caused the change; nil on recovery
	RetryAt  time.Time // when To is Quarantined, the time of the next probe; else zero
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
// (nil on success), and appends the state change to dst if there is one. It does
// not allocate when dst has room for the event.
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
	Since     time.Time `json:"since"`               // when State was entered; zero while Unknown
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
