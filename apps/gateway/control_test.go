package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/outbox"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

// controlConfig is a simulated greenhouse at 32 °C, above its band, with a
// weather station reporting no rain and light wind. No broker listens on the
// uplink's port, so the test also shows that control does not wait for it.
const controlConfig = `
group: test
gateway: gw-control
simulate: true
uplink: {broker: "tcp://127.0.0.1:1", reconnect_min: 1s}
outbox: {dir: outbox}
poll: {interval: 200ms, timeout: 500ms}
devices:
  - id: gh-1
    profile: greenhouse-controller
    transport: tcp
    address: 127.0.0.1:5020
    unit: 1
    sim: {inside_temperature: "32.0", roof_vent_command: "0"}
  - id: weather-1
    profile: weather-station
    transport: tcp
    address: 127.0.0.1:5021
    unit: 1
    sim: {rainfall: "0", wind_speed: "2.0", illuminance: "40000", air_temperature: "20.0"}
control:
  device: gh-1
  zone: Asia/Urumqi
  latitude: 43.8
  longitude: 87.6
  step: 200ms
  inside_field: inside_temperature
  weather: {device: weather-1, rain_field: rainfall, wind_field: wind_speed, light_field: illuminance, temperature_field: air_temperature}
  climate: {min: "18.0", max: "28.0", deadband: "2.0", min_open: 100ms, min_closed: 100ms}
  vents:
    - {name: roof, command_field: roof_vent_command, open: 1, close: 0}
`

// TestControlOpensVentWhenHot runs the gateway without a broker and checks
// that the controller writes the open value to the roof vent's command
// register and that a later poll reads it back.
func TestControlOpensVentWhenHot(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gateway.yaml")
	if err := os.WriteFile(path, []byte(controlConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	cc, err := cfg.compile()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := run(ctx, cc, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}

	var opened, readBack bool
	for _, body := range queuedTelemetry(t, filepath.Join(dir, "outbox")) {
		var m struct {
			Device  string                          `json:"device"`
			Control string                          `json:"control"`
			Command struct{ Target, Action string } `json:"command"`
			Values  map[string]json.Number          `json:"values"`
		}
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("telemetry %s: %v", body, err)
		}
		if m.Control == "command" && m.Command.Target == "roof" && strings.EqualFold(m.Command.Action, "open") {
			opened = true
		}
		if opened && m.Device == "gh-1" && m.Values["roof_vent_command"] == "1" {
			readBack = true
		}
	}
	if !opened {
		t.Error("no open command for the roof vent was queued")
	}
	if !readBack {
		t.Error("the roof vent command register never read back 1")
	}
}

// queuedTelemetry returns the bodies of the telemetry records in the outbox.
func queuedTelemetry(t *testing.T, dir string) [][]byte {
	t.Helper()
	box, err := outbox.Open(dir, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	var out [][]byte
	for {
		rec, ok, err := box.TryNext()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		if len(rec.Payload) > 0 && uplink.Kind(rec.Payload[0]) == uplink.Telemetry {
			out = append(out, append([]byte(nil), rec.Payload[1:]...))
		}
	}
}

func TestControlConfigRejects(t *testing.T) {
	base := strings.Replace(controlConfig, "control:\n  device: gh-1\n  zone: Asia/Urumqi\n", "control:\n", 1)
	tests := []struct {
		name, control, want string
	}{
		{"unknown device", "  device: gh-9\n  zone: Asia/Urumqi\n", `control.device: "gh-9": not found`},
		{"bad zone", "  device: gh-1\n  zone: Mars/Olympus\n", `control.zone: "Mars/Olympus": invalid`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(base, "control:\n", "control:\n"+tt.control, 1)
			path := filepath.Join(t.TempDir(), "g.yaml")
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr strings.Builder
			if code := gatewayMain([]string{"-config", path, "-check"}, &stdout, &stderr); code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("output %q, want it to contain %q", stderr.String(), tt.want)
			}
		})
	}

	t.Run("read-only command field", func(t *testing.T) {
		text := strings.Replace(controlConfig, "command_field: roof_vent_command", "command_field: roof_vent_position", 1)
		path := filepath.Join(t.TempDir(), "g.yaml")
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr strings.Builder
		gatewayMain([]string{"-config", path, "-check"}, &stdout, &stderr)
		want := `control.vents[0].command_field: "roof_vent_position": not writable`
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("output %q, want it to contain %q", stderr.String(), want)
		}
	})
}
