package water_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// testWell is a valid deep well in a village of Wusu (654202).
func testWell() water.Well {
	return water.Well{
		Code:          "654202-J0001",
		Kind:          water.PumpedWell,
		Name:          "3号井",
		Location:      water.Point{Lon: 84.6871, Lat: 44.4182},
		Division:      "654202101001",
		District:      "GQ-SIDAOHE",
		Source:        water.DeepGroundwater,
		Use:           water.Agriculture,
		Permit:        water.Permit{Number: "取水(新塔)字[2021]第0012号", Annual: dec("120000")},
		Holder:        water.Holder{Name: "某村集体"},
		IrrigatedArea: dec("350.5"),
		Irrigation:    water.Drip,
		Depth:         dec("120"),
		Pump:          water.Pump{Power: dec("37"), Head: dec("85"), Efficiency: dec("0.58")},
		Meters: []water.Meter{
			{Kind: water.FlowMeter, ID: "FM-001"},
			{Kind: water.ElectricityMeter, ID: "EM-001"},
			{Kind: water.CardController, ID: "IC-001"},
		},
	}
}

// fieldsOf returns the Field of every *FieldError joined in err.
func fieldsOf(err error) []string {
	var fields []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, inner := range j.Unwrap() {
				walk(inner)
			}
			return
		}
		var fe *water.FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	walk(err)
	return fields
}

func TestWellValidate(t *testing.T) {
	w := testWell()
	require.NoError(t, w.Validate())
	assert.Equal(t, land.DivisionCode("654202101"), w.Township())
	assert.Equal(t, land.DivisionCode("654202101001"), w.Village())
	assert.Equal(t, land.DivisionCode("654202"), w.County())
	m, ok := w.Meter(water.ElectricityMeter)
	assert.True(t, ok)
	assert.Equal(t, water.MeterID("EM-001"), m.ID)
}

func TestWellValidateFields(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*water.Well)
		want   string
	}{
		{"no code", func(w *water.Well) { w.Code = "" }, "Code"},
		{"code with space", func(w *water.Well) { w.Code = "J 1" }, "Code"},
		{"no kind", func(w *water.Well) { w.Kind = 0 }, "Kind"},
		{"well on surface water", func(w *water.Well) { w.Source = water.SurfaceWater }, "Source"},
		{"intake on groundwater", func(w *water.Well) { w.Kind = water.Intake }, "Source"},
		{"no location", func(w *water.Well) { w.Location = water.Point{} }, "Location"},
		{"latitude out of range", func(w *water.Well) { w.Location.Lat = 91 }, "Location.Lat"},
		{"county as division", func(w *water.Well) { w.Division = "654202" }, "Division"},
		{"bad division", func(w *water.Well) { w.Division = "999999101001" }, "Division"},
		{"no use", func(w *water.Well) { w.Use = 0 }, "Use"},
		{"permit without volume", func(w *water.Well) { w.Permit.Annual = decimal.Zero }, "Permit.Annual"},
		{"volume without permit", func(w *water.Well) { w.Permit.Number = "" }, "Permit.Number"},
		{"bad plot", func(w *water.Well) { w.Plots = []land.PlotCode{"123"} }, "Plots[0]"},
		{"negative area", func(w *water.Well) { w.IrrigatedArea = dec("-1") }, "IrrigatedArea"},
		{"efficiency above 1", func(w *water.Well) { w.Pump.Efficiency = dec("1.2") }, "Pump.Efficiency"},
		{"repeated meter", func(w *water.Well) { w.Meters[1].ID = "FM-001" }, "Meters[1].ID"},
		{"meter without kind", func(w *water.Well) { w.Meters[0].Kind = 0 }, "Meters[0].Kind"},
		{"control character in name", func(w *water.Well) { w.Name = "3号\x00井" }, "Name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := testWell()
			w.Meters = append([]water.Meter(nil), w.Meters...)
			tt.modify(&w)

			err := w.Validate()

			require.Error(t, err)
			assert.Contains(t, fieldsOf(err), tt.want)
		})
	}
}

func TestWellValidateCollectsAll(t *testing.T) {
	w := testWell()
	w.Code = ""
	w.Use = 0

	err := w.Validate()

	assert.ElementsMatch(t, []string{"Code", "Use"}, fieldsOf(err))
	assert.Contains(t, err.Error(), `water: invalid well Code "": want 1 to 40 characters, got none`)
}

func TestWellJSONRoundTrip(t *testing.T) {
	w := testWell()

	data, err := json.Marshal(w)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"Source":"deep-groundwater"`)
	assert.Contains(t, string(data), `"Kind":"electricity"`)
	var back water.Well
	require.NoError(t, json.Unmarshal(data, &back))

	assert.Equal(t, w.Code, back.Code)
	assert.Equal(t, w.Source, back.Source)
	assert.Equal(t, w.Irrigation, back.Irrigation)
	assert.True(t, w.IrrigatedArea.Equal(back.IrrigatedArea))
	assert.Equal(t, w.Meters, back.Meters)
}

func TestFacilitiesValidate(t *testing.T) {
	point := water.MeasuringPoint{Code: "MP-1", Location: water.Point{Lon: 78.5, Lat: 39.8},
		Method: water.Flume, Meter: "RTU-7"}
	reservoir := water.Reservoir{Code: "SK-1", Name: "小海子水库", Location: water.Point{Lon: 78.9, Lat: 39.9},
		Division: "653130100", Capacity: dec("490000000"), Points: []water.MeasuringPoint{point}}
	canal := water.Canal{Code: "GQ-1", Level: water.MainCanal, Feeder: "SK-1",
		Path: []water.Point{{Lon: 78.9, Lat: 39.9}, {Lon: 78.6, Lat: 39.8}}, Points: []water.MeasuringPoint{point}}
	gate := water.Gate{Code: "ZM-1", Kind: water.TurnoutGate, Canal: "GQ-1", Location: water.Point{Lon: 78.7, Lat: 39.85}}
	meter := water.VillageMeter{Code: "GS-1", Village: "653130100001", Location: water.Point{Lon: 78.6, Lat: 39.8},
		Supply: "653130-J0002", Meter: water.Meter{Kind: water.FlowMeter, ID: "SM-1"}}

	assert.NoError(t, reservoir.Validate())
	assert.NoError(t, canal.Validate())
	assert.NoError(t, gate.Validate())
	assert.NoError(t, meter.Validate())

	canal.Path = canal.Path[:1]
	canal.Level = 0
	assert.ElementsMatch(t, []string{"Level", "Path"}, fieldsOf(canal.Validate()))
	gate.Canal = ""
	assert.Equal(t, []string{"Canal"}, fieldsOf(gate.Validate()))
	meter.Village = "653130100"
	meter.Meter.Kind = water.ElectricityMeter
	assert.ElementsMatch(t, []string{"Village", "Meter.Kind"}, fieldsOf(meter.Validate()))
	reservoir.Points = append(reservoir.Points, point)
	assert.Equal(t, []string{"Points[1].Code"}, fieldsOf(reservoir.Validate()))
}

func TestEnumText(t *testing.T) {
	tests := []struct {
		name string
		v    interface {
			MarshalText() ([]byte, error)
			String() string
		}
		text string
	}{
		{"source", water.ShallowGroundwater, "shallow-groundwater"},
		{"use", water.RuralSupply, "rural-supply"},
		{"irrigation", water.LowPressurePipe, "low-pressure-pipe"},
		{"well kind", water.Intake, "intake"},
		{"meter kind", water.CardController, "card-controller"},
		{"canal level", water.SublateralCanal, "sublateral"},
		{"gate kind", water.CheckGate, "check"},
		{"measuring method", water.GateRating, "gate-rating"},
		{"limit action", water.LimitRemoteStop, "remote-stop"},
		{"change reason", water.ReasonWaterLevel, "water-level-changed"},
		{"charge kind", water.ResourceTax, "tax"},
		{"progression", water.Whole, "whole"},
		{"rule", water.RuleElectricityBypass, "electricity-meter-bypass"},
		{"severity", water.Critical, "critical"},
		{"session kind", water.SessionRemote, "remote"},
		{"event kind", water.MagneticAttack, "magnetic-attack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := tt.v.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.text, string(text))
			assert.Equal(t, tt.text, tt.v.String())
		})
	}
}

func TestEnumParse(t *testing.T) {
	s, err := water.ParseSource("Surface-Water")
	require.NoError(t, err)
	assert.Equal(t, water.SurfaceWater, s)

	_, err = water.ParseSource("rain")
	assert.EqualError(t, err, `water: invalid source "rain", want one of unknown, shallow-groundwater, deep-groundwater, surface-water`)

	var u water.Use
	assert.Error(t, u.UnmarshalText([]byte("mining")))
	assert.Equal(t, "Use(42)", water.Use(42).String())
	_, err = water.Use(42).MarshalText()
	assert.Error(t, err)
}

func TestCodes(t *testing.T) {
	_, err := water.ParseWellCode("654202-J0001")
	assert.NoError(t, err)
	got, err := water.ParseMeterID("电表1")
	assert.Error(t, err)
	assert.Empty(t, got)
	_, err = water.ParseFacilityCode("A234567890123456789012345678901234567890X")
	assert.ErrorContains(t, err, "want at most 40 characters, got 41")
	var d water.DistrictCode
	assert.NoError(t, d.UnmarshalText([]byte("GQ:01/2")))
	assert.Equal(t, water.DistrictCode("GQ:01/2"), d)
}

// TestCodeErrorNamesCharacter checks that a code error names the first
// character not allowed, counted in characters, and not its first byte.
func TestCodeErrorNamesCharacter(t *testing.T) {
	tests := []struct{ code, want string }{
		{"电表1", `character 1 is '电'`},
		{"J-东1", `character 3 is '东'`},
		{"J 1", `character 2 is ' '`},
		{"J\xff1", "character 2 is the byte 0xff, which is not UTF-8"},
		{"井" + strings.Repeat("1", 40), `character 1 is '井'`},
	}
	for _, tt := range tests {
		_, err := water.ParseMeterID(tt.code)
		assert.ErrorContains(t, err, tt.want, "code %q", tt.code)
	}
}

func TestWellValidateKeepsCodeError(t *testing.T) {
	w := testWell()
	w.Plots = []land.PlotCode{"123"}

	err := w.Validate()

	var ce *land.CodeError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, land.PlotCodeKind, ce.Kind)
}
