package cjt188_test

import (
	"bufio"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/cjt188"
)

var update = flag.Bool("update", false, "rewrite testdata/frames.hex from the encoders")

const goldenPath = "testdata/frames.hex"

// goldenFrames builds one frame of every kind the package encodes.
func goldenFrames(t *testing.T) [][2]string {
	var out [][2]string
	add := func(name string, b []byte, err error) {
		require.NoError(t, err, name)
		out = append(out, [2]string{name, strings.ToUpper(hex.EncodeToString(b))})
	}
	water := cjt188.Reading{Flow: m3(595900), SettlementFlow: m3(590000),
		Time: cjt188.Clock{Year: 2026, Month: 7, Day: 1, Hour: 6, Minute: 30}}
	heat := heatReading()
	pre := cjt188.AppendPreamble(nil, 2)
	add("read metering data", cjt188.AppendRead(pre, cjt188.TypeColdWater, meterAddr, cjt188.DIReading, 1), nil)
	add("read history", cjt188.AppendRead(nil, cjt188.TypeColdWater, meterAddr, cjt188.History(1), 2), nil)
	add("read address", cjt188.AppendReadAddress(nil, 3), nil)
	add("close valve", cjt188.AppendValve(nil, cjt188.TypeColdWater, meterAddr, 4, cjt188.ValveCommandClose), nil)
	b, err := cjt188.AppendWriteTime(nil, cjt188.TypeColdWater, meterAddr, 5, water.Time)
	add("write time", b, err)
	b, err = cjt188.AppendReadingReply(pre, cjt188.TypeColdWater, meterAddr, 1, &water, 0)
	add("water reading reply", b, err)
	b, err = cjt188.AppendReadingReply(nil, cjt188.TypeHeat, meterAddr, 1, &heat, 0)
	add("heat reading reply", b, err)
	add("address reply", cjt188.AppendAddressReply(nil, cjt188.TypeColdWater, meterAddr, 3), nil)
	add("valve reply", cjt188.AppendWriteReply(nil, cjt188.TypeColdWater, meterAddr, cjt188.DIValve, 4, 0x0001), nil)
	add("abnormal reply", cjt188.AppendAbnormalReply(nil, cjt188.TypeColdWater, meterAddr, cjt188.FuncRead, 1, 0x0004), nil)
	return out
}

func TestGoldenFrames(t *testing.T) {
	frames := goldenFrames(t)
	if *update {
		var sb strings.Builder
		sb.WriteString("# CJ/T 188-2004 frames built by this package's encoders: name, then hex.\n")
		sb.WriteString("# Regenerate with: go test ./iot/cjt188 -run TestGoldenFrames -update\n")
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
	f, err := os.Open(goldenPath)
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
