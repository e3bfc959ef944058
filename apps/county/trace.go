package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shuxiang/shuxiang/apps/county/internal/codekeys"
	"github.com/shuxiang/shuxiang/apps/county/internal/scanlog"
	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/trace"
)

// fontPaths are TrueType fonts with CJK glyphs that Debian and Ubuntu install,
// tried in order when -label-font is not given.
var fontPaths = []string{
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/truetype/arphic/uming.ttf",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttf",
}

// traceFlags are the flags of the traceability API and the public lookup.
type traceFlags struct {
	publicURL   string
	domain      string
	rulesFile   string
	lookupRate  float64
	lookupBurst int
	font        string
}

// register adds the trace flags to fs, with defaults from the environment.
func (f *traceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.publicURL, "public-url", os.Getenv("SHUXIANG_PUBLIC_URL"),
		"base `URL` of the public code lookup, printed in QR codes such as https://trace.example.cn; empty means http:// and -addr (env SHUXIANG_PUBLIC_URL)")
	fs.StringVar(&f.domain, "trace-domain", os.Getenv("SHUXIANG_TRACE_DOMAIN"),
		"`host` name of the county's trace URIs in EPCIS events, such as trace.example.cn; empty means the host of -public-url (env SHUXIANG_TRACE_DOMAIN)")
	fs.StringVar(&f.rulesFile, "trace-rules", os.Getenv("SHUXIANG_TRACE_RULES"),
		"JSON `file` of the scan fraud rules (trace.Rules); empty runs every rule with its defaults (env SHUXIANG_TRACE_RULES)")
	fs.Float64Var(&f.lookupRate, "lookup-rate", envFloat("SHUXIANG_LOOKUP_RATE", server.DefaultLookupRate),
		"public lookups per second one client may make on average; 0 or less turns the limit off (env SHUXIANG_LOOKUP_RATE)")
	fs.IntVar(&f.lookupBurst, "lookup-burst", envInt("SHUXIANG_LOOKUP_BURST", server.DefaultLookupBurst),
		"public lookups one client may make at once (env SHUXIANG_LOOKUP_BURST)")
	fs.StringVar(&f.font, "label-font", os.Getenv("SHUXIANG_LABEL_FONT"),
		"TrueType `file` with CJK glyphs for PDF certificates and labels; empty tries the Debian font paths (env SHUXIANG_LABEL_FONT)")
}

func envFloat(name string, fallback float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return fallback
}

func envInt(name string, fallback int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return fallback
}

// traceParts are the running traceability parts of serve.
type traceParts struct {
	config   *server.TraceConfig
	recorder *scanlog.Recorder
	done     chan error
	stopped  sync.Once
}

// startTrace loads the code keys from the data folder, the fraud rules and
// the font, and starts the scan recorder on a's trace store. flagged receives
// each stored flag.
func startTrace(a *app, dataDir, addr string, f traceFlags, log *slog.Logger,
	flagged func(context.Context, *trace.Flag)) (*traceParts, error) {
	cfg, err := f.config(dataDir, addr, log)
	if err != nil {
		return nil, err
	}
	cfg.Store = a.trace
	rules := cfg.Rules
	rec, err := scanlog.New(scanlog.Config{Store: a.trace, Rules: rules, Logger: log, Flagged: flagged,
		Resolver: trace.Resolvers{trace.MintResolver{Keys: cfg.Keys.Mint, Namespace: cfg.Namespace}, trace.GS1Resolver{}}})
	if err != nil {
		return nil, err
	}
	cfg.Recorder = rec
	tp := &traceParts{config: cfg, recorder: rec, done: make(chan error, 1)}
	go func() { tp.done <- rec.Run(context.Background()) }()
	return tp, nil
}

// stop closes the recorder and waits until it has written every queued scan.
// Call it after the HTTP server has shut down.
// A second call does nothing.
func (tp *traceParts) stop(log *slog.Logger) {
	tp.stopped.Do(func() {
		tp.recorder.Close()
		<-tp.done
		c := tp.recorder.Counts()
		log.Info("scan recorder stopped", "scans", c.Scans, "written", c.Written, "dropped", c.Dropped,
			"flags", c.Flags, "queue_full_waits", c.Waits)
	})
}

// config returns the trace configuration of the flags, without store and
// recorder.
func (f traceFlags) config(dataDir, addr string, log *slog.Logger) (*server.TraceConfig, error) {
	public := f.publicURL
	if public == "" {
		public = "http://" + addr
	}
	u, err := url.Parse(public)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("-public-url %q is not an http or https URL such as https://trace.example.cn", public)
	}
	domain := f.domain
	if domain == "" {
		domain = u.Hostname()
	}
	ns := trace.Namespace{Domain: domain}
	if err := ns.Validate(); err != nil {
		return nil, fmt.Errorf("-trace-domain: %w; set -trace-domain to the county's trace host name", err)
	}
	keys, err := codekeys.Load(filepath.Join(dataDir, codekeys.FileName), time.Now())
	if err != nil {
		return nil, fmt.Errorf("trace keys: %w", err)
	}
	cfg := &server.TraceConfig{Namespace: ns, PublicURL: public, Keys: keys,
		LookupRate: f.lookupRate, LookupBurst: f.lookupBurst}
	if f.lookupRate <= 0 {
		cfg.LookupRate = -1
	}
	if f.rulesFile != "" {
		data, err := os.ReadFile(f.rulesFile)
		if err != nil {
			return nil, fmt.Errorf("-trace-rules: %w", err)
		}
		if cfg.Rules, err = parseRules(data); err != nil {
			return nil, fmt.Errorf("-trace-rules %s: %w", f.rulesFile, err)
		}
	}
	cfg.Font, err = loadFont(f.font)
	if err != nil {
		return nil, err
	}
	if cfg.Font == nil {
		log.Warn("no CJK font found: certificate PDFs and label sheets with Chinese text fail; set -label-font")
	}
	log.Info("trace keys loaded", "key_version", keys.Current, "versions", fmt.Sprint(keys.Mint.Versions()))
	return cfg, nil
}

// parseRules decodes a trace.Rules JSON object, rejecting unknown fields, and
// validates it. Durations are in nanoseconds, as encoding/json writes them.
func parseRules(data []byte) (trace.Rules, error) {
	var r trace.Rules
	if err := decodeStrict(data, &r); err != nil {
		return r, err
	}
	return r, r.Validate()
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// loadFont reads the font file, or the first of fontPaths that exists when
// path is empty. It returns nil when there is none.
func loadFont(path string) ([]byte, error) {
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("-label-font: %w", err)
		}
		return data, nil
	}
	for _, p := range fontPaths {
		data, err := os.ReadFile(p)
		if err == nil {
			return data, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("read font %s: %w", p, err)
		}
	}
	return nil, nil
}

// keysRotateCommand adds a mint key version to the data folder's key file and
// makes it current.
func keysRotateCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("county keys rotate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", envOr("SHUXIANG_DATA", "data"), "`folder` of the key file "+codekeys.FileName+" (env SHUXIANG_DATA)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 2
	}
	path := filepath.Join(*data, codekeys.FileName)
	if _, err := codekeys.Load(path, time.Now()); err != nil {
		fmt.Fprintf(stderr, "county keys rotate: %v\n", err)
		return 1
	}
	v, err := codekeys.Rotate(path, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "county keys rotate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "key version %d is current in %s; restart the server to mint with it\n", v, path)
	return 0
}

// registerMetrics adds the scan recorder's totals to reg.
func (tp *traceParts) registerMetrics(reg *prometheus.Registry) {
	rec := tp.recorder
	counter := func(name, help string, f func(scanlog.Counts) int64) {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: metricPrefix + name, Help: help},
			func() float64 { return float64(f(rec.Counts())) }))
	}
	counter("trace_scans_total", "Public lookups recorded as scans.", func(c scanlog.Counts) int64 { return c.Scans })
	counter("trace_scans_written_total", "Scans stored in the database.", func(c scanlog.Counts) int64 { return c.Written })
	counter("trace_scans_dropped_total", "Scans that could not be stored after retries.", func(c scanlog.Counts) int64 { return c.Dropped })
	counter("trace_flags_total", "Fraud flags stored.", func(c scanlog.Counts) int64 { return c.Flags })
	counter("trace_queue_full_waits_total", "Lookups that waited for room in the scan queue.", func(c scanlog.Counts) int64 { return c.Waits })
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: metricPrefix + "trace_scans_queued",
		Help: "Scans waiting to be written."}, func() float64 { return float64(rec.Counts().Queued) }))
}
