package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
)

// metricPrefix starts the names of the county server's own metrics.
const metricPrefix = "shuxiang_county_"

// metricsFlags choose where /metrics is served.
type metricsFlags struct {
	addr string
}

// register adds -metrics-addr to fs, with its default from the environment.
func (f *metricsFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.addr, "metrics-addr", envOr("SHUXIANG_METRICS_ADDR", ""),
		"`HOST:PORT` of a separate listener for /metrics; empty serves /metrics on -addr, \"off\" serves none (env SHUXIANG_METRICS_ADDR)")
}

// newRegistry returns a registry with the Go, process and build collectors,
// the database pool statistics, and the counters of the ingest and the centre
// station, read from the components at scrape time.
func newRegistry(a *app, tel *telemetry) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector(), collectors.NewDBStatsCollector(a.db, a.dialect.String()))

	counter := func(name, help string, f func() uint64) {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: metricPrefix + name, Help: help},
			func() float64 { return float64(f()) }))
	}
	gauge := func(name, help string, f func() int64) {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: metricPrefix + name, Help: help},
			func() float64 { return float64(f()) }))
	}
	in := tel.ingest
	counter("ingest_messages_total", "MQTT messages received, redeliveries included.", func() uint64 { return in.Stats().Messages })
	counter("ingest_messages_malformed_total", "MQTT messages dropped because they do not decode.", func() uint64 { return in.Stats().Malformed })
	counter("ingest_values_skipped_total", "Numeric values dropped because they are not fixed-point numbers.", func() uint64 { return in.Stats().Skipped })
	counter("ingest_readings_total", "Readings received from MQTT and the centre station, duplicates included.", func() uint64 { return in.Stats().Readings })
	counter("ingest_readings_stored_total", "Readings new to the database.", func() uint64 { return in.Stats().Stored })
	counter("ingest_readings_duplicate_total", "Readings received again and not stored twice.", func() uint64 { return in.Stats().Duplicates })
	counter("ingest_commits_total", "Ingest transactions committed.", func() uint64 { return in.Stats().Commits })
	counter("ingest_messages_acked_total", "MQTT messages acknowledged after their readings were committed.", func() uint64 { return in.Stats().Acked })
	counter("ingest_mqtt_connects_total", "MQTT connections of the ingest established.", func() uint64 { return in.Stats().Connects })
	counter("ingest_messages_unregistered_total", "MQTT messages dropped because their gateway has no enabled device account.",
		func() uint64 { return in.Stats().Unregistered })
	reg.MustRegister(readingRejects{in: in})
	reg.MustRegister(loginMetrics{svc: a.auth})
	if c := tel.centre; c != nil {
		counter("centre_connections_total", "DTU connections accepted by the centre station.", func() uint64 { return uint64(c.Stats().Accepted) })
		gauge("centre_connections_open", "DTU connections open.", func() int64 { return c.Stats().Open })
		gauge("centre_stations", "Open connections that have named their station.", func() int64 { return c.Stats().Stations })
		counter("centre_frames_total", "Uplink frames decoded.", func() uint64 { return c.Stats().Frames })
		counter("centre_frames_invalid_total", "Uplink frames with a valid checksum that failed to decode.", func() uint64 { return c.Stats().Invalid })
		counter("centre_events_total", "Decoded messages handed to the ingest.", func() uint64 { return c.Stats().Events })
		counter("centre_heartbeats_total", "DTU heartbeat packets and protocol keep-alives.", func() uint64 { return c.Stats().Heartbeats })
		counter("centre_confirms_total", "Confirmations written to DTUs.", func() uint64 { return c.Stats().Confirms })
		counter("centre_received_bytes_total", "Bytes read from DTUs.", func() uint64 { return c.Stats().BytesIn })
		counter("centre_sent_bytes_total", "Bytes written to DTUs.", func() uint64 { return c.Stats().BytesOut })
		reg.MustRegister(centreRejects{c: tel})
	}
	return reg
}

var readingRejectsDesc = prometheus.NewDesc(metricPrefix+"ingest_readings_rejected_total",
	"Readings dropped because of their time, by reason: before_2000 (before 2000-01-01 UTC) or future (ahead of the server's clock by more than -max-clock-skew).",
	[]string{"reason"}, nil)

// readingRejects exports the readings the ingest dropped by reason.
type readingRejects struct{ in *ingest.Ingester }

func (r readingRejects) Describe(ch chan<- *prometheus.Desc) { ch <- readingRejectsDesc }

func (r readingRejects) Collect(ch chan<- prometheus.Metric) {
	st := r.in.Stats()
	ch <- prometheus.MustNewConstMetric(readingRejectsDesc, prometheus.CounterValue, float64(st.TooOld), "before_2000")
	ch <- prometheus.MustNewConstMetric(readingRejectsDesc, prometheus.CounterValue, float64(st.Future), "future")
}

var centreRejectsDesc = prometheus.NewDesc(metricPrefix+"centre_connections_closed_total",
	"DTU connections the centre station closed, by reason.", []string{"reason"}, nil)

// centreRejects exports the centre station's closed connections by reason.
type centreRejects struct{ c *telemetry }

func (r centreRejects) Describe(ch chan<- *prometheus.Desc) { ch <- centreRejectsDesc }

func (r centreRejects) Collect(ch chan<- prometheus.Metric) {
	rej := r.c.centre.Stats().Rejects
	for _, v := range []struct {
		reason string
		n      uint64
	}{{"max_conns", rej.MaxConns}, {"duplicate", rej.Duplicate}, {"registration", rej.Registration},
		{"protocol", rej.Protocol}, {"idle", rej.Idle}} {
		ch <- prometheus.MustNewConstMetric(centreRejectsDesc, prometheus.CounterValue, float64(v.n), v.reason)
	}
}

// httpMetrics instruments the HTTP API by route pattern, method and status.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: metricPrefix + "http_requests_total",
			Help: "HTTP requests served, by route pattern, method and status."}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: metricPrefix + "http_request_duration_seconds",
			Help:    "Time from the request's arrival to the end of its handler, by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"route", "method"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Name: metricPrefix + "http_requests_in_flight",
			Help: "HTTP requests being served."}),
	}
	reg.MustRegister(m.requests, m.duration, m.inFlight)
	return m
}

// unmatchedRoute labels requests that match no route, so that scanners
// probing random paths add one series and not one per path.
const unmatchedRoute = "unmatched"

// wrap returns next instrumented. The route label is the pattern that the
// API's http.ServeMux matched, such as /api/v1/plots/{code}, which the mux
// stores in Request.Pattern.
func (m *httpMetrics) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inFlight.Inc()
		sw := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			m.inFlight.Dec()
			route := routeOf(r.Pattern)
			m.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.status)).Inc()
			m.duration.WithLabelValues(route, r.Method).Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(sw, r)
	})
}

// routeOf returns the path of a mux pattern such as "GET /api/v1/plots/{code}",
// or unmatchedRoute for the catch-all pattern "/" and for none.
func routeOf(pattern string) string {
	if _, path, ok := strings.Cut(pattern, " "); ok {
		pattern = path
	}
	if pattern == "" || pattern == "/" {
		return unmatchedRoute
	}
	return pattern
}

// statusRecorder records the status a handler writes. It passes Flush on,
// for streamed responses, and Unwrap gives http.ResponseController the
// writer below.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		w.wrote = true
		f.Flush()
	}
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// metricsServer is the /metrics endpoint of serve.
type metricsServer struct {
	// handler is what the main listener serves: the API, instrumented, with
	// /metrics beside it unless metrics have a listener of their own.
	handler http.Handler
	// ln and srv are the separate listener, nil when there is none.
	ln  net.Listener
	srv *http.Server
}

// startMetrics instruments api and serves /metrics where f.addr chooses: on
// the main listener (empty), on a listener of its own, or nowhere ("off").
// The endpoint needs no token, because it shows counts and timings and never
// register data. A deployment that must not expose them binds -metrics-addr
// to a private address.
func startMetrics(f metricsFlags, reg *prometheus.Registry, api http.Handler, log *slog.Logger) (*metricsServer, error) {
	m := newHTTPMetrics(reg)
	ms := &metricsServer{}
	scrape := promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelError)})
	switch f.addr {
	case "off":
		ms.handler = m.wrap(api)
		return ms, nil
	case "":
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", scrape)
		mux.Handle("/", m.wrap(api))
		ms.handler = mux
		return ms, nil
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics on -metrics-addr %s: %w", f.addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", scrape)
	ms.ln, ms.handler = ln, m.wrap(api)
	ms.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := ms.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "addr", ln.Addr().String(), "err", err)
		}
	}()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return ms, nil
}

// addr returns the address of the separate listener, nil when there is none.
func (ms *metricsServer) addr() net.Addr {
	if ms.ln == nil {
		return nil
	}
	return ms.ln.Addr()
}

// close stops the separate listener.
func (ms *metricsServer) close() {
	if ms.srv != nil {
		ms.srv.Close()
	}
}
