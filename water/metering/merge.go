package metering

import (
	"errors"
	"fmt"
)

// MergeError reports a meter whose readings in two shards cannot be combined exactly.
// [Shard.Merge] changes nothing when it returns one.
type MergeError struct {
	Meter uint32
	// Time is the reading time at which the shards disagree, or zero.
	Time   int64
	Reason string
}

// Error returns the meter, the reading time when it is set, and the reason.
func (e *MergeError) Error() string {
	if e.Time != 0 {
		return fmt.Sprintf("metering: merge meter %d at %d: %s", e.Meter, e.Time, e.Reason)
	}
	return fmt.Sprintf("metering: merge meter %d: %s", e.Meter, e.Reason)
}

// Merge adds the meters, readings, rollups, counts and events of o to s, so that s
// holds what one shard offered both shards' readings would hold. o is not changed.
// Both shards need the same zone and History, and a meter registered in both the
// same config.
//
// Meters held by one shard only merge exactly, so any split of the meters across
// shards does. The readings of one meter may also be split into runs of arrival, as
// when two processes each take half of a file or a meter moves between processes. The
// shard that holds the later run must not have placed any of the meter's readings
// before the earlier run's held history ([Config.History] readings), and apart from
// its first History readings its readings must be newer than all of the other
// shard's. Merge then recomputes the steps around the join from both histories.
// Merge returns a *[MergeError] and leaves s unchanged when a meter's readings overlap
// more than the histories cover, when two readings share a time but not a value, when
// a step across the join fails validation, or when the later shard rejected a reading
// as [Late] or for its value before it held History readings of the meter, because
// that check lacked the other shard's readings.
//
// NOTE: a reading that the earlier shard accepted but one shard would have rejected as
// Late, because the later shard had already seen the meter's newer readings, is not
// detected; the merged rollups then include it.
func (s *Shard) Merge(o *Shard) error {
	s.init()
	o.init()
	if err := s.compatible(o); err != nil {
		return err
	}
	g := &merger{s: s, o: o}
	var joins []join
	for id := range o.meters {
		j, ok, err := g.planJoin(uint32(id))
		if err != nil {
			return err
		}
		if ok {
			joins = append(joins, j)
		}
	}
	var days []int32
	for id := range o.meters {
		if o.meters[id].class != 0 {
			s.takeMeter(o, uint32(id), &days)
		}
	}
	for i := range joins {
		s.applyJoin(g, &joins[i])
	}
	s.stats.add(o.stats)
	for i := range o.events {
		e := o.events[i]
		if len(s.events) < cap(s.events) {
			s.events = append(s.events, e)
		} else {
			s.stats.EventsDropped++
		}
	}
	return nil
}

func (s *Shard) compatible(o *Shard) error {
	if s == o {
		return errors.New("metering: merge: a shard cannot be merged into itself")
	}
	if !s.cfg.Zone.equal(o.cfg.Zone) {
		return fmt.Errorf("metering: merge: zone %s differs from %s", o.cfg.Zone, s.cfg.Zone)
	}
	if s.hist != o.hist {
		return fmt.Errorf("metering: merge: history %d differs from %d", o.hist, s.hist)
	}
	for id := range o.meters {
		oc := o.meters[id].class
		if oc == 0 || id >= len(s.meters) || s.meters[id].class == 0 {
			continue
		}
		if o.classes[oc].cfg != s.classes[s.meters[id].class].cfg {
			return &MergeError{Meter: uint32(id), Reason: "meter configs differ"}
		}
	}
	return nil
}

// join is the recomputation of the steps around the point where two shards' readings
// of one meter meet. Its ranges index the merger's shared buffers.
type join struct {
	id uint32
	// credits are the corrections to the summed rollups: steps taken back with
	// negative amounts and the steps of the combined readings.
	credits, ring, head bufRange
	// dups counts readings held by both shards.
	dups              int
	rollovers, resets int
}

// bufRange is a range of a merger buffer.
type bufRange struct{ from, to int }

// merger plans the joins of one Merge, reusing its buffers across meters.
type merger struct {
	s, o *Shard
	// scratch buffers, overwritten for each meter
	tail, head, otherTail, otherHead, combined, dropped []entry
	origin                                              []int32
	// results, kept for all meters until the joins are applied
	credits, rings, heads []entry
}

// planJoin checks how meter id's readings in s and o meet and returns the corrections,
// or false when only one shard has readings.
func (g *merger) planJoin(id uint32) (join, bool, error) {
	s, o := g.s, g.o
	if o.meters[id].n == 0 || int(id) >= len(s.meters) || s.meters[id].n == 0 {
		return join{}, false, nil
	}
	// Try the shard whose newest reading is older as the earlier run first. When one
	// shard holds only a few late readings, the other order may be the one that fits.
	early, late := s, o
	if o.meters[id].last.t < s.meters[id].last.t {
		early, late = o, s
	}
	mark := [3]int{len(g.credits), len(g.rings), len(g.heads)}
	j, err := g.planOrdered(early, late, id)
	if err == errNoFit {
		g.credits, g.rings, g.heads = g.credits[:mark[0]], g.rings[:mark[1]], g.heads[:mark[2]]
		j, err = g.planOrdered(late, early, id)
	}
	if err == errNoFit {
		err = &MergeError{Meter: id, Reason: "readings overlap more than the held history covers"}
	}
	return j, err == nil, err
}

// errNoFit means the later run's readings reach outside the earlier run's history.
var errNoFit = errors.New("metering: merge: no fit")

func (g *merger) planOrdered(early, late *Shard, id uint32) (join, error) {
	c := &g.s.classes[g.s.meters[id].class]
	g.tail = early.appendTail(g.tail[:0], id)
	g.head = late.appendHead(g.head[:0], id)
	tail, lateHead := g.tail, g.head
	em, lm := &early.meters[id], &late.meters[id]
	if late.suspects[id].early > 0 {
		return join{}, &MergeError{Meter: id, Time: lateHead[0].t, Reason: "the later shard rejected readings before it held a history to check them against"}
	}

	from := lateHead[0].t
	anchor := -1
	for i, e := range tail {
		if e.t < from {
			anchor = i
		}
	}
	if anchor < 0 && em.n > uint64(len(tail)) {
		return join{}, errNoFit
	}
	if lm.n > uint64(len(lateHead)) && tail[len(tail)-1].t > lateHead[len(lateHead)-1].t {
		return join{}, errNoFit
	}
	early0 := tail[max(anchor, 0):]
	if err := g.mergeEntries(id, early0, lateHead); err != nil {
		return join{}, err
	}

	j := join{id: id, dups: len(g.dropped)}
	j.credits.from = len(g.credits)
	if c.cfg.Kind == Interval {
		for _, e := range g.dropped {
			amount, _ := c.step(entry{}, e)
			g.credits = append(g.credits, entry{e.t, -amount})
		}
	} else if err := g.restep(&j, c, early0, lateHead); err != nil {
		return join{}, err
	}
	j.credits.to = len(g.credits)

	g.otherTail = late.appendTail(g.otherTail[:0], id)
	j.ring.from = len(g.rings)
	g.rings = appendUnion(g.rings, tail, g.otherTail)
	j.ring.to = len(g.rings)
	j.ring.from = max(j.ring.from, j.ring.to-g.s.hist)
	g.otherHead = early.appendHead(g.otherHead[:0], id)
	j.head.from = len(g.heads)
	g.heads = appendUnion(g.heads, g.otherHead, lateHead)
	j.head.to = min(len(g.heads), j.head.from+min(g.s.hist, int(em.n+lm.n)-j.dups))
	g.heads = g.heads[:j.head.to]
	return j, nil
}

// restep takes back the steps each shard credited within its part of the join and
// credits the steps of the combined readings, checking each new step.
func (g *merger) restep(j *join, c *class, early, late []entry) error {
	for _, part := range [][]entry{early, late} {
		for i := 1; i < len(part); i++ {
			amount, st := c.step(part[i-1], part[i])
			g.credits = append(g.credits, entry{part[i].t, -amount})
			j.count(st, -1)
		}
	}
	combined, origin := g.combined, g.origin
	for i := 1; i < len(combined); i++ {
		amount, st := c.step(combined[i-1], combined[i])
		// A step one shard already took was checked there, and a step taken as a
		// rebaseline fails the check, so only new steps are checked.
		a, b := origin[i-1], origin[i]
		taken := a >= 0 && b == a+1 || a < 0 && b == a-1
		if o := st.outcome(); o != Accepted && !taken {
			return &MergeError{Meter: j.id, Time: combined[i].t, Reason: "step across the join is " + o.String()}
		}
		g.credits = append(g.credits, entry{combined[i].t, amount})
		j.count(st, 1)
	}
	return nil
}

func (j *join) count(st stepKind, delta int) {
	switch st {
	case stepRollover:
		j.rollovers += delta
	case stepReset:
		j.resets += delta
	}
}

// mergeEntries merges two time-ordered runs into g.combined, dropping into g.dropped
// the readings of b whose time is in a with the same value. g.origin records where
// each combined reading came from: its index in a, or -1-index in b. Equal times with
// different values are an error.
func (g *merger) mergeEntries(id uint32, a, b []entry) error {
	g.combined, g.dropped, g.origin = g.combined[:0], g.dropped[:0], g.origin[:0]
	i, k := 0, 0
	for i < len(a) || k < len(b) {
		switch {
		case k == len(b) || (i < len(a) && a[i].t < b[k].t):
			g.combined, g.origin = append(g.combined, a[i]), append(g.origin, int32(i))
			i++
		case i == len(a) || b[k].t < a[i].t:
			g.combined, g.origin = append(g.combined, b[k]), append(g.origin, int32(-1-k))
			k++
		case a[i].v != b[k].v:
			return &MergeError{Meter: id, Time: a[i].t, Reason: fmt.Sprintf("values %d and %d at the same time", a[i].v, b[k].v)}
		default:
			g.combined, g.origin = append(g.combined, a[i]), append(g.origin, int32(i))
			g.dropped = append(g.dropped, b[k])
			i, k = i+1, k+1
		}
	}
	return nil
}

// appendUnion appends the merge of two time-ordered runs to dst, keeping the first of
// each time.
func appendUnion(dst, a, b []entry) []entry {
	i, k := 0, 0
	for i < len(a) || k < len(b) {
		switch {
		case k == len(b) || (i < len(a) && a[i].t < b[k].t):
			dst = append(dst, a[i])
			i++
		case i == len(a) || b[k].t < a[i].t:
			dst = append(dst, b[k])
			k++
		default:
			dst = append(dst, a[i])
			i, k = i+1, k+1
		}
	}
	return dst
}

func compareTimes(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// appendTail appends the meter's held newest readings, oldest first, to dst.
func (s *Shard) appendTail(dst []entry, id uint32) []entry {
	m := &s.meters[id]
	ring := s.ring[int(id)<<s.shift:][:s.hist]
	held := s.held(m)
	for k := range held {
		dst = append(dst, ring[(m.ringEnd-uint32(held)+uint32(k))&s.mask])
	}
	return dst
}

// appendHead appends the meter's held oldest readings, oldest first, to dst.
func (s *Shard) appendHead(dst []entry, id uint32) []entry {
	return append(dst, s.head[int(id)<<s.shift:][:s.meters[id].headLen]...)
}

// takeMeter adds meter id's registration, state, counts and day records from o.
func (s *Shard) takeMeter(o *Shard, id uint32, days *[]int32) {
	om := &o.meters[id]
	if int(id) >= len(s.meters) || s.meters[id].class == 0 {
		// compatible has checked that a meter known to both has one config.
		_ = s.AddMeter(id, o.classes[om.class].cfg)
	}
	m := &s.meters[id]
	if m.n == 0 && om.n > 0 {
		saved := *m
		*m = *om
		m.class, m.latest = saved.class, saved.latest
		m.cur, m.curDay, m.accHour, m.acc = saved.cur, saved.curDay, saved.accHour, saved.acc
		copy(s.ring[int(id)<<s.shift:][:s.hist], o.ring[int(id)<<o.shift:][:o.hist])
		copy(s.head[int(id)<<s.shift:][:s.hist], o.head[int(id)<<o.shift:][:o.hist])
	} else if om.n > 0 {
		if om.last.t > m.last.t {
			m.last = om.last
		}
		m.n += om.n
	}
	s.meterStats[id].add(o.meterStats[id])
	// Add o's days oldest first, so that each lands at the newest end of s's list.
	o.flush(om)
	*days = (*days)[:0]
	for i := om.latest; i != noRecord; i = o.record(i).prev {
		*days = append(*days, i)
	}
	for k := len(*days) - 1; k >= 0; k-- {
		rec := o.record((*days)[k])
		dst := s.dayOf(m, rec.day)
		for h, v := range rec.hours {
			dst.hours[h] += v
		}
	}
}

// applyJoin applies the corrections of a join after takeMeter has summed both sides.
func (s *Shard) applyJoin(g *merger, j *join) {
	m := &s.meters[j.id]
	for _, c := range g.credits[j.credits.from:j.credits.to] {
		s.credit(m, c.t, c.v)
	}
	dups := uint64(j.dups)
	m.n -= dups
	s.stats.Outcomes[Accepted] -= dups
	s.stats.Outcomes[Duplicate] += dups
	ms := &s.meterStats[j.id]
	ms.Outcomes[Duplicate] += dups
	s.stats.Rollovers += uint64(j.rollovers)
	s.stats.Resets += uint64(j.resets)
	ms.Rollovers += uint64(j.rollovers)
	ms.Resets += uint64(j.resets)

	newRing := g.rings[j.ring.from:j.ring.to]
	copy(s.ring[int(j.id)<<s.shift:][:s.hist], newRing)
	m.ringEnd = uint32(len(newRing))
	newHead := g.heads[j.head.from:j.head.to]
	copy(s.head[int(j.id)<<s.shift:][:s.hist], newHead)
	m.headLen = uint16(len(newHead))
	m.last = newRing[len(newRing)-1]
}
