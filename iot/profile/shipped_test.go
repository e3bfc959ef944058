package profile_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/profile"
)

func TestShippedProfiles(t *testing.T) {
	want := []string{"electricity-meter", "greenhouse-controller", "insect-lamp", "soil-moisture", "weather-station"}
	require.Equal(t, want, profile.Shipped())
	for _, name := range profile.Shipped() {
		t.Run(name, func(t *testing.T) {
			p, err := profile.LoadShipped(name)
			require.NoError(t, err)
			prog, err := p.Compile()
			require.NoError(t, err)
			assert.Contains(t, p.Description, "Register maps vary by vendor")
			assert.Equal(t, "generic", p.Vendor)
			assert.NotEmpty(t, prog.Blocks(0, 0))
		})
	}
}

func TestWeatherStationElements(t *testing.T) {
	p, err := profile.LoadShipped("weather-station")
	require.NoError(t, err)
	prog, err := p.Compile()
	require.NoError(t, err)
	for _, name := range []string{"air_temperature", "air_humidity", "illuminance", "rainfall",
		"wind_speed", "wind_direction", "air_pressure"} {
		_, ok := prog.Index(name)
		assert.True(t, ok, "weather station lacks %s", name)
	}
}

func TestGreenhouseControllerParts(t *testing.T) {
	p, err := profile.LoadShipped("greenhouse-controller")
	require.NoError(t, err)
	var names []string
	for _, f := range p.Fields {
		names = append(names, f.Name)
	}
	all := strings.Join(names, " ")
	for _, part := range []string{"vent", "blanket", "co2", "fertigation"} {
		assert.Contains(t, all, part)
	}
}

func TestLoadShippedUnknown(t *testing.T) {
	_, err := profile.LoadShipped("barometer")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "weather-station")
}
