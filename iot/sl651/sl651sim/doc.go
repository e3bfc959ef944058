// Package sl651sim runs fake SL 651-2014 telemetry stations on TCP
// connections for tests and demonstrations of a centre station. A
// [Station] reports on a schedule, waits for confirmations and sends
// reports again, replies to queries and control commands, and can be made to
// misbehave with [Faults]: split and merged writes, corrupted CRCs, noise,
// unset clocks, and multi-packet reports whose packets come out of order,
// lost or twice.
package sl651sim
