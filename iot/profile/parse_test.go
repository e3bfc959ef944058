package profile_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/profile"
)

func TestParseAllKeys(t *testing.T) {
	f, err := os.Open("testdata/valid.yaml")
	require.NoError(t, err)
	defer f.Close()
	p, err := profile.Parse(f)
	require.NoError(t, err)

	assert.Equal(t, "test-all-keys", p.Model)
	assert.Equal(t, 100, p.MaxRegisters)
	assert.Equal(t, 800, p.MaxBits)
	require.Len(t, p.Fields, 6)

	temp := p.Fields[0]
	assert.Equal(t, modbus.ReadHoldingRegisters, temp.Function)
	assert.Equal(t, uint16(0x10), temp.Address)
	assert.Equal(t, profile.Int16, temp.Type)
	assert.Equal(t, modbus.CDAB, temp.Order, "the profile's order applies")
	assert.Equal(t, profile.Decimal{Coef: 1, Places: 1}, temp.Scale)
	assert.Equal(t, profile.Decimal{Coef: -40}, temp.Offset)
	assert.Equal(t, []uint64{0x7FFF, 0x8000}, temp.NoReading, "-32768 as int16 bits")
	assert.Equal(t, 15*time.Minute, temp.MaxSilence)
	assert.Equal(t, profile.ReadWrite, temp.Access)

	assert.False(t, temp.Counter, "counter of temperature")
	assert.True(t, p.Fields[1].Counter, "counter of energy")
	assert.Equal(t, modbus.ReadInputRegisters, p.Fields[1].Function)
	assert.Equal(t, modbus.DCBA, p.Fields[2].Order)
	assert.Equal(t, profile.String, p.Fields[3].Type)
	assert.Equal(t, modbus.BADC, p.Fields[3].Order)
	assert.Equal(t, 4, p.Fields[4].Bit)
	assert.Equal(t, modbus.ReadCoils, p.Fields[5].Function)

	_, err = p.Compile()
	assert.NoError(t, err)
}

func TestParseJSON(t *testing.T) {
	doc := `{"model": "j", "vendor": "v", "fields": [
		{"name": "t", "function": 3, "address": 0, "type": "int16", "scale": 0.1, "decimals": 1}]}`
	p, err := profile.Parse(strings.NewReader(doc))
	require.NoError(t, err)
	assert.Equal(t, profile.Decimal{Coef: 1, Places: 1}, p.Fields[0].Scale)
}

// field is a valid field; tests replace one line of it.
const field = `
  - name: temperature
    function: 3
    address: 0
    type: int16
    scale: 0.1
    decimals: 1
`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		path string // FieldError.Path, or "" for a YAML error
		want string
	}{
		{"no model", "vendor: v\nfields:" + field, "model", "set model"},
		{"no vendor", "model: m\nfields:" + field, "vendor", `"generic"`},
		{"no fields", "model: m\nvendor: v\n", "fields", "at least one field"},
		{"unknown key", "model: m\nvendor: v\ncolour: red\nfields:" + field, "", "field colour not found"},
		{"empty", "", "", "empty file"},
		{"second document", "model: m\nvendor: v\nfields:" + field + "---\nmodel: m2\n", "",
			"second YAML document at line 10"},
		{"second document invalid", "model: m\nvendor: v\nfields:" + field + "---\n: [\n", "",
			"invalid YAML"},
		{"bad function", "model: m\nvendor: v\nfields:" + strings.Replace(field, "function: 3", "function: 5", 1),
			"fields[0].function", "want 1 (coils)"},
		{"bad type", "model: m\nvendor: v\nfields:" + strings.Replace(field, "int16", "int24", 1),
			"fields[0].type", "want bit, int16"},
		{"bad address", "model: m\nvendor: v\nfields:" + strings.Replace(field, "address: 0", "address: 70000", 1),
			"fields[0].address", "0 to 65535"},
		{"scale finer than decimals", "model: m\nvendor: v\nfields:" + strings.Replace(field, "0.1", "0.015", 1),
			"fields[0].scale", "set decimals: 3"},
		{"scale zero", "model: m\nvendor: v\nfields:" + strings.Replace(field, "0.1", "0", 1),
			"fields[0].scale", "remove it for scale 1"},
		{"scale float syntax", "model: m\nvendor: v\nfields:" + strings.Replace(field, "0.1", "1e-1", 1),
			"fields[0].scale", "plain decimal"},
		{"scale overflows with decimals", "model: m\nvendor: v\nfields:" +
			strings.Replace(strings.Replace(field, "0.1", "1000000000", 1), "decimals: 1", "decimals: 18", 1),
			"fields[0].scale", "must lie within ±2^31"},
		{"bad order", "model: m\nvendor: v\nfields:" + field + "    order: middle-endian\n",
			"fields[0].order", "GHEFCDAB"},
		{"bad duration", "model: m\nvendor: v\nfields:" + field + "    max_silence: 15 minutes\n",
			"fields[0].max_silence", "15m"},
		{"sentinel too wide", "model: m\nvendor: v\nfields:" + field + "    no_reading: [0x1FFFF]\n",
			"fields[0].no_reading[0]", "does not fit in 16 bits"},
		{"negative sentinel unsigned", "model: m\nvendor: v\nfields:" +
			strings.Replace(field, "int16", "uint16", 1) + "    no_reading: [-1]\n",
			"fields[0].no_reading[0]", "needs a signed type"},
		{"write input register", "model: m\nvendor: v\nfields:" +
			strings.Replace(field, "function: 3", "function: 4", 1) + "    access: readwrite\n",
			"fields[0].access", "read-only"},
		{"deadband finer than decimals", "model: m\nvendor: v\nfields:" + field + "    deadband: 0.05\n",
			"fields[0].deadband", "at most 1 decimal places"},
		{"string without length", "model: m\nvendor: v\nfields:" + strings.Replace(field, "int16", "string", 1),
			"fields[0].length", "length in bytes"},
		{"bits on FC 1", "model: m\nvendor: v\nfields:" + strings.Replace(field, "function: 3", "function: 1", 1),
			"fields[0].type", "use type bit"},
		{"duplicate name", "model: m\nvendor: v\nfields:" + field +
			strings.Replace(field, "address: 0", "address: 1", 1), "fields[1].name", "same name"},
		{"overlap", "model: m\nvendor: v\nfields:" + field +
			strings.Replace(strings.Replace(field, "temperature", "t2", 1), "int16", "int32", 1),
			"fields[1].address", "overlaps temperature"},
		{"bad name", "model: m\nvendor: v\nfields:" + strings.Replace(field, "temperature", "Air Temp", 1),
			"fields[0].name", "lowercase letters"},
		{"max registers", "model: m\nvendor: v\nmax_registers: 200\nfields:" + field,
			"max_registers", "0 to 125"},
		{"counter not boolean", "model: m\nvendor: v\nfields:" + field + "    counter: often\n",
			"fields[0].counter", "true or false"},
		{"counter of a string", "model: m\nvendor: v\nfields:" +
			strings.Replace(field, "type: int16\n    scale: 0.1\n    decimals: 1", "type: string\n    length: 4", 1) +
			"    counter: true\n",
			"fields[0].counter", "numeric type"},
		{"counter of a bit", "model: m\nvendor: v\nfields:" +
			strings.Replace(strings.Replace(field, "int16", "bit", 1), "    scale: 0.1\n    decimals: 1\n", "", 1) +
			"    counter: true\n", "fields[0].counter", "numeric type"},
		{"counter write only", "model: m\nvendor: v\nfields:" + field + "    counter: true\n    access: write\n",
			"fields[0].counter", "readable"},
		{"counter with negative scale", "model: m\nvendor: v\nfields:" +
			strings.Replace(field, "0.1", "-0.1", 1) + "    counter: true\n",
			"fields[0].counter", "positive scale"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := profile.Parse(strings.NewReader(tt.doc))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			if tt.path == "" {
				return
			}
			var fe *profile.FieldError
			require.True(t, errors.As(err, &fe), "error %v is not a *FieldError", err)
			assert.Equal(t, tt.path, fe.Path)
		})
	}
}

func TestParseDocumentSeparators(t *testing.T) {
	for _, doc := range []string{
		"---\nmodel: m\nvendor: v\nfields:" + field,
		"model: m\nvendor: v\nfields:" + field + "---\n",
		"model: m\nvendor: v\nfields:" + field + "...\n",
	} {
		_, err := profile.Parse(strings.NewReader(doc))
		assert.NoError(t, err, "%q", doc)
	}
}

func TestFieldErrorMessage(t *testing.T) {
	doc := "model: m\nvendor: v\nfields:" + strings.Replace(field, "0.1", "0.015", 1)
	_, err := profile.Parse(strings.NewReader(doc))
	require.Error(t, err)
	assert.Equal(t, `profile: fields[0].scale (temperature): invalid value "0.015": `+
		"scale has 3 decimal places but decimals is 1; set decimals: 3", err.Error())
}

func TestScaleSyntaxOneError(t *testing.T) {
	for _, scale := range []string{"1e-30", ".nan", ".inf"} {
		t.Run(scale, func(t *testing.T) {
			doc := "model: m\nvendor: v\nfields:" + strings.Replace(field, "0.1", scale, 1)
			_, err := profile.Parse(strings.NewReader(doc))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "plain decimal")
			assert.NotContains(t, err.Error(), "scale 0", "a scale that does not parse is not zero")
		})
	}
}

func TestValidateCollectsAll(t *testing.T) {
	p := profile.Profile{Fields: []profile.Field{{Name: "x", Function: 9}}}
	err := p.Validate()
	require.Error(t, err)
	for _, path := range []string{"model", "vendor", "fields[0].function"} {
		assert.Contains(t, err.Error(), path)
	}
}

func TestParseAliases(t *testing.T) {
	tests := []struct {
		text string
		typ  profile.DataType
	}{
		{"bit", profile.Bit}, {"BOOL", profile.Bit}, {"coil", profile.Bit},
		{"ushort", profile.Uint16}, {"float", profile.Float32}, {"real", profile.Float32},
		{"double", profile.Float64}, {"Float64", profile.Float64}, {"ascii", profile.String},
	}
	for _, tt := range tests {
		got, err := profile.ParseDataType(tt.text)
		require.NoError(t, err, tt.text)
		assert.Equal(t, tt.typ, got, tt.text)
	}
	_, err := profile.ParseDataType("int")
	assert.Error(t, err, "int has no fixed width across tools")

	for text, want := range map[string]profile.Access{
		"": profile.Read, "RO": profile.Read, "w": profile.Write, "read-write": profile.ReadWrite,
	} {
		got, err := profile.ParseAccess(text)
		require.NoError(t, err, text)
		assert.Equal(t, want, got, text)
	}
}

func TestParseManyErrors(t *testing.T) {
	doc := "model: m\nvendor: v\nfields:\n" + strings.Repeat("  - name: Bad\n", 200)
	_, err := profile.Parse(strings.NewReader(doc))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "more problems not shown")
	assert.Less(t, strings.Count(err.Error(), "\n"), 60)
}
