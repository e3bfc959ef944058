package szy206sim

import (
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// handle replies to a downlink query or command: realtime values, clock,
// working mode, status, recharge and remaining water, IC card, set-point
// control, pump start and stop, and pump motor data. Other frames are
// counted as ignored.
func (t *Terminal) handle(w *wire, m *szy206.Message) error {
	a := m.Header.AFN
	if a == szy206.QueryRealtime {
		r := t.realtime(szy206.QueryRealtime)
		return t.reply(w, &r)
	}
	r := szy206.Message{Header: t.header(szy206.Command, a)}
	if !t.apply(m, &r) {
		t.count(func(st *Stats) { st.Ignored++ })
		return nil
	}
	return t.reply(w, &r)
}

func (t *Terminal) reply(w *wire, r *szy206.Message) error {
	if err := t.send(w, r, nil, false); err != nil {
		return err
	}
	t.count(func(st *Stats) { st.Commands++ })
	return nil
}

// apply carries out command m and fills the reply r. It reports false for
// frames that need no reply.
func (t *Terminal) apply(m *szy206.Message, r *szy206.Message) bool {
	now := t.clock()
	t.mu.Lock()
	defer t.mu.Unlock()
	st := &t.st
	switch m.Header.AFN {
	case szy206.QueryClock:
		r.Clock = now
	case szy206.SetClock:
		st.skew += m.Clock.Sub(now)
		r.Clock = m.Clock
	case szy206.SetWorkMode, szy206.QueryWorkMode:
		if m.Header.AFN == szy206.SetWorkMode {
			st.mode = m.Mode
		}
		r.Mode, r.HasMode = st.mode, true
	case szy206.QueryStatus:
		r.Alarm, r.Status = t.words()
		r.HasStatus = true
	case szy206.SetRecharge:
		st.recharge = m.Water.Recharge.Int
		st.remaining += st.recharge
		r.Water.Recharge = m.Water.Recharge
	case szy206.QueryRecharge:
		r.Water.Recharge, r.Water.Remaining = szy206.NewValue(st.recharge, 0), szy206.NewValue(st.remaining, 0)
	case szy206.SetRemainingAlarm:
		st.alarmLevel = m.Water.AlarmLevel.Int
		r.Water.AlarmLevel = m.Water.AlarmLevel
	case szy206.QueryRemaining:
		r.Water.Remaining, r.Water.AlarmLevel = szy206.NewValue(st.remaining, 0), szy206.NewValue(st.alarmLevel, 0)
	case szy206.SetPointValue:
		st.setPoint = m.Water.SetPoint.Int
		r.Water.SetPoint = m.Water.SetPoint
	case szy206.EnableICCard, szy206.DisableICCard:
		st.icCardOff = m.Header.AFN == szy206.DisableICCard
	case szy206.SetPointOn, szy206.SetPointOff:
		st.setPointOut = m.Header.AFN == szy206.SetPointOff
	case szy206.RemoteStart, szy206.RemoteStop:
		st.pumpOff = m.Header.AFN == szy206.RemoteStop
		r.Unit = m.Unit
	case szy206.QueryPump:
		r.Pump = t.pumpData()
	default:
		return false
	}
	return true
}

// pumpData returns 380.0 V on each phase and a current of 45.60 A while the
// pump runs; t.mu is held.
func (t *Terminal) pumpData() szy206.PumpData {
	volts := szy206.NewValue(3800, 1)
	amps := szy206.NewValue(4560, 2)
	if t.st.pumpOff {
		amps = szy206.NewValue(0, 2)
	}
	return szy206.PumpData{Voltage: [3]szy206.Value{volts, volts, volts},
		Current: [3]szy206.Value{amps, amps, amps}, Valid: true}
}
