package sl651sim

import (
	"time"

	"fmt"

	"github.com/shuxiang/shuxiang/iot/sl651"
)

// handle replies to a downlink query or command. Confirmations of other
// frames and unsupported functions are counted as ignored.
func (s *Station) handle(w *wire, m *sl651.Message) error {
	now := s.clock()
	r := sl651.Message{Header: s.header(sl651.Up, m.Header.Function, sl651.ETX), Serial: m.Serial,
		SendTime: now, Station: s.Address}
	switch m.Header.Function {
	case sl651.QueryRealtime:
		obs := now.Truncate(time.Minute)
		r.StationType, r.ObservedAt, r.Elements = s.stationType(), obs, s.readings(0, obs)
	case sl651.QueryClock:
	case sl651.SetClock:
		s.mu.Lock()
		s.skew += m.SendTime.Sub(now)
		s.mu.Unlock()
		r.SendTime = s.clock()
	case sl651.QueryStatus:
		r.Elements = []sl651.Element{{ID: sl651.StatusAlarm, Value: sl651.NewValue(int64(s.status()), 0)}}
	case sl651.PumpControl, sl651.ValveControl, sl651.GateControl:
		r.Switches = s.applySwitches(m)
	case sl651.SetPointControl:
		r.SetPoint = m.SetPoint
		if r.SetPoint == 0 {
			r.SetPoint = sl651.SetPointOff
		}
	default:
		s.count(func(st *Stats) { st.Ignored++ })
		return nil
	}
	f, err := r.AppendFrame(nil, sl651.Options{})
	if err != nil {
		return fmt.Errorf("sl651sim: station %s: build %s reply: %w", s.Address, r.Header.Function, err)
	}
	if err := w.Write(f, nil, false); err != nil {
		return fmt.Errorf("sl651sim: station %s: write reply: %w", s.Address, err)
	}
	s.count(func(st *Stats) { st.Commands++ })
	s.log("command handled", "function", m.Header.Function.String())
	return nil
}

// applySwitches applies a pump, valve or gate command and returns the new state.
// A command without states requests the current state.
func (s *Station) applySwitches(m *sl651.Message) sl651.Switches {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.Switches.Count > 0 {
		s.state = sl651.Switches{Count: m.Switches.Count,
			States:   append([]byte(nil), m.Switches.States...),
			Openings: append([]sl651.Value(nil), m.Switches.Openings...)}
		if m.Header.Function != sl651.GateControl {
			s.state.Openings = nil
		}
	}
	st := s.state
	if st.Count == 0 {
		st = sl651.Switches{Count: 8, States: []byte{0}}
		if m.Header.Function == sl651.GateControl {
			st = sl651.Switches{Count: 1, States: []byte{0}, Openings: []sl651.Value{sl651.NewValue(0, 0)}}
		}
	}
	return st
}

// status returns the status word: box door closed, pump stopped unless a
// pump is on.
func (s *Station) status() sl651.StatusWord {
	w := sl651.BoxDoorClosed | sl651.PumpStopped
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.state.States {
		if b != 0 {
			w &^= sl651.PumpStopped
		}
	}
	return w
}
