package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

func TestKeysRotateCommand(t *testing.T) {
	dir := t.TempDir()
	for _, want := range []string{"key version 2 is current", "key version 3 is current"} {
		var out, errOut bytes.Buffer
		code := countyMain(context.Background(), []string{"keys", "rotate", "-data", dir}, &out, &errOut)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("output %q, want %q", out.String(), want)
		}
	}
	info, err := os.Stat(filepath.Join(dir, "trace-keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", info.Mode().Perm())
	}
}

func TestTraceFlagsConfig(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.json")
	if err := os.WriteFile(rules, []byte(`{"scanCount": {"threshold": 50}, "travel": {"off": true}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	f := traceFlags{rulesFile: rules, lookupRate: 2, lookupBurst: 10}
	cfg, err := f.config(dir, "127.0.0.1:8080", log)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.PublicURL != "http://127.0.0.1:8080" {
		t.Errorf("public URL %q, want http://127.0.0.1:8080", cfg.PublicURL)
	}
	if cfg.Namespace.Domain != "127.0.0.1" {
		t.Errorf("domain %q, want 127.0.0.1", cfg.Namespace.Domain)
	}
	if cfg.Rules.ScanCount.Threshold != 50 || !cfg.Rules.Travel.Off {
		t.Errorf("rules %+v, want threshold 50 and travel off", cfg.Rules)
	}
	if cfg.LookupRate != 2 || cfg.LookupBurst != 10 {
		t.Errorf("lookup limit %v/%d, want 2/10", cfg.LookupRate, cfg.LookupBurst)
	}
	off := traceFlags{lookupRate: 0}
	if cfg, err := off.config(dir, "127.0.0.1:8080", log); err != nil || cfg.LookupRate >= 0 {
		t.Errorf("-lookup-rate 0 gives rate %v (err %v), want the limit off", cfg.LookupRate, err)
	}
}

func TestTraceFlagsRejected(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	log := slog.New(slog.DiscardHandler)
	tests := []struct {
		name string
		f    traceFlags
		want string
	}{
		{"unknown rule field", traceFlags{rulesFile: write("a.json", `{"scanCuont": {}}`)}, "unknown field"},
		{"negative threshold", traceFlags{rulesFile: write("b.json", `{"scanCount": {"threshold": -1}}`)}, "negative"},
		{"missing rules file", traceFlags{rulesFile: filepath.Join(dir, "none.json")}, "-trace-rules"},
		{"public URL scheme", traceFlags{publicURL: "ftp://x.example.cn"}, "-public-url"},
		{"bad domain", traceFlags{domain: "Not A Host"}, "-trace-domain"},
		{"missing font", traceFlags{font: filepath.Join(dir, "none.ttf")}, "-label-font"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.f.config(dir, "127.0.0.1:8080", log)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestServeKeepsScansOnShutdown looks codes up while the server runs, stops
// it, and checks that every lookup was stored as a scan.
func TestServeKeepsScansOnShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server")
	}
	sf := storageFlags{data: t.TempDir()}
	tf := testTelemetry()
	tf.trace.lookupRate = -1
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, sf, tf, "127.0.0.1:0", newLogger(io.Discard), func(a listenAddrs) { addrc <- a.HTTP })
	}()
	var base string
	select {
	case a := <-addrc:
		base = "http://" + a.String()
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	const lookups = 500
	for i := range lookups {
		res, err := http.Get(fmt.Sprintf("%s/t/NOT-A-CODE-%d", base, i))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("lookup %d: status %d, want 404", i, res.StatusCode)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}

	a, err := openApp(context.Background(), sf, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	stored := 0
	after := ""
	for {
		page, next, err := a.trace.Scans(context.Background(), trace.ScanFilter{Page: land.Page{Limit: 1000, After: after}})
		if err != nil {
			t.Fatal(err)
		}
		stored += len(page)
		if next == "" {
			break
		}
		after = next
	}
	if stored != lookups {
		t.Errorf("%d scans stored, want %d: a graceful stop writes every queued scan", stored, lookups)
	}
}

// TestDemoTrace runs the demo and looks up the sample code it prints, whose
// story has every step and whose lookups from two cities raised a flag.
func TestDemoTrace(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo county")
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- countyMain(ctx, []string{"demo", "-data", t.TempDir(), "-addr", "127.0.0.1:0",
			"-mqtt-addr", "127.0.0.1:0", "-centre-addr", "127.0.0.1:0"}, &out, &errOut)
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("demo exited with %d: %s", code, errOut.String())
		}
	}()
	var lookup string
	waitFor(t, 90*time.Second, "the demo's sample lookup URL", func() bool {
		for _, line := range strings.Split(out.String(), "\n") {
			if u, ok := strings.CutPrefix(line, "Trace: a product story at "); ok {
				lookup = strings.TrimSpace(u)
			}
		}
		return lookup != ""
	})
	res, err := http.Get(lookup)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("lookup %s: status %d", lookup, res.StatusCode)
	}
	for _, want := range []string{"青杨骏枣", "青杨县团结红枣专业合作社", "采收", "包装", "检验", "发运", "收货", "零售",
		"检测结果：合格", "异常提示", "第 3 次查询"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the sample's page lacks %q", want)
		}
	}
}
