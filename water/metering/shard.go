package metering

import (
	"fmt"
	"math"
	"math/bits"
)

// Defaults for the zero fields of [Config], and the limit on meter ids.
const (
	DefaultMaxFuture = 300         // seconds a meter clock may run ahead of now
	DefaultMaxAge    = 366 * 86400 // seconds a reading may be older than now
	DefaultHistory   = 16          // readings held per meter
	DefaultEvents    = 1024        // events kept until DrainEvents
	MaxMeters        = 1 << 24     // meter ids must be below MaxMeters
)

const (
	minHistory = 2
	maxHistory = 1 << 10
	dayChunk   = 1024      // day records allocated at a time
	noRecord   = int32(-1) // a day record index meaning none
)

// Config sets up a [Shard]. The zero value works: Beijing time, readings up to five
// minutes ahead of now and a year behind it, 16 readings of history per meter.
type Config struct {
	// Zone is the zone of the day, month and year rollups. Nil means [BeijingTime].
	// Use [NewZone] with time.UTC for UTC days, or with Asia/Urumqi for UTC+6.
	Zone *Zone
	// MaxFuture is how many seconds a reading may be timed after the now passed to
	// [Shard.Ingest]; later readings are rejected as [Future]. Zero means
	// DefaultMaxFuture; math.MaxInt64 disables the check.
	MaxFuture int64
	// MaxAge is how many seconds a reading may be timed before now; older readings
	// are rejected as [TooOld]. Zero means DefaultMaxAge; math.MaxInt64 disables the
	// check.
	MaxAge int64
	// History is how many of each meter's newest readings the shard keeps to place
	// out-of-order readings and to merge with other shards, a power of two from 2 to
	// 1024. It bounds [MeterConfig.Window]: a 1-hour window needs a History above the
	// number of readings a meter sends in an hour. Zero means DefaultHistory.
	History int
	// Events is how many [Event] values the shard keeps until [Shard.DrainEvents].
	// Zero means DefaultEvents; a negative value keeps none.
	Events int
}

func (c Config) withDefaults() (Config, error) {
	if c.Zone == nil {
		c.Zone = BeijingTime()
	}
	if c.MaxFuture == 0 {
		c.MaxFuture = DefaultMaxFuture
	}
	if c.MaxAge == 0 {
		c.MaxAge = DefaultMaxAge
	}
	if c.History == 0 {
		c.History = DefaultHistory
	}
	if c.Events == 0 {
		c.Events = DefaultEvents
	}
	if c.Events < 0 {
		c.Events = 0
	}
	switch {
	case c.MaxFuture < 0:
		return c, fmt.Errorf("metering: invalid max future %d s, want 0 or more", c.MaxFuture)
	case c.MaxAge < 0:
		return c, fmt.Errorf("metering: invalid max age %d s, want 0 or more", c.MaxAge)
	case c.History < minHistory || c.History > maxHistory || c.History&(c.History-1) != 0:
		return c, fmt.Errorf("metering: invalid history %d, want a power of two from %d to %d", c.History, minHistory, maxHistory)
	}
	return c, nil
}

// Shard validates readings and keeps the rollups of the meters registered with it. The
// zero value is an empty shard with the default [Config], as NewShard(Config{}) returns.
// A Shard is not safe for concurrent use: run one per goroutine and combine them with
// [Shard.Merge]. Each meter should send all its readings to one shard; see Merge for
// what a split of one meter's readings requires.
//
// Memory: about 100 + 32 × History bytes per meter id up to the largest registered id,
// plus 200 bytes for each day on which a meter consumed.
type Shard struct {
	cfg  Config
	hist int
	// shift is log2(hist): meter id << shift is the meter's offset in ring and head.
	shift uint
	mask  uint32

	// classes[0] marks an unregistered meter.
	classes []class
	classOf map[MeterConfig]uint16

	meters []meter
	// ring holds each meter's hist newest readings, a circular buffer in time order.
	ring []entry
	// head holds each meter's hist oldest readings in time order, for Merge.
	head       []entry
	meterStats []Stats
	suspects   []suspect

	// days holds every day record in chunks that never move, so meter.cur stays valid.
	days  [][]dayRecord
	nDays int32
	// span caches the zone's day and offset for the latest credited time.
	span daySpan

	stats  Stats
	events []Event
}

type entry struct{ t, v int64 }

// meter is the hot per-meter state, one 64-byte cache line. The meter's oldest
// accepted reading is the first entry of its head.
type meter struct {
	last entry // newest accepted reading
	n    uint64
	// cur is the day record of day curDay that acc belongs to, or nil. acc is
	// consumption in hour accHour of that day not yet added to the record, so that
	// readings within one hour touch this line alone.
	cur     *dayRecord
	acc     int64
	curDay  Day
	accHour int32
	// latest is the index of the meter's newest day record, or noRecord.
	latest  int32
	ringEnd uint32
	class   uint16
	headLen uint16
	_       uint32
}

// NewShard returns an empty shard, or an error naming the invalid field of cfg.
func NewShard(cfg Config) (*Shard, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Shard{
		cfg:     cfg,
		hist:    cfg.History,
		shift:   uint(bits.TrailingZeros(uint(cfg.History))),
		mask:    uint32(cfg.History - 1),
		classes: make([]class, 1, 4),
		classOf: make(map[MeterConfig]uint16),
		events:  make([]Event, 0, cfg.Events),
		span:    daySpan{lo: 1, hi: 0},
	}
	return s, nil
}

// init gives a zero Shard the state that NewShard(Config{}) returns. NewShard always
// sets classes, so a nil classes marks a zero Shard.
func (s *Shard) init() {
	if s.classes != nil {
		return
	}
	fresh, err := NewShard(Config{})
	if err != nil {
		panic("metering: the zero Config is invalid: " + err.Error())
	}
	*s = *fresh
}

// Zone returns the zone of the shard's rollups.
func (s *Shard) Zone() *Zone {
	s.init()
	return s.cfg.Zone
}

// Config returns the shard's configuration with defaults filled in.
func (s *Shard) Config() Config {
	s.init()
	return s.cfg
}

// AddMeter registers meter id with cfg, or changes the config of a registered meter
// while keeping its readings and rollups. It is not meant for the hot path: it may
// allocate. It returns an error for an invalid cfg or an id of MaxMeters or more.
func (s *Shard) AddMeter(id uint32, cfg MeterConfig) error {
	s.init()
	if id >= MaxMeters {
		return fmt.Errorf("metering: add meter: id %d out of range, want below %d", id, MaxMeters)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("metering: add meter %d: %w", id, err)
	}
	ci, ok := s.classOf[cfg]
	if !ok {
		if len(s.classes) > math.MaxUint16 {
			return fmt.Errorf("metering: add meter %d: more than %d distinct meter configs", id, math.MaxUint16)
		}
		ci = uint16(len(s.classes))
		s.classes = append(s.classes, newClass(cfg))
		s.classOf[cfg] = ci
	}
	s.grow(int(id) + 1)
	s.meters[id].class = ci
	return nil
}

// grow makes room for meter ids below n.
func (s *Shard) grow(n int) {
	if n <= len(s.meters) {
		return
	}
	old := len(s.meters)
	size := max(n, 2*old)
	s.meters = append(s.meters, make([]meter, size-old)...)
	for i := old; i < size; i++ {
		s.meters[i].latest = noRecord
	}
	s.ring = append(s.ring, make([]entry, (size-old)<<s.shift)...)
	s.head = append(s.head, make([]entry, (size-old)<<s.shift)...)
	s.meterStats = append(s.meterStats, make([]Stats, size-old)...)
	s.suspects = append(s.suspects, make([]suspect, size-old)...)
}

// MeterConfig returns the config of meter id and whether the meter is registered.
func (s *Shard) MeterConfig(id uint32) (MeterConfig, bool) {
	if int(id) >= len(s.meters) || s.meters[id].class == 0 {
		return MeterConfig{}, false
	}
	return s.classes[s.meters[id].class].cfg, true
}

// AppendMeters appends the ids of the registered meters in ascending order to dst.
func (s *Shard) AppendMeters(dst []uint32) []uint32 {
	for id := range s.meters {
		if s.meters[id].class != 0 {
			dst = append(dst, uint32(id))
		}
	}
	return dst
}

// Stats returns the shard's counts of outcomes, rollovers and resets.
func (s *Shard) Stats() Stats { return s.stats }

// MeterStats returns the counts for meter id alone. EventsDropped is always zero.
func (s *Shard) MeterStats(id uint32) Stats {
	if int(id) >= len(s.meters) {
		return Stats{}
	}
	st := s.meterStats[id]
	st.Outcomes[Accepted] = s.meters[id].n
	return st
}

// Latest returns meter id's newest accepted reading, and false when it has none.
func (s *Shard) Latest(id uint32) (Reading, bool) {
	if int(id) >= len(s.meters) || s.meters[id].n == 0 {
		return Reading{}, false
	}
	m := &s.meters[id]
	return Reading{Time: m.last.t, Value: m.last.v, Meter: id}, true
}

// DrainEvents appends the events kept since the last call to dst, oldest first, and
// forgets them.
func (s *Shard) DrainEvents(dst []Event) []Event {
	dst = append(dst, s.events...)
	s.events = s.events[:0]
	return dst
}

func (s *Shard) event(kind EventKind, o Outcome, r *Reading, prev *entry) {
	if len(s.events) == cap(s.events) {
		s.stats.EventsDropped++
		return
	}
	e := Event{Kind: kind, Outcome: o, Reading: *r}
	if prev != nil {
		e.Previous = Reading{Time: prev.t, Value: prev.v, Meter: r.Meter}
	}
	s.events = append(s.events, e)
}
