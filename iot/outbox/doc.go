// Package outbox is a durable on-disk queue for a field gateway whose uplink
// drops for hours. The gateway's data path calls only [Outbox.Append]; a
// sender such as package uplink drains the queue with [Outbox.Next] and
// removes each record with [Outbox.Ack] once the far end has confirmed it.
//
// Records are opaque bytes. The outbox gives each a sequence number, which
// increases by one per record and continues across restarts, and an append
// time. They are stored in segment files of [Options].SegmentBytes, each
// record with a CRC-32C (Castagnoli), so a tail torn by a power cut is found
// at [Open] and cut off. Corrupt bytes inside a segment cost only the records
// they hold: Open resynchronises on the next valid record and counts the loss
// in [Stats].CorruptBytes and [Stats].CorruptRecords. FORMAT.md beside this
// file gives the byte layout.
//
// Durability: Append returns once its record is written and fsynced. Appends
// from many goroutines that arrive while a sync runs share the next write and
// the next fsync (group commit), so the cost of one fsync is spread over the
// batch. [Outbox.AppendBatch] puts many records into one commit from a single
// caller. A record whose Append returned nil survives a crash of the process
// and, when the disk honours fsync, a power cut.
// After a write or fsync fails, as on a full disk, every append fails with an
// error wrapping [ErrWriteFailed] until the outbox is closed and opened again.
//
// Delivery: Next returns records in sequence order and keeps each in flight
// until acknowledged. Acks may come out of order, but files leave the disk in
// order: a segment is removed when every record in it and before it is
// acknowledged. [Outbox.Rewind] makes the unacknowledged in-flight records
// come again, for a sender whose connection broke. After a restart the
// unacknowledged records are delivered again in their original order with
// [Record].Historical set. The acknowledged position is saved every
// [Options].CursorInterval, so records acknowledged just before a crash come
// again: delivery is at least once, and receivers remove duplicates by
// sequence number.
//
// Bounds: when the segment files exceed [Options].MaxBytes, or the newest
// record of the oldest segment exceeds [Options].MaxAge, that segment is
// dropped whole and its unacknowledged records are counted in
// [Stats].Dropped. Next also skips single records older than MaxAge. A record
// the far end rejects for good goes to the dead-letter file through
// [Outbox.DeadLetter] and is read back with [ReadDeadLetters].
package outbox
