package szy206

import "fmt"

// Control is the control byte C: D7 the direction (1 up from the terminal,
// 0 down from the centre), D6 the split flag DIV, D5..D4 the frame count
// FCB and D3..D0 the function code, the kind of parameter the frame carries.
type Control byte

// NewControl returns the control byte for a direction, split flag, frame
// count (0 to 3) and function code.
func NewControl(up, split bool, fcb uint8, f FunctionCode) Control {
	c := Control(fcb&3)<<4 | Control(f&0x0F)
	if up {
		c |= 0x80
	}
	if split {
		c |= 0x40
	}
	return c
}

// Up reports whether the frame travels from the terminal to the centre.
func (c Control) Up() bool { return c&0x80 != 0 }

// Split reports whether the frame is one part of a split message (DIV), in
// which case the split counter byte follows the control byte.
func (c Control) Split() bool { return c&0x40 != 0 }

// FCB returns the frame count bits, 0 to 3. A sender starts at 3 and counts
// down on each retry.
func (c Control) FCB() uint8 { return uint8(c>>4) & 3 }

// Function returns the function code in the low 4 bits.
func (c Control) Function() FunctionCode { return FunctionCode(c & 0x0F) }

// MarshalJSON encodes the fields of the control byte.
func (c Control) MarshalJSON() ([]byte, error) {
	dir := "down"
	if c.Up() {
		dir = "up"
	}
	return fmt.Appendf(nil, `{"raw":"%02X","direction":%q,"split":%t,"fcb":%d,"function":%q}`,
		byte(c), dir, c.Split(), c.FCB(), c.Function()), nil
}

// FunctionCode is the function code of the control byte: the kind of
// parameter a frame carries (SZY 206-2016 control field table).
type FunctionCode uint8

// Function codes of the control byte.
const (
	Command              FunctionCode = 0  // a command down, a confirmation up
	RainfallData         FunctionCode = 1  // rainfall (雨量)
	WaterLevelData       FunctionCode = 2  // water level (水位)
	FlowData             FunctionCode = 3  // flow and accumulated water (流量/水量)
	VelocityData         FunctionCode = 4  // flow velocity (流速)
	GateData             FunctionCode = 5  // gate position (闸位)
	PowerData            FunctionCode = 6  // power (功率)
	AirPressureData      FunctionCode = 7  // air pressure (气压)
	WindData             FunctionCode = 8  // wind speed and direction (风速)
	WaterTemperatureData FunctionCode = 9  // water temperature (水温)
	WaterQualityData     FunctionCode = 10 // water quality (水质)
	SoilMoistureData     FunctionCode = 11 // soil moisture (土壤含水率)
	EvaporationData      FunctionCode = 12 // evaporation (蒸发量)
	AlarmStatusData      FunctionCode = 13 // alarm or status (报警或状态)
	ComprehensiveData    FunctionCode = 14 // several parameters in one frame (综合参数)
	WaterPressureData    FunctionCode = 15 // water pressure (水压)
)

var functionNames = [16]string{"command", "rainfall", "water level", "flow and water volume",
	"velocity", "gate position", "power", "air pressure", "wind", "water temperature",
	"water quality", "soil moisture", "evaporation", "alarm or status", "comprehensive",
	"water pressure"}

// String returns the code's name, such as "water level".
func (f FunctionCode) String() string {
	if int(f) < len(functionNames) {
		return functionNames[f]
	}
	return fmt.Sprintf("function %d", uint8(f))
}

// AFN is the application function code, the byte after the address.
type AFN uint8

// Application function codes of SZY 206-2016.
const (
	LinkCheck         AFN = 0x02 // link check: login, logout, keep online
	SetAddress        AFN = 0x10 // set the terminal or relay address
	SetClock          AFN = 0x11 // set the terminal clock
	SetWorkMode       AFN = 0x12 // set the working mode
	SetRecharge       AFN = 0x15 // set this recharge of water (IC card terminals)
	SetRemainingAlarm AFN = 0x16 // set the remaining-water alarm value
	SetLevelLimits    AFN = 0x17 // set the water level base and limits
	SetPressureLimits AFN = 0x18 // set the water pressure limits
	SetQualityUpper   AFN = 0x19 // set water quality kinds and upper limits
	SetQualityLower   AFN = 0x1A // set water quality kinds and lower limits
	SetMeterBase      AFN = 0x1B // set the meter's base (initial) volume
	SetRelayCode      AFN = 0x1C // set the relay lead code length
	SetRelayTargets   AFN = 0x1D // set the addresses a relay forwards
	SetRelaySwitch    AFN = 0x1E // set relay automatic switching
	SetFlowUpper      AFN = 0x1F // set the flow upper limits
	SetThresholds     AFN = 0x20 // set report thresholds and storage intervals
	EnableICCard      AFN = 0x30 // put the IC card function into force
	DisableICCard     AFN = 0x31 // withdraw the IC card function
	SetPointOn        AFN = 0x32 // put set-point (定值) control into force
	SetPointOff       AFN = 0x33 // withdraw set-point control
	SetPointValue     AFN = 0x34 // set the set-point volume
	QueryAddress      AFN = 0x50 // query the terminal or relay address
	QueryClock        AFN = 0x51 // query the terminal clock
	QueryWorkMode     AFN = 0x52 // query the working mode
	QueryReportKinds  AFN = 0x53 // query the self-report kinds and interval
	QueryQueryKinds   AFN = 0x54 // query the realtime kinds to be queried
	QueryRecharge     AFN = 0x55 // query the last recharge and the remaining water
	QueryRemaining    AFN = 0x56 // query the remaining water and its alarm value
	QueryLevelLimits  AFN = 0x57 // query the water level base and limits
	QueryPressure     AFN = 0x58 // query the water pressure limits
	QueryQualityUpper AFN = 0x59 // query water quality upper limits
	QueryQualityLower AFN = 0x5A // query water quality lower limits
	QueryEvents       AFN = 0x5D // query the event records
	QueryStatus       AFN = 0x5E // query the alarm and status words
	QueryPump         AFN = 0x5F // query the pump motor's realtime data
	QueryRelayCode    AFN = 0x60 // query the relay lead code length
	QueryImage        AFN = 0x61 // query the image records
	QueryRelayTargets AFN = 0x62 // query the addresses a relay forwards
	QueryRelayState   AFN = 0x63 // query the relay's state and switching records
	QueryFlowUpper    AFN = 0x64 // query the flow upper limits
	AlarmReport       AFN = 0x81 // random self-report of alarm data
	ManualData        AFN = 0x82 // manually entered data
	ResetTerminal     AFN = 0x90 // reset the terminal's parameters and state
	ClearHistory      AFN = 0x91 // clear the stored history
	RemoteStart       AFN = 0x92 // start a pump or open a valve or gate
	RemoteStop        AFN = 0x93 // stop a pump or close a valve or gate
	SwitchChannel     AFN = 0x94 // switch the communication channel
	SwitchRelay       AFN = 0x95 // switch the relay's working unit
	ChangePassword    AFN = 0x96 // change the password
	SetQueryKinds     AFN = 0xA0 // set the realtime kinds to be queried
	SetReportKinds    AFN = 0xA1 // set the self-report kinds and interval
	QueryRealtime     AFN = 0xB0 // query realtime values
	QueryStored       AFN = 0xB1 // query the solid-state stored data
	QueryReportedData AFN = 0xB2 // query the self-reported data in memory
	SelfReport        AFN = 0xC0 // self-report of realtime data

	// NOTE: no SZY 206-2016 or SL/T 427-2021 source at hand defines C1H or
	// another uplink code for IC card swipe records, so the decoder rejects
	// C1H as unknown. List a vendor's code in Variant.RawAFNs to keep its
	// data raw.
)

var afnNames = [256]string{
	LinkCheck: "link check", SetAddress: "set address", SetClock: "set clock",
	SetWorkMode: "set working mode", SetRecharge: "set recharge", SetRemainingAlarm: "set remaining-water alarm",
	SetLevelLimits: "set water level limits", SetPressureLimits: "set water pressure limits",
	SetQualityUpper: "set water quality upper limits", SetQualityLower: "set water quality lower limits",
	SetMeterBase: "set meter base volume", SetRelayCode: "set relay lead code", SetRelayTargets: "set relay targets",
	SetRelaySwitch: "set relay switching", SetFlowUpper: "set flow upper limits", SetThresholds: "set report thresholds",
	EnableICCard: "enable IC card", DisableICCard: "disable IC card", SetPointOn: "set-point control on",
	SetPointOff: "set-point control off", SetPointValue: "set set-point volume",
	QueryAddress: "query address", QueryClock: "query clock", QueryWorkMode: "query working mode",
	QueryReportKinds: "query self-report kinds", QueryQueryKinds: "query realtime kinds",
	QueryRecharge: "query recharge and remaining water", QueryRemaining: "query remaining water and alarm value",
	QueryLevelLimits: "query water level limits", QueryPressure: "query water pressure limits",
	QueryQualityUpper: "query water quality upper limits", QueryQualityLower: "query water quality lower limits",
	QueryEvents: "query event records", QueryStatus: "query alarm and status", QueryPump: "query pump motor data",
	QueryRelayCode: "query relay lead code", QueryImage: "query image records", QueryRelayTargets: "query relay targets",
	QueryRelayState: "query relay state", QueryFlowUpper: "query flow upper limits", AlarmReport: "alarm report",
	ManualData: "manual data", ResetTerminal: "reset terminal", ClearHistory: "clear history",
	RemoteStart: "remote start", RemoteStop: "remote stop", SwitchChannel: "switch channel",
	SwitchRelay: "switch relay", ChangePassword: "change password", SetQueryKinds: "set realtime kinds",
	SetReportKinds: "set self-report kinds", QueryRealtime: "query realtime values", QueryStored: "query stored data",
	QueryReportedData: "query self-reported data", SelfReport: "self-report",
}

// Known reports whether a is an application function code of SZY 206-2016.
func (a AFN) Known() bool { return afnNames[a] != "" }

// String returns the code and its name, such as "C0 self-report".
func (a AFN) String() string {
	if s := afnNames[a]; s != "" {
		return fmt.Sprintf("%02X %s", uint8(a), s)
	}
	return fmt.Sprintf("%02X unknown", uint8(a))
}

// MarshalText encodes the code as in [AFN.String].
func (a AFN) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// needsPassword reports whether a downlink frame of a carries the password
// PW: the settings and controls 10H to 34H and 90H to A1H.
func (a AFN) needsPassword() bool {
	return a >= SetAddress && a <= SetPointValue || a >= ResetTerminal && a <= SetReportKinds
}

// LinkState is the one data byte of a link check (AFN 02H).
type LinkState byte

// Link states.
const (
	Login      LinkState = 0xF0 // the terminal logs in
	Logout     LinkState = 0xF1 // the terminal logs out
	KeepOnline LinkState = 0xF2 // the terminal keeps the link alive
)

// String returns "login", "logout" or "keep online".
func (s LinkState) String() string {
	switch s {
	case Login:
		return "login"
	case Logout:
		return "logout"
	case KeepOnline:
		return "keep online"
	}
	return fmt.Sprintf("link state %02X", byte(s))
}

// MarshalText encodes the state as in [LinkState.String].
func (s LinkState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// WorkMode is the terminal's working mode (AFN 12H, 52H and the status word).
type WorkMode uint8

// Working modes.
const (
	ModeReport        WorkMode = 0 // self-report and telemetry
	ModeReportConfirm WorkMode = 1 // self-report with confirmation
	ModeQuery         WorkMode = 2 // query and answer
	ModeMaintenance   WorkMode = 3 // debugging or maintenance
)

// String returns the mode's name.
func (m WorkMode) String() string {
	switch m {
	case ModeReport:
		return "self-report"
	case ModeReportConfirm:
		return "self-report with confirmation"
	case ModeQuery:
		return "query and answer"
	case ModeMaintenance:
		return "maintenance"
	}
	return fmt.Sprintf("mode %d", uint8(m))
}

// MarshalText encodes the mode as in [WorkMode.String].
func (m WorkMode) MarshalText() ([]byte, error) { return []byte(m.String()), nil }
