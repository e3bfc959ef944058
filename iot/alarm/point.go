package alarm

import (
	"errors"
	"fmt"
	"math"
	"time"
)

const maxInt64 = math.MaxInt64

// Point evaluates the rules of one measured point, such as the air temperature of
// one weather station, and keeps their state. Samples go in through
// [Point.Observe], the passage of time through [Point.Tick] and operator
// acknowledgements through [Point.Ack]. Each returns the [Event] values it caused.
// Time is always passed in, so the same calls give the same events on a gateway
// and on a county server. A Point is not safe for concurrent use.
type Point struct {
	id     string
	scale  uint8
	defs   []Rule
	rules  []rule
	states []ruleState

	last     int64 // newest sample time, Unix milliseconds; valid when seen
	seen     bool  // whether a sample has arrived
	quiet    int64 // start of the current silence: newest sample or first tick
	hasQuiet bool
	stats    Stats
}

// Stats counts the samples a point has taken.
type Stats struct {
	Samples uint64 // samples evaluated
	Late    uint64 // samples ignored because they were not newer than the newest one
}

// rule is a Rule compiled against the point's scale, with times in milliseconds.
type rule struct {
	id                 string
	kind               Kind
	severity           Severity
	set, clear         int64
	window, delay      int64
	clearDelay, silent int64
	step               int64 // spacing of rate checkpoints
}

// ruleState is the persisted state of one rule.
type ruleState struct {
	state   State
	pending bool  // the raise or clear condition holds but its delay has not passed
	since   int64 // when the pending condition began
	ring    ring  // rate checkpoints, for Rise and Fall
}

// NewPoint compiles rules for the point id whose values have scale decimal places
// (0 to 18): with scale 1 the value 355 is 35.5. It validates every rule and
// returns a [*RuleError] for the first invalid one, including a level with more
// decimal places than the scale. All rules start in [Normal].
func NewPoint(id string, scale uint8, rules []Rule) (*Point, error) {
	if id == "" {
		return nil, errors.New("alarm: point id is empty; give the point an id")
	}
	if scale > maxScale {
		return nil, fmt.Errorf("alarm: point %q: scale %d is above %d; use 0 to %d decimal places",
			id, scale, maxScale, maxScale)
	}
	if err := validateAll(rules); err != nil {
		return nil, fmt.Errorf("alarm: point %q: %w", id, err)
	}
	p := &Point{id: id, scale: scale, defs: append([]Rule(nil), rules...)}
	p.rules = make([]rule, 0, len(rules))
	p.states = make([]ruleState, len(rules))
	// NoData rules go first, so the events of one sample are in time order: a
	// silence that the sample ends was raised before the sample's time.
	for _, noData := range []bool{true, false} {
		for i := range rules {
			if (rules[i].Kind == NoData) != noData {
				continue
			}
			c, err := compile(&rules[i], scale)
			if err != nil {
				return nil, fmt.Errorf("alarm: point %q: %w", id, err)
			}
			p.rules = append(p.rules, c)
		}
	}
	return p, nil
}

func compile(r *Rule, scale uint8) (rule, error) {
	c := rule{
		id: r.ID, kind: r.Kind, severity: r.Severity,
		window: r.Window.Milliseconds(), delay: r.Delay.Milliseconds(),
		clearDelay: r.ClearDelay.Milliseconds(), silent: r.Timeout.Milliseconds(),
	}
	c.step = (c.window + ringSize - 3) / (ringSize - 2)
	if r.Kind == NoData {
		return c, nil
	}
	var err error
	if c.set, err = r.Set.at(scale); err != nil {
		return c, scaleError(r, "set", r.Set, scale, err)
	}
	if r.Clear.IsZero() {
		c.clear = c.set - 1
		if r.Kind == Low {
			c.clear = c.set + 1
		}
		return c, nil
	}
	if c.clear, err = r.Clear.at(scale); err != nil {
		return c, scaleError(r, "clear", r.Clear, scale, err)
	}
	return c, nil
}

func scaleError(r *Rule, field string, d Decimal, scale uint8, err error) error {
	if errors.Is(err, errScale) {
		return r.fail(field, "%s has %d decimal places but the point's scale is %d; "+
			"round it to %d places or raise the point's scale", d, d.places, scale, scale)
	}
	return r.fail(field, "%s: %v; use a smaller number or a smaller point scale", d, err)
}

// ID returns the point's id.
func (p *Point) ID() string { return p.id }

// Scale returns the number of decimal places of the point's values.
func (p *Point) Scale() uint8 { return p.scale }

// Rules returns a copy of the point's rules, in the order given to [NewPoint].
func (p *Point) Rules() []Rule { return append([]Rule(nil), p.defs...) }

// State returns the lifecycle state of the rule with the given id, and false when
// the point has no such rule.
func (p *Point) State(ruleID string) (State, bool) {
	i := p.index(ruleID)
	if i < 0 {
		return Normal, false
	}
	return p.states[i].state, true
}

// Stats returns the point's counts.
func (p *Point) Stats() Stats { return p.stats }

func (p *Point) index(ruleID string) int {
	for i := range p.rules {
		if p.rules[i].id == ruleID {
			return i
		}
	}
	return -1
}

// Observe evaluates the sample value v taken at t against every rule and appends
// the events it causes to dst. The value has the point's scale. Samples must arrive
// in time order: one not newer than the newest sample is counted in
// [Stats.Late] and ignored, so a replayed or duplicated sample changes nothing.
// Times count in whole milliseconds, so a second sample within the same
// millisecond is late. Observe does not allocate when dst has room for the events.
func (p *Point) Observe(dst []Event, t time.Time, v int64) []Event {
	ms := t.UnixMilli()
	if p.seen && ms <= p.last {
		p.stats.Late++
		return dst
	}
	p.stats.Samples++
	for i := range p.rules {
		dst = p.observeRule(dst, i, ms, v)
	}
	p.last, p.seen = ms, true
	p.quiet, p.hasQuiet = ms, true
	return dst
}

// Tick evaluates the NoData rules at now and appends the events it causes to dst.
// A NoData alarm is raised with the time the silence reached the timeout, which
// does not depend on when Tick runs. Before the first sample the silence counts
// from the first Tick (or the restored state's start), so call Tick once when the
// point starts and then periodically, such as every second. Tick does not
// allocate when dst has room for the events.
func (p *Point) Tick(dst []Event, now time.Time) []Event {
	ms := now.UnixMilli()
	if !p.hasQuiet {
		p.quiet, p.hasQuiet = ms, true
		return dst
	}
	for i := range p.rules {
		r := &p.rules[i]
		if r.kind != NoData || p.states[i].state.InAlarm() || ms-p.quiet < r.silent {
			continue
		}
		dst = p.raise(dst, i, p.quiet+r.silent, r.silent, r.silent)
	}
	return dst
}

// Ack records an operator's acknowledgement of the rule ruleID at now and appends
// the event to dst: [Active] becomes [Acknowledged] and [ClearedUnacknowledged]
// becomes [Normal]. Acknowledging an alarm that needs no acknowledgement changes
// nothing and appends nothing, so a repeated Ack is harmless. It fails only for an
// unknown rule id.
func (p *Point) Ack(dst []Event, ruleID string, now time.Time) ([]Event, error) {
	i := p.index(ruleID)
	if i < 0 {
		return dst, fmt.Errorf("alarm: point %q has no rule %q; acknowledge one of its rules", p.id, ruleID)
	}
	s := &p.states[i]
	switch s.state {
	case Active:
		s.state = Acknowledged
	case ClearedUnacknowledged:
		s.state = Normal
	default:
		return dst, nil
	}
	return append(dst, p.event(i, now.UnixMilli(), Acked, 0, 0)), nil
}

func (p *Point) event(i int, ms int64, tr Transition, value, limit int64) Event {
	r := &p.rules[i]
	e := Event{
		Time: time.UnixMilli(ms).UTC(), Point: p.id, Rule: r.id, Kind: r.kind, Severity: r.severity,
		Transition: tr, State: p.states[i].state, Value: value, Limit: limit, Scale: p.scale,
	}
	if r.kind == NoData {
		e.Scale = 0
	}
	return e
}

func (p *Point) raise(dst []Event, i int, ms, value, limit int64) []Event {
	s := &p.states[i]
	s.pending = false
	s.state = Active
	return append(dst, p.event(i, ms, Raised, value, limit))
}

func (p *Point) clear(dst []Event, i int, ms, value, limit int64) []Event {
	s := &p.states[i]
	s.pending = false
	if s.state == Acknowledged {
		s.state = Normal
	} else {
		s.state = ClearedUnacknowledged
	}
	return append(dst, p.event(i, ms, Cleared, value, limit))
}
