package poll

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/iot/health"
	"github.com/shuxiang/shuxiang/iot/modbus/client"
	"github.com/shuxiang/shuxiang/iot/profile"
)

// Defaults of a [Device].
const (
	DefaultInterval   = time.Second
	DefaultRetryDelay = 100 * time.Millisecond
)

// MaxRetries is the largest [Device.Retries] accepted.
const MaxRetries = 10

// Reader reads a device's batched plan, and stops when ctx ends.
// *[client.Client] implements it.
type Reader interface {
	ReadPlan(ctx context.Context, p *client.Plan) ([]client.Result, client.ReadStats)
}

var _ Reader = (*client.Client)(nil)

// Device is one polled device.
type Device struct {
	// ID names the device in readings, health events and logs. It must be
	// unique in the scheduler.
	ID string
	// Reader sends the device's requests.
	Reader Reader
	// Program is the device's compiled profile. Its readable fields are
	// polled.
	Program *profile.Program
	// Limits bounds how the fields are merged into requests. Set
	// MaxQuantity from the profile's MaxRegisters when the device has one.
	Limits client.Limits
	// Interval is the time between the starts of two polls. Zero means
	// [DefaultInterval].
	Interval time.Duration
	// Retries is the number of extra attempts, 0 to [MaxRetries], after a
	// poll that got no valid reply at all. A partial poll is not retried.
	Retries int
	// RetryDelay is the wait before the first retry. It doubles for each
	// further one. Zero means [DefaultRetryDelay].
	RetryDelay time.Duration
	// Health configures when the device counts as offline and how its
	// quarantine backs off. The zero value takes the defaults of package
	// health.
	Health health.Config
}

// withDefaults returns d with its zero fields set to their defaults.
func (d Device) withDefaults() Device {
	if d.Interval == 0 {
		d.Interval = DefaultInterval
	}
	if d.RetryDelay == 0 {
		d.RetryDelay = DefaultRetryDelay
	}
	return d
}

// validate reports the first invalid field of d.
func (d *Device) validate() error {
	switch {
	case d.ID == "":
		return errors.New("poll: device with an empty ID: give every device a unique id")
	case d.Reader == nil:
		return fmt.Errorf("poll: device %q has no Reader: set a *client.Client", d.ID)
	case d.Program == nil:
		return fmt.Errorf("poll: device %q has no Program: compile its profile", d.ID)
	case d.Interval < 0:
		return fmt.Errorf("poll: device %q: interval %v is negative: use a positive duration", d.ID, d.Interval)
	case d.Retries < 0 || d.Retries > MaxRetries:
		return fmt.Errorf("poll: device %q: retries %d out of range: use 0 to %d", d.ID, d.Retries, MaxRetries)
	case d.RetryDelay < 0:
		return fmt.Errorf("poll: device %q: retry delay %v is negative: use a positive duration", d.ID, d.RetryDelay)
	}
	if err := d.Health.Validate(); err != nil {
		return fmt.Errorf("poll: device %q: %w", d.ID, err)
	}
	return nil
}

// NewPlan returns the batched read plan of prog's readable fields under lim,
// with one plan field per [profile.Program.Spans] entry, in that order.
func NewPlan(prog *profile.Program, lim client.Limits) (*client.Plan, []profile.Span, error) {
	spans := prog.Spans()
	if len(spans) == 0 {
		return nil, nil, errors.New("poll: profile has no readable fields: mark at least one field read or readwrite")
	}
	fields := make([]client.Field, len(spans))
	for i, s := range spans {
		fields[i] = client.Field{Function: s.Function, Address: s.Address, Count: uint16(s.Count)}
	}
	plan, err := client.NewPlan(fields, lim)
	if err != nil {
		return nil, nil, fmt.Errorf("poll: plan reads: %w", err)
	}
	return plan, spans, nil
}
