package metering

import "math"

// Ingest validates each reading in rs against now (Unix seconds) and adds the accepted
// ones to the rollups. It counts every outcome in [Shard.Stats] and allocates only when
// a meter starts a new day and the shard's current chunk of day records is full, once
// per 1024 meter-days.
func (s *Shard) Ingest(now int64, rs []Reading) {
	s.init()
	lo, hi := s.clockBounds(now)
	meters, classes, sp := s.meters, s.classes, &s.span
	for i := range rs {
		r := &rs[i]
		// The common case, checked inline: a counter reading newer than the meter's
		// newest, not below it, in range and in time. Everything else takes add.
		if r.Meter < uint32(len(meters)) {
			m := &meters[r.Meter]
			c := &classes[m.class]
			d := r.Value - m.last.v
			if r.Time > m.last.t && m.n != 0 && r.Time >= lo && r.Time <= hi &&
				d >= 0 && r.Value < c.limit && c.cfg.Kind == Cumulative && !c.tooFast(d, r.Time-m.last.t) {
				// credit, written out: most readings add to the meter's pending hour.
				if r.Time >= sp.lo && r.Time < sp.hi && m.cur != nil && m.curDay == sp.day &&
					m.accHour == int32(uint64(r.Time-sp.base)/3600) {
					m.acc += d
				} else {
					s.creditSlow(m, r.Time, d)
				}
				s.push(m, r.Meter, entry{r.Time, r.Value})
				continue
			}
		}
		s.add(lo, hi, r)
	}
}

// Add is [Shard.Ingest] for one reading, returning its outcome.
func (s *Shard) Add(now int64, r Reading) Outcome {
	s.init()
	lo, hi := s.clockBounds(now)
	return s.add(lo, hi, &r)
}

// clockBounds returns the range of reading times that now admits, saturating at the
// ends of int64.
func (s *Shard) clockBounds(now int64) (lo, hi int64) {
	lo, hi = math.MinInt64, math.MaxInt64
	if now > math.MinInt64+s.cfg.MaxAge {
		lo = now - s.cfg.MaxAge
	}
	if now < math.MaxInt64-s.cfg.MaxFuture {
		hi = now + s.cfg.MaxFuture
	}
	return lo, hi
}

func (s *Shard) add(lo, hi int64, r *Reading) Outcome {
	if uint64(r.Meter) >= uint64(len(s.meters)) || s.meters[r.Meter].class == 0 {
		s.stats.Outcomes[UnknownMeter]++
		s.event(EventRejected, UnknownMeter, r, nil)
		return UnknownMeter
	}
	m := &s.meters[r.Meter]
	c := &s.classes[m.class]
	switch {
	case r.Time < lo:
		return s.reject(r, TooOld, nil)
	case r.Time > hi:
		return s.reject(r, Future, nil)
	case r.Value < 0 || r.Value >= c.limit:
		return s.reject(r, OutOfRange, nil)
	case m.n == 0:
		return s.addFirst(m, c, r)
	case r.Time <= m.last.t:
		return s.addLate(m, c, r)
	}

	// The common case: a reading newer than every accepted one.
	cur := entry{r.Time, r.Value}
	amount, st := c.step(m.last, cur)
	if st != stepOK {
		if st == stepBackwards && s.rebaseline(m, r) {
			st = stepReset
		}
		if o := st.outcome(); o != Accepted {
			return s.reject(r, o, &m.last)
		}
		s.note(st, r, &m.last)
	}
	s.credit(m, r.Time, amount)
	s.push(m, r.Meter, cur)
	return Accepted
}

// addFirst takes the meter's first reading. A counter's first reading is only a
// baseline; an interval reading counts in full.
func (s *Shard) addFirst(m *meter, c *class, r *Reading) Outcome {
	cur := entry{r.Time, r.Value}
	if c.cfg.Kind == Interval {
		amount, st := c.step(entry{}, cur)
		if st != stepOK {
			return s.reject(r, st.outcome(), nil)
		}
		s.credit(m, r.Time, amount)
	}
	s.push(m, r.Meter, cur)
	return Accepted
}

// push appends an accepted reading newer than all others to the meter's history.
func (s *Shard) push(m *meter, id uint32, e entry) {
	base := int(id) << s.shift
	s.ring[base+int(m.ringEnd&s.mask)] = e
	m.ringEnd++
	if int(m.headLen) < s.hist {
		s.head[base+int(m.headLen)] = e
		m.headLen++
	}
	m.last = e
	m.n++
	s.stats.Outcomes[Accepted]++
}

func (s *Shard) reject(r *Reading, o Outcome, prev *entry) Outcome {
	s.stats.Outcomes[o]++
	s.meterStats[r.Meter].Outcomes[o]++
	if o >= Late && int(s.meters[r.Meter].headLen) < s.hist {
		// Without the readings another shard may hold, this rejection could be wrong.
		s.suspects[r.Meter].early++
	}
	if o != Duplicate {
		s.event(EventRejected, o, r, prev)
	}
	return o
}

// note counts an accepted rollover or reset.
func (s *Shard) note(st stepKind, r *Reading, prev *entry) {
	ms := &s.meterStats[r.Meter]
	switch st {
	case stepRollover:
		s.stats.Rollovers++
		ms.Rollovers++
		s.event(EventRollover, Accepted, r, prev)
	case stepReset:
		s.stats.Resets++
		ms.Resets++
		s.event(EventReset, Accepted, r, prev)
	}
}

// rebaselineAfter is the number of consecutive readings rejected as Backwards, each
// step between them valid, after which the last one becomes a new baseline.
const rebaselineAfter = 3

// suspect is a run of readings rejected as Backwards since the meter's n-th accepted
// reading.
type suspect struct {
	last  entry
	n     uint64
	count uint8
	// early counts readings rejected as Late or for their value while the meter's head
	// was not full, see Shard.Merge.
	early uint32
}

// rebaseline reports whether a reading rejected as Backwards should instead become the
// meter's new baseline: a reset or replaced meter whose first readings were missed
// would otherwise be rejected for ever.
func (s *Shard) rebaseline(m *meter, r *Reading) bool {
	sp := &s.suspects[r.Meter]
	cur := entry{r.Time, r.Value}
	c := &s.classes[m.class]
	if sp.count > 0 && sp.n == m.n && cur.t > sp.last.t {
		if _, st := c.step(sp.last, cur); st == stepOK {
			sp.count++
		} else {
			sp.count = 1
		}
	} else {
		sp.count = 1
	}
	sp.last, sp.n = cur, m.n
	if sp.count < rebaselineAfter {
		return false
	}
	sp.count = 0
	return true
}

// unnote takes back the count of a rollover or reset whose step a late reading split.
func (s *Shard) unnote(st stepKind, id uint32) {
	ms := &s.meterStats[id]
	switch st {
	case stepRollover:
		s.stats.Rollovers--
		ms.Rollovers--
	case stepReset:
		s.stats.Resets--
		ms.Resets--
	}
}

// stepKind classifies the step from one reading to the next.
type stepKind uint8

const (
	stepOK stepKind = iota
	stepRollover
	stepReset
	stepBackwards
	stepImpossible
)

func (k stepKind) outcome() Outcome {
	switch k {
	case stepBackwards:
		return Backwards
	case stepImpossible:
		return Impossible
	}
	return Accepted
}

// step returns the consumption credited to cur and how it was found. prev is the
// accepted reading before cur, earlier in time; for an interval meter it is unused.
// The result depends on the two readings alone, so the consumption credited for a pair
// can be recomputed and taken back when a late reading lands between them.
func (c *class) step(prev, cur entry) (int64, stepKind) {
	if c.cfg.Kind == Interval {
		if c.cfg.Period > 0 && c.tooFast(cur.v, c.cfg.Period) {
			return 0, stepImpossible
		}
		return cur.v, stepOK
	}
	dt := cur.t - prev.t
	d := cur.v - prev.v
	if d >= 0 {
		if c.tooFast(d, dt) {
			return 0, stepImpossible
		}
		return d, stepOK
	}
	if m := c.cfg.Modulus; m > 0 {
		wrapped := m - prev.v + cur.v
		if c.plausibleWrap(wrapped, dt) {
			return wrapped, stepRollover
		}
	}
	if cur.v <= c.cfg.ResetBelow {
		return 0, stepReset
	}
	return 0, stepBackwards
}

// plausibleWrap reports whether a drop is better explained as the register rolling over
// by wrapped units in dt seconds. With a MaxPerHour the rate decides; without one, a
// wrap of under 1% of the modulus does.
func (c *class) plausibleWrap(wrapped, dt int64) bool {
	if c.cfg.MaxPerHour > 0 {
		return !c.tooFast(wrapped, dt)
	}
	return wrapped < c.cfg.Modulus/100
}
