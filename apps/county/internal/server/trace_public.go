package server

import (
	"context"
	"errors"
	"html/template"
	"math"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/publicpage"
	"github.com/shuxiang/shuxiang/apps/county/internal/scanlog"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// lookupPolicy is the Content-Security-Policy of the lookup page: its inline
// style only, no script, no framing.
const lookupPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

var (
	htmlTypeHeader  = []string{"text/html; charset=utf-8"}
	noStoreHeader   = []string{"no-store"}
	lookupCSPHeader = []string{lookupPolicy}
	nosniffHeader   = []string{"nosniff"}
)

// lookup serves the public page of a code given in the path: a county-minted
// code in compact or grouped form, or any text the resolvers read. Every
// lookup is recorded as a scan. The optional query parameters region (a
// county or township division code) and loc (lon,lat in degrees) give the
// scan's coarse place.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request, _ auth.Principal) {
	s.serveLookup(w, r, r.PathValue("code"))
}

// lookupGS1 serves the public page of a GS1 Digital Link path, such as
// /01/{gtin}/10/{lot}/21/{serial}.
func (s *Server) lookupGS1(w http.ResponseWriter, r *http.Request, _ auth.Principal) {
	s.serveLookup(w, r, "https://id.gs1.org"+r.URL.EscapedPath())
}

func (s *Server) serveLookup(w http.ResponseWriter, r *http.Request, text string) {
	if !s.traceReady(w) {
		return
	}
	t := s.trace
	// The scan stores the address only as part of the client's keyed hash
	// (trace.HashClient of the address and the user agent).
	addr := s.clientAddress(r)
	client := trace.HashClient(t.cfg.Keys.Client, addr+"\x00"+r.UserAgent())
	if t.limiter != nil {
		ok, wait := t.limiter.Allow(client)
		if ok {
			ok, wait = t.addresses.Allow(addressKey(addr))
		}
		if !ok {
			seconds := int(math.Ceil(wait.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(max(seconds, 1)))
			writeError(w, http.StatusTooManyRequests, "rate_limited",
				"too many lookups from this client; wait and try again", "")
			return
		}
	}
	req := trace.ScanRequest{Text: text, Client: client}
	q := r.URL.Query()
	if v := q.Get("region"); v != "" {
		if d := land.DivisionCode(v); d.Validate() == nil && d.Level() <= land.DivisionTownship {
			req.Division = d
		}
	}
	if v := q.Get("loc"); v != "" {
		req.Location = parseLoc(v)
	}
	res, err := t.cfg.Recorder.Scan(r.Context(), req)
	if err != nil {
		s.log.Warn("trace: record lookup failed", "err", err)
		writeError(w, http.StatusServiceUnavailable, "unavailable", "the lookup could not be recorded; try again", "")
		return
	}
	page, status, err := s.lookupPage(r.Context(), text, res)
	if err != nil {
		s.internal(w, r, err)
		return
	}

	buf := pageBuffers.Get().(*[]byte)
	*buf = publicpage.AppendPage((*buf)[:0], page)
	h := w.Header()
	h["Content-Type"] = htmlTypeHeader
	h["Cache-Control"] = noStoreHeader
	h["Content-Security-Policy"] = lookupCSPHeader
	h["X-Content-Type-Options"] = nosniffHeader
	h["Content-Length"] = []string{strconv.Itoa(len(*buf))}
	w.WriteHeader(status)
	_, _ = w.Write(*buf)
	if cap(*buf) <= maxPooledPage {
		pageBuffers.Put(buf)
	}
}

// maxPooledPage bounds the page buffers kept for reuse.
const maxPooledPage = 64 << 10

// pageBuffers are buffers that lookup pages are assembled in.
var pageBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// lookupPage returns the page of a recorded lookup and its HTTP status: 404
// for an unknown or malformed code, 200 otherwise.
func (s *Server) lookupPage(ctx context.Context, text string, res *scanlog.Result) (*publicpage.Lookup, int, error) {
	page := &publicpage.Lookup{Code: text, Count: res.Count, First: res.First, Flagged: res.Flagged, Zone: s.loc}
	switch res.Scan.Status {
	case trace.Malformed:
		page.Status = publicpage.Malformed
		return page, http.StatusNotFound, nil
	case trace.Unissued:
		page.Status = publicpage.Unknown
		return page, http.StatusNotFound, nil
	}
	e, err := s.story(ctx, text, res.Scan.EPC)
	if err != nil {
		return nil, 0, err
	}
	page.Story, page.Status = e.html, publicpage.Found
	state := res.Issuance.State
	switch {
	case e.voided || state == trace.Suspended || state == trace.Revoked:
		page.Status = publicpage.Voided
	case state == trace.Issued:
		page.Status = publicpage.NotActive
	}
	return page, http.StatusOK, nil
}

// addressKey returns the key of the address limiter: the address itself for
// IPv4, and its /64 for IPv6, because one subscriber is given a whole /64.
func addressKey(host string) string {
	a, err := netip.ParseAddr(host)
	if err != nil || a.Unmap().Is4() {
		return host
	}
	p, err := a.Prefix(64)
	if err != nil {
		return host
	}
	return p.String()
}

// parseLoc reads "lon,lat" in degrees, returning nil for anything else.
func parseLoc(v string) *trace.GeoPoint {
	lon, lat, ok := strings.Cut(v, ",")
	if !ok {
		return nil
	}
	x, err1 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	p := &trace.GeoPoint{Lon: x, Lat: y}
	if err1 != nil || err2 != nil || p.Validate() != nil {
		return nil
	}
	return p
}

// storyEntry is a rendered story with what the page needs besides.
type storyEntry struct {
	html       template.HTML
	voided     bool
	generation uint64
	expires    time.Time
}

// maxStories bounds the cached stories.
const maxStories = 100_000

// storyCache holds rendered stories by EPC. Trace writes through this server
// move its generation on, and so do plot writes, which external adds.
type storyCache struct {
	ttl      time.Duration
	own      atomic.Uint64
	external func() uint64

	mu      sync.RWMutex
	entries map[string]*storyEntry
}

func newStoryCache(ttl time.Duration, external func() uint64) *storyCache {
	return &storyCache{ttl: ttl, external: external, entries: map[string]*storyEntry{}}
}

func (c *storyCache) current() uint64 { return c.own.Load() + c.external() }

func (c *storyCache) invalidate() {
	c.mu.Lock()
	c.own.Add(1)
	clear(c.entries)
	c.mu.Unlock()
}

func (c *storyCache) get(epc string, now time.Time) (*storyEntry, bool) {
	if c.ttl <= 0 {
		return nil, false
	}
	c.mu.RLock()
	e, ok := c.entries[epc]
	c.mu.RUnlock()
	if !ok || e.generation != c.current() || !now.Before(e.expires) {
		return nil, false
	}
	return e, true
}

func (c *storyCache) put(epc string, e *storyEntry, now time.Time) {
	if c.ttl <= 0 {
		return
	}
	e.expires = now.Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.generation != c.current() {
		return
	}
	if _, ok := c.entries[epc]; !ok && len(c.entries) >= maxStories {
		clear(c.entries)
	}
	c.entries[epc] = e
}

// story returns the rendered story of a known code, from the cache or built
// from the stores.
func (s *Server) story(ctx context.Context, text, epc string) (*storyEntry, error) {
	t := s.trace
	now := time.Now()
	if e, ok := t.stories.get(epc, now); ok {
		return e, nil
	}
	// Lookups of one code that all miss, as when its entry expires under
	// load, share one build.
	v, err, _ := t.building.Do(epc, func() (any, error) { return s.buildStory(ctx, text, epc, now) })
	if err != nil {
		return nil, err
	}
	return v.(*storyEntry), nil
}

// buildStory builds, renders and caches the story of a known code.
func (s *Server) buildStory(ctx context.Context, text, epc string, now time.Time) (*storyEntry, error) {
	t := s.trace
	generation := t.stories.current()
	st, err := t.builder.Story(ctx, text)
	if err != nil {
		return nil, err
	}
	e := &storyEntry{generation: generation}
	cs, err := t.cfg.Store.CodeState(ctx, epc)
	switch {
	case err == nil:
		e.voided = cs.Voided
	case !isNotFound(err):
		return nil, err
	}
	names := publicpage.Names{Division: s.divisionNamer(ctx), Place: s.placeName}
	if e.html, err = publicpage.RenderStory(st, names, s.loc); err != nil {
		return nil, err
	}
	t.stories.put(epc, e, now)
	return e, nil
}

func isNotFound(err error) bool { return errors.Is(err, trace.ErrNotFound) }

// divisionNamer returns a function that names a village as its township's
// name and its own, such as 青杨镇团结村, from the county store's names.
func (s *Server) divisionNamer(ctx context.Context) func(string) string {
	if s.cfg.County == nil {
		return nil
	}
	divisions, err := s.cfg.County.Divisions(ctx, "")
	if err != nil {
		s.log.Warn("trace: read division names", "err", err)
		return nil
	}
	names := make(map[land.DivisionCode]string, len(divisions))
	for _, d := range divisions {
		names[d.Code] = d.Name
	}
	return func(code string) string {
		d := land.DivisionCode(code)
		name := names[d]
		if name == "" {
			return code
		}
		if d.Level() == land.DivisionVillage {
			name = names[d[:9]] + name
		}
		return name
	}
}

// placeName names a location URI of the county namespace: a plot by its code
// and a site by its id. Other URIs stay as they are.
func (s *Server) placeName(uri string) string {
	prefix := "https://" + s.trace.cfg.Namespace.Domain + "/"
	rest, ok := strings.CutPrefix(uri, prefix)
	if !ok {
		return uri
	}
	kind, id, _ := strings.Cut(rest, "/")
	if unescaped, err := url.PathUnescape(id); err == nil {
		id = unescaped
	}
	switch kind {
	case "plot":
		return "地块 " + id
	case "site":
		return id
	case "org":
		return "单位 " + id
	}
	return uri
}
