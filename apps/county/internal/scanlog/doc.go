// Package scanlog records the scans of the county server's public code lookup
// at the rate of the lookups, thousands per second, and runs the fraud rules of
// package trace on each.
//
// A Recorder keeps what the rules need in memory: the issuances of each code
// space, and per code its scan count, first scan time and latest scan, read
// from the store on the first lookup of the code. Scan resolves the text,
// counts the scan, runs trace.Rules.CheckScan and puts the scan and its flags
// on a bounded queue, so that a lookup does no database write. Run takes the
// queue in batches: it stores the scans of a batch in one transaction (through
// AddScans when the store has it), then the flags with the store's scan IDs in
// their evidence, and hands each stored flag to Config.Flagged.
//
// On shutdown, Close stops new scans and Run returns once every scan queued
// before has been written, so a graceful stop loses none.
package scanlog
