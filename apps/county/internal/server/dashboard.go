package server

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water/metering"
)

// dashboardFiles are the dashboard page, its style sheet and its ES modules.
// They are served as they are, with no build step.
//
//go:embed dashboard
var dashboardFiles embed.FS

// dashboardPrefix is the path the dashboard's files are served under.
const dashboardPrefix = "/dashboard/"

// dashboardPolicy is the Content-Security-Policy of the dashboard's files: its
// own scripts, styles and API only, and no framing.
const dashboardPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// staticFile is an embedded file with its precomputed headers.
type staticFile struct {
	body        []byte
	etag        string
	contentType string
}

// statsKey identifies a cached statistics response: the route, the division
// it covers and its other query parameters as resolved.
type statsKey struct {
	route    string
	division land.DivisionCode
	query    string
}

// initDashboard sets the fields the dashboard's routes use.
func (s *Server) initDashboard() {
	s.zone, s.loc = metering.BeijingTime(), time.FixedZone("CST", 8*3600)
	if s.cfg.Zone != nil {
		// NewZone fails only on a nil location.
		s.zone, _ = metering.NewZone(s.cfg.Zone)
		s.loc = s.cfg.Zone
	}
	s.now = s.cfg.Clock
	if s.now == nil {
		s.now = time.Now
	}
	if s.cfg.KeepAlive <= 0 {
		s.cfg.KeepAlive = DefaultKeepAlive
	}
	if s.cfg.MaxStreams <= 0 {
		s.cfg.MaxStreams = DefaultMaxStreams
	}
	s.streams = make(chan struct{}, s.cfg.MaxStreams)
	if s.cfg.MaxStreamsPerAccount <= 0 {
		s.cfg.MaxStreamsPerAccount = DefaultMaxStreamsPerAccount
	}
	s.streamsOf = make(map[string]int)
	// Statistics change with the daily totals and with plot writes through
	// this server; other changes, such as plans, show within ReadCacheTTL.
	var daily func() uint64
	if s.cfg.County != nil {
		daily = s.cfg.County.DailyGeneration
	}
	s.stats = newBodyCache[statsKey](s.cfg.ReadCacheTTL, func() uint64 {
		g := s.plots.current()
		if daily != nil {
			g += daily()
		}
		return g
	})
}

// serveStats writes the statistics response of key from the cache, or from
// load, which reads the stores, when the cache has none that is fresh.
func (s *Server) serveStats(w http.ResponseWriter, r *http.Request, key statsKey, load func() (any, error)) {
	now := time.Now()
	if e, ok := s.stats.get(key, now); ok {
		e.write(w, r)
		return
	}
	generation := s.stats.current()
	v, err := load()
	if err != nil {
		s.internal(w, r, err)
		return
	}
	body, etag, err := encodeBody(v)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	e := newCachedBody(key.division, body, etag, generation)
	s.stats.put(key, e, now)
	e.write(w, r)
}

// registerDashboard serves the dashboard under /dashboard/ and redirects / to
// it. The files are public, and the page shows a login form before it reads
// the API.
func (s *Server) registerDashboard() {
	files := loadDashboard()
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, dashboardPrefix, http.StatusFound)
	})
	s.mux.HandleFunc("GET "+dashboardPrefix, func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, dashboardPrefix)
		if name == "" {
			name = "index.html"
		}
		f, ok := files[name]
		if !ok {
			writeError(w, http.StatusNotFound, "not_found", "no dashboard file "+r.URL.Path, "")
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.contentType)
		h.Set("ETag", f.etag)
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", dashboardPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if etagMatches(r.Header.Get("If-None-Match"), f.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(f.body)))
		_, _ = w.Write(f.body)
	})
}

// loadDashboard reads the embedded files once, keyed by their path below
// the dashboard folder.
func loadDashboard() map[string]staticFile {
	files := map[string]staticFile{}
	root, _ := fs.Sub(dashboardFiles, "dashboard")
	_ = fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(root, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ct := mime.TypeByExtension(path.Ext(name))
		if path.Ext(name) == ".js" {
			// Module scripts must be served with a JavaScript type, which
			// some systems' MIME tables lack.
			ct = "text/javascript; charset=utf-8"
		}
		files[name] = staticFile{body: body, contentType: ct,
			etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`}
		return nil
	})
	return files
}
