package metering

// addLate places a reading that is not newer than the meter's newest one. It finds the
// neighbours in the meter's history, checks both steps, takes back the consumption
// credited for the step between the neighbours and credits the two new steps, so the
// rollups equal those of the readings sorted by time.
func (s *Shard) addLate(m *meter, c *class, r *Reading) Outcome {
	cur := entry{r.Time, r.Value}
	if r.Time == m.last.t {
		return s.sameTime(r, &m.last)
	}
	if m.last.t-r.Time > c.cfg.Window {
		return s.reject(r, Late, &m.last)
	}
	ring := s.ring[int(r.Meter)<<s.shift:][:s.hist]
	held := s.held(m)
	at := func(k int) *entry {
		return &ring[(m.ringEnd-uint32(held)+uint32(k))&s.mask]
	}
	// j is the newest held reading not after r, or -1.
	j := held - 1
	for j >= 0 && at(j).t > r.Time {
		j--
	}
	if j >= 0 && at(j).t == r.Time {
		return s.sameTime(r, at(j))
	}
	if j < 0 && m.n > uint64(held) {
		return s.reject(r, Late, at(0))
	}
	next := *at(j + 1)
	if o := s.creditBetween(m, c, r, j >= 0, *at(max(j, 0)), cur, next); o != Accepted {
		return o
	}

	switch {
	case held == s.hist && j < 0:
		// r is older than a full history and falls out of it at once.
	default:
		for k := held - 1; k > j; k-- {
			*at(k + 1) = *at(k)
		}
		*at(j + 1) = cur
		m.ringEnd++
	}
	s.insertHead(m, r.Meter, cur)
	m.n++
	s.stats.Outcomes[Accepted]++
	return Accepted
}

// creditBetween checks and credits a reading cur placed before next and, if hasPrev,
// after prev.
func (s *Shard) creditBetween(m *meter, c *class, r *Reading, hasPrev bool, prev, cur, next entry) Outcome {
	if c.cfg.Kind == Interval {
		amount, st := c.step(prev, cur)
		if st != stepOK {
			return s.reject(r, st.outcome(), nil)
		}
		s.credit(m, cur.t, amount)
		return Accepted
	}
	var before, was int64
	var stBefore, stWas stepKind
	if hasPrev {
		before, stBefore = c.step(prev, cur)
		if o := stBefore.outcome(); o != Accepted {
			return s.reject(r, o, &prev)
		}
		was, stWas = c.step(prev, next)
	}
	after, stAfter := c.step(cur, next)
	if o := stAfter.outcome(); o != Accepted {
		return s.reject(r, o, &next)
	}
	if hasPrev {
		// The step from prev to next is gone, and with it any rollover or reset it was.
		s.unnote(stWas, r.Meter)
		s.note(stBefore, r, &prev)
		s.credit(m, cur.t, before)
	}
	s.note(stAfter, &Reading{Time: next.t, Value: next.v, Meter: r.Meter}, &cur)
	s.credit(m, next.t, after-was)
	return Accepted
}

// sameTime rejects a reading timed like the accepted reading e.
func (s *Shard) sameTime(r *Reading, e *entry) Outcome {
	if r.Value == e.v {
		return s.reject(r, Duplicate, e)
	}
	return s.reject(r, Conflict, e)
}

// held returns how many readings the meter's ring holds.
func (s *Shard) held(m *meter) int {
	if m.n < uint64(s.hist) {
		return int(m.n)
	}
	return s.hist
}

// insertHead adds e to the meter's oldest readings when it is among them.
func (s *Shard) insertHead(m *meter, id uint32, e entry) {
	head := s.head[int(id)<<s.shift:][:s.hist]
	n := int(m.headLen)
	if n == s.hist && e.t > head[n-1].t {
		return
	}
	i := n
	for i > 0 && head[i-1].t > e.t {
		i--
	}
	if n < s.hist {
		n++
		m.headLen++
	}
	copy(head[i+1:n], head[i:n-1])
	head[i] = e
}
