// Command gateway is the field gateway. It polls Modbus devices, evaluates
// alarm rules at the edge and sends readings, alarms and device health to an
// MQTT broker through a durable on-disk outbox. Messages queued while the
// uplink is down reach the broker when it returns, within the outbox's size
// and age bounds.
//
// Usage:
//
//	gateway -config FILE [-check] [-simulate]
//
// -check validates the configuration, the device profiles and the alarm
// rules, prints every problem with the path of the setting, and exits with
// status 1 when there is one. -simulate serves every TCP and RTU-over-TCP
// device from an in-process simulator, as simulate: true in the file does.
// The gateway stops cleanly on SIGINT or SIGTERM. README.md beside this file
// describes the configuration.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(gatewayMain(os.Args[1:], os.Stdout, os.Stderr))
}

// gatewayMain runs the command with args and returns its exit status.
func gatewayMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gateway", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "path of the gateway's YAML configuration `file` (required)")
	check := fs.Bool("check", false, "validate the configuration, profiles and alarm rules, then exit")
	simulate := fs.Bool("simulate", false, "poll in-process simulators instead of the configured addresses")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *configPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: gateway -config FILE [-check] [-simulate]")
		return 2
	}

	cfg, err := loadConfig(*configPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *simulate {
		cfg.Simulate = true
	}
	cc, err := cfg.compile()
	if err != nil {
		printErrors(stderr, *configPath, err)
		return 1
	}
	if *check {
		fmt.Fprintf(stdout, "%s: configuration valid: %d devices\n", *configPath, len(cc.devices))
		return 0
	}

	log := newLogger(cfg.Log, stderr).With("gateway", cfg.Gateway)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cc, log); err != nil {
		log.Error("gateway failed", "err", err)
		return 1
	}
	return 0
}

// printErrors prints one line per joined error.
func printErrors(w io.Writer, path string, err error) {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			fmt.Fprintf(w, "%s: %v\n", path, e)
		}
		return
	}
	fmt.Fprintf(w, "%s: %v\n", path, err)
}

func newLogger(cfg LogConfig, w io.Writer) *slog.Logger {
	var level slog.Level
	switch cfg.Level {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
