package sl651

import (
	"encoding/json"
	"fmt"
)

// Switches is the on/off state of numbered pumps, valves or gates in a
// control command or state report (functions 0x4C to 0x4E, SL 651-2014
// tables 71, 74 and 77).
type Switches struct {
	// Count is the number of units described: the gate count as sent, or 8
	// per state byte for pumps and valves.
	Count int
	// States holds the bits: bit k of States[i] is unit 8i+k+1, 1 for on
	// (open), 0 for off (closed). It aliases the frame when decoded.
	States []byte
	// Openings are the gates' openings in cm, one per gate, for gates only.
	Openings []Value
}

// On reports whether unit n (from 1) is on or open.
func (s Switches) On(n int) bool {
	i := n - 1
	return i >= 0 && i < s.Count && i/8 < len(s.States) && s.States[i/8]&(1<<(i%8)) != 0
}

// IsZero reports whether s describes no unit.
func (s Switches) IsZero() bool { return s.Count == 0 }

// MarshalJSON encodes the count, the units that are on and the openings.
func (s Switches) MarshalJSON() ([]byte, error) {
	on := []int{}
	for n := 1; n <= s.Count; n++ {
		if s.On(n) {
			on = append(on, n)
		}
	}
	return json.Marshal(struct {
		Count    int     `json:"count"`
		On       []int   `json:"on"`
		Openings []Value `json:"openings_cm,omitempty"`
	}{s.Count, on, s.Openings})
}

// switches decodes pump or valve states (a byte count, then the state
// bytes) or gate states (the gate count, its state bytes and a 2-byte BCD
// opening in cm per gate).
func (p *parser) switches(gates bool) error {
	field := "switch states"
	n, err := p.take(1, field)
	if err != nil {
		return err
	}
	if n[0] == 0 {
		return formatError(field, p.off(p.pos-1), n, "count must be at least 1")
	}
	s := &p.m.Switches
	stateBytes := int(n[0])
	s.Count = 8 * stateBytes
	if gates {
		s.Count = int(n[0])
		stateBytes = (s.Count + 7) / 8
	}
	if s.States, err = p.take(stateBytes, field); err != nil {
		return err
	}
	if gates {
		if err := p.openings(s); err != nil {
			return err
		}
	}
	return p.end()
}

// openings decodes one 2-byte BCD opening per gate.
func (p *parser) openings(s *Switches) error {
	for range s.Count {
		b, err := p.take(2, "gate opening")
		if err != nil {
			return err
		}
		v, err := p.decodeValue(b, 0, p.pos-2, 0)
		if err != nil {
			return err
		}
		s.Openings = append(s.Openings, v)
	}
	return nil
}

// SetPoint is the water set-point control (水量定值控制) command or state
// of function 0x4F. The zero value means the body carries none.
type SetPoint uint8

// Set-point states.
const (
	SetPointOn  SetPoint = 1 // FF: control in force
	SetPointOff SetPoint = 2 // 00: control withdrawn
)

// String returns "on", "off" or "".
func (s SetPoint) String() string {
	switch s {
	case SetPointOn:
		return "on"
	case SetPointOff:
		return "off"
	}
	return ""
}

// MarshalText encodes the state as in [SetPoint.String].
func (s SetPoint) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// StatusWord is the 32-bit status and alarm word of SL 651-2014 table 58
// (element ZT, function 0x46).
type StatusWord uint32

// Bits of the status word.
const (
	ACPowerOff          StatusWord = 1 << 0  // mains charging failed (停电)
	BatteryLow          StatusWord = 1 << 1  // battery voltage low
	WaterLevelAlarm     StatusWord = 1 << 2  // water level over its limit
	FlowAlarm           StatusWord = 1 << 3  // flow over its limit
	QualityAlarm        StatusWord = 1 << 4  // water quality over its limit
	FlowMeterFault      StatusWord = 1 << 5  // flow meter fault
	LevelMeterFault     StatusWord = 1 << 6  // water level meter fault
	BoxDoorClosed       StatusWord = 1 << 7  // terminal box door closed (0 means open)
	StorageFault        StatusWord = 1 << 8  // memory fault
	ICCardValid         StatusWord = 1 << 9  // IC card function in force
	PumpStopped         StatusWord = 1 << 10 // pump stopped (0 means running)
	RemainingWaterAlarm StatusWord = 1 << 11 // remaining water over its limit
)

var statusBitNames = [...]string{
	"ac_power_off", "battery_low", "water_level_alarm", "flow_alarm", "quality_alarm",
	"flow_meter_fault", "level_meter_fault", "box_door_closed", "storage_fault",
	"ic_card_valid", "pump_stopped", "remaining_water_alarm",
}

// Has reports whether every bit of b is set in w.
func (w StatusWord) Has(b StatusWord) bool { return w&b == b }

// MarshalJSON encodes the word as its hex digits and the names of the bits
// that are set.
func (w StatusWord) MarshalJSON() ([]byte, error) {
	set := []string{}
	for i, name := range statusBitNames {
		if w&(1<<i) != 0 {
			set = append(set, name)
		}
	}
	return json.Marshal(struct {
		Raw string   `json:"raw"`
		Set []string `json:"set"`
	}{fmt.Sprintf("%08X", uint32(w)), set})
}

// EventName returns the name of event counter ERC n (1 to 32) of
// SL 651-2014 table 82, or "" for the reserved ERC19 to ERC32.
func EventName(n int) string {
	names := [...]string{"", "history initialised", "parameter changed", "state changed",
		"sensor or meter fault", "password changed", "terminal fault", "mains lost",
		"battery low", "box opened without authority", "pump fault", "remaining water over limit",
		"water level over limit", "water pressure over limit", "water quality over limit",
		"data error", "message sent", "message received", "send error"}
	if n >= 1 && n < len(names) {
		return names[n]
	}
	return ""
}
