// Package alarm evaluates alarm rules on measured points, the same way on a field
// gateway and on a county server: given the same samples, ticks and
// acknowledgements, both produce the same events.
//
// A [Rule] is data, decoded from JSON by [DecodeRules] and checked by
// [Rule.Validate], whose errors name the rule, the field and the fix. Kinds are
// [High] and [Low] levels with a separate clear level (hysteresis), [Rise] and
// [Fall] rates in units per minute over a window, and [NoData] for a point that
// has been silent for a timeout. High, Low, Rise and Fall rules may wait for a
// delay before raising and for a clear delay before clearing. Each rule has a
// [Severity].
//
// A [Point] compiles the rules of one point against the point's scale and keeps
// their state. Values are integers in fixed point (with scale 1, 355 is 35.5) and
// levels are converted to the point's scale once, so evaluation uses no floating
// point. Rates are compared exactly in 128-bit integers. Time is never read from
// the system clock: [Point.Observe] takes the sample time, [Point.Tick] the current
// time for NoData rules, and [Point.Ack] the time of the acknowledgement. Observe
// and Tick allocate nothing when the caller's event slice has room.
//
// Samples are evaluated in time order and a sample not newer than the newest one
// is ignored, so a centre that receives a gateway's readings late, replayed from
// its outbox, computes the same High, Low, Rise and Fall events. NoData rules differ
// by design: a centre ticks with its own clock and raises NoData while the
// uplink is down, which a gateway with local data does not.
//
// Each rule follows the alarm lifecycle of IEC 62682 (ISA-18.2). A rule in
// [Normal] is raised to [Active], acknowledged to [Acknowledged], then cleared back
// to Normal. An alarm cleared before acknowledgement waits in
// [ClearedUnacknowledged]. Every change is an [Event].
//
// [Point.AppendState] and [Point.Restore] save and load the rule state (lifecycle
// state, pending delays and rate history) in a small versioned binary format with
// a CRC-32C checksum, so a restart in the middle of a delay neither loses nor
// repeats an alarm.
package alarm
