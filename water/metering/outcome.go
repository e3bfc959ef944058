package metering

import "fmt"

// Outcome is what [Shard.Add] did with a reading: [Accepted], or the reason it was
// dropped.
type Outcome uint8

const (
	// Accepted means the reading was taken; a rollover or reset is still Accepted.
	Accepted Outcome = iota
	// Duplicate is a reading whose meter, time and value equal an accepted reading's.
	Duplicate
	// Conflict is a reading with the time of an accepted reading but another value.
	// The first accepted value is kept.
	Conflict
	// UnknownMeter is a reading for a meter id that [Shard.AddMeter] never registered.
	UnknownMeter
	// Future is a reading timed later than now plus [Config.MaxFuture].
	Future
	// TooOld is a reading timed earlier than now minus [Config.MaxAge].
	TooOld
	// Late is a reading older than the meter's newest reading by more than
	// [MeterConfig.Window], or older than all the readings the shard still holds for
	// the meter, so it cannot be placed in time order.
	Late
	// OutOfRange is a negative value, or one not below [MeterConfig.Modulus] or
	// [MaxValue].
	OutOfRange
	// Backwards is a cumulative counter that dropped without a plausible rollover and
	// not to a value at or under [MeterConfig.ResetBelow]. When three readings in a
	// row are rejected so, with valid steps between them, the third is taken as a
	// reset instead: the meter was replaced or reset and its first readings were lost.
	Backwards
	// Impossible is a step faster than [MeterConfig.MaxPerHour] allows.
	Impossible

	// NumOutcomes is the number of outcomes, the length of [Stats.Outcomes].
	NumOutcomes = int(Impossible) + 1
)

var outcomeNames = [NumOutcomes]string{
	Accepted:     "accepted",
	Duplicate:    "duplicate",
	Conflict:     "conflict",
	UnknownMeter: "unknown meter",
	Future:       "future",
	TooOld:       "too old",
	Late:         "late",
	OutOfRange:   "out of range",
	Backwards:    "backwards",
	Impossible:   "impossible step",
}

// String returns the outcome's name in lower case, such as "impossible step".
func (o Outcome) String() string {
	if int(o) < NumOutcomes {
		return outcomeNames[o]
	}
	return fmt.Sprintf("Outcome(%d)", o)
}

// Stats counts what a [Shard] did with the readings it was offered.
type Stats struct {
	// Outcomes counts readings by outcome: Outcomes[Accepted] were taken, the other
	// entries were dropped for that reason.
	Outcomes [NumOutcomes]uint64
	// Rollovers counts steps between consecutive accepted readings that were taken as
	// the register wrapping past its modulus. A late reading that splits such a step
	// removes it from the count, so the count does not depend on arrival order.
	Rollovers uint64
	// Resets counts steps taken as a reset or replaced meter, in the same way.
	Resets uint64
	// EventsDropped counts events not kept because the event buffer was full.
	EventsDropped uint64
}

// Offered returns the number of readings offered, accepted or not.
func (s Stats) Offered() uint64 {
	var n uint64
	for _, c := range s.Outcomes {
		n += c
	}
	return n
}

// Rejected returns the number of readings dropped for any reason.
func (s Stats) Rejected() uint64 {
	return s.Offered() - s.Outcomes[Accepted]
}

func (s *Stats) add(o Stats) {
	for i := range s.Outcomes {
		s.Outcomes[i] += o.Outcomes[i]
	}
	s.Rollovers += o.Rollovers
	s.Resets += o.Resets
	s.EventsDropped += o.EventsDropped
}

// EventKind says what an [Event] records.
type EventKind uint8

const (
	// EventRejected records a reading dropped for a reason other than [Duplicate].
	EventRejected EventKind = iota
	// EventRollover records a step taken as the register wrapping past its modulus.
	EventRollover
	// EventReset records a drop taken as a reset or replaced meter.
	EventReset
)

// String returns "rejected", "rollover" or "reset".
func (k EventKind) String() string {
	switch k {
	case EventRejected:
		return "rejected"
	case EventRollover:
		return "rollover"
	case EventReset:
		return "reset"
	}
	return fmt.Sprintf("EventKind(%d)", k)
}

// Event is the evidence for one rejected reading, rollover or reset, such as a counter
// going backwards. Shards keep up to [Config.Events] of them until [Shard.DrainEvents].
type Event struct {
	Kind EventKind
	// Outcome is the rejection reason, or Accepted for a rollover or reset.
	Outcome Outcome
	// Reading is the reading the event is about.
	Reading Reading
	// Previous is the accepted reading it was compared with; its Time is zero when
	// the check did not involve one, as for [Future].
	Previous Reading
}
