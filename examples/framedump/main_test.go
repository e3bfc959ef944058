package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// line is the part of an output record the tests look at.
type line struct {
	Line     int             `json:"line"`
	Protocol string          `json:"protocol"`
	Frame    string          `json:"frame"`
	Decoded  json.RawMessage `json:"decoded"`
	Rejected bool            `json:"rejected"`
	Error    string          `json:"error"`
	Field    string          `json:"field"`
}

func runLines(t *testing.T, stdin string, args ...string) []line {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	var out []line
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l line
		require.NoError(t, json.Unmarshal(sc.Bytes(), &l), "output %s", sc.Text())
		out = append(out, l)
	}
	return out
}

// framesFile returns the rows of the public frames file as protocol, hex and
// expected text. It skips the test when the file is missing, unless CI=true.
func framesFile(t *testing.T) [][3]string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "go.mod not found above the test directory")
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", "testdata", "water-frames.tsv")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("frames file %s is missing", path)
		}
		t.Skipf("frames file %s is missing", path)
	}
	require.NoError(t, err)
	var rows [][3]string
	for _, text := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		cols := strings.Split(text, "\t")
		require.Len(t, cols, 4, "row %q", text)
		rows = append(rows, [3]string{cols[0], cols[1], cols[2]})
	}
	return rows
}

var protocolOfColumn = map[string]string{
	"SL651-2014":    "sl651",
	"SZY206-2016":   "szy206",
	"SL/T 427-2021": "slt427",
	"DL/T 645-2007": "dlt645",
	"CJ/T 188":      "cjt188",
	"Modbus-RTU":    "modbus",
}

func TestRunFramesFile(t *testing.T) {
	rows := framesFile(t)
	var input strings.Builder
	for _, r := range rows {
		input.WriteString(r[1] + "\n")
	}
	out := runLines(t, input.String())
	require.Len(t, out, len(rows))
	for i, r := range rows {
		got := out[i]
		t.Run(r[1], func(t *testing.T) {
			assert.Equal(t, strings.ToUpper(r[1]), got.Frame)
			want, supported := protocolOfColumn[r[0]]
			if !supported {
				// A bare register payload has no start byte or CRC to detect
				// it by; TestRunRegisterPayload names it with -protocol.
				assert.Equal(t, "Modbus register payload", r[0])
				assert.Equal(t, "unknown", got.Protocol)
				assert.True(t, got.Rejected)
				return
			}
			assert.Equal(t, want, got.Protocol)
			marked := strings.Contains(r[2], "expected result=reject") || strings.Contains(r[2], "must reject")
			assert.Equal(t, marked, got.Rejected, "error: %s", got.Error)
			if got.Rejected {
				assert.NotEmpty(t, got.Field)
			}
		})
	}
}

func TestRunDecodedValues(t *testing.T) {
	out := runLines(t, "",
		"681401003182216891083333343339333333F116",
		"68610100000000689107333336354558B3EB16",
		"FEFE6810454110051533788116901FAA005959002CFFFFFFFF2CFFFFFFFFFFFFFF0000C216")
	require.Len(t, out, 3)
	assert.JSONEq(t, `{"direction":"reply","control":"0x91","function":"read data",
		"address":"218231000114","di":"00010000","name":"forward active energy",
		"values":[{"value":0.06,"unit":"kWh"}]}`, string(out[0].Decoded))
	assert.Contains(t, string(out[1].Decoded), `"values":[{"value":-0.2512,"unit":"kW"}]`)
	assert.Contains(t, string(out[2].Decoded),
		`"reading":{"flow":{"value":5959.00,"unit":"m³"},"settlement_flow":null,"time":null}`)
}

func TestRunDLT645Date(t *testing.T) {
	out := runLines(t, "", "FEFEFEFE681401003182216891083434333736343A592116")
	require.Len(t, out, 1)
	assert.JSONEq(t, `{"direction":"reply","control":"0x91","function":"read data",
		"address":"218231000114","di":"04000101","name":"date",
		"date":"2026-07-01","weekday":3}`, string(out[0].Decoded))
}

func TestRunSample(t *testing.T) {
	data, err := os.ReadFile("testdata/sample.txt")
	require.NoError(t, err)
	out := runLines(t, string(data))
	require.Len(t, out, 11)
	for _, l := range out[:10] {
		assert.False(t, l.Rejected, "line %d: %s", l.Line, l.Error)
	}
	assert.Equal(t, "dlt645", out[10].Protocol)
	assert.Equal(t, "forward active energy", out[10].Field)
}

func TestRunProtocolFlag(t *testing.T) {
	out := runLines(t, "", "-protocol", "dlt645", "6810120000000000000103901F003D16")
	require.Len(t, out, 1)
	assert.Equal(t, "dlt645", out[0].Protocol)
	assert.True(t, out[0].Rejected)

	out = runLines(t, "", "-protocol", "cjt188", "68 10 12 00 00 00 00 00 00 01 03 90 1F 00 3D 16")
	require.Len(t, out, 1)
	assert.False(t, out[0].Rejected, out[0].Error)
}

func TestRunRejectsBadInput(t *testing.T) {
	out := runLines(t, "zz\n\n# comment\n0102\n")
	require.Len(t, out, 2)
	assert.Equal(t, 1, out[0].Line)
	assert.Contains(t, out[0].Error, "invalid hex")
	assert.Equal(t, 4, out[1].Line)
	assert.Equal(t, "unknown", out[1].Protocol)
}

func TestRunUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run([]string{"-protocol", "modbus-tcp"}, strings.NewReader(""), &stdout, &stderr))
	assert.Contains(t, stderr.String(), "unknown protocol")
}

func TestRunModbus(t *testing.T) {
	out := runLines(t, "",
		"010300010005D409",
		"01030C41F0000042200000424800005CCA",
		"01030A41A0000000001541B0000097B8",
		"1106000100039A9B",
		"110103CD6B054012",
		"118302C134",
		"11100001000204000A0102C6F0")
	require.Len(t, out, 7)
	for _, l := range out {
		assert.Equal(t, "modbus", l.Protocol, "line %d", l.Line)
	}
	assert.JSONEq(t, `{"direction":"request","unit":1,"function":"read holding registers",
		"function_code":"0x03","address":1,"quantity":5}`, string(out[0].Decoded))
	assert.JSONEq(t, `{"direction":"reply","unit":1,"function":"read holding registers",
		"function_code":"0x03","quantity":6,"byte_count":12,
		"registers":[16880,0,16928,0,16968,0],"data":"41F000004220000042480000"}`, string(out[1].Decoded))

	assert.True(t, out[2].Rejected)
	assert.Equal(t, "crc", out[2].Field)
	assert.Contains(t, out[2].Error, "got 97 B8, want F9 BC")

	assert.JSONEq(t, `{"direction":"request","direction_ambiguous":true,"unit":17,
		"function":"write single register","function_code":"0x06","address":1,"value":3}`,
		string(out[3].Decoded))
	assert.JSONEq(t, `{"direction":"reply","direction_ambiguous":true,"unit":17,"function":"read coils",
		"function_code":"0x01","byte_count":3,"data":"CD6B05",
		"bits":[1,0,1,1,0,0,1,1,1,1,0,1,0,1,1,0,1,0,1,0,0,0,0,0]}`, string(out[4].Decoded))
	assert.JSONEq(t, `{"direction":"reply","unit":17,"function":"read holding registers",
		"function_code":"0x03","exception":"0x02 illegal data address"}`, string(out[5].Decoded))
	assert.Contains(t, string(out[6].Decoded), `"registers":[10,258]`)
}

func TestRunModbusForced(t *testing.T) {
	// Unit 0x68 looks like the start of a DL/T 645 frame. Detection tries
	// that first, and then Modbus, because the CRC is valid.
	frame := "6806000100039132"
	out := runLines(t, "", frame)
	require.Len(t, out, 1)
	assert.Equal(t, "modbus", out[0].Protocol)
	assert.False(t, out[0].Rejected, out[0].Error)

	out = runLines(t, "", "-protocol", "modbus", frame)
	require.Len(t, out, 1)
	assert.Contains(t, string(out[0].Decoded), `"unit":104`)

	out = runLines(t, "", "-protocol", "modbus", "0103")
	require.Len(t, out, 1)
	assert.True(t, out[0].Rejected)
	assert.Equal(t, "length", out[0].Field)
}

func TestRunRegisterPayload(t *testing.T) {
	out := runLines(t, "", "-protocol", "modbus-registers", "806B4212")
	require.Len(t, out, 1)
	require.False(t, out[0].Rejected, out[0].Error)
	var payload struct {
		Registers []uint16 `json:"registers"`
		Bits32    map[string]struct {
			Float32 []json.Number `json:"float32"`
		} `json:"32_bit"`
	}
	require.NoError(t, json.Unmarshal(out[0].Decoded, &payload))
	assert.Equal(t, []uint16{0x806B, 0x4212}, payload.Registers)
	assert.Equal(t, []json.Number{"36.62541"}, payload.Bits32["CDAB"].Float32)
	assert.Equal(t, []json.Number{"-9.8501e-39"}, payload.Bits32["ABCD"].Float32)

	out = runLines(t, "", "-protocol", "modbus-registers", "806B42")
	require.Len(t, out, 1)
	assert.True(t, out[0].Rejected)
	assert.Contains(t, out[0].Error, "nonzero even number")
}
