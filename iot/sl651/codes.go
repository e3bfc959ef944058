package sl651

import "fmt"

// Control is a control character of the frame: the start of the body (STX,
// SYN) or the end byte (ETX, ETB, ENQ, EOT, ACK, NAK, ESC), as defined in
// SL 651-2014 table 10. The same byte values serve the hex/BCD and the ASCII
// form; only the frame start differs (7E 7E against SOH).
type Control byte

// Control characters of SL 651-2014.
const (
	// SOH starts a frame in the ASCII form.
	SOH Control = 0x01
	// STX starts the body of a single-packet message.
	STX Control = 0x02
	// ETX ends an uplink message: the transfer is complete and the station may
	// leave the link.
	ETX Control = 0x03
	// EOT ends a downlink confirmation: the station may leave the link.
	EOT Control = 0x04
	// ENQ ends a downlink query or control command.
	ENQ Control = 0x05
	// ACK ends a downlink confirmation that asks for the next packet.
	ACK Control = 0x06
	// NAK ends a downlink negative acknowledgement asking the station to send
	// the packet again.
	NAK Control = 0x15
	// SYN starts the body of one packet of a multi-packet message, followed
	// by the packet count and sequence number.
	SYN Control = 0x16
	// ETB ends an uplink packet that more packets follow, so the station stays
	// on the link.
	ETB Control = 0x17
	// ESC ends a downlink confirmation in place of EOT and keeps the station
	// online for commands; a station goes back to its configured mode after
	// 10 minutes without a command.
	ESC Control = 0x1B
)

var controlNames = map[Control]string{
	SOH: "SOH", STX: "STX", ETX: "ETX", EOT: "EOT", ENQ: "ENQ", ACK: "ACK",
	NAK: "NAK", SYN: "SYN", ETB: "ETB", ESC: "ESC",
}

// String returns the character's standard name, such as "ETX".
func (c Control) String() string {
	if s, ok := controlNames[c]; ok {
		return s
	}
	return fmt.Sprintf("0x%02X", byte(c))
}

// MarshalText encodes the character as its name.
func (c Control) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// validEnd reports whether c may end a frame travelling in direction d:
// ETX or ETB uplink, ENQ, ACK, NAK, EOT or ESC downlink.
func validEnd(d Direction, c Control) bool {
	if d == Up {
		return c == ETX || c == ETB
	}
	switch c {
	case ENQ, ACK, NAK, EOT, ESC:
		return true
	}
	return false
}

// Direction is the direction nibble of the length word: Up for station to
// centre, Down for centre to station.
type Direction uint8

// Directions as the high nibble of the length word.
const (
	Up   Direction = 0x0
	Down Direction = 0x8
)

// String returns "up" or "down".
func (d Direction) String() string {
	switch d {
	case Up:
		return "up"
	case Down:
		return "down"
	}
	return fmt.Sprintf("direction 0x%X", uint8(d))
}

// MarshalText encodes the direction as "up" or "down".
func (d Direction) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// FunctionCode is the function code of a frame, defined in SL 651-2014
// appendix B. Codes 0xE0 to 0xFF are the user-defined range.
type FunctionCode uint8

// Function codes of SL 651-2014 appendix B.
const (
	KeepAlive        FunctionCode = 0x2F // link keep-alive report (链路维持报)
	TestReport       FunctionCode = 0x30 // test report (测试报)
	IntervalReport   FunctionCode = 0x31 // uniform-interval report (均匀时段水文信息报)
	TimedReport      FunctionCode = 0x32 // timed report (定时报)
	AddedReport      FunctionCode = 0x33 // added report on a threshold (加报报)
	HourlyReport     FunctionCode = 0x34 // hourly report (小时报)
	ManualReport     FunctionCode = 0x35 // manually entered data (人工置数报)
	PictureReport    FunctionCode = 0x36 // JPEG picture report or query
	QueryRealtime    FunctionCode = 0x37 // centre queries the latest values
	QueryPeriod      FunctionCode = 0x38 // centre queries one element over a period
	QueryManual      FunctionCode = 0x39 // centre queries the last manual data
	QueryElements    FunctionCode = 0x3A // centre queries the named elements
	WriteBasicConfig FunctionCode = 0x40 // centre writes the basic configuration
	ReadBasicConfig  FunctionCode = 0x41 // centre reads, or station reports, the basic configuration
	WriteRunConfig   FunctionCode = 0x42 // centre writes the running parameters
	ReadRunConfig    FunctionCode = 0x43 // centre reads, or station reports, the running parameters
	QueryPump        FunctionCode = 0x44 // centre queries pump motor voltages and currents
	QueryVersion     FunctionCode = 0x45 // centre queries the terminal software version
	QueryStatus      FunctionCode = 0x46 // centre queries the status and alarm word
	InitStorage      FunctionCode = 0x47 // centre clears the stored history
	FactoryReset     FunctionCode = 0x48 // centre restores the factory configuration
	ChangePassword   FunctionCode = 0x49 // centre changes the password
	SetClock         FunctionCode = 0x4A // centre sets the station clock to the send time
	SetICCard        FunctionCode = 0x4B // centre sets the IC card bit of the status word
	PumpControl      FunctionCode = 0x4C // pump on/off command or pump state report
	ValveControl     FunctionCode = 0x4D // valve open/close command or valve state report
	GateControl      FunctionCode = 0x4E // gate open/close command or gate state report
	SetPointControl  FunctionCode = 0x4F // water set-point control on or off (水量定值控制)
	QueryEvents      FunctionCode = 0x50 // centre queries the event counters
	QueryClock       FunctionCode = 0x51 // centre queries the station clock
)

var functionNames = [256]string{
	KeepAlive: "keep-alive", TestReport: "test report", IntervalReport: "uniform-interval report",
	TimedReport: "timed report", AddedReport: "added report", HourlyReport: "hourly report",
	ManualReport: "manual report", PictureReport: "picture report",
	QueryRealtime: "query realtime data", QueryPeriod: "query period data",
	QueryManual: "query manual data", QueryElements: "query elements",
	WriteBasicConfig: "write basic configuration", ReadBasicConfig: "read basic configuration",
	WriteRunConfig: "write running parameters", ReadRunConfig: "read running parameters",
	QueryPump: "query pump motor data", QueryVersion: "query software version",
	QueryStatus: "query status and alarms", InitStorage: "initialise stored data",
	FactoryReset: "restore factory settings", ChangePassword: "change password",
	SetClock: "set clock", SetICCard: "set IC card state", PumpControl: "pump control",
	ValveControl: "valve control", GateControl: "gate control",
	SetPointControl: "set-point control", QueryEvents: "query event records",
	QueryClock: "query clock",
}

// Known reports whether f is defined by SL 651-2014.
func (f FunctionCode) Known() bool {
	return functionNames[f] != ""
}

// UserDefined reports whether f is in the user-defined range 0xE0 to 0xFF.
func (f FunctionCode) UserDefined() bool { return f >= 0xE0 }

// String returns the code and its name, such as "0x32 timed report".
func (f FunctionCode) String() string {
	if s := functionNames[f]; s != "" {
		return fmt.Sprintf("0x%02X %s", uint8(f), s)
	}
	if f.UserDefined() {
		return fmt.Sprintf("0x%02X user-defined", uint8(f))
	}
	return fmt.Sprintf("0x%02X unknown", uint8(f))
}

// MarshalText encodes the code as in [FunctionCode.String].
func (f FunctionCode) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// isReport reports whether an uplink body of f has the report layout: serial,
// send time, station group, station type, observation time and elements.
func (f FunctionCode) isReport() bool {
	switch f {
	case TestReport, IntervalReport, TimedReport, AddedReport, HourlyReport,
		QueryRealtime, QueryPeriod, QueryElements, QueryPump:
		return true
	}
	return false
}

// StationType is the station classification code of SL 651-2014 appendix A,
// sent as one ASCII letter.
type StationType byte

// Station types of SL 651-2014 table A.1.
const (
	Rainfall     StationType = 'P' // 0x50 rainfall (降水)
	River        StationType = 'H' // 0x48 river (河道)
	Reservoir    StationType = 'K' // 0x4B reservoir or lake (水库/湖泊)
	GateDam      StationType = 'Z' // 0x5A gate or dam (闸坝)
	PumpStation  StationType = 'D' // 0x44 pumping station (泵站)
	Tide         StationType = 'T' // 0x54 tide (潮汐)
	SoilMoisture StationType = 'M' // 0x4D soil moisture (墒情)
	Groundwater  StationType = 'G' // 0x47 groundwater (地下水)
	WaterQuality StationType = 'Q' // 0x51 water quality (水质)
	Intake       StationType = 'I' // 0x49 water intake (取水口)
	Outfall      StationType = 'O' // 0x4F drainage outfall (排水口)
)

var stationNames = [256]string{
	Rainfall: "rainfall", River: "river", Reservoir: "reservoir", GateDam: "gate or dam",
	PumpStation: "pumping station", Tide: "tide", SoilMoisture: "soil moisture",
	Groundwater: "groundwater", WaterQuality: "water quality", Intake: "intake",
	Outfall: "outfall",
}

// Known reports whether t is one of the types of SL 651-2014 table A.1.
func (t StationType) Known() bool {
	return stationNames[t] != ""
}

// String returns the letter and the name, such as "H river". The zero value
// means the body carried no type.
func (t StationType) String() string {
	if t == 0 {
		return ""
	}
	if s := stationNames[t]; s != "" {
		return string(rune(t)) + " " + s
	}
	return fmt.Sprintf("0x%02X user-defined", byte(t))
}

// MarshalText encodes the type as in [StationType.String].
func (t StationType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }
