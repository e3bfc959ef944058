package profile_test

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/profile"
)

var allOrders = []modbus.ByteOrder{modbus.ABCD, modbus.CDAB, modbus.BADC, modbus.DCBA}

// compileOne compiles a profile of the single field f.
func compileOne(t testing.TB, f profile.Field) *profile.Program {
	t.Helper()
	if f.Name == "" {
		f.Name = "value"
	}
	if f.Function == 0 {
		f.Function = modbus.ReadHoldingRegisters
	}
	p := profile.Profile{Model: "test", Vendor: "test", Fields: []profile.Field{f}}
	prog, err := p.Compile()
	require.NoError(t, err)
	return prog
}

// decodeOne decodes the registers of the single field of prog, which
// start at address f.Address.
func decodeOne(t testing.TB, prog *profile.Program, regs []uint16) profile.Value {
	t.Helper()
	out := make([]profile.Value, prog.Len())
	f := prog.Field(0)
	n, err := prog.DecodeRegisters(f.Function, f.Address, regs, out)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	return out[0]
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

func mustDecimal(t testing.TB, s string) profile.Decimal {
	t.Helper()
	if s == "" {
		return profile.Decimal{}
	}
	d, err := profile.ParseDecimal(s)
	require.NoError(t, err)
	return d
}
