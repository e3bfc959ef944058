package land_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land"
)

// textEnum is the interface every enum of the package implements.
type textEnum interface {
	fmt.Stringer
	encoding.TextMarshaler
	Validate() error
}

func TestEnumText(t *testing.T) {
	tests := []struct {
		value textEnum
		text  string
		back  func(string) (textEnum, error)
	}{
		{land.ClassContracted, "contracted", func(s string) (textEnum, error) { return land.ParseClass(s) }},
		{land.CategoryReserveLand, "reserve_land", func(s string) (textEnum, error) { return land.ParseCategory(s) }},
		{land.SalinitySolonchak, "solonchak", func(s string) (textEnum, error) { return land.ParseSalinityGrade(s) }},
		{land.IrrigationUnderFilmDrip, "under_film_drip", func(s string) (textEnum, error) { return land.ParseIrrigationMethod(s) }},
		{land.RelationDaughterInLaw, "daughter_in_law", func(s string) (textEnum, error) { return land.ParseRelation(s) }},
		{land.TransferShareholding, "shareholding", func(s string) (textEnum, error) { return land.ParseTransferMethod(s) }},
		{land.SeasonWholeYear, "whole_year", func(s string) (textEnum, error) { return land.ParseSeason(s) }},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			assert.Equal(t, tt.text, tt.value.String())
			text, err := tt.value.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.text, string(text))
			assert.NoError(t, tt.value.Validate())

			back, err := tt.back(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.value, back)
			upper, err := tt.back(string(bytes.ToUpper(text)))
			require.NoError(t, err)
			assert.Equal(t, tt.value, upper, "parse ignores case")

			_, err = tt.back("no such value")
			assert.ErrorContains(t, err, "want one of")
		})
	}
}

func TestEnumZeroAndOutOfRange(t *testing.T) {
	assert.Error(t, land.ClassUnknown.Validate())
	assert.Error(t, land.Class(9).Validate())
	assert.Equal(t, "Class(9)", land.Class(9).String())
	assert.Equal(t, "unknown", land.SeasonUnknown.String())
	c, err := land.ParseClass("")
	require.NoError(t, err)
	assert.Equal(t, land.ClassUnknown, c)
}

func TestCategoryCode(t *testing.T) {
	tests := []struct {
		category land.Category
		code     string
	}{
		{land.CategoryContractedPlot, "10"},
		{land.CategoryPrivatePlot, "21"},
		{land.CategoryReserveLand, "22"},
		{land.CategoryReclaimedLand, "23"},
		{land.CategoryOtherCollective, "99"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			assert.Equal(t, tt.code, tt.category.Code())
			got, err := land.ParseCategory(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.category, got)
		})
	}
}

func TestEnumJSON(t *testing.T) {
	type record struct {
		Class    land.Class            `json:"class"`
		Season   land.Season           `json:"season"`
		Method   land.IrrigationMethod `json:"method"`
		Salinity land.SalinityGrade    `json:"salinity"`
	}
	in := record{land.ClassStateOwned, land.SeasonAutumn, land.IrrigationDrip, land.SalinityModerate}
	out, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"class":"state_owned","season":"autumn","method":"drip","salinity":"moderate"}`, string(out))

	var back record
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, in, back)
	assert.Error(t, json.Unmarshal([]byte(`{"class":"private"}`), &back))
}

func TestGradeSalinity(t *testing.T) {
	th := land.ChlorideSalinityThresholds()
	tests := []struct {
		salt float64
		want land.SalinityGrade
	}{
		{0, land.SalinityNone},
		{0.99, land.SalinityNone},
		{1, land.SalinityLight},
		{1.99, land.SalinityLight},
		{2, land.SalinityModerate},
		{4, land.SalinitySevere},
		{5.9, land.SalinitySevere},
		{6, land.SalinitySolonchak},
		{30, land.SalinitySolonchak},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.salt), func(t *testing.T) {
			got, err := land.GradeSalinity(tt.salt, th)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := land.GradeSalinity(-1, th)
	assert.Error(t, err, "negative salt")
	_, err = land.GradeSalinity(1, land.SalinityThresholds{Light: 2, Moderate: 1, Severe: 3, Solonchak: 4})
	assert.Error(t, err, "thresholds out of order")
	assert.True(t, land.SalinityLight.Saline())
	assert.False(t, land.SalinityNone.Saline())
	assert.True(t, land.IrrigationUnderFilmDrip.Micro())
	assert.False(t, land.IrrigationFlood.Micro())
}

func TestPlotValidate(t *testing.T) {
	valid := func() *land.Plot {
		return &land.Plot{
			Code: plotCode(issuerA, 1), Village: villageA, Geometry: rectangle(78.5, 39.8, 0.001, 0.001),
			Class: land.ClassContracted, Use: land.UseIrrigated, DeclaredArea: mu("1.5"),
		}
	}
	tests := []struct {
		name    string
		change  func(*land.Plot)
		wantErr string
	}{
		{"Valid", func(*land.Plot) {}, ""},
		{"NoGeometry", func(p *land.Plot) { p.Geometry = nil }, ""},
		{"MultiPolygon", func(p *land.Plot) {
			p.Geometry = geom.NewMultiPolygon(geom.XY).MustSetCoords([][][]geom.Coord{
				{{{78.5, 39.8}, {78.6, 39.8}, {78.6, 39.9}, {78.5, 39.8}}},
			})
		}, ""},
		{"BadCode", func(p *land.Plot) { p.Code = "653130101001010000" }, "plot"},
		{"BadVillage", func(p *land.Plot) { p.Village = "65313" }, "village"},
		{"Point", func(p *land.Plot) { p.Geometry = geom.NewPoint(geom.XY) }, "Polygon or MultiPolygon"},
		{"XYZ", func(p *land.Plot) {
			p.Geometry = geom.NewPolygon(geom.XYZ).MustSetCoords([][]geom.Coord{
				{{78.5, 39.8, 1}, {78.6, 39.8, 1}, {78.6, 39.9, 1}, {78.5, 39.8, 1}},
			})
		}, "layout"},
		{"NaNLongitude", func(p *land.Plot) { p.Geometry = rectangle(math.NaN(), 39.8, 0.001, 0.001) }, "invalid coordinate (NaN, 39.8)"},
		{"InfiniteLatitude", func(p *land.Plot) { p.Geometry = rectangle(78.5, math.Inf(1), 0.001, 0.001) }, "invalid coordinate"},
		{"ProjectedMetres", func(p *land.Plot) { p.Geometry = rectangle(29500000, 4400000, 10, 10) }, "want longitude -180 to 180"},
		{"BadClass", func(p *land.Plot) { p.Class = 7 }, "land class"},
		{"BadUse", func(p *land.Plot) { p.Use = "013" }, "land use"},
		{"BadSalinity", func(p *land.Plot) { p.Salinity = 40 }, "salinity"},
		{"NegativeArea", func(p *land.Plot) { p.DeclaredArea = mu("-0.1") }, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.change(p)
			err := p.Validate()
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestPlotClone(t *testing.T) {
	p := &land.Plot{Code: plotCode(issuerA, 1), Geometry: rectangle(78.5, 39.8, 0.001, 0.001)}
	c := p.Clone()
	c.Geometry.FlatCoords()[0] = 0
	c.Name = "changed"
	assert.Equal(t, 78.5, p.Geometry.FlatCoords()[0])
	assert.Empty(t, p.Name)
}

func TestMemberMasking(t *testing.T) {
	m := land.Member{Name: "阿依古丽", Relation: land.RelationSpouse, IDNumber: "65313019820202234X"}
	assert.Equal(t, "**************234X", m.MaskedIDNumber())
	c := land.Contractor{Code: contractorCode(issuerA, 1), Members: []land.Member{m}}

	outputs := map[string]string{
		"String":     m.String(),
		"PercentV":   fmt.Sprintf("%v", c),
		"PercentPlV": fmt.Sprintf("%+v", c),
		"GoString":   fmt.Sprintf("%#v", m),
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("member", "member", m)
	outputs["Slog"] = logged.String()

	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			assert.NotContains(t, out, "653130198202")
			assert.Contains(t, out, "234X")
		})
	}

	assert.Equal(t, "", land.Member{}.MaskedIDNumber())
	assert.Equal(t, "*2", land.Member{IDNumber: "12"}.MaskedIDNumber())
}

func TestContractorValidate(t *testing.T) {
	c := &land.Contractor{Code: contractorCode(issuerA, 1), Members: []land.Member{
		{Name: "户主", Relation: land.RelationHead},
	}}
	assert.NoError(t, c.Validate())
	assert.Equal(t, land.ContractorHousehold, c.Code.Kind())

	c.Members = append(c.Members, land.Member{Name: " "})
	assert.ErrorContains(t, c.Validate(), "member 1")
	c.Members[1] = land.Member{Name: "某", Relation: 99}
	assert.ErrorContains(t, c.Validate(), "relation")
	c.Code = "6531301010010100001"
	assert.Error(t, c.Validate())
}

func TestContractValidate(t *testing.T) {
	valid := func() *land.Contract { return checkContract("") }
	tests := []struct {
		name    string
		change  func(*land.Contract)
		wantErr string
	}{
		{"Valid", func(*land.Contract) {}, ""},
		{"BadCode", func(c *land.Contract) { c.Code = "653130101001010001X" }, "contract"},
		{"NoTerm", func(c *land.Contract) { c.Term = land.Period{} }, "term"},
		{"TermReversed", func(c *land.Contract) { c.Term.Start, c.Term.End = c.Term.End, c.Term.Start }, "term"},
		{"PlotTwice", func(c *land.Contract) { c.Plots[1].Plot = c.Plots[0].Plot }, "listed twice"},
		{"ZeroPlotArea", func(c *land.Contract) { c.Plots[0].Area = mu("0") }, "positive"},
		{"NegativeTotal", func(c *land.Contract) { c.Area = mu("-1") }, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.change(c)
			err := c.Validate()
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestContractAreas(t *testing.T) {
	c := checkContract("")
	assert.Equal(t, "8", c.TotalArea().String())
	c.Area = mu("7.9")
	assert.Equal(t, "7.9", c.TotalArea().String())
	a, ok := c.PlotArea(plotCode(issuerA, 2))
	assert.True(t, ok)
	assert.Equal(t, "3", a.String())
	_, ok = c.PlotArea(plotCode(issuerA, 3))
	assert.False(t, ok)
	assert.Equal(t, land.FamilyContracting, c.Code.Method())
}

func TestTransferValidate(t *testing.T) {
	valid := func() *land.Transfer { return xfer(1, years(2020, 2024), 1, "2", 2, "1.5") }
	tests := []struct {
		name    string
		change  func(*land.Transfer)
		wantErr string
	}{
		{"Valid", func(*land.Transfer) {}, ""},
		{"ContractForm", func(x *land.Transfer) { x.Code = land.TransferContractCode(x.Contract) }, ""},
		{"BadCode", func(x *land.Transfer) { x.Code = "1234" }, "transfer"},
		{"BadContract", func(x *land.Transfer) { x.Contract = "65313010100101000" }, "contract"},
		{"NoLessee", func(x *land.Transfer) { x.Lessee.Name = "" }, "lessee"},
		{"BadLesseeCode", func(x *land.Transfer) { x.Lessee.Contractor = "1" }, "lessee"},
		{"NoMethod", func(x *land.Transfer) { x.Method = 0 }, "transfer method"},
		{"NoPeriod", func(x *land.Transfer) { x.Period = land.Period{} }, "period"},
		{"NegativeRent", func(x *land.Transfer) { x.Rent = mu("-1") }, "rent"},
		{"NoPlots", func(x *land.Transfer) { x.Plots = nil }, "at least one plot"},
		{"PlotTwice", func(x *land.Transfer) { x.Plots[1].Plot = x.Plots[0].Plot }, "listed twice"},
		{"ZeroArea", func(x *land.Transfer) { x.Plots[0].Area = mu("0") }, "positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := valid()
			tt.change(x)
			err := x.Validate()
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestTransferRent(t *testing.T) {
	x := xfer(1, years(2020, 2024), 1, "2", 2, "1.5")
	x.Rent = mu("650.50")
	assert.Equal(t, "3.5", x.TotalArea().String())
	assert.Equal(t, "2276.75", x.AnnualRent().String())
}

func TestPlantingValidate(t *testing.T) {
	valid := func() *land.Planting { return planting(plotCode(issuerA, 1), 2024, land.SeasonSpring) }
	tests := []struct {
		name    string
		change  func(*land.Planting)
		wantErr string
	}{
		{"Valid", func(*land.Planting) {}, ""},
		{"BadPlot", func(p *land.Planting) { p.Plot = "x" }, "planting"},
		{"OldYear", func(p *land.Planting) { p.Year = 1899 }, "year"},
		{"NoSeason", func(p *land.Planting) { p.Season = 0 }, "season"},
		{"NoCrop", func(p *land.Planting) { p.Crop = "" }, "crop"},
		{"NegativeArea", func(p *land.Planting) { p.SownArea = mu("-2") }, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.change(p)
			err := p.Validate()
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestPlantingKeyCompare(t *testing.T) {
	p := plotCode(issuerA, 1)
	keys := []land.PlantingKey{
		{Plot: p, Year: 2023, Season: land.SeasonWinter, Crop: "小麦"},
		{Plot: p, Year: 2024, Season: land.SeasonSpring, Crop: "棉花"},
		{Plot: p, Year: 2024, Season: land.SeasonSpring, Crop: "玉米"},
		{Plot: p, Year: 2024, Season: land.SeasonAutumn, Crop: "a"},
		{Plot: plotCode(issuerA, 2), Year: 2000, Season: land.SeasonSpring, Crop: "a"},
	}
	for i := range keys {
		for j := range keys {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			assert.Equal(t, want, keys[i].Compare(keys[j]), "%s vs %s", keys[i], keys[j])
		}
	}
}
