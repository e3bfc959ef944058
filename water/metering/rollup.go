package metering

import "slices"

// dayRecord holds one meter's consumption on one local day, by wall-clock hour.
type dayRecord struct {
	day Day
	// prev is the index of the meter's previous day record, or noRecord.
	prev  int32
	hours [24]int64
}

func (d *dayRecord) total() int64 {
	var t int64
	for _, h := range d.hours {
		t += h
	}
	return t
}

// credit adds amount, which may be negative when a step is taken back, to the hour of
// Unix time t in the meter's rollups.
func (s *Shard) credit(m *meter, t, amount int64) {
	sp := &s.span
	if t >= sp.lo && t < sp.hi && m.cur != nil && m.curDay == sp.day && m.accHour == int32(uint64(t-sp.base)/3600) {
		m.acc += amount
		return
	}
	s.creditSlow(m, t, amount)
}

// creditSlow is credit for a time outside the cached day span or another hour than
// the meter's pending one.
func (s *Shard) creditSlow(m *meter, t, amount int64) {
	if t < s.span.lo || t >= s.span.hi {
		s.span = s.cfg.Zone.span(t)
	}
	hour := int32(uint64(t-s.span.base) / 3600)
	if m.cur != nil && m.curDay == s.span.day && m.accHour == hour {
		m.acc += amount
		return
	}
	s.creditHour(m, s.span.day, hour, amount)
}

// creditHour adds the meter's pending consumption to its record and starts pending
// consumption for another hour.
func (s *Shard) creditHour(m *meter, day Day, hour int32, amount int64) {
	s.flush(m)
	if m.cur == nil || m.curDay != day {
		m.cur, m.curDay = s.dayOf(m, day), day
	}
	m.accHour, m.acc = hour, amount
}

// flush adds the meter's pending consumption to its day record.
func (s *Shard) flush(m *meter) {
	if m.cur != nil {
		m.cur.hours[m.accHour] += m.acc
		m.acc = 0
	}
}

// flushAll flushes every meter.
func (s *Shard) flushAll() {
	for i := range s.meters {
		s.flush(&s.meters[i])
	}
}

func (s *Shard) record(i int32) *dayRecord {
	return &s.days[i/dayChunk][i%dayChunk]
}

// dayOf returns the meter's record for day, adding it to the meter's list, which runs
// from the newest day back, when it is missing.
func (s *Shard) dayOf(m *meter, day Day) *dayRecord {
	var after *dayRecord
	i := m.latest
	for i != noRecord {
		rec := s.record(i)
		if rec.day == day {
			return rec
		}
		if rec.day < day {
			break
		}
		after, i = rec, rec.prev
	}
	n := s.newRecord(day, i)
	rec := s.record(n)
	if after == nil {
		m.latest = n
	} else {
		after.prev = n
	}
	return rec
}

func (s *Shard) newRecord(day Day, prev int32) int32 {
	if int(s.nDays)/dayChunk == len(s.days) {
		s.days = append(s.days, make([]dayRecord, dayChunk))
	}
	n := s.nDays
	s.nDays++
	*s.record(n) = dayRecord{day: day, prev: prev}
	return n
}

// Reserve makes room for n more meter-days (one meter's rollup for one local day), so
// that ingest allocates nothing until they are used. Without it a shard allocates room
// for 1024 meter-days whenever the last room is full.
func (s *Shard) Reserve(n int) {
	s.init()
	if n <= 0 {
		return
	}
	need := (int(s.nDays) + n + dayChunk - 1) / dayChunk
	for len(s.days) < need {
		s.days = append(s.days, make([]dayRecord, dayChunk))
	}
}

// findDay returns the meter's record for day, or nil.
func (s *Shard) findDay(id uint32, day Day) *dayRecord {
	if int(id) >= len(s.meters) {
		return nil
	}
	s.flush(&s.meters[id])
	for i := s.meters[id].latest; i != noRecord; {
		rec := s.record(i)
		if rec.day <= day {
			if rec.day == day {
				return rec
			}
			return nil
		}
		i = rec.prev
	}
	return nil
}

// records returns the meter's day records, oldest first.
func (s *Shard) records(id uint32) []*dayRecord {
	if int(id) >= len(s.meters) {
		return nil
	}
	s.flush(&s.meters[id])
	var out []*dayRecord
	for i := s.meters[id].latest; i != noRecord; {
		rec := s.record(i)
		out = append(out, rec)
		i = rec.prev
	}
	slices.Reverse(out)
	return out
}

// DayTotal is a meter's consumption on one local day, in the meter's Value units.
type DayTotal struct {
	Meter uint32
	Day   Day
	Total int64
}

// MonthTotal is a meter's consumption in one local calendar month.
type MonthTotal struct {
	Meter uint32
	Month Month
	Total int64
}

// YearTotal is a meter's consumption in one local calendar year.
type YearTotal struct {
	Meter uint32
	Year  int
	Total int64
}

// Hours returns meter id's consumption in each wall-clock hour of day, and false when
// no accepted reading of the meter falls on that day. A day on which the meter
// consumed nothing but reported still has a record, with zero hours.
func (s *Shard) Hours(id uint32, day Day) ([24]int64, bool) {
	rec := s.findDay(id, day)
	if rec == nil {
		return [24]int64{}, false
	}
	return rec.hours, true
}

// DayTotal returns meter id's consumption on day, and false when it has no record for
// that day (see [Shard.Hours]).
func (s *Shard) DayTotal(id uint32, day Day) (int64, bool) {
	rec := s.findDay(id, day)
	if rec == nil {
		return 0, false
	}
	return rec.total(), true
}

// AppendDays appends meter id's day totals, oldest first, to dst.
func (s *Shard) AppendDays(dst []DayTotal, id uint32) []DayTotal {
	for _, rec := range s.records(id) {
		dst = append(dst, DayTotal{Meter: id, Day: rec.day, Total: rec.total()})
	}
	return dst
}

// AppendAllDays appends the day totals of every meter, ordered by meter id and day,
// to dst.
func (s *Shard) AppendAllDays(dst []DayTotal) []DayTotal {
	for id := range s.meters {
		dst = s.AppendDays(dst, uint32(id))
	}
	return dst
}

// AppendMonths appends meter id's month totals, oldest first, to dst. Months without
// a day record are left out.
func (s *Shard) AppendMonths(dst []MonthTotal, id uint32) []MonthTotal {
	start := len(dst)
	for _, rec := range s.records(id) {
		month := rec.day.Month()
		if n := len(dst); n > start && dst[n-1].Month == month {
			dst[n-1].Total += rec.total()
			continue
		}
		dst = append(dst, MonthTotal{Meter: id, Month: month, Total: rec.total()})
	}
	return dst
}

// AppendYears appends meter id's year totals, oldest first, to dst. Years without a
// day record are left out.
func (s *Shard) AppendYears(dst []YearTotal, id uint32) []YearTotal {
	start := len(dst)
	for _, rec := range s.records(id) {
		year, _, _ := rec.day.Date()
		if n := len(dst); n > start && dst[n-1].Year == year {
			dst[n-1].Total += rec.total()
			continue
		}
		dst = append(dst, YearTotal{Meter: id, Year: year, Total: rec.total()})
	}
	return dst
}
