package szy206

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	terminal = Address{0x53, 0x03, 0x81, 0x0D, 0x00}
	label5   = TimeLabel{Len: TimeLabel5, Second: 5, Minute: 30, Hour: 8, Day: 9, Delay: 10}
	label7   = TimeLabel{Len: TimeLabel7, Second: 5, Minute: 30, Hour: 8, Day: 9, Month: 6, Year: 2026}
	clock    = time.Date(2026, 6, 9, 8, 30, 5, 0, chinaStandardTime)
)

func up(f FunctionCode, a AFN) Header {
	return Header{Control: NewControl(true, false, 3, f), Address: terminal, AFN: a, TimeLabel: label5}
}

func down(a AFN) Header {
	h := Header{Control: NewControl(false, false, 3, Command), Address: terminal, AFN: a, TimeLabel: label5}
	if a.needsPassword() {
		h.Password, h.HasPassword = 0x1234, true
	}
	return h
}

func v(i int64, scale uint8) Value { return NewValue(i, scale) }

func items(list ...Item) []Item { return list }

// roundTripCases covers every AFN and function code the package builds.
func roundTripCases() map[string]Message {
	return map[string]Message{
		"login":           {Header: up(Command, LinkCheck), Link: Login},
		"keep online ack": {Header: down(LinkCheck), Link: KeepOnline},
		"flow report": {Header: up(FlowData, SelfReport), Items: items(
			Item{Flow, 1, v(5900, 3), "m³/s"}, Item{AccumulatedWater, 1, v(106182, 0), "m³"},
			Item{Flow, 2, Value{}, "m³/s"}, Item{AccumulatedWater, 2, v(-15, 0), "m³"}),
			Alarm: RemainingWaterAlarm | BoxDoorAlarm, Status: BoxDoorClosed | StatusWord(ModeReportConfirm), HasStatus: true},
		"rainfall report": {Header: up(RainfallData, SelfReport), Items: items(Item{Rainfall, 1, v(125, 1), "mm"}), HasStatus: true},
		"level report": {Header: up(WaterLevelData, SelfReport), Items: items(
			Item{WaterLevel, 1, v(-1250, 3), "m"}, Item{WaterLevel, 2, v(33660, 3), "m"}), HasStatus: true},
		"velocity report": {Header: up(VelocityData, AlarmReport), Items: items(Item{Velocity, 1, v(44555, 3), "m/s"}),
			Alarm: FlowAlarm, HasStatus: true},
		"gate report":  {Header: up(GateData, SelfReport), Items: items(Item{GatePosition, 1, v(125, 2), "m"}), HasStatus: true},
		"power report": {Header: up(PowerData, SelfReport), Items: items(Item{Power, 1, v(45, 0), "kW"}), HasStatus: true},
		"air pressure report": {Header: up(AirPressureData, SelfReport),
			Items: items(Item{AirPressure, 1, v(1013, 0), "hPa"}), HasStatus: true},
		"wind report": {Header: up(WindData, SelfReport), Items: items(
			Item{WindSpeed, 1, v(1234, 2), "m/s"}, Item{Quantity: WindDirection, Index: 1, Value: v(9, 0)}), HasStatus: true},
		"water temperature report": {Header: up(WaterTemperatureData, SelfReport),
			Items: items(Item{WaterTemperature, 1, v(183, 1), "°C"}), HasStatus: true},
		"soil moisture report": {Header: up(SoilMoistureData, QueryRealtime),
			Items: items(Item{SoilMoisture, 1, v(215, 1), "%"}), HasStatus: true},
		"evaporation report": {Header: up(EvaporationData, ManualData),
			Items: items(Item{Evaporation, 1, v(32, 1), "mm"}), HasStatus: true},
		"pressure report": {Header: up(WaterPressureData, SelfReport),
			Items: items(Item{WaterPressure, 1, v(25075, 2), "kPa"}), HasStatus: true},
		"alarm report": {Header: up(AlarmStatusData, AlarmReport), Alarm: ACPowerAlarm | BoxDoorAlarm,
			Status: PumpOff, HasStatus: true},
		"quality report": {Header: up(WaterQualityData, SelfReport), Items: items(
			Item{Quantity: WaterQuality, Index: 0, Value: v(183, 0)}, Item{Quantity: WaterQuality, Index: 33, Value: v(712, 0)}),
			HasStatus: true},
		"comprehensive report": {Header: up(ComprehensiveData, SelfReport), Items: items(
			Item{SoilMoisture, 1, v(215, 1), "%"},
			Item{Flow, 1, v(1500, 3), "m³/s"}, Item{AccumulatedWater, 1, v(900, 0), "m³"},
			Item{Rainfall, 1, v(3, 1), "mm"}), HasStatus: true},
		"report confirmation": {Header: down(SelfReport)},
		"realtime query":      {Header: down(QueryRealtime)},
		"set address":         {Header: down(SetAddress), Target: Address{0x53, 0x03, 0x81, 0x0E, 0x00}},
		"address reply":       {Header: up(Command, QueryAddress), Target: terminal},
		"address query":       {Header: down(QueryAddress)},
		"set clock":           {Header: down(SetClock), Clock: clock},
		"clock reply":         {Header: up(Command, QueryClock), Clock: clock},
		"set work mode":       {Header: down(SetWorkMode), Mode: ModeQuery, HasMode: true},
		"work mode reply":     {Header: up(Command, QueryWorkMode), Mode: ModeMaintenance, HasMode: true},
		"set recharge":        {Header: down(SetRecharge), Water: Water{Recharge: v(5000, 0)}},
		"recharge reply": {Header: up(Command, QueryRecharge),
			Water: Water{Recharge: v(5000, 0), Remaining: v(-120, 0)}},
		"set remaining alarm": {Header: down(SetRemainingAlarm), Water: Water{AlarmLevel: v(100, 0)}},
		"remaining reply": {Header: up(Command, QueryRemaining),
			Water: Water{Remaining: v(4880, 0), AlarmLevel: v(100, 0)}},
		"remaining query":   {Header: down(QueryRemaining)},
		"enable IC card":    {Header: down(EnableICCard)},
		"disable IC card":   {Header: down(DisableICCard)},
		"set-point on":      {Header: down(SetPointOn)},
		"set-point off":     {Header: up(Command, SetPointOff)},
		"set-point value":   {Header: down(SetPointValue), Water: Water{SetPoint: v(3000, 0)}},
		"status reply":      {Header: up(Command, QueryStatus), Alarm: BatteryAlarm, Status: BatteryPowered, HasStatus: true},
		"events reply":      {Header: up(Command, QueryEvents), Events: [32]uint16{1, 0, 3, 0, 0, 0, 2, 0, 5}},
		"pump reply":        {Header: up(Command, QueryPump), Pump: PumpData{Voltage: [3]Value{v(3801, 1), v(3795, 1), v(3810, 1)}, Current: [3]Value{v(4560, 2), v(4555, 2), Value{}}, Valid: true}},
		"reset":             {Header: down(ResetTerminal)},
		"clear history":     {Header: down(ClearHistory)},
		"remote start":      {Header: down(RemoteStart), Unit: 1},
		"remote stop reply": {Header: up(Command, RemoteStop), Unit: 1},
		"change password":   {Header: down(ChangePassword), NewPassword: 0x4321},
		"limits raw":        {Header: Header{Control: NewControl(false, false, 3, WaterLevelData), Address: terminal, AFN: SetLevelLimits}, Payload: []byte{1, 2, 3}},
		"split frame": {Header: Header{Control: NewControl(true, true, 3, FlowData), SplitCount: 2, Address: terminal,
			AFN: SelfReport}, Items: items(Item{Flow, 1, v(1, 3), "m³/s"}, Item{AccumulatedWater, 1, v(2, 0), "m³"}), HasStatus: true},
	}
}

func TestRoundTripEveryFrameType(t *testing.T) {
	for _, variant := range []Variant{{}, SLT427()} {
		for name, m := range roundTripCases() {
			if variant.TimeLabel == TimeLabel7 && m.Header.TimeLabel.Len != 0 {
				m.Header.TimeLabel = label7
			}
			t.Run(name, func(t *testing.T) {
				opts := Options{Variant: variant}
				f1, err := m.AppendFrame(nil, opts)
				require.NoError(t, err)
				var got Message
				require.NoError(t, NewDecoder(opts).Decode(f1, &got), "frame %X", f1)
				f2, err := got.AppendFrame(nil, opts)
				require.NoError(t, err)
				assert.Equal(t, f1, f2, "re-encoded frame")
				if m.Items == nil {
					m.Items = got.Items[:0:0]
				}
				if len(m.Items) == 0 && len(got.Items) == 0 {
					m.Items, got.Items = nil, nil
				}
				assert.Equal(t, m, got)
			})
		}
	}
}

func TestRoundTripWithoutAuxiliary(t *testing.T) {
	for name, m := range roundTripCases() {
		m.Header.TimeLabel = TimeLabel{}
		m.Header.Password, m.Header.HasPassword = 0, false
		t.Run(name, func(t *testing.T) {
			f, err := m.AppendFrame(nil, Options{})
			require.NoError(t, err)
			got, err := Decode(f)
			require.NoError(t, err, "frame %X", f)
			assert.Equal(t, m.Header.AFN, got.Header.AFN)
			assert.False(t, got.Header.HasPassword, "password")
			if m.Payload == nil {
				assert.Zero(t, got.Header.TimeLabel, "time label")
			}
		})
	}
}

func TestSignBit7Variant(t *testing.T) {
	m := Message{Header: up(WaterLevelData, SelfReport), Items: items(Item{WaterLevel, 1, v(-1250, 3), "m"}), HasStatus: true}
	opts := Options{Variant: Variant{Sign: SignBit7}}
	f, err := m.AppendFrame(nil, opts)
	require.NoError(t, err)
	assert.Equal(t, byte(0x80), f[13], "sign bit in the most significant byte of %X", f)
	var got Message
	require.NoError(t, NewDecoder(opts).Decode(f, &got))
	assert.Equal(t, v(-1250, 3), got.Items[0].Value)
}
