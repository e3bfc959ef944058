package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunLogsGatewayIDOnce runs the gateway without a broker, with the
// logger that main builds, and checks that no record names the gateway twice.
func TestRunLogsGatewayIDOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gateway.yaml")
	const text = `
group: test
gateway: gw-log
simulate: true
uplink: {broker: "tcp://127.0.0.1:1", reconnect_min: 1s}
outbox: {dir: outbox}
poll: {interval: 200ms, timeout: 500ms}
devices:
  - {id: soil-1, profile: soil-moisture, transport: tcp, address: 127.0.0.1:5020, unit: 1}
`
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
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
	var out bytes.Buffer
	log := newLogger(cfg.Log, &out).With("gateway", cfg.Gateway)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := run(ctx, cc, log); err != nil {
		t.Fatal(err)
	}

	started := false
	for line := range strings.Lines(out.String()) {
		if n := strings.Count(line, " gateway="); n != 1 {
			t.Errorf("log record names the gateway %d times: %s", n, line)
		}
		started = started || strings.Contains(line, `msg="gateway started"`)
	}
	if !started {
		t.Errorf("no gateway started record in\n%s", out.String())
	}
}
