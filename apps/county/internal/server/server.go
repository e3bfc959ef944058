// Package server is the HTTP JSON API of the county server under /api/v1/:
// plots, households, wells with their daily water totals and water-use plans,
// alarms, the audit log, accounts and login, with /healthz and /readyz beside
// it. For the dashboard, which it serves at /dashboard/, it adds division
// names, the plots as GeoJSON, statistics of water and land, and a stream of
// live events (text/event-stream) from a live.Hub.
//
// Every request outside the public routes carries a bearer token (see package
// auth). Every record it reads or changes must lie within the caller's
// administrative division. A record outside it is reported as not found, and a
// write that would move a record outside it is forbidden.
//
// Errors have the form {"error":{"code","message","field"}}. Listings are
// paged with limit and after, and GET responses carry an ETag that
// If-None-Match turns into 304 Not Modified. Request bodies are limited in
// size and unknown JSON fields are rejected. The routes are described by the
// OpenAPI 3.1 document at /api/v1/openapi.json.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/live"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// DefaultMaxBodyBytes is the request body limit when Config.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 1 << 20

// Config is the configuration of a Server. Land, Water, County and Auth are required.
type Config struct {
	// Land is the land register.
	Land land.Store
	// Water is the water register and alarms.
	Water water.Store
	// County is the server's own store: accounts, audit log, daily totals.
	County *store.Store
	// Auth authenticates requests and logs accounts in.
	Auth *auth.Service
	// Logger receives a line per request and per error; nil discards them.
	Logger *slog.Logger
	// MaxBodyBytes limits request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// ReadCacheTTL is how long a plot or a daily series response is served
	// from memory: 0 means DefaultReadCacheTTL and a negative value turns the
	// cache off. Writes through this server and PutDaily calls on County are
	// seen at once. Writes by other processes are seen within ReadCacheTTL.
	ReadCacheTTL time.Duration
	// Ready returns nil when the server may take traffic, for /readyz. Nil means
	// ready once the database replies to a query.
	Ready func(ctx context.Context) error
	// Live is the hub of changes that GET /api/v1/events streams to clients.
	// Nil means the stream sends no events but its keep-alive comments.
	Live *live.Hub
	// Rules is the central alarm rule set of GET and PUT
	// /api/v1/alarm-rules; nil answers those with 503.
	Rules RuleSet
	// AlarmChanged receives the data of an "alarm" live event (an
	// alarms.Event) when a request acknowledges or clears an alarm, with
	// the alarm's division. Nil publishes nothing.
	AlarmChanged func(division string, data json.RawMessage)
	// Zone is the county's time zone: the statistics count its calendar
	// days, months and years, harvest days end at 18:00 in it, and the
	// public lookup shows times in it. It should be the zone of County's
	// daily totals (store.Options.Zone). Nil means Asia/Shanghai, built in
	// as metering.BeijingTime, with times shown in UTC+8.
	Zone *time.Location
	// Clock returns the current time, which decides today's date for
	// month-to-date figures; nil means time.Now.
	Clock func() time.Time
	// KeepAlive is the interval of the comment lines that keep an idle event
	// stream open, and of the check that the stream's token is still valid.
	// Zero means DefaultKeepAlive.
	KeepAlive time.Duration
	// MaxStreams bounds the event streams open at once; 0 means
	// DefaultMaxStreams.
	MaxStreams int
	// MaxStreamsPerAccount bounds the event streams one account has open at
	// once, so that one account cannot take every place of MaxStreams; 0
	// means DefaultMaxStreamsPerAccount.
	MaxStreamsPerAccount int
	// Trace configures the traceability API and the public code lookup;
	// nil answers their routes with 503.
	Trace *TraceConfig
	// TrustedProxies are the networks of the reverse proxies in front of the
	// server. For a request whose TCP peer lies in one of them, the client's
	// address is read from ForwardedHeader; see ParseTrustedProxies. The
	// address is what the login limits, the public lookup's limits, the
	// scans' client hashes and the request log use. Empty trusts no proxy,
	// and the client is the TCP peer.
	TrustedProxies []netip.Prefix
	// ForwardedHeader is the header that the trusted proxies set,
	// HeaderXForwardedFor or HeaderForwarded; empty means
	// HeaderXForwardedFor. Only the one header is read, because a proxy that
	// sets one passes the other on as the client wrote it.
	ForwardedHeader string
}

// Server serves the API. It is safe for concurrent use.
type Server struct {
	cfg    Config
	log    *slog.Logger
	mux    *http.ServeMux
	routes []route
	// plots caches GET /api/v1/plots/{code} and series caches
	// GET /api/v1/wells/{code}/daily, by code and day range.
	plots  *bodyCache[land.PlotCode]
	series *bodyCache[seriesKey]
	// stats caches the dashboard's aggregate responses by route and query.
	stats *bodyCache[statsKey]

	zone    *metering.Zone // Config.Zone as a table of offsets
	loc     *time.Location // Config.Zone, or UTC+8 when that is nil
	now     func() time.Time
	streams chan struct{} // one token per open event stream
	// streamsMu guards streamsOf, the open event streams of each account.
	streamsMu sync.Mutex
	streamsOf map[string]int
	// trace is the traceability state; nil without Config.Trace.
	trace *traceState
}

// route is one registered endpoint. Public routes are served without a token.
type route struct {
	method, path string
	public       bool
	handle       func(w http.ResponseWriter, r *http.Request, p auth.Principal)
}

// New returns a Server on cfg.
func New(cfg Config) *Server {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.ReadCacheTTL == 0 {
		cfg.ReadCacheTTL = DefaultReadCacheTTL
	}
	s := &Server{cfg: cfg, log: log, mux: http.NewServeMux(),
		plots:  newBodyCache[land.PlotCode](cfg.ReadCacheTTL, nil),
		series: newBodyCache[seriesKey](cfg.ReadCacheTTL, cfg.County.DailyGeneration)}
	s.initDashboard()
	s.initTrace()
	s.routes = append(s.routeTable(), s.traceRoutes()...)
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
	}
	s.registerDashboard()
	s.mux.HandleFunc("/", s.noRoute)
	return s
}

// noRoute replies to requests that match no route: 405 with Allow when the
// path has routes for other methods, 404 otherwise.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed",
			fmt.Sprintf("method %s is not allowed on %s, want %s", r.Method, r.URL.Path, strings.Join(allow, " or ")), "")
		return
	}
	writeError(w, http.StatusNotFound, "not_found", "no route for "+r.Method+" "+r.URL.Path+"; see /api/v1/openapi.json", "")
}

// routeTable lists every endpoint. The OpenAPI document must describe each of
// them, and a test checks that it does.
func (s *Server) routeTable() []route {
	return []route{
		{"GET", "/healthz", true, s.healthz},
		{"GET", "/readyz", true, s.readyz},
		{"GET", "/api/v1/openapi.json", true, s.openapi},
		{"POST", "/api/v1/login", true, s.login},
		{"POST", "/api/v1/logout", false, s.logout},
		{"GET", "/api/v1/me", false, s.me},
		{"GET", "/api/v1/accounts", false, s.listAccounts},
		{"POST", "/api/v1/accounts", false, s.createAccount},
		{"GET", "/api/v1/accounts/{name}", false, s.getAccount},
		{"DELETE", "/api/v1/accounts/{name}", false, s.deleteAccount},
		{"POST", "/api/v1/accounts/{name}/disable", false, s.disableAccount},
		{"POST", "/api/v1/accounts/{name}/enable", false, s.enableAccount},
		{"POST", "/api/v1/accounts/{name}/reset-secret", false, s.resetSecret},
		{"GET", "/api/v1/accounts/{name}/tokens", false, s.listTokens},
		{"DELETE", "/api/v1/accounts/{name}/tokens", false, s.revokeTokens},
		{"DELETE", "/api/v1/accounts/{name}/tokens/{id}", false, s.revokeToken},
		{"GET", "/api/v1/plots", false, s.listPlots},
		{"POST", "/api/v1/plots", false, s.createPlot},
		{"GET", "/api/v1/plots/{code}", false, s.getPlot},
		{"PUT", "/api/v1/plots/{code}", false, s.updatePlot},
		{"GET", "/api/v1/households", false, s.listHouseholds},
		{"POST", "/api/v1/households", false, s.createHousehold},
		{"GET", "/api/v1/households/{code}", false, s.getHousehold},
		{"PUT", "/api/v1/households/{code}", false, s.updateHousehold},
		{"GET", "/api/v1/wells", false, s.listWells},
		{"GET", "/api/v1/wells/{code}", false, s.getWell},
		{"GET", "/api/v1/wells/{code}/daily", false, s.wellDaily},
		{"GET", "/api/v1/wells/{code}/plans/{year}", false, s.getPlan},
		{"PUT", "/api/v1/wells/{code}/plans/{year}", false, s.putPlan},
		{"GET", "/api/v1/alarms", false, s.listAlarms},
		{"POST", "/api/v1/alarms/{id}/ack", false, s.ackAlarm},
		{"POST", "/api/v1/alarms/{id}/clear", false, s.clearAlarm},
		{"GET", "/api/v1/alarm-rules", false, s.getAlarmRules},
		{"PUT", "/api/v1/alarm-rules", false, s.putAlarmRules},
		{"GET", "/api/v1/devices", false, s.listDevices},
		{"GET", "/api/v1/device-alarms", false, s.listDeviceAlarms},
		{"POST", "/api/v1/device-alarms/{id}/ack", false, s.ackDeviceAlarm},
		{"POST", "/api/v1/device-alarms/{id}/clear", false, s.clearDeviceAlarm},
		{"GET", "/api/v1/audit", false, s.listAudit},
		{"GET", "/api/v1/divisions", false, s.listDivisions},
		{"GET", "/api/v1/map/plots", false, s.mapPlots},
		{"GET", "/api/v1/stats/plan-use", false, s.planUse},
		{"GET", "/api/v1/stats/water", false, s.waterStats},
		{"GET", "/api/v1/stats/land", false, s.landStats},
		{"GET", "/api/v1/events", false, s.events},
	}
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// wrap authenticates the caller, limits the body, recovers from panics and
// logs the request.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		p := auth.Anonymous
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("handler panicked", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				if !sw.wrote {
					writeError(sw, http.StatusInternalServerError, "internal", "internal error", "")
				}
			}
			// Successful reads are logged at debug level only, because at
			// thousands of requests per second their lines would drown the rest.
			level := slog.LevelInfo
			if r.Method == http.MethodGet && sw.status < 400 {
				level = slog.LevelDebug
			}
			if s.log.Enabled(r.Context(), level) {
				s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
					"account", p.Account, "client", s.clientAddress(r), "duration_ms", time.Since(start).Milliseconds())
			}
		}()
		if r.Body != nil {
			r.Body = http.MaxBytesReader(sw, r.Body, s.cfg.MaxBodyBytes)
		}
		if token, ok := s.credentials(r, rt); ok {
			got, err := s.cfg.Auth.Authenticate(r.Context(), token)
			if err != nil {
				if !errors.Is(err, auth.ErrUnauthenticated) {
					s.log.Error("authenticate", "err", err)
				}
				sw.Header().Set("WWW-Authenticate", `Bearer realm="county"`)
				writeError(sw, http.StatusUnauthorized, "unauthenticated", "the bearer token is invalid or expired; log in again", "")
				return
			}
			p = got
		}
		if !rt.public && !p.Authenticated() {
			sw.Header().Set("WWW-Authenticate", `Bearer realm="county"`)
			writeError(sw, http.StatusUnauthorized, "unauthenticated", "send Authorization: Bearer TOKEN; POST /api/v1/login returns a token", "")
			return
		}
		if !rt.public && p.Role == auth.Public {
			writeError(sw, http.StatusForbidden, "forbidden", "role public may use the public endpoints only", "")
			return
		}
		rt.handle(sw, r, p)
	})
}

// bearer returns the token of an Authorization: Bearer header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(token), true
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap returns the wrapped writer, so that http.ResponseController reaches
// its Flush and deadline methods.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request, _ auth.Principal) {
	writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request, _ auth.Principal) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	check := s.cfg.Ready
	if check == nil {
		check = s.cfg.County.Ping
	}
	if err := check(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		writeError(w, http.StatusServiceUnavailable, "not_ready", err.Error(), "")
		return
	}
	writeJSON(w, r, http.StatusOK, map[string]string{"status": "ready"})
}
