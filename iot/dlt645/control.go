package dlt645

import "strconv"

// Control is the control code C of a frame. Bit 7 is the direction (set in
// replies from the meter), bit 6 marks an abnormal reply, bit 5 means that
// follow-up frames carry more data, and bits 4-0 are the [Function].
type Control byte

// Control code bits.
const (
	ControlReply    Control = 0x80 // frame from the meter (从站发出的应答帧)
	ControlAbnormal Control = 0x40 // the meter could not carry out the request (异常应答)
	ControlFollowUp Control = 0x20 // more data follows in follow-up frames (有后续数据帧)
)

// Reply reports whether c is a frame from the meter.
func (c Control) Reply() bool { return c&ControlReply != 0 }

// Abnormal reports whether c is an abnormal reply.
func (c Control) Abnormal() bool { return c&ControlAbnormal != 0 }

// FollowUp reports whether more data follows in follow-up frames.
func (c Control) FollowUp() bool { return c&ControlFollowUp != 0 }

// Function returns bits 4-0 of c.
func (c Control) Function() Function { return Function(c & 0x1F) }

// String returns the code in hex, such as "0x91".
func (c Control) String() string { return hexByte(byte(c)) }

// check reports a control code that DL/T 645-2007 does not define: an unknown
// function, an abnormal or follow-up flag on a request, or a reply to a
// broadcast time sync, to which meters never reply.
func (c Control) check() error {
	f := c.Function()
	if knownFunctions>>f&1 == 0 {
		return fieldError("control", 8, c.String(), "a DL/T 645-2007 function code", ErrUnknown)
	}
	if c&(ControlAbnormal|ControlFollowUp) == 0 && f != FuncBroadcastTime {
		return nil // the common case, which none of the rules below rejects
	}
	if !c.Reply() && c&(ControlAbnormal|ControlFollowUp) != 0 {
		return fieldError("control", 8, c.String(), "no abnormal or follow-up flag in a request", ErrUnknown)
	}
	if c.Reply() && f == FuncBroadcastTime {
		return fieldError("control", 8, c.String(), "no reply to a broadcast time sync", ErrUnknown)
	}
	if c.FollowUp() && (c.Abnormal() || (f != FuncRead && f != FuncReadFollowUp)) {
		return fieldError("control", 8, c.String(), "follow-up flag only on normal read replies", ErrUnknown)
	}
	return nil
}

// knownFunctions has bit f set for each function code f in functionNames.
const knownFunctions = 1<<FuncSecurity | 1<<FuncBroadcastTime | 1<<FuncRead | 1<<FuncReadFollowUp |
	1<<FuncReadAddress | 1<<FuncWrite | 1<<FuncWriteAddress | 1<<FuncFreeze | 1<<FuncBaudRate |
	1<<FuncPassword | 1<<FuncDemandReset | 1<<FuncMeterReset | 1<<FuncEventReset | 1<<FuncTrip |
	1<<FuncOutput

// Function is the function code in bits 4-0 of a [Control] code.
type Function uint8

// Function codes of DL/T 645-2007. FuncSecurity, FuncTrip and FuncOutput come
// from the 2007 standard's filed supplement (备案文件) and most meters in
// service know them.
const (
	FuncSecurity      Function = 0x03 // security authentication (安全认证)
	FuncBroadcastTime Function = 0x08 // broadcast time sync (广播校时)
	FuncRead          Function = 0x11 // read data (读数据)
	FuncReadFollowUp  Function = 0x12 // read follow-up data (读后续数据)
	FuncReadAddress   Function = 0x13 // read communication address (读通信地址)
	FuncWrite         Function = 0x14 // write data (写数据)
	FuncWriteAddress  Function = 0x15 // write communication address (写通信地址)
	FuncFreeze        Function = 0x16 // freeze (冻结命令)
	FuncBaudRate      Function = 0x17 // change baud rate (更改通信速率)
	FuncPassword      Function = 0x18 // change password (修改密码)
	FuncDemandReset   Function = 0x19 // maximum demand reset (最大需量清零)
	FuncMeterReset    Function = 0x1A // meter reset (电表清零)
	FuncEventReset    Function = 0x1B // event reset (事件清零)
	FuncTrip          Function = 0x1C // trip, close, alarm and power hold (跳合闸、报警、保电)
	FuncOutput        Function = 0x1D // multi-function terminal output (多功能端子输出控制)
)

var functionNames = [32]string{
	FuncSecurity:      "security authentication",
	FuncBroadcastTime: "broadcast time sync",
	FuncRead:          "read data",
	FuncReadFollowUp:  "read follow-up data",
	FuncReadAddress:   "read address",
	FuncWrite:         "write data",
	FuncWriteAddress:  "write address",
	FuncFreeze:        "freeze",
	FuncBaudRate:      "change baud rate",
	FuncPassword:      "change password",
	FuncDemandReset:   "demand reset",
	FuncMeterReset:    "meter reset",
	FuncEventReset:    "event reset",
	FuncTrip:          "trip control",
	FuncOutput:        "output control",
}

// String returns the function in words, such as "read data".
func (f Function) String() string {
	if int(f) < len(functionNames) && functionNames[f] != "" {
		return functionNames[f]
	}
	return "function 0x" + strconv.FormatUint(uint64(f), 16)
}
