package land_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
)

func TestUseTable(t *testing.T) {
	uses := land.Uses()
	var first, second int
	for i, u := range uses {
		if i > 0 {
			assert.Less(t, uses[i-1], u, "table order at %s", u)
		}
		require.NoError(t, u.Validate())
		assert.NotEmpty(t, u.Name(), "Chinese name of %s", u)
		assert.NotEmpty(t, u.EnglishName(), "English name of %s", u)
		switch u.Level() {
		case 1:
			first++
		case 2:
			second++
			assert.Contains(t, u.Parent().Children(), u, "children of %s", u.Parent())
		default:
			t.Errorf("%s: got level %d, want 1 or 2", u, u.Level())
		}
	}
	assert.Equal(t, 12, first, "first-level classes")
	assert.Equal(t, 73, second, "second-level classes")
}

func TestUseNames(t *testing.T) {
	tests := []struct {
		use     land.Use
		chinese string
		english string
		parent  land.Use
	}{
		{"01", "耕地", "cultivated land", "01"},
		{land.UsePaddy, "水田", "paddy field", "01"},
		{land.UseIrrigated, "水浇地", "irrigated land", "01"},
		{land.UseDry, "旱地", "dry land", "01"},
		{"0303", "红树林地", "mangrove land", "03"},
		{land.UseRuralHomestead, "农村宅基地", "rural homestead", "07"},
		{"0810", "公园与绿地", "park and green land", "08"},
		{land.UseDitch, "沟渠", "ditch and canal", "11"},
		{"1110", "冰川及永久积雪", "glacier and permanent snow", "11"},
		{land.UseFacilityFarm, "设施农用地", "facility agricultural land", "12"},
		{land.UseSaline, "盐碱地", "saline-alkali land", "12"},
		{"1207", "裸岩石砾地", "bare rock and gravel land", "12"},
	}
	for _, tt := range tests {
		t.Run(string(tt.use), func(t *testing.T) {
			assert.Equal(t, tt.chinese, tt.use.Name())
			assert.Equal(t, tt.english, tt.use.EnglishName())
			assert.Equal(t, tt.parent, tt.use.Parent())
		})
	}
}

func TestParseUse(t *testing.T) {
	tests := []struct {
		in      string
		want    land.Use
		wantErr string
	}{
		{in: "0102", want: "0102"},
		{in: " 1204 ", want: "1204"},
		{in: "12", want: "12"},
		{in: "012", wantErr: "ParseUse2007"},
		{in: "0104", wantErr: "invalid land use"},
		{in: "13", wantErr: "invalid land use"},
		{in: "", wantErr: "invalid land use"},
		{in: "01020", wantErr: "invalid land use"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := land.ParseUse(tt.in)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestUseContains(t *testing.T) {
	assert.True(t, land.UseCultivated.Contains(land.UseIrrigated))
	assert.True(t, land.UseIrrigated.Contains(land.UseIrrigated))
	assert.False(t, land.UseIrrigated.Contains(land.UseCultivated))
	assert.False(t, land.Use("").Contains(land.UseDry))
	assert.True(t, land.UseDry.Cultivated())
	assert.False(t, land.UseDitch.Cultivated())
	assert.Nil(t, land.UseDitch.Children())
	assert.Equal(t, []land.Use{"0101", "0102", "0103"}, land.UseCultivated.Children())
	assert.Equal(t, 0, land.Use("99").Level())
	assert.Empty(t, land.Use("99").Parent())
}

func TestUse2007(t *testing.T) {
	tests := []struct {
		code  string
		name  string
		main  land.Use
		all   []land.Use
		exact bool
	}{
		{"011", "水田", "0101", []land.Use{"0101"}, true},
		{"012", "水浇地", "0102", []land.Use{"0102"}, true},
		{"013", "旱地", "0103", []land.Use{"0103"}, true},
		{"117", "沟渠", "1107", []land.Use{"1107"}, true},
		{"124", "盐碱地", "1204", []land.Use{"1204"}, true},
		{"122", "设施农用地", "1202", []land.Use{"1202"}, true},
		{"118", "水工建筑用地", "1109", []land.Use{"1109"}, true},
		{"031", "有林地", "0301", []land.Use{"0301", "0302", "0303"}, false},
		{"125", "沼泽地", "1108", []land.Use{"1108", "0304", "0306", "0402"}, false},
		{"127", "裸地", "1206", []land.Use{"1206", "1207"}, false},
		{"062", "采矿用地", "0602", []land.Use{"0602", "0603"}, false},
		{"01", "耕地", "01", []land.Use{"01"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			u, err := land.ParseUse2007(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.name, u.Name())
			assert.Equal(t, tt.main, u.Use())
			assert.Equal(t, tt.all, u.Uses())
			assert.Equal(t, tt.exact, u.Exact())
		})
	}
}

func TestParseUse2007Invalid(t *testing.T) {
	for _, in := range []string{"", "0102", "014", "128", "13", "abc"} {
		t.Run(in, func(t *testing.T) {
			_, err := land.ParseUse2007(in)
			assert.ErrorContains(t, err, "GB/T 21010-2007")
		})
	}
}

// TestUse2007Table checks that every 2007 class maps to valid 2017 classes and that every
// 2017 second-level class has a 2007 predecessor.
func TestUse2007Table(t *testing.T) {
	reached := make(map[land.Use]bool)
	codes := land.Uses2007()
	assert.Len(t, codes, 12+57, "2007 classes")
	for i, c := range codes {
		if i > 0 {
			assert.Less(t, codes[i-1], c, "table order at %s", c)
		}
		for _, u := range c.Uses() {
			assert.NoError(t, u.Validate(), "successor of %s", c)
			assert.Equal(t, len(c)-1, u.Level(), "level of successor %s of %s", u, c)
			reached[u] = true
		}
	}
	for _, u := range land.Uses() {
		assert.True(t, reached[u], "%s %s has no 2007 predecessor", u, u.Name())
	}
}

func TestUse2007UsesIsCopy(t *testing.T) {
	u := land.Use2007("031")
	u.Uses()[0] = "9999"
	assert.Equal(t, land.Use("0301"), u.Use())
}
