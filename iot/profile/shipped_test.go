package profile_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/modbus"
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

func TestShippedCounters(t *testing.T) {
	want := map[string][]string{
		"electricity-meter": {"import_energy", "export_energy", "total_energy_wh", "total_energy"},
		"insect-lamp":       {"insects_total"},
		"weather-station":   {"rainfall"},
	}
	for _, name := range profile.Shipped() {
		p, err := profile.LoadShipped(name)
		require.NoError(t, err)
		var got []string
		for _, f := range p.Fields {
			if f.Counter {
				got = append(got, f.Name)
			}
		}
		assert.Equal(t, want[name], got, "counters of %s", name)
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

// TestShippedBlocksRoundTrip writes a value into every field of each
// shipped profile, as a simulated device would keep them, reads the image
// back block by block as a client would, and compares the raw values.
func TestShippedBlocksRoundTrip(t *testing.T) {
	for _, name := range profile.Shipped() {
		t.Run(name, func(t *testing.T) {
			p, err := profile.LoadShipped(name)
			require.NoError(t, err)
			prog, err := p.Compile()
			require.NoError(t, err)

			var image [5][1 << 16]uint16 // registers, or one bit per element, per function
			want := make([]uint64, prog.Len())
			for i := range prog.Len() {
				f := prog.Field(i)
				raw := (uint64(0x1234_5678_9ABC_DEF1) + uint64(i)) & (1<<(16*f.Type.Registers(0)) - 1)
				var regs []uint16
				switch f.Type {
				case profile.Bit:
					// A coil or input is set here. A bit inside a register
					// is checked against the register as the other field
					// wrote it, after this loop.
					if f.Function == modbus.ReadCoils || f.Function == modbus.ReadDiscreteInputs {
						image[f.Function][f.Address] = uint16(i % 2)
						want[i] = uint64(i % 2)
					}
					continue
				case profile.String:
					regs, err = prog.EncodeString(nil, i, "SX-1")
				default:
					regs, err = prog.EncodeRaw(nil, i, raw)
				}
				require.NoError(t, err, f.Name)
				copy(image[f.Function][f.Address:], regs)
				want[i] = raw
			}

			for i := range prog.Len() {
				if f := prog.Field(i); f.Type == profile.Bit && f.Function >= modbus.ReadHoldingRegisters {
					want[i] = uint64(image[f.Function][f.Address]>>f.Bit) & 1
				}
			}

			out := make([]profile.Value, prog.Len())
			for _, b := range prog.Blocks(0, 0) {
				block := image[b.Function][int(b.Address) : int(b.Address)+b.Count]
				if b.Function == modbus.ReadCoils || b.Function == modbus.ReadDiscreteInputs {
					packed := make([]byte, (b.Count+7)/8)
					for k, bit := range block {
						packed[k/8] |= byte(bit&1) << (k % 8)
					}
					_, err = prog.DecodeBits(b.Function, b.Address, b.Count, packed, out)
				} else {
					_, err = prog.DecodeRegisters(b.Function, b.Address, block, out)
				}
				require.NoError(t, err)
			}
			for i, v := range out {
				f := prog.Field(i)
				if !f.Access.Readable() {
					assert.Equal(t, profile.NotRead, v.Status, f.Name)
					continue
				}
				assert.NotEqual(t, profile.NotRead, v.Status, f.Name)
				if f.Type != profile.String {
					assert.Equal(t, want[i], v.Raw, f.Name)
				}
			}
		})
	}
}
