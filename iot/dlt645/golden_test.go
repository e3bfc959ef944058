package dlt645_test

import (
	"bufio"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/dlt645"
)

var update = flag.Bool("update", false, "rewrite testdata/frames.hex from the encoders")

const goldenPath = "testdata/frames.hex"

// goldenFrames builds one frame of every kind the package encodes.
func goldenFrames(t *testing.T) [][2]string {
	a := mustAddress(t, "218231000114")
	var out [][2]string
	add := func(name string, b []byte, err error) {
		require.NoError(t, err, name)
		out = append(out, [2]string{name, strings.ToUpper(hex.EncodeToString(b))})
	}
	reply := func(it dlt645.Item) ([]byte, error) {
		return dlt645.AppendReadReply(dlt645.AppendPreamble(nil, 4), a, &it, false)
	}
	add("read request energy", dlt645.AppendReadRequest(dlt645.AppendPreamble(nil, 4), a, dlt645.DIForwardActiveEnergy), nil)
	add("read request voltages", dlt645.AppendReadRequest(nil, a, dlt645.DIVoltages), nil)
	add("read follow-up", dlt645.AppendReadFollowUp(nil, a, dlt645.DIForwardEnergyBlock, 1), nil)
	add("read address", dlt645.AppendReadAddress(nil), nil)
	b, err := dlt645.AppendWriteAddress(nil, a)
	add("write address", b, err)
	b, err = dlt645.AppendBroadcastTime(nil, dlt645.Clock{Year: 2026, Month: 7, Day: 1, Hour: 6, Minute: 30})
	add("broadcast time", b, err)
	b, err = reply(numberItem(t, dlt645.DIForwardActiveEnergy, kwh(12345678)))
	add("reply energy", b, err)
	b, err = reply(numberItem(t, dlt645.DIVoltages, volts(2201), volts(2199), volts(2305)))
	add("reply voltages", b, err)
	b, err = reply(numberItem(t, dlt645.DICurrents, amps(1500), amps(-1499), amps(0)))
	add("reply currents", b, err)
	b, err = reply(numberItem(t, dlt645.DIActivePower, kw(-2512)))
	add("reply active power", b, err)
	b, err = reply(numberItem(t, dlt645.DIPowerFactor, pf(987)))
	add("reply power factor", b, err)
	b, err = reply(numberItem(t, dlt645.DIMeterCoverOpenCount, count(3)))
	add("reply meter cover count", b, err)
	b, err = reply(numberItem(t, dlt645.DITerminalCoverCount, count(1)))
	add("reply terminal cover count", b, err)
	b, err = reply(dlt645.Item{DI: dlt645.DIDate, Kind: dlt645.KindDate, Clock: dlt645.Clock{Year: 2026, Month: 7, Day: 1, Weekday: 3}})
	add("reply date", b, err)
	b, err = reply(dlt645.Item{DI: dlt645.DITime, Kind: dlt645.KindTime, Clock: dlt645.Clock{Hour: 6, Minute: 30, Second: 15}})
	add("reply time", b, err)
	add("reply address", dlt645.AppendAddressReply(nil, a), nil)
	add("abnormal reply", dlt645.AppendAbnormalReply(nil, a, dlt645.FuncRead, dlt645.StatusNoData), nil)
	return out
}

func TestGoldenFrames(t *testing.T) {
	frames := goldenFrames(t)
	if *update {
		var sb strings.Builder
		sb.WriteString("# DL/T 645-2007 frames built by this package's encoders: name, then hex.\n")
		sb.WriteString("# Regenerate with: go test ./iot/dlt645 -run TestGoldenFrames -update\n")
		for _, f := range frames {
			fmt.Fprintf(&sb, "%s\t%s\n", f[0], f[1])
		}
		require.NoError(t, os.WriteFile(goldenPath, []byte(sb.String()), 0o644))
	}
	golden := readGolden(t)
	require.Len(t, golden, len(frames))
	for i, f := range frames {
		t.Run(f[0], func(t *testing.T) {
			assert.Equal(t, golden[i], f)
			b, err := hex.DecodeString(f[1])
			require.NoError(t, err)
			decode(t, b)
		})
	}
}

func readGolden(t testing.TB) [][2]string {
	t.Helper()
	f, err := os.Open(filepath.FromSlash(goldenPath))
	require.NoError(t, err)
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, h, ok := strings.Cut(line, "\t")
		require.True(t, ok, "line %q", line)
		out = append(out, [2]string{name, h})
	}
	require.NoError(t, sc.Err())
	return out
}
