package metering

import (
	"errors"
	"fmt"
	"slices"
)

// MergeError reports a meter whose readings in two shards cannot be combined exactly.
// [Shard.Merge] changes nothing when it returns one.
type MergeError struct {
	Meter uint32
	// Time is the reading time at which the shards disagree, or zero.
	Time   int64
	Reason string
}

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
// when two processes each take half of a file or a meter moves between processes: the
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
	if err := s.compatible(o); err != nil {
		return err
	}
	var joins []join
	for id := range o.meters {
		j, err := s.planJoin(o, uint32(id))
		if err != nil {
			return err
		}
		if j != nil {
			joins = append(joins, *j)
		}
	}
	for id := range o.meters {
		if o.meters[id].class != 0 {
			s.takeMeter(o, uint32(id))
		}
	}
	for i := range joins {
		s.applyJoin(&joins[i])
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
// of one meter meet.
type join struct {
	id uint32
	// credits are the corrections to the summed rollups: steps taken back with
	// negative amounts and the steps of the combined readings.
	credits []entry
	// dups counts readings held by both shards.
	dups              int
	rollovers, resets int
	ring, head        []entry
}

// planJoin checks how meter id's readings in s and o meet and returns the corrections,
// or nil when only one shard has readings.
func (s *Shard) planJoin(o *Shard, id uint32) (*join, error) {
	if o.meters[id].n == 0 || int(id) >= len(s.meters) || s.meters[id].n == 0 {
		return nil, nil
	}
	// Try the shard whose newest reading is older as the earlier run first. When one
	// shard holds only a few late readings, the other order may be the one that fits.
	early, late := s, o
	if o.meters[id].last.t < s.meters[id].last.t {
		early, late = o, s
	}
	j, err := s.planOrdered(early, late, id)
	if err == errNoFit {
		j, err = s.planOrdered(late, early, id)
	}
	if err == errNoFit {
		err = &MergeError{Meter: id, Reason: "readings overlap more than the held history covers"}
	}
	return j, err
}

// errNoFit means the later run's readings reach outside the earlier run's history.
var errNoFit = errors.New("metering: merge: no fit")

func (s *Shard) planOrdered(early, late *Shard, id uint32) (*join, error) {
	c := &s.classes[s.meters[id].class]
	tail, lateHead := early.tail(id), late.headOf(id)
	em, lm := &early.meters[id], &late.meters[id]
	if late.suspects[id].early > 0 {
		return nil, &MergeError{Meter: id, Time: lateHead[0].t, Reason: "the later shard rejected readings before it held a history to check them against"}
	}

	from := lateHead[0].t
	anchor := -1
	for i, e := range tail {
		if e.t < from {
			anchor = i
		}
	}
	if anchor < 0 && em.n > uint64(len(tail)) {
		return nil, errNoFit
	}
	if lm.n > uint64(len(lateHead)) && tail[len(tail)-1].t > lateHead[len(lateHead)-1].t {
		return nil, errNoFit
	}
	early0 := tail[max(anchor, 0):]
	combined, dropped, err := mergeEntries(id, early0, lateHead)
	if err != nil {
		return nil, err
	}

	j := &join{id: id, dups: len(dropped)}
	if c.cfg.Kind == Interval {
		for _, e := range dropped {
			amount, _ := c.step(entry{}, e)
			j.credits = append(j.credits, entry{e.t, -amount})
		}
	} else if err := j.restep(c, early0, lateHead, combined); err != nil {
		return nil, err
	}
	j.ring = lastEntries(mergeSorted(early.tail(id), late.tail(id)), s.hist)
	j.head = mergeSorted(early.headOf(id), lateHead)[:min(s.hist, int(em.n+lm.n)-j.dups)]
	return j, nil
}

// restep takes back the steps each shard credited within its part of the join and
// credits the steps of the combined readings, checking each new step.
func (j *join) restep(c *class, early, late, combined []entry) error {
	// Steps already taken by one shard were checked there, and a step taken as a
	// rebaseline fails the check, so only new steps are checked.
	taken := map[[2]int64]bool{}
	for _, part := range [][]entry{early, late} {
		for i := 1; i < len(part); i++ {
			amount, st := c.step(part[i-1], part[i])
			j.credits = append(j.credits, entry{part[i].t, -amount})
			j.count(st, -1)
			taken[[2]int64{part[i-1].t, part[i].t}] = true
		}
	}
	for i := 1; i < len(combined); i++ {
		amount, st := c.step(combined[i-1], combined[i])
		if o := st.outcome(); o != Accepted && !taken[[2]int64{combined[i-1].t, combined[i].t}] {
			return &MergeError{Meter: j.id, Time: combined[i].t, Reason: "step across the join is " + o.String()}
		}
		j.credits = append(j.credits, entry{combined[i].t, amount})
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

// mergeEntries merges two time-ordered runs, dropping from b the readings whose time
// is in a with the same value. Equal times with different values are an error.
func mergeEntries(id uint32, a, b []entry) (merged, dropped []entry, err error) {
	merged = make([]entry, 0, len(a)+len(b))
	i, k := 0, 0
	for i < len(a) || k < len(b) {
		switch {
		case k == len(b) || (i < len(a) && a[i].t < b[k].t):
			merged = append(merged, a[i])
			i++
		case i == len(a) || b[k].t < a[i].t:
			merged = append(merged, b[k])
			k++
		case a[i].v != b[k].v:
			return nil, nil, &MergeError{Meter: id, Time: a[i].t, Reason: fmt.Sprintf("values %d and %d at the same time", a[i].v, b[k].v)}
		default:
			merged = append(merged, a[i])
			dropped = append(dropped, b[k])
			i, k = i+1, k+1
		}
	}
	return merged, dropped, nil
}

// mergeSorted merges two time-ordered runs, keeping one of each time.
func mergeSorted(a, b []entry) []entry {
	out := append(slices.Clone(a), b...)
	slices.SortStableFunc(out, func(x, y entry) int { return compareTimes(x.t, y.t) })
	return slices.CompactFunc(out, func(x, y entry) bool { return x.t == y.t })
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

func lastEntries(es []entry, n int) []entry {
	return es[max(len(es)-n, 0):]
}

// tail returns a copy of the meter's held newest readings, oldest first.
func (s *Shard) tail(id uint32) []entry {
	m := &s.meters[id]
	ring := s.ring[int(id)<<s.shift:][:s.hist]
	held := s.held(m)
	out := make([]entry, held)
	for k := range out {
		out[k] = ring[(m.ringEnd-uint32(held)+uint32(k))&s.mask]
	}
	return out
}

// headOf returns a copy of the meter's held oldest readings, oldest first.
func (s *Shard) headOf(id uint32) []entry {
	m := &s.meters[id]
	return slices.Clone(s.head[int(id)<<s.shift:][:m.headLen])
}

// takeMeter adds meter id's registration, state, counts and day records from o.
func (s *Shard) takeMeter(o *Shard, id uint32) {
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
	for _, rec := range o.records(id) {
		dst := s.dayOf(m, rec.day)
		for h, v := range rec.hours {
			dst.hours[h] += v
		}
	}
}

// applyJoin applies the corrections of a join after takeMeter has summed both sides.
func (s *Shard) applyJoin(j *join) {
	m := &s.meters[j.id]
	for _, c := range j.credits {
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

	ring := s.ring[int(j.id)<<s.shift:][:s.hist]
	copy(ring, j.ring)
	m.ringEnd = uint32(len(j.ring))
	head := s.head[int(j.id)<<s.shift:][:s.hist]
	copy(head, j.head)
	m.headLen = uint16(len(j.head))
	m.last = j.ring[len(j.ring)-1]
}
