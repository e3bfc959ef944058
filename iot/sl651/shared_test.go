package sl651

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// frameWant is what a frame of the shared table decodes to, written out
// from the table's expected_decoded column.
type frameWant struct {
	dir          Direction
	center       uint8
	station      string
	password     uint16
	function     FunctionCode
	serial       uint16
	send         string // 2006-01-02 15:04:05
	end          Control
	stationType  StationType
	observed     string // 2006-01-02 15:04, "" when absent
	elements     string // "CODE=VALUE" or "CODE=[V V ...]" separated by spaces
	clockSuspect bool
}

var sharedWant = map[string]frameWant{
	"7E7E011090330853A0002F000802009F26020209410003BDE3": {
		dir: Up, center: 1, station: "1090330853", password: 0xA000, function: KeepAlive,
		serial: 159, send: "2026-02-02 09:41:00", end: ETX},
	"7E7E011090330853A00032004D02009E260202094021F1F1109033085350F0F026020209402219000000272B0000000000392300000138371B000000302B000004300020190000001F1900000026190000001A1900000038121197035F3C": {
		dir: Up, center: 1, station: "1090330853", password: 0xA000, function: TimedReport,
		serial: 158, send: "2026-02-02 09:40:21", end: ETX, stationType: Rainfall, observed: "2026-02-02 09:40",
		elements: "PN05=0.0 Q=0.000 Z=0.138 VJ=0.000 QA=43.000 PJ=0.0 PD=0.0 PT=0.0 P1=0.0 VT=11.97"},
	"7E7E109033085301A00032800802009E2602020940241B8C37": {
		dir: Down, center: 1, station: "1090330853", password: 0xA000, function: TimedReport,
		serial: 158, send: "2026-02-02 09:40:24", end: ESC},
	"7E7E011090330853A00031004E020096260202090033F1F1109033085350F0F0260202080504180000053923FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0000017003A2BC": {
		dir: Up, center: 1, station: "1090330853", password: 0xA000, function: IntervalReport,
		serial: 150, send: "2026-02-02 09:00:33", end: ETX, stationType: Rainfall, observed: "2026-02-02 08:05",
		elements: "Z=[" + strings.Repeat("invalid ", 11) + "0.170]/5m0s"},
	"7E7E010010100001A00032002B02000C200724172349F1F1001010000148F0F020072417232019000130221900004039230000055038121268038397": {
		dir: Up, center: 1, station: "0010100001", password: 0xA000, function: TimedReport,
		serial: 12, send: "2020-07-24 17:23:49", end: ETX, stationType: River, observed: "2020-07-24 17:23",
		elements: "PJ=13.0 PN05=4.0 Z=0.550 VT=12.68"},
	"7E7E0100305037680000320033020A02260701060114F1F1003050376848F0F02607010600392300033660361B000110272B0000004320FF221B00011038121230032B97": {
		dir: Up, center: 1, station: "0030503768", password: 0, function: TimedReport,
		serial: 2562, send: "2026-07-01 06:01:14", end: ETX, stationType: River, observed: "2026-07-01 06:00",
		elements: "Z=33.660 VA=0.110 Q=4.320 FF22=0.110 VT=12.30"},
	"7E7E100030700300123434004E02BE3F260701060000F1F1003070030048F0F02607010600F460000000000000000000000000F5C001AC01AC01AC01AC01AC01AC01AC01AC01AC01AC01AC01AC26190000003923000042803812137003F8F7": {
		dir: Up, center: 0x10, station: "0030700300", password: 0x1234, function: HourlyReport,
		serial: 48703, send: "2026-07-01 06:00:00", end: ETX, stationType: River, observed: "2026-07-01 06:00",
		elements: "DRP=[" + strings.Repeat("0.0 ", 11) + "0.0]/5m0s DRZ1=[" + strings.Repeat("4.28 ", 11) +
			"4.28]/5m0s PT=0.0 Z=4.280 VT=13.70"},
	"7E7E0100303A900600003300570200C2260701063604F1F100303A900648F0F0260701063522190000001A190000002019000025261900210510110158FF921900019911110216FF931900020813110183FF9419000204FF951900017718110985381212000367EE": {
		dir: Up, center: 1, station: "00303A9006", password: 0, function: AddedReport,
		serial: 194, send: "2026-07-01 06:36:04", end: ETX, stationType: River, observed: "2026-07-01 06:35",
		elements: "PN05=0.0 P1=0.0 PJ=2.5 PT=210.5 M10=15.8 FF92=19.9 M20=21.6 FF93=20.8 M40=18.3 " +
			"FF94=20.4 FF95=17.7 MST=98.5 VT=12.00"},
	"7E7E000081120005FFFF3200200225B9260701063006F1F1008112000550F0F0260701063026190018483812120003C648": {
		dir: Up, center: 0, station: "0081120005", password: 0xFFFF, function: TimedReport,
		serial: 9657, send: "2026-07-01 06:30:06", end: ETX, stationType: Rainfall, observed: "2026-07-01 06:30",
		elements: "PT=184.8 VT=12.00"},
	"7E7E010012345678123430002B020003591011154947F1F1001234567848F0F0591011154920190000052619000005392300000127381211150320FA": {
		dir: Up, center: 1, station: "0012345678", password: 0x1234, function: TestReport,
		serial: 3, send: "2059-10-11 15:49:47", end: ETX, stationType: River, observed: "2059-10-11 15:49",
		elements: "PJ=0.5 PT=0.5 Z=0.127 VT=11.15", clockSuspect: true},
	"7E7E00123456780112343080080200035910111549471B75D4": {
		dir: Down, center: 1, station: "0012345678", password: 0x1234, function: TestReport,
		serial: 3, send: "2059-10-11 15:49:47", end: ESC, clockSuspect: true},
	"7E7E05001122334403E832002B020034170718110016F1F1001122334448F0F01707181100201900004026190000403923000104903812109903A421": {
		dir: Up, center: 5, station: "0011223344", password: 0x03E8, function: TimedReport,
		serial: 52, send: "2017-07-18 11:00:16", end: ETX, stationType: River, observed: "2017-07-18 11:00",
		elements: "PJ=4.0 PT=4.0 Z=10.490 VT=10.99"},
}

// describeElements formats elements as in frameWant.elements.
func describeElements(els []Element) string {
	var parts []string
	for _, e := range els {
		if e.Series == nil {
			parts = append(parts, e.ID.Code()+"="+e.Value.String())
			continue
		}
		vs := make([]string, len(e.Series))
		for i, v := range e.Series {
			vs[i] = v.String()
		}
		parts = append(parts, fmt.Sprintf("%s=[%s]/%s", e.ID.Code(), strings.Join(vs, " "), e.Step))
	}
	return strings.Join(parts, " ")
}

func TestSharedFramesDecode(t *testing.T) {
	rows := sharedFrames(t, "SL651")
	require.NotEmpty(t, rows, "no SL651 rows in the shared table")
	for _, row := range rows {
		t.Run(row.hex[:min(len(row.hex), 40)], func(t *testing.T) {
			want, ok := sharedWant[row.hex]
			require.True(t, ok, "no expectation written for row %s (%s)", row.hex, row.expected)
			m, err := Decode(mustHex(t, row.hex))
			require.NoError(t, err)
			h := m.Header
			assert.Equal(t, want.dir, h.Direction, "direction")
			assert.Equal(t, want.center, h.Center, "centre")
			assert.Equal(t, want.station, h.Station.String(), "station")
			assert.Equal(t, want.password, h.Password, "password")
			assert.Equal(t, want.function, h.Function, "function")
			assert.Equal(t, want.end, h.End, "end character")
			assert.Equal(t, want.serial, m.Serial, "serial")
			assert.Equal(t, want.send, m.SendTime.Format(time.DateTime), "send time")
			assert.Equal(t, want.stationType, m.StationType, "station type")
			if want.stationType != 0 {
				assert.Equal(t, want.station, m.Station.String(), "station group")
			}
			observed := ""
			if !m.ObservedAt.IsZero() {
				observed = m.ObservedAt.Format("2006-01-02 15:04")
			}
			assert.Equal(t, want.observed, observed, "observation time")
			assert.Equal(t, want.elements, describeElements(m.Elements), "elements")
			assert.Equal(t, want.clockSuspect, m.ClockSuspect, "clock suspect")
		})
	}
}

func TestSharedFramesReencode(t *testing.T) {
	for _, row := range sharedFrames(t, "SL651") {
		t.Run(row.hex[:min(len(row.hex), 40)], func(t *testing.T) {
			frame := mustHex(t, row.hex)
			m, err := Decode(frame)
			require.NoError(t, err)
			got, err := m.AppendFrame(nil, Options{})
			require.NoError(t, err)
			assert.True(t, bytes.Equal(frame, got), "got %X, want %X", got, frame)
		})
	}
}

func TestSharedFramesStrictClock(t *testing.T) {
	d := NewDecoder(Options{StrictClock: true})
	var m Message
	frame := mustHex(t, "7E7E010012345678123430002B020003591011154947F1F1001234567848F0F0591011154920190000052619000005392300000127381211150320FA")
	err := d.Decode(frame, &m)
	require.ErrorIs(t, err, ErrClock)
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "send time", fe.Field)
}
