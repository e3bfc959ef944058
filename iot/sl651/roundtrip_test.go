package sl651

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	station = Address{0x00, 0x12, 0x34, 0x56, 0x78}
	sent    = time.Date(2026, 7, 1, 6, 0, 5, 0, chinaStandardTime)
	seen    = time.Date(2026, 7, 1, 6, 0, 0, 0, chinaStandardTime)
)

func upHeader(f FunctionCode) Header {
	return Header{Direction: Up, Center: 1, Station: station, Password: 0x1234, Function: f}
}

func downHeader(f FunctionCode, end Control) Header {
	return Header{Direction: Down, Center: 1, Station: station, Password: 0x1234, Function: f, End: end}
}

func report(f FunctionCode, els ...Element) Message {
	for i := range els {
		if els[i].ObservedAt.IsZero() {
			els[i].ObservedAt = seen
		}
	}
	return Message{Header: upHeader(f), Serial: 7, SendTime: sent, Station: station, StationType: River,
		ObservedAt: seen, Elements: els}
}

func series(vs ...Value) []Value { return vs }

// roundTripCases covers every function code in the directions the package
// builds.
func roundTripCases() map[string]Message {
	return map[string]Message{
		"keep-alive": {Header: upHeader(KeepAlive), Serial: 7, SendTime: sent},
		"timed report": report(TimedReport,
			Element{ID: WaterLevel, Value: NewValue(-1234, 3)},
			Element{ID: CurrentRainfall, Value: NewValue(25, 1)},
			Element{ID: Flow, Value: Value{}},
			Element{ID: 0xFF22, Def: 0x1B, Value: NewValue(110, 3)},
			Element{ID: StatusAlarm, Value: NewValue(int64(BatteryLow|BoxDoorClosed), 0)},
			Element{ID: GroundwaterDepth, Value: NewValue(1523, 2)},
			Element{ID: Voltage, Value: NewValue(1230, 2)}),
		"test report": report(TestReport, Element{ID: TotalRainfall, Value: NewValue(5, 1)}),
		"added report": report(AddedReport, Element{ID: Rainfall5Min, Value: NewValue(3, 1)},
			Element{ID: WaterLevel, Value: NewValue(2500, 3), ObservedAt: seen.Add(5 * time.Minute)}),
		"interval report": report(IntervalReport, Element{ID: WaterLevel, Step: 5 * time.Minute,
			Series: series(NewValue(170, 3), Value{}, NewValue(-20, 3))}),
		"hourly report": report(HourlyReport,
			Element{ID: Rainfall5MinHour, Step: 5 * time.Minute, Series: series(NewValue(0, 1), NewValue(12, 1), Value{})},
			Element{ID: RelativeLevelHour, Step: 5 * time.Minute, Series: series(NewValue(428, 2), Value{})},
			Element{ID: TotalRainfall, Value: NewValue(2105, 1)}),
		"manual report": {Header: upHeader(ManualReport), Serial: 7, SendTime: sent,
			Elements: []Element{{ID: ManualData, Def: 0xF2, Raw: []byte("H 0012345678 TT 2607010600 Z 12.3")}}},
		"picture report": report(PictureReport, Element{ID: Picture, Def: 0xF3, Raw: []byte{0xFF, 0xD8, 0xFF, 0xD9}}),
		"realtime reply": report(QueryRealtime, Element{ID: Voltage, Value: NewValue(1200, 2)}),
		"period reply": report(QueryPeriod, Element{ID: Rainfall5Min, Step: time.Hour,
			Series: series(NewValue(0, 1), NewValue(10, 1))}),
		"pump motor reply": report(QueryPump, Element{ID: 0x70, Value: NewValue(3801, 1)},
			Element{ID: 0x73, Value: NewValue(456, 1)}),
		"basic config reply": {Header: upHeader(ReadBasicConfig), Serial: 7, SendTime: sent, Station: station,
			Elements: []Element{{ID: 0x01, Def: 0x20, Raw: []byte{1, 2, 0, 0}}, {ID: 0x0C, Def: 0x08, Raw: []byte{0x02},
				Value: NewValue(2, 0)}}},
		"run config reply": {Header: upHeader(ReadRunConfig), Serial: 7, SendTime: sent, Station: station,
			Elements: []Element{{ID: 0x20, Def: 0x08, Raw: []byte{0x01}, Value: NewValue(1, 0)},
				{ID: 0x28, Def: 0x2B, Raw: []byte{0xFF, 0x00, 0x01, 0x23, 0x45}, Value: NewValue(-12345, 3)}}},
		"version reply": {Header: upHeader(QueryVersion), Serial: 7, SendTime: sent, Station: station, Version: "RTU V2.1"},
		"status reply": {Header: upHeader(QueryStatus), Serial: 7, SendTime: sent, Station: station,
			Elements: []Element{{ID: StatusAlarm, Def: 0x20, Value: NewValue(int64(ICCardValid|PumpStopped), 0)}}},
		"init reply":      {Header: upHeader(InitStorage), Serial: 7, SendTime: sent, Station: station},
		"reset reply":     {Header: upHeader(FactoryReset), Serial: 7, SendTime: sent, Station: station},
		"set clock reply": {Header: upHeader(SetClock), Serial: 7, SendTime: sent, Station: station},
		"clock reply":     {Header: upHeader(QueryClock), Serial: 7, SendTime: sent, Station: station},
		"password reply": {Header: upHeader(ChangePassword), Serial: 7, SendTime: sent, Station: station,
			Elements: []Element{{ID: Password, Def: 0x10, Raw: []byte{0x43, 0x21}}}},
		"IC card reply": {Header: upHeader(SetICCard), Serial: 7, SendTime: sent, Station: station,
			Elements: []Element{{ID: StatusAlarm, Def: 0x20, Value: NewValue(int64(ICCardValid), 0)}}},
		"pump state": {Header: upHeader(PumpControl), Serial: 7, SendTime: sent, Station: station,
			Switches: Switches{Count: 8, States: []byte{0x05}}},
		"valve state": {Header: upHeader(ValveControl), Serial: 7, SendTime: sent, Station: station,
			Switches: Switches{Count: 16, States: []byte{0x01, 0x80}}},
		"gate state": {Header: upHeader(GateControl), Serial: 7, SendTime: sent, Station: station,
			Switches: Switches{Count: 3, States: []byte{0x02}, Openings: series(NewValue(0, 0), NewValue(120, 0), NewValue(0, 0))}},
		"set-point reply": {Header: upHeader(SetPointControl), Serial: 7, SendTime: sent, Station: station, SetPoint: SetPointOn},
		"events reply": {Header: upHeader(QueryEvents), Serial: 7, SendTime: sent, Station: station,
			Events: [32]uint16{1, 2, 0, 0, 0, 0, 7, 0, 9, 1000}},
		"report ack":       {Header: downHeader(TimedReport, EOT), Serial: 7, SendTime: sent},
		"report ack ESC":   {Header: downHeader(HourlyReport, ESC), Serial: 7, SendTime: sent},
		"realtime query":   {Header: downHeader(QueryRealtime, ENQ), SendTime: sent},
		"set clock":        {Header: downHeader(SetClock, ENQ), SendTime: sent},
		"events query":     {Header: downHeader(QueryEvents, ENQ), SendTime: sent},
		"status query":     {Header: downHeader(QueryStatus, ENQ), SendTime: sent},
		"version query":    {Header: downHeader(QueryVersion, ENQ), SendTime: sent},
		"clock query":      {Header: downHeader(QueryClock, ENQ), SendTime: sent},
		"pump motor query": {Header: downHeader(QueryPump, ENQ), SendTime: sent},
		"period query": {Header: downHeader(QueryPeriod, ENQ), SendTime: sent,
			From: seen.Add(-6 * time.Hour), To: seen,
			Elements: []Element{{ID: TimeStep, Def: 0x18, Step: time.Hour}, {ID: HourRainfall, Def: 0x19}}},
		"elements query": {Header: downHeader(QueryElements, ENQ), SendTime: sent,
			Elements: []Element{{ID: WaterLevel, Def: 0x23}, {ID: Voltage, Def: 0x12}}},
		"basic config read": {Header: downHeader(ReadBasicConfig, ENQ), SendTime: sent,
			Elements: []Element{{ID: 0x02, Def: 0x28}}},
		"run config write": {Header: downHeader(WriteRunConfig, ENQ), SendTime: sent,
			Elements: []Element{{ID: 0x20, Def: 0x08, Raw: []byte{0x01}, Value: NewValue(1, 0)}}},
		"password change": {Header: downHeader(ChangePassword, ENQ), SendTime: sent,
			Elements: []Element{{ID: Password, Def: 0x10, Raw: []byte{0x12, 0x34}}, {ID: Password, Def: 0x10, Raw: []byte{0x43, 0x21}}}},
		"IC card set": {Header: downHeader(SetICCard, ENQ), SendTime: sent,
			Elements: []Element{{ID: StatusAlarm, Def: 0x20, Value: NewValue(int64(ICCardValid), 0)}}},
		"pump command": {Header: downHeader(PumpControl, ENQ), SendTime: sent,
			Switches: Switches{Count: 8, States: []byte{0x01}}},
		"valve command": {Header: downHeader(ValveControl, ENQ), SendTime: sent,
			Switches: Switches{Count: 8, States: []byte{0x00}}},
		"gate command": {Header: downHeader(GateControl, ENQ), SendTime: sent,
			Switches: Switches{Count: 1, States: []byte{0x01}, Openings: series(NewValue(50, 0))}},
		"set-point command": {Header: downHeader(SetPointControl, ENQ), SendTime: sent, SetPoint: SetPointOff},
		"init command": {Header: downHeader(InitStorage, ENQ), SendTime: sent,
			Elements: []Element{{ID: 0x97, Def: 0x00}}},
		"packet": {Header: Header{Direction: Up, Center: 1, Station: station, Function: ManualReport, Start: SYN,
			Packet: Packet{Total: 3, Seq: 2}, End: ETB}, Payload: []byte("middle of the body")},
		"multi-packet ack": Ack(&Message{Header: Header{Direction: Up, Center: 1, Station: station, Function: PictureReport,
			Start: SYN, Packet: Packet{Total: 3, Seq: 3}}, Serial: 9}, sent, EOT),
		"packet NAK": Nak(Header{Direction: Up, Center: 1, Station: station, Function: PictureReport,
			Packet: Packet{Total: 3}}, 9, sent, 2),
	}
}

func TestRoundTripEveryFrameType(t *testing.T) {
	for name, m := range roundTripCases() {
		t.Run(name, func(t *testing.T) {
			f1, err := m.AppendFrame(nil, Options{})
			require.NoError(t, err)
			var m1, m2 Message
			d := NewDecoder(Options{})
			require.NoError(t, d.Decode(f1, &m1))
			f2, err := m1.AppendFrame(nil, Options{})
			require.NoError(t, err)
			assert.Equal(t, f1, f2, "re-encoded frame")
			require.NoError(t, d.Decode(f2, &m2))
			assert.Equal(t, m1, m2, "decoded twice")
			assertSameContent(t, m, m1)
		})
	}
}

// assertSameContent compares the fields of a built message with its
// decoded form, which also has the definition bytes and series set.
func assertSameContent(t *testing.T, want, got Message) {
	t.Helper()
	wh, gh := want.Header, got.Header
	wh.Length, wh.CRC = gh.Length, gh.CRC
	assert.Equal(t, wh, gh, "header")
	if want.Header.Start == SYN && want.Payload != nil {
		assert.Equal(t, want.Payload, got.Payload, "payload")
		return
	}
	if want.Header.Start == SYN {
		return // a SYN confirmation decodes with its body raw
	}
	assert.Equal(t, want.Serial, got.Serial, "serial")
	assert.True(t, want.SendTime.Equal(got.SendTime), "send time")
	assert.Equal(t, want.Station, got.Station, "station group")
	assert.Equal(t, want.StationType, got.StationType, "station type")
	assert.Equal(t, describeElements(want.Elements), describeElements(got.Elements), "elements")
	assert.Equal(t, want.Switches.Count, got.Switches.Count, "switch count")
	assert.True(t, bytes.Equal(want.Switches.States, got.Switches.States), "switch states")
	assert.Equal(t, want.Switches.Openings, got.Switches.Openings, "gate openings")
	assert.Equal(t, want.SetPoint, got.SetPoint, "set-point")
	assert.Equal(t, want.Events, got.Events, "events")
	assert.Equal(t, want.Version, got.Version, "version")
	assert.True(t, want.From.Equal(got.From), "query start")
	assert.True(t, want.To.Equal(got.To), "query end")
}

func TestRoundTripASCIIReports(t *testing.T) {
	for name, m := range roundTripCases() {
		f := m.Header.Function
		if m.Header.Direction != Up || !(f.isReport() || f == ManualReport) || hasExtension(m.Elements) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			frame, err := m.AppendASCIIFrame(nil, Options{})
			require.NoError(t, err)
			got, err := Decode(frame)
			require.NoError(t, err)
			assert.Equal(t, m.Serial, got.Serial, "serial")
			assert.Equal(t, describeElements(m.Elements), describeElements(got.Elements), "elements")
		})
	}
}

func TestCloneSharesNoMemory(t *testing.T) {
	m := roundTripCases()["hourly report"]
	f, err := m.AppendFrame(nil, Options{})
	require.NoError(t, err)
	got, err := Decode(f)
	require.NoError(t, err)
	c := got.Clone()
	for i := range f {
		f[i] = 0
	}
	got.Elements[0].Series[0] = NewValue(99, 1)
	assert.Equal(t, describeElements(m.Elements), describeElements(c.Elements))
}
