package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/live"
	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/trace"
)

// shutdownTimeout is how long serve waits for requests in flight on shutdown.
const shutdownTimeout = 10 * time.Second

func serveCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("county serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storageFlags
	sf.register(fs)
	sf.registerZone(fs)
	var tf telemetryFlags
	tf.register(fs)
	var af accessFlags
	af.register(fs)
	addr := fs.String("addr", envOr("SHUXIANG_ADDR", "127.0.0.1:8080"), "`HOST:PORT` to serve HTTP on (env SHUXIANG_ADDR)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 2
	}
	if _, err := loadZone(sf.zone); err != nil {
		fmt.Fprintf(stderr, "county serve: %v\n", err)
		return 2
	}
	if _, _, err := af.check(); err != nil {
		fmt.Fprintf(stderr, "county serve: %v\n", err)
		return 2
	}
	log := newLogger(stderr)
	if err := serveWith(ctx, sf, tf, af, *addr, log, nil); err != nil {
		log.Error("county server failed", "err", err)
		return 1
	}
	return 0
}

// listenAddrs are the addresses serve listens on.
type listenAddrs struct {
	HTTP   net.Addr
	MQTT   string // the broker URL the ingest subscribes at
	Centre string // the centre station's address, "" when disabled
	// Metrics is the address of the separate /metrics listener, nil when
	// /metrics is served on HTTP or not at all.
	Metrics net.Addr
}

// serve is serveWith with the default login limits and no trusted proxy.
func serve(ctx context.Context, sf storageFlags, tf telemetryFlags, addr string, log *slog.Logger, listening func(listenAddrs)) error {
	return serveWith(ctx, sf, tf, accessFlags{}, addr, log, listening)
}

// serveWith runs the HTTP server and the telemetry ingest until ctx ends,
// then shuts them down gracefully: HTTP first, then the ingest, which
// commits and acknowledges what it holds. When listening is not nil it
// receives the addresses once the ports are open.
func serveWith(ctx context.Context, sf storageFlags, tf telemetryFlags, af accessFlags, addr string, log *slog.Logger,
	listening func(listenAddrs)) error {
	proxies, header, err := af.check()
	if err != nil {
		return err
	}
	a, err := openApp(ctx, sf, log)
	if err != nil {
		return err
	}
	defer a.close()
	a.auth = auth.NewService(a.county, auth.Options{Login: af.login, Logger: log})
	lim := a.auth.LoginLimits()
	log.Info("login limits", "pair_failures", lim.PairFailures, "client_failures", lim.ClientFailures,
		"account_failures", lim.AccountFailures, "backoff", lim.Backoff.String(), "max_backoff", lim.MaxBackoff.String(),
		"trusted_proxies", af.trustedProxies, "forwarded_header", header)
	tel, err := startTelemetry(ctx, a, sf.data, tf, log)
	if err != nil {
		return err
	}
	defer tel.close()
	// The hub carries changes to the dashboard's event stream. Closing it
	// before the HTTP shutdown ends those streams, which would otherwise keep
	// their connections busy until the shutdown timeout.
	hub := live.NewHub(live.Options{})
	defer hub.Close()
	tel.hub = hub
	// The recorder hands stored fraud flags to the API server, which turns
	// them into alarms; api is set before the first lookup can be served.
	var api *server.Server
	tp, err := startTrace(a, sf.data, addr, tf.trace, log, func(ctx context.Context, f *trace.Flag) {
		api.RaiseTraceAlarm(ctx, f)
	})
	if err != nil {
		return err
	}
	defer tp.stop(log)
	api = server.New(server.Config{Land: a.land, Water: a.water, County: a.county, Auth: a.auth, Logger: log,
		TrustedProxies: proxies, ForwardedHeader: header,
		Live: hub, Rules: tel.watch.engine, Trace: tp.config, Zone: a.zone.loc,
		AlarmChanged: func(division string, data json.RawMessage) { tel.watch.publish(live.KindAlarm, division, data) },
		Ready: func(ctx context.Context) error {
			if err := tel.ready(); err != nil {
				return err
			}
			return a.db.PingContext(ctx)
		}})
	reg := newRegistry(a, tel)
	tp.registerMetrics(reg)
	metrics, err := startMetrics(tf.metrics, reg, api, log)
	if err != nil {
		return err
	}
	defer metrics.close()
	ictx, stopIngest := context.WithCancel(context.Background())
	defer stopIngest()
	ingestErr := make(chan error, 1)
	go func() { ingestErr <- tel.run(ictx, a.county, log) }()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	hs := &http.Server{
		Handler:           metrics.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("county server listening", "addr", ln.Addr().String(), "database", a.dialect.String(), "mqtt", tel.mqttURL,
		"zone", a.zone.name())
	if listening != nil {
		la := listenAddrs{HTTP: ln.Addr(), MQTT: tel.mqttURL, Metrics: metrics.addr()}
		if tel.centreL != nil {
			la.Centre = tel.centreL.Addr().String()
		}
		listening(la)
	}

	select {
	case err := <-errc:
		stopIngest()
		<-ingestErr
		return fmt.Errorf("serve HTTP: %w", err)
	case err := <-ingestErr:
		hs.Close()
		if err == nil {
			err = errors.New("stopped")
		}
		return fmt.Errorf("ingest: %w", err)
	case <-ctx.Done():
	}
	log.Info("county server stopping")
	hub.Close()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down HTTP: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve HTTP: %w", err)
	}
	// No lookup is served any more, so every scan is queued: write them.
	tp.stop(log)
	stopIngest()
	if err := <-ingestErr; err != nil {
		return fmt.Errorf("drain ingest: %w", err)
	}
	log.Info("county server stopped")
	return nil
}

func migrateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("county migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storageFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 2
	}
	log := newLogger(stderr)
	a, err := openApp(ctx, sf, log)
	if err != nil {
		log.Error("migrate failed", "err", err)
		return 1
	}
	defer a.close()
	landV, waterV, countyV, err := a.schemaVersions(ctx)
	if err != nil {
		log.Error("read schema versions", "err", err)
		return 1
	}
	fmt.Fprintf(stdout, "schema up to date (%s): land %d, water %d, county %d\n", a.dialect, landV, waterV, countyV)
	return 0
}
