package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckNamesFields runs -check on a file full of mistakes and checks that
// each one is reported with the path of its setting.
func TestCheckNamesFields(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := gatewayMain([]string{"-config", "testdata/bad.yaml", "-check"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	for _, want := range []string{
		"group: \"bad group\": invalid",
		"http.listen: \"0.0.0.0:9108\": invalid: use a loopback",
		"uplink.broker: \"http://127.0.0.1:1883\": invalid",
		"uplink.cert_file: \"client.pem\": cert_file and key_file go together",
		"outbox.dir: missing",
		"poll.retries: \"20\": out of range",
		"devices[0].profile: \"no-such-profile\": not a shipped profile",
		"devices[1].id: \"ws-1\": used twice",
		"devices[1].transport: \"udp\": invalid",
		"devices[1].unit: \"300\": out of range",
		"devices[1].alarms[0].rules",
		"devices[1].alarms[1].field: \"no_such_field\": not found",
		"devices[2].bus: \"rs485-9\": not found",
		"devices[2].sim.soil_moisture: \"abc\": invalid",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("-check output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", stderr.String())
	}
}

func TestCheckAcceptsDemo(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := gatewayMain([]string{"-config", "../../examples/gateway/demo.yaml", "-check"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit status %d, want 0; output:\n%s", code, stderr.String())
	}
	if got := stdout.String(); !strings.Contains(got, "configuration valid: 3 devices") {
		t.Errorf("output %q, want the device count", got)
	}
}

func TestConfigRejects(t *testing.T) {
	base := `group: g
gateway: gw
uplink: {broker: "tcp://127.0.0.1:1883"}
outbox: {dir: box}
devices:
  - {id: d1, profile: soil-moisture, transport: tcp, address: "127.0.0.1:502", unit: 1%s}
`
	tests := []struct {
		name, extra, want string
	}{
		{"unknown key", ", colour: red", "field colour not found"},
		{"negative interval", ", interval: -1s", "devices[0].interval: \"-1s\": negative"},
		{"bad report", ", report: sometimes", "devices[0].report: \"sometimes\": invalid"},
		{"bad gap", ", max_gap: 200", "devices[0].max_gap: \"200\": out of range"},
		{"bad alarm kind", ", alarms: [{field: soil_moisture, rules: [{id: x, kind: sideways, severity: info}]}]", "devices[0].alarms[0].rules"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "g.yaml")
			if err := os.WriteFile(path, fmt.Appendf(nil, base, tt.extra), 0o600); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			if code := gatewayMain([]string{"-config", path, "-check"}, &stdout, &stderr); code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("output %q, want it to contain %q", stderr.String(), tt.want)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := gatewayMain(nil, &stdout, &stderr); code != 2 {
		t.Errorf("exit status %d without -config, want 2", code)
	}
}
