// Package szy206sim runs fake SZY 206-2016 and SL/T 427-2021 water-resource
// monitoring terminals on TCP connections for tests and demonstrations of a
// centre station. A [Terminal] logs in, self-reports its flow and
// accumulated water on a schedule, sends heartbeats, replies to queries and
// commands (recharge, remaining water, pump start and stop, set-point and
// IC card control), and can be made to misbehave with [Faults]. A user's IC
// card recharge at the terminal is modelled by [Terminal.SwipeCard], and
// the terminal can send an alarm report when the remaining water falls
// below its alarm value and another when it is back at or above it.
package szy206sim
