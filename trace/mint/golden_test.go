package mint

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.txt from the current code")

const vectorsFile = "vectors.txt"

// vectorIDs are the IDs of the known-answer vectors: the corners of each field and a
// few values in between, under two keys.
var vectorIDs = []ID{
	{Version: 0, Batch: 0, Serial: 0},
	{Version: 0, Batch: 0, Serial: 1},
	{Version: 0, Batch: 1, Serial: 0},
	{Version: 0, Batch: MaxBatch, Serial: MaxSerial},
	{Version: 0, Batch: 2026, Serial: 55000},
	{Version: 0, Batch: 0xAAAAA, Serial: 0x155555},
	{Version: 31, Batch: 0, Serial: 0},
	{Version: 31, Batch: 1, Serial: 999999},
	{Version: 31, Batch: MaxBatch, Serial: 0},
	{Version: 31, Batch: 12345, Serial: 4194303},
}

// vectorSecret returns the secret of key version v in the vectors: the bytes 00 to 0F
// for version 0 and F0 to FF for version 31.
func vectorSecret(v uint8) []byte {
	s := make([]byte, SecretSize)
	for i := range s {
		if v == 0 {
			s[i] = byte(i)
		} else {
			s[i] = 0xF0 + byte(i)
		}
	}
	return s
}

func TestKnownAnswers(t *testing.T) {
	r, err := NewKeyring(Key{Version: 0, Secret: vectorSecret(0)}, Key{Version: 31, Secret: vectorSecret(31)})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.WriteString("# Known answers of trace/mint: key version, secret (hex), batch, serial, grouped code.\n")
	for _, id := range vectorIDs {
		m, err := NewMinter(r, id.Version)
		if err != nil {
			t.Fatal(err)
		}
		code, err := m.Code(id.Batch, id.Serial)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&out, "%d %s %d %d %s\n", id.Version, hex.EncodeToString(vectorSecret(id.Version)),
			id.Batch, id.Serial, code.Grouped())
	}
	path := filepath.Join("testdata", vectorsFile)
	if *update {
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run KnownAnswers -update to write it)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Fatalf("codes differ from %s:\ngot:\n%s\nwant:\n%s", path, out.Bytes(), want)
	}
	checkVectorsVerify(t, path)
}

// checkVectorsVerify reads each line of the vectors file with a keyring built from
// that line alone and checks that the code verifies to the line's batch and serial.
func checkVectorsVerify(t *testing.T, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	lines := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 5 {
			t.Fatalf("line %q has %d fields, want 5", line, len(fields))
		}
		version, _ := strconv.Atoi(fields[0])
		secret, _ := hex.DecodeString(fields[1])
		batch, _ := strconv.ParseUint(fields[2], 10, 32)
		serial, _ := strconv.ParseUint(fields[3], 10, 32)
		r, err := NewKeyring(Key{Version: uint8(version), Secret: secret})
		if err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		id, err := r.Verify(fields[4])
		want := ID{Version: uint8(version), Batch: uint32(batch), Serial: uint32(serial)}
		if err != nil || id != want {
			t.Fatalf("line %q: Verify = %v, %v, want %v", line, id, err, want)
		}
		lines++
	}
	if lines != len(vectorIDs) {
		t.Fatalf("%s has %d vectors, want %d", path, lines, len(vectorIDs))
	}
}
