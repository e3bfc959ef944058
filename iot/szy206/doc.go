// Package szy206 decodes and encodes the frames of SZY 206-2016 and SL/T
// 427-2021, the data transmission protocols of water-resource monitoring
// terminals (水资源监测数据传输规约) at intakes, wells and canals.
//
// # Frames
//
// A frame is 68 L 68, the user data region of L bytes, its CRC-8 and 16.
// The region starts with the control byte C ([Control]: direction, split
// flag, frame count FCB and the [FunctionCode] of the parameter carried)
// and, when the split flag is set, the split counter. The 5-byte [Address]
// (a BCD division code and a binary station number) and the application
// function code [AFN] follow. Then come the data and the auxiliary region:
// the 2-byte password PW in the centre's settings and controls, and the
// time label Tp. The CRC-8 has
// the polynomial 0xE5 and initial value 0 over the region. [Protocol] cuts
// frames out of a byte stream for an iot/frame Stream.
//
// # Variants
//
// Terminals differ in the time label: SZY 206-2016 sends 5 bytes (second,
// minute, hour and day in BCD, then the allowed delay in minutes), SL/T
// 427-2021 7 bytes (with month and year). Whether a frame carries PW and Tp
// is decided from its length unless the [Variant] fixes it, and the Variant
// also sets the sign rule ([SignRule]) and the flow unit and accepts vendor
// AFNs raw. The zero Variant is SZY 206-2016; [SLT427] returns the SL/T
// 427-2021 one. Variants are configuration of one decoder, not forks.
//
// # Data
//
// Self-reports (C0H), alarm reports (81H), manual data (82H) and realtime
// replies (B0H) carry one or more measuring points of the control byte's
// function code, then the [AlarmWord] and the [StatusWord], each 2 bytes
// low byte first. A flow point is the instantaneous flow (5 bytes BCD, 3
// decimals) and the accumulated water (5 bytes BCD, m³). A value whose
// bytes are all AA has no data, so it decodes to an invalid [Value] and not
// to an error.
// Numbers are little-endian packed BCD in integer fixed point, never floats.
// The comprehensive function code (14) starts with a byte of parameter bits,
// water quality (10) with a 5-byte parameter mask.
//
// Other AFNs decode into typed fields: link checks ([LinkState]), the
// address, the 6-byte clock with its weekday, the working mode, the alarm
// and status query, the 32 event counters, the pump motor's voltages and
// currents ([PumpData]), the IC card and set-point switches, the recharge,
// remaining-water, alarm-value and set-point volumes ([Water]), remote
// start and stop, and password changes. The limits, thresholds, relay and
// report-kind settings keep their data raw in Message.Payload.
//
// A frame whose CRC passes but whose content is impossible is rejected with
// a [*FieldError] that names the field: digits that are not BCD, impossible
// clocks and time labels, lengths that disagree and unknown AFNs (wrapping
// [ErrUnknownFunction]). A clock in 2050 or later, or far from
// [Options.Now], marks the message ClockSuspect, or fails with [ErrClock]
// under [Options.StrictClock].
//
// [Message.AppendFrame] encodes a message from the same fields the decoder
// fills, so that decode and encode are inverse. [Item.Reading] converts
// values to water/metering readings. A Decoder is safe for concurrent use;
// decoding a report into a reused Message allocates nothing, and
// [Message.Clone] keeps a message after its frame's buffer is reused.
//
// NOTE: the SZY 206-2016 text was not at hand; the layouts follow the
// frames of terminals in the field and implementations of the standard.
// The sizes of the less common parameters, the bit order of comprehensive
// reports, the sign rule and the pump data decimals are the least certain.
package szy206
