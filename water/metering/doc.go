// Package metering is the hot path of water and electricity metering: it validates
// meter readings and keeps per-meter rollups by hour, day, month and year, fast enough
// for a county's meters on one core and without allocating per reading. It does no
// I/O and imports nothing outside the standard library.
//
// # Readings
//
// A [Reading] carries a dense meter id ([Registry] maps string ids to dense ones), the
// observation time in Unix seconds and the value in integer fixed point: with Scale 2
// a Value of 12345 is 123.45 kWh. No floating point is used anywhere. A [MeterConfig]
// declares the meter's [Kind] (cumulative counter or interval volume), scale, register
// width (rollover modulus), maximum plausible consumption per hour, reset threshold
// and out-of-order window.
//
// # Validation, estimation and editing
//
// [Shard.Ingest] checks each reading in one pass and counts every outcome in
// [Stats]. Exact duplicates are dropped ([Duplicate]), and a second value for the same
// time is rejected ([Conflict]). So are clocks too far ahead of or behind the injected
// now ([Future], [TooOld]), values out of the register's range ([OutOfRange]), steps
// faster than the meter can run ([Impossible]) and counters going backwards
// ([Backwards]). A reading up to [MeterConfig.Window] seconds older than the meter's
// newest is placed in time order; older ones are [Late]. A counter drop is a rollover
// when wrapping at the register's width is plausible (999,998.50 → 1.25 kWh is a step
// of 2.75 kWh), a reset or replaced meter when it drops to near zero (the reading
// becomes the new baseline with no consumption), and otherwise rejected. [Event]
// values keep the evidence of each rollover, reset and rejection.
//
// Consumption is the sum of the steps between consecutive accepted readings in time
// order, each credited to the hour of the later reading; an interval reading counts
// its own volume. For counters without rollovers or resets this equals the SQL
// "positive deltas after removing duplicates" method: group by (meter, time), take
// the difference to lag() and sum the positive ones by the later reading's day.
//
// # Rollups and zones
//
// Rollups count wall-clock hours and calendar days, months and years of the shard's
// [Zone]. The default is [BeijingTime] (Asia/Shanghai, built in), and [NewZone]
// takes any *time.Location, such as Asia/Urumqi (UTC+6) or time.UTC. Zones are offset
// tables, so the hot path does no time.Time work, and China's daylight saving time of
// 1986–1991 (and earlier) is honoured for old readings.
//
// # Shards, merging and snapshots
//
// A [Shard] is single-threaded; run one per core and combine them with
// [Shard.Merge], which is exact for any split of the meters and for a split of a
// meter's readings into runs of arrival (see Merge for the conditions). Conversion of
// electricity to water and accounting against plans happen on the rollups, outside
// this package. [Shard.AppendSnapshot] and [Restore] save and rebuild a shard in a
// versioned binary format with a CRC-32C checksum, so a restart need not replay
// readings. [CSVParser] decodes "meter,time,value" lines without allocating.
package metering
