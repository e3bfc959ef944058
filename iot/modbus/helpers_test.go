package modbus_test

import (
	"bufio"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// withCRC returns the frame written as hex in text, spaces allowed, with its
// CRC appended.
func withCRC(tb testing.TB, text string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(text, " ", ""))
	if err != nil {
		tb.Fatalf("invalid hex %q: %v", text, err)
	}
	return modbus.AppendCRC(b)
}

func mustHex(tb testing.TB, text string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(text, " ", ""))
	if err != nil {
		tb.Fatalf("invalid hex %q: %v", text, err)
	}
	return b
}

// goldenFrame is one line of testdata/frames.tsv.
type goldenFrame struct {
	frame       []byte
	dir         modbus.Direction
	description string
}

func readGolden(tb testing.TB) []goldenFrame {
	tb.Helper()
	f, err := os.Open("testdata/frames.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []goldenFrame
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			tb.Fatalf("testdata/frames.tsv: line %q has %d columns, want 3", line, len(cols))
		}
		dir := modbus.Request
		if cols[1] == "reply" {
			dir = modbus.Reply
		}
		out = append(out, goldenFrame{mustHex(tb, cols[0]), dir, cols[2]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
