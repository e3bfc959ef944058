package poll

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"github.com/shuxiang/shuxiang/iot/health"
	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/client"
	"github.com/shuxiang/shuxiang/iot/profile"
)

// DefaultMaxConcurrent is the default bound on polls in flight.
const DefaultMaxConcurrent = 256

// Options configures a [Scheduler]. The zero value works.
type Options struct {
	// MaxConcurrent bounds the polls in flight at once, over all devices.
	// Zero means [DefaultMaxConcurrent].
	MaxConcurrent int
	// Jitter is the random source of the quarantine back-off jitter. Nil
	// uses no jitter.
	Jitter health.Source
	// Logger receives health changes. Nil discards them.
	Logger *slog.Logger
}

// Stats are counters of a [Scheduler] since it was created.
type Stats struct {
	Polls       uint64 // polls completed, whatever their outcome
	Successes   uint64
	Partials    uint64
	Failures    uint64 // polls that got no valid reply after their retries
	Retries     uint64 // extra attempts made
	Requests    uint64 // Modbus requests sent
	Errors      uint64 // Modbus requests that failed
	Saved       uint64 // requests that batching saved against one per field
	Quarantined uint64 // cycles skipped because the device was quarantined
	Overruns    uint64 // cycles skipped because the previous poll ran past them
}

// Scheduler polls a set of devices until its context ends. It is safe for
// concurrent use: Stats and Health may be called while Run runs.
type Scheduler struct {
	devices []*device
	sink    Sink
	sem     *semaphore.Weighted
	log     *slog.Logger
	stats   counters
}

type counters struct {
	polls, successes, partials, failures, retries  atomic.Uint64
	requests, errors, saved, quarantined, overruns atomic.Uint64
}

// device is the scheduler's state of one Device.
type device struct {
	cfg   Device
	plan  *client.Plan
	saved int

	mu     sync.Mutex // guards health
	health *health.Device

	reading Reading // reused by each poll; only the device's goroutine touches it
}

// New checks every device, plans its reads and returns a scheduler that
// passes readings to sink once Run is called.
func New(devices []Device, sink Sink, opts Options) (*Scheduler, error) {
	if sink == nil {
		return nil, errors.New("poll: nil sink: pass a Sink or a SinkFunc")
	}
	if opts.MaxConcurrent < 0 {
		return nil, fmt.Errorf("poll: MaxConcurrent %d is negative: use 0 for the default or a positive bound", opts.MaxConcurrent)
	}
	if opts.MaxConcurrent == 0 {
		opts.MaxConcurrent = DefaultMaxConcurrent
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{sink: sink, sem: semaphore.NewWeighted(int64(opts.MaxConcurrent)), log: log}
	seen := make(map[string]bool, len(devices))
	for _, cfg := range devices {
		d, err := newDevice(cfg, opts.Jitter)
		if err != nil {
			return nil, err
		}
		if seen[cfg.ID] {
			return nil, fmt.Errorf("poll: device id %q appears twice: give every device a unique id", cfg.ID)
		}
		seen[cfg.ID] = true
		s.devices = append(s.devices, d)
	}
	return s, nil
}

func newDevice(cfg Device, jitter health.Source) (*device, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	plan, spans, err := NewPlan(cfg.Program, cfg.Limits)
	if err != nil {
		return nil, fmt.Errorf("poll: device %q: %w", cfg.ID, err)
	}
	h, err := health.New(cfg.ID, cfg.Health, jitter)
	if err != nil {
		return nil, fmt.Errorf("poll: device %q: %w", cfg.ID, err)
	}
	d := &device{cfg: cfg, plan: plan, saved: plan.Saved(), health: h}
	d.reading = Reading{
		Device:  cfg.ID,
		Program: cfg.Program,
		Values:  make([]profile.Value, cfg.Program.Len()),
		spans:   spans,
		data:    make([][]byte, len(spans)),
	}
	return d, nil
}

// Run polls every device at its interval until ctx ends, and returns nil
// then. Devices start spread over their interval, so that a thousand devices
// polled each second do not all send in the same millisecond.
func (s *Scheduler) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	n := len(s.devices)
	for i, d := range s.devices {
		offset := time.Duration(int64(d.cfg.Interval) * int64(i) / int64(max(n, 1)))
		g.Go(func() error { return s.loop(ctx, d, offset) })
	}
	return g.Wait()
}

// loop polls d until ctx ends.
func (s *Scheduler) loop(ctx context.Context, d *device, offset time.Duration) error {
	next := time.Now().Add(offset)
	timer := time.NewTimer(offset)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		}
		now := time.Now()
		if s.due(d, now) {
			if err := s.sem.Acquire(ctx, 1); err != nil {
				return nil
			}
			done := s.poll(ctx, d)
			s.sem.Release(1)
			if !done {
				return nil
			}
			s.sink.Reading(&d.reading)
		} else {
			s.stats.quarantined.Add(1)
		}

		// Keep the cycle on its grid; skip the starts that a long poll missed.
		next = next.Add(d.cfg.Interval)
		if now := time.Now(); next.Before(now) {
			missed := now.Sub(next)/d.cfg.Interval + 1
			s.stats.overruns.Add(uint64(missed))
			next = next.Add(missed * d.cfg.Interval)
		}
		timer.Reset(time.Until(next))
	}
}

func (s *Scheduler) due(d *device, now time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.health.Due(now)
}

// poll reads d with its retries, decodes the replies into d.reading and
// records the outcome in d's health. It returns false, recording nothing,
// when ctx ended during a poll that got an error, which may be the end of
// ctx and not the device's fault.
func (s *Scheduler) poll(ctx context.Context, d *device) bool {
	r := &d.reading
	r.Start = time.Now()
	r.Attempts, r.Requests, r.Failed = 0, 0, 0
	delay := d.cfg.RetryDelay
	for {
		r.Attempts++
		s.attempt(ctx, d)
		if r.Outcome != health.Failure || r.Attempts > d.cfg.Retries {
			break
		}
		s.stats.retries.Add(1)
		if !sleep(ctx, delay) {
			break
		}
		delay *= 2
	}
	r.End = time.Now()
	s.stats.requests.Add(uint64(r.Requests))
	s.stats.errors.Add(uint64(r.Failed))
	if r.Err != nil && ctx.Err() != nil {
		return false
	}

	d.mu.Lock()
	r.Events = d.health.Record(r.Events[:0], r.End, r.Outcome, r.Err)
	r.State = d.health.State()
	d.mu.Unlock()
	for _, e := range r.Events {
		attrs := []any{"device", e.Device, "from", e.From.String(), "to", e.To.String(), "failures", e.Failures}
		if e.Cause != nil {
			attrs = append(attrs, "err", e.Cause)
		}
		s.log.Info("device health changed", attrs...)
	}

	s.stats.polls.Add(1)
	switch r.Outcome {
	case health.Success:
		s.stats.successes.Add(1)
		s.stats.saved.Add(uint64(d.saved))
	case health.Partial:
		s.stats.partials.Add(1)
		s.stats.saved.Add(uint64(d.saved))
	default:
		s.stats.failures.Add(1)
	}
	return true
}

// attempt sends d's plan once and decodes what came back.
func (s *Scheduler) attempt(ctx context.Context, d *device) {
	r := &d.reading
	clear(r.Values)
	results, st := d.cfg.Reader.ReadPlan(ctx, d.plan)
	r.Requests += st.Requests
	r.Failed += st.Failed
	r.Err = nil
	ok := 0
	for j, res := range results {
		r.data[j] = nil
		if res.Err != nil {
			if r.Err == nil {
				r.Err = res.Err
			}
			continue
		}
		if err := decode(r.Program, r.spans[j], res.Data, r.Values); err != nil {
			if r.Err == nil {
				r.Err = err
			}
			continue
		}
		r.data[j] = res.Data
		ok++
	}
	switch ok {
	case len(results):
		r.Outcome = health.Success
	case 0:
		r.Outcome = health.Failure
	default:
		r.Outcome = health.Partial
	}
}

// decode decodes the reply data of one span into out.
func decode(prog *profile.Program, sp profile.Span, data []byte, out []profile.Value) error {
	var err error
	switch sp.Function {
	case modbus.ReadCoils, modbus.ReadDiscreteInputs:
		_, err = prog.DecodeBits(sp.Function, sp.Address, sp.Count, data, out)
	default:
		_, err = prog.DecodeBytes(sp.Function, sp.Address, data, out)
	}
	if err != nil {
		return fmt.Errorf("poll: decode %s at %d: %w", sp.Function, sp.Address, err)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// Stats returns the counters.
func (s *Scheduler) Stats() Stats {
	c := &s.stats
	return Stats{
		Polls: c.polls.Load(), Successes: c.successes.Load(), Partials: c.partials.Load(),
		Failures: c.failures.Load(), Retries: c.retries.Load(), Requests: c.requests.Load(),
		Errors: c.errors.Load(), Saved: c.saved.Load(), Quarantined: c.quarantined.Load(),
		Overruns: c.overruns.Load(),
	}
}

// Health returns the health of every device, in the order given to New.
func (s *Scheduler) Health() []health.Status {
	out := make([]health.Status, len(s.devices))
	for i, d := range s.devices {
		d.mu.Lock()
		out[i] = d.health.Status()
		d.mu.Unlock()
	}
	return out
}

// SavedPerCycle returns the requests that batching saves in one poll of every
// device, against one request per field.
func (s *Scheduler) SavedPerCycle() int {
	n := 0
	for _, d := range s.devices {
		n += d.saved
	}
	return n
}
