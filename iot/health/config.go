package health

import (
	"fmt"
	"time"
)

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
