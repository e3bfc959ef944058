// Package alarms raises, updates and clears the county server's alarms.
//
// # Water alarms
//
// The detection rules of package water run on what the server holds: the
// metering rollups of each well's water and energy registers (by day for the
// year, by hour for [Config.Window]), and the stored daily totals of the days
// the rollups do not hold, such as imported history. They also read the plans
// of the year, the coefficient histories, the bills and payments, the card
// controllers' status words and the time each meter last reported. [Engine.Evaluate] runs them on every
// well of the register every [Config.Every] and soon after a meter register
// moves: use against the annual and monthly plan, the water-electricity
// checks (flow meter bypassed, electricity meter bypassed, m³ per kWh out of
// the band around the well's coefficient), pumping outside the controller's
// sessions or after a hard quota ran out, pumping with fees in arrears, and
// meters silent past [water.Options.SilentAfter]. A well's water comes from
// its flow meters where they reported, else from its electricity through the
// coefficient in force (以电折水, Q = Tc × ΔkWh).
//
// Each alarm is stored through water.AlarmStore and keyed by rule, well,
// meter and tamper event kind: a key has one alarm that is not closed. A run
// that finds the condition again updates its evidence (at most every
// [Config.Refresh] unless the severity or threshold changes, and an
// acknowledged alarm that grows more severe is opened again), and a run that
// no longer finds it closes it. An alarm that people close while its
// condition holds is not raised again until the condition has ended.
//
// Tamper events are stored once each in the county store: a box door that
// an SZY 206 terminal's alarm word reports open, a terminal clock off the
// centre's by more than the clock tolerance, and a register that the
// metering shard saw go backwards. [water.DetectTamper] turns them into
// alarms that stay until people close them; later events of the same meter
// and kind add to the open alarm.
//
// # Device alarms
//
// Alarms about devices rather than wells are stored in the county store,
// one per device, point and rule that is not closed: the alarm events that
// gateways publish ("gateway"), the iot/alarm rules of the central rule set
// evaluated on every reading as it arrives ("central", the same rules a
// gateway runs at the edge, see [ParseRules]), the bits of SZY 206 alarm
// words and terminal clocks ("terminal"), and devices gone silent
// ("health"). A device alarm closes when its condition clears. A rule that a
// gateway runs at the edge and the server again centrally names the same
// device, point and rule either way, so the two evaluations share one alarm,
// and the central one raises it when the gateway's message is lost or the
// gateway runs no rules.
//
// Every change is published as an "alarm" live event ([Event]) with the
// division of the well or device.
package alarms
