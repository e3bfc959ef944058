package profile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/profile"
)

func TestBlocksWeatherStation(t *testing.T) {
	p, err := profile.LoadShipped("weather-station")
	require.NoError(t, err)
	prog, err := p.Compile()
	require.NoError(t, err)
	want := []profile.Block{{Function: modbus.ReadHoldingRegisters, Address: 0, Count: 8}}
	assert.Equal(t, want, prog.Blocks(0, 0), "the write-only rainfall_clear is not read")
	assert.Equal(t, []profile.Block{
		{Function: modbus.ReadHoldingRegisters, Address: 0, Count: 3},
		{Function: modbus.ReadHoldingRegisters, Address: 3, Count: 4},
		{Function: modbus.ReadHoldingRegisters, Address: 7, Count: 1},
	}, prog.Blocks(4, 0), "a 32-bit field is never split")
}

func TestBlocksInsectLamp(t *testing.T) {
	p, err := profile.LoadShipped("insect-lamp")
	require.NoError(t, err)
	prog, err := p.Compile()
	require.NoError(t, err)
	want := []profile.Block{
		{Function: modbus.ReadCoils, Address: 0, Count: 1},
		{Function: modbus.ReadDiscreteInputs, Address: 0, Count: 1},
		{Function: modbus.ReadHoldingRegisters, Address: 0, Count: 4},
		{Function: modbus.ReadInputRegisters, Address: 0, Count: 3},
		{Function: modbus.ReadInputRegisters, Address: 0x10, Count: 8},
	}
	assert.Equal(t, want, prog.Blocks(0, 0), "status bits share the status register's block; the gap splits")

	spans := prog.Spans()
	require.NotEmpty(t, spans)
	first := spans[0]
	assert.Equal(t, modbus.ReadCoils, first.Function)
	assert.Equal(t, "lamp_on", prog.Field(first.Field).Name)
}

func TestBlocksProfileLimit(t *testing.T) {
	var fields []profile.Field
	for i := range 10 {
		fields = append(fields, profile.Field{
			Name: string(rune('a' + i)), Function: modbus.ReadInputRegisters, Address: uint16(i), Type: profile.Uint16,
		})
	}
	p := profile.Profile{Model: "m", Vendor: "v", MaxRegisters: 4, Fields: fields}
	prog, err := p.Compile()
	require.NoError(t, err)
	blocks := prog.Blocks(0, 0)
	require.Len(t, blocks, 3)
	assert.Equal(t, []int{4, 4, 2}, []int{blocks[0].Count, blocks[1].Count, blocks[2].Count})
	assert.Len(t, prog.Blocks(2, 0), 5, "the smaller of the two limits applies")
}
