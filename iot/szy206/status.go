package szy206

import (
	"encoding/json"
	"fmt"
)

// AlarmWord is the 2-byte alarm word that ends a self-report, sent low
// byte first. A set bit means the alarm is raised.
type AlarmWord uint16

// Bits of the alarm word.
const (
	ACPowerAlarm        AlarmWord = 1 << 0  // working AC power lost (工作交流电停电)
	BatteryAlarm        AlarmWord = 1 << 1  // battery voltage low
	WaterLevelAlarm     AlarmWord = 1 << 2  // water level over its limit
	FlowAlarm           AlarmWord = 1 << 3  // flow over its limit
	QualityAlarm        AlarmWord = 1 << 4  // water quality over its limit
	FlowMeterAlarm      AlarmWord = 1 << 5  // flow meter fault
	PumpAlarm           AlarmWord = 1 << 6  // pump started or stopped (水泵开停状态)
	LevelMeterAlarm     AlarmWord = 1 << 7  // water level meter fault
	PressureAlarm       AlarmWord = 1 << 8  // water pressure over its limit
	ICCardAlarm         AlarmWord = 1 << 10 // IC card function alarm
	SetPointAlarm       AlarmWord = 1 << 11 // set-point control alarm
	RemainingWaterAlarm AlarmWord = 1 << 12 // remaining water below its lower limit
	BoxDoorAlarm        AlarmWord = 1 << 13 // terminal box door open
)

var alarmNames = [16]string{"ac_power_lost", "battery_low", "water_level_over_limit",
	"flow_over_limit", "water_quality_over_limit", "flow_meter_fault", "pump_on_off",
	"water_level_meter_fault", "water_pressure_over_limit", "bit9", "ic_card",
	"set_point_control", "remaining_water_low", "box_door_open", "bit14", "bit15"}

// Has reports whether every bit of b is set in w.
func (w AlarmWord) Has(b AlarmWord) bool { return w&b == b }

// Names returns the names of the alarms raised, such as "box_door_open".
func (w AlarmWord) Names() []string {
	names := []string{}
	for i, n := range alarmNames {
		if w&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return names
}

// MarshalJSON encodes the word as its hex digits and the alarms raised.
func (w AlarmWord) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Raw    string   `json:"raw"`
		Raised []string `json:"raised"`
	}{fmt.Sprintf("%04X", uint16(w)), w.Names()})
}

// StatusWord is the 2-byte terminal status word after the alarm word, sent
// low byte first.
type StatusWord uint16

// Bits of the status word. Bits 0 and 1 hold the [WorkMode].
const (
	ICCardOff      StatusWord = 1 << 2 // IC card function off (0 means in force)
	SetPointOut    StatusWord = 1 << 3 // set-point control withdrawn (0 means in force)
	PumpOff        StatusWord = 1 << 4 // pump stopped (0 means running)
	BoxDoorClosed  StatusWord = 1 << 5 // terminal box door closed (0 means open)
	BatteryPowered StatusWord = 1 << 6 // powered by battery (0 means AC 220 V)
)

// Mode returns the working mode in bits 0 and 1.
func (w StatusWord) Mode() WorkMode { return WorkMode(w & 3) }

// Has reports whether every bit of b is set in w.
func (w StatusWord) Has(b StatusWord) bool { return w&b == b }

// MarshalJSON encodes the word as its hex digits and its named states.
func (w StatusWord) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Raw            string   `json:"raw"`
		Mode           WorkMode `json:"mode"`
		ICCard         bool     `json:"ic_card_in_force"`
		SetPoint       bool     `json:"set_point_in_force"`
		PumpRunning    bool     `json:"pump_running"`
		BoxDoorClosed  bool     `json:"box_door_closed"`
		BatteryPowered bool     `json:"battery_powered"`
	}{fmt.Sprintf("%04X", uint16(w)), w.Mode(), !w.Has(ICCardOff), !w.Has(SetPointOut),
		!w.Has(PumpOff), w.Has(BoxDoorClosed), w.Has(BatteryPowered)})
}

// EventName returns the name of event counter ERC n (1 to 32) of the event
// record (AFN 5DH), or "" for the reserved ERC19 to ERC32.
func EventName(n int) string {
	names := [...]string{"", "history initialised", "parameter changed", "state changed",
		"sensor or meter fault", "password error", "terminal fault", "AC power lost",
		"battery voltage low", "box opened without authority", "pump fault",
		"remaining water over limit", "water level over limit", "water pressure over limit",
		"water quality over limit", "data error", "message sent", "message received",
		"send error"}
	if n >= 1 && n < len(names) {
		return names[n]
	}
	return ""
}
