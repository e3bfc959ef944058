package uplink

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseEpoch(t *testing.T) {
	tests := []struct {
		in      string
		want    uint64
		wantErr bool
	}{
		{"", 0, false},
		{"9f86d081884c7d65", 0x9f86d081884c7d65, false},
		{"0000000000000001", 1, false},
		{"ffffffffffffffff", 1<<64 - 1, false},
		{"0000000000000000", 0, true},
		{"9F86D081884C7D65", 0, true},
		{"9f86d081884c7d6", 0, true},
		{"9f86d081884c7d650", 0, true},
		{"9f86d081884c7d6g", 0, true},
		{"+f86d081884c7d65", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseEpoch(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseEpoch(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseEpoch(%q) = %#x, want %#x", tt.in, got, tt.want)
			}
			if err == nil && tt.in != "" && FormatEpoch(got) != tt.in {
				t.Errorf("FormatEpoch(%#x) = %q, want %q", got, FormatEpoch(got), tt.in)
			}
		})
	}
}

func TestEpochKeptWithOutbox(t *testing.T) {
	dir := t.TempDir()
	box := openBox(t, dir)
	u, err := New(box, testConfig("tcp://127.0.0.1:1883"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseEpoch(u.Epoch()); err != nil || u.Epoch() == "" {
		t.Fatalf("Epoch() = %q, %v; want 16 hexadecimal digits", u.Epoch(), err)
	}
	saved, err := os.ReadFile(filepath.Join(dir, epochName))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(saved)); got != u.Epoch() {
		t.Errorf("epoch file holds %q, want %q", got, u.Epoch())
	}

	again, err := New(box, testConfig("tcp://127.0.0.1:1883"))
	if err != nil {
		t.Fatal(err)
	}
	if again.Epoch() != u.Epoch() {
		t.Errorf("epoch after a restart = %q, want %q", again.Epoch(), u.Epoch())
	}

	// A reinstalled gateway has a new outbox directory, whose sequence
	// numbers start at 1 again.
	other, err := New(openBox(t, t.TempDir()), testConfig("tcp://127.0.0.1:1883"))
	if err != nil {
		t.Fatal(err)
	}
	if other.Epoch() == u.Epoch() {
		t.Errorf("a new outbox directory kept epoch %q, want a new one", u.Epoch())
	}
}

func TestEpochFileInvalid(t *testing.T) {
	for _, content := range []string{"", "xyz\n", "0000000000000000\n"} {
		box := openBox(t, t.TempDir())
		path := filepath.Join(box.Dir(), epochName)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := New(box, testConfig("tcp://127.0.0.1:1883"))
		if err == nil || !strings.Contains(err.Error(), "delete it") {
			t.Errorf("New with epoch file %q: error %v, want one that says to delete it", content, err)
		}
	}
}
