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
				// Modbus RTU frames and register payloads have no decoder here.
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
	assert.Equal(t, 2, run([]string{"-protocol", "modbus"}, strings.NewReader(""), &stdout, &stderr))
	assert.Contains(t, stderr.String(), "unknown protocol")
}
