package alarm

import (
	"math"
	"math/bits"
)

// condition is the class of one sample against a rule's levels.
type condition uint8

const (
	inBand   condition = iota // between the clear and set levels: no change
	inAlarm                   // at or beyond the set level
	inNormal                  // at or beyond the clear level
	unknown                   // a rate rule without enough history yet
)

func (p *Point) observeRule(dst []Event, i int, ms, v int64) []Event {
	r := &p.rules[i]
	switch r.kind {
	case High:
		return p.step(dst, i, ms, levelHigh(v, r.set, r.clear), v)
	case Low:
		return p.step(dst, i, ms, levelLow(v, r.set, r.clear), v)
	case Rise, Fall:
		c, rate := p.rateCondition(i, ms, v)
		return p.step(dst, i, ms, c, rate)
	case NoData:
		return p.noDataSample(dst, i, ms)
	}
	return dst
}

// levelHigh classifies x against a rule that raises at or above set and clears at
// or below clear.
func levelHigh(x, set, clear int64) condition {
	switch {
	case x >= set:
		return inAlarm
	case x <= clear:
		return inNormal
	}
	return inBand
}

// levelLow classifies x against a rule that raises at or below set and clears at
// or above clear.
func levelLow(x, set, clear int64) condition {
	switch {
	case x <= set:
		return inAlarm
	case x >= clear:
		return inNormal
	}
	return inBand
}

// step moves rule i through its lifecycle for one sample: a condition must hold on
// consecutive samples for the rule's delay before it takes effect, and any other
// sample cancels the wait.
func (p *Point) step(dst []Event, i int, ms int64, c condition, value int64) []Event {
	r, s := &p.rules[i], &p.states[i]
	switch {
	case c == unknown:
		return dst
	case c == inAlarm && !s.state.InAlarm():
		if !s.pending {
			s.pending, s.since = true, ms
		}
		if ms-s.since < r.delay {
			return dst
		}
		return p.raise(dst, i, ms, value, r.set)
	case c == inNormal && s.state.InAlarm():
		if !s.pending {
			s.pending, s.since = true, ms
		}
		if ms-s.since < r.clearDelay {
			return dst
		}
		return p.clear(dst, i, ms, value, r.clear)
	}
	s.pending = false
	return dst
}

// noDataSample raises a NoData alarm for a silence that ended before any Tick saw
// it, then clears the alarm because a sample has arrived.
func (p *Point) noDataSample(dst []Event, i int, ms int64) []Event {
	r := &p.rules[i]
	if !p.hasQuiet {
		return dst
	}
	silence := ms - p.quiet
	raisedAt := p.quiet + r.silent
	if !p.states[i].state.InAlarm() {
		if silence < r.silent {
			return dst
		}
		dst = p.raise(dst, i, raisedAt, r.silent, r.silent)
	}
	// A sample taken before the timeout can arrive after a Tick raised the alarm,
	// such as the result of a slow poll. The clear then takes the raise time, so
	// events stay in time order.
	return p.clear(dst, i, max(ms, raisedAt), silence, r.silent)
}

// rateCondition compares the rate of change since the newest checkpoint at least
// one window old with the rule's levels, and records v as a checkpoint. It
// returns unknown until the history covers a window, and after a gap that leaves
// the newest such checkpoint more than two windows old.
func (p *Point) rateCondition(i int, ms, v int64) (condition, int64) {
	r, s := &p.rules[i], &p.states[i]
	defer s.ring.add(ms, v, r.step)

	base, ok := s.ring.base(ms, r.window)
	if !ok || ms-base.t > 2*r.window {
		return unknown, 0
	}
	delta := subSaturated(v, base.v)
	if r.kind == Fall {
		delta = -delta
	}
	span := ms - base.t
	perMinute := mul128(delta, 60_000)
	var c condition
	switch {
	case cmp128(perMinute, mul128(r.set, span)) >= 0:
		c = inAlarm
	case cmp128(perMinute, mul128(r.clear, span)) <= 0:
		c = inNormal
	default:
		c = inBand
	}
	return c, ratePerMinute(delta, span)
}

// ringSize is the number of rate checkpoints kept per rule. They are spaced at
// least window/(ringSize-2) apart, so the oldest is always more than one window
// before the newest once the history is that long.
const ringSize = 8

type sample struct{ t, v int64 }

// ring holds rate checkpoints in time order, oldest first from head.
type ring struct {
	head, n uint8
	at      [ringSize]sample
}

func (g *ring) get(k int) sample { return g.at[(uint(g.head)+uint(k))%ringSize] }

func (g *ring) add(ms, v, step int64) {
	if g.n > 0 && ms-g.get(int(g.n)-1).t < step {
		return
	}
	if g.n == ringSize {
		g.head = (g.head + 1) % ringSize
		g.n--
	}
	g.at[(uint(g.head)+uint(g.n))%ringSize] = sample{ms, v}
	g.n++
}

// base returns the newest checkpoint at least window before ms.
func (g *ring) base(ms, window int64) (sample, bool) {
	for k := int(g.n) - 1; k >= 0; k-- {
		if c := g.get(k); ms-c.t >= window {
			return c, true
		}
	}
	return sample{}, false
}

// subSaturated returns a-b clamped to ±MaxInt64, so the result can be negated.
func subSaturated(a, b int64) int64 {
	d := a - b
	overflow := (a >= 0) != (b >= 0) && (d >= 0) != (a >= 0)
	switch {
	case overflow && a >= 0:
		return maxInt64
	case overflow, d == math.MinInt64:
		return -maxInt64
	}
	return d
}

// int128 is a signed 128-bit integer, for exact rate comparisons.
type int128 struct {
	hi int64
	lo uint64
}

// mul128 returns a*b for b >= 0 without overflow.
func mul128(a, b int64) int128 {
	hi, lo := bits.Mul64(absUint(a), uint64(b))
	if a < 0 {
		lo = ^lo + 1
		hi = ^hi
		if lo == 0 {
			hi++
		}
	}
	return int128{int64(hi), lo}
}

func cmp128(x, y int128) int {
	switch {
	case x.hi < y.hi:
		return -1
	case x.hi > y.hi:
		return 1
	case x.lo < y.lo:
		return -1
	case x.lo > y.lo:
		return 1
	}
	return 0
}

// ratePerMinute returns delta per span milliseconds in units per minute, truncated
// toward zero and clamped to ±MaxInt64.
func ratePerMinute(delta, span int64) int64 {
	hi, lo := bits.Mul64(absUint(delta), 60_000)
	var q uint64 = maxInt64
	if hi < uint64(span) {
		q, _ = bits.Div64(hi, lo, uint64(span))
		q = min(q, maxInt64)
	}
	if delta < 0 {
		return -int64(q)
	}
	return int64(q)
}
