package dlt645_test

import (
	"bufio"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/dlt645"
)

// frameRow is one row of the public frames file.
type frameRow struct {
	protocol, hex, expected, source string
}

// readFramesFile reads the public frames file beside the module. It skips
// the test when the file is missing, unless CI=true.
func readFramesFile(t *testing.T) []frameRow {
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
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("frames file %s is missing", path)
		}
		t.Skipf("frames file %s is missing", path)
	}
	require.NoError(t, err)
	defer f.Close()

	var rows []frameRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 4 || cols[0] == "protocol" {
			continue
		}
		rows = append(rows, frameRow{cols[0], cols[1], cols[2], cols[3]})
	}
	require.NoError(t, sc.Err())
	return rows
}

// want is what one real frame decodes to, or the error it is rejected with.
type want struct {
	control dlt645.Control
	address string
	di      dlt645.DI
	values  []string
	text    string
	newAddr string
	err     error // category; nil means the frame decodes
	field   string
}

var realFrames = map[string]want{
	"681401003182216891083333343339333333F116":             {control: 0x91, address: "218231000114", di: 0x00010000, values: []string{"0.06 kWh"}},
	"68610100000000681104333334331416":                     {control: 0x11, address: "000000000161", di: 0x00010000},
	"680172007200006891083333343333333333E716":             {control: 0x91, address: "000072007201", di: 0x00010000, values: []string{"0.00 kWh"}},
	"68AAAAAAAAAAAA68110433333433AE16":                     {control: 0x11, address: "AAAAAAAAAAAA", di: 0x00010000},
	"FEFEFEFE68AAAAAAAAAAAA681300DF16":                     {control: 0x13, address: "AAAAAAAAAAAA"},
	"FEFEFEFE68123456781012681506456789AB43468A16":         {control: 0x15, address: "121078563412", newAddr: "131078563412"},
	"FEFEFEFE689999999999996808065844354567897A16":         {err: dlt645.ErrRange, field: "month"},
	"FEFEFEFE680051441811176891063533B33536834516":         {control: 0x91, address: "171118445100", di: 0x02800002, values: []string{"50.03 Hz"}},
	"686101000000006891063334343534431016":                 {control: 0x91, address: "000000000161", di: 0x02010100, values: []string{"100.1 V"}},
	"6861010000000068910733343535CC7C331616":               {control: 0x91, address: "000000000161", di: 0x02020100, values: []string{"4.999 A"}},
	"68610100000000689107333336354558336B16":               {control: 0x91, address: "000000000161", di: 0x02030000, values: []string{"0.2512 kW"}},
	"686101000000006891063333393534380916":                 {control: 0x91, address: "000000000161", di: 0x02060000, values: []string{"0.501"}},
	"FEFEFEFE68111111111111689108333334339C353333D316":     {control: 0x91, address: "111111111111", di: 0x00010000, values: []string{"2.69 kWh"}},
	"FEFEFEFE6811111111111168910A37373337333389636565C516": {control: 0x91, address: "111111111111", di: 0x04000404, text: "220V\x00\x00"},
	"FEFEFEFE681111111111116891063A33B3356C35C316":         {control: 0x91, address: "111111111111", di: 0x02800007, values: []string{"23.9 °C"}},
	"FEFEFEFE68944103261218689306C7743659454BEB16":         {control: 0x93, address: "181226034194", newAddr: "181226034194"},
	"681806360400916891083333343333334133F916":             {err: dlt645.ErrNotBCD, field: "forward active energy"},
	"FEFEFEFE682000510503266891083333343333333333A116":     {control: 0x91, address: "260305510020", di: 0x00010000, values: []string{"0.00 kWh"}},
	"68610100000000689108333334334CCC33331616":             {control: 0x91, address: "000000000161", di: 0x00010000, values: []string{"99.19 kWh"}},
	"68610100000000689107333336354558B3EB16":               {control: 0x91, address: "000000000161", di: 0x02030000, values: []string{"-0.2512 kW"}},
	"686101000000006891083333343383CBCCCC7E16":             {control: 0x91, address: "000000000161", di: 0x00010000, values: []string{"999998.50 kWh"}},
	"6861010000000068910833333433583433338A16":             {control: 0x91, address: "000000000161", di: 0x00010000, values: []string{"1.25 kWh"}},
}

func TestRealFrames(t *testing.T) {
	seen := 0
	for _, row := range readFramesFile(t) {
		if row.protocol != "DL/T 645-2007" {
			continue
		}
		seen++
		t.Run(row.hex, func(t *testing.T) {
			w, ok := realFrames[row.hex]
			require.True(t, ok, "no expectation for the row from %s", row.source)
			marked := markedRejected(row.expected)
			assert.Equal(t, marked, w.err != nil, "the file marks this row rejected: %v", marked)

			b, err := hex.DecodeString(row.hex)
			require.NoError(t, err)
			var m dlt645.Message
			err = m.UnmarshalBinary(b)
			if w.err != nil {
				checkRejected(t, err, w)
				return
			}
			require.NoError(t, err)
			checkMessage(t, &m, w)
		})
	}
	assert.Equal(t, len(realFrames), seen, "rows of the file")
}

// markedRejected reports whether the expected text of a row says that a
// decoder must reject the frame.
func markedRejected(expected string) bool {
	return strings.Contains(expected, "expected result=reject") ||
		strings.Contains(expected, "must reject")
}

func checkRejected(t *testing.T, err error, w want) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, w.err)
	var fe *dlt645.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, w.field, fe.Field)
}

func checkMessage(t *testing.T, m *dlt645.Message, w want) {
	t.Helper()
	assert.Equal(t, w.control, m.Control)
	assert.Equal(t, w.address, m.Address.String())
	assert.Equal(t, w.di, m.DI)
	var got []string
	for _, v := range m.Item.Values() {
		got = append(got, v.String())
	}
	assert.Equal(t, w.values, got)
	if w.text != "" {
		assert.Equal(t, w.text, string(m.Item.Text()))
	}
	if w.newAddr != "" {
		assert.Equal(t, w.newAddr, m.Item.Address.String())
	}
}
