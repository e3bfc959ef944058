package server

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// DefaultReadCacheTTL is the age limit of a cached response when
// Config.ReadCacheTTL is 0.
const DefaultReadCacheTTL = time.Second

// maxCachedBodies bounds the entries of each response cache.
const maxCachedBodies = 10000

// cachedBody is an encoded GET response with the division of the record it
// describes, so that the caller's scope is checked on every request.
type cachedBody struct {
	division   land.DivisionCode
	body       []byte
	etag       string
	generation uint64
	expires    time.Time
	// etagHeader and lengthHeader are the ETag and Content-Length values,
	// made once and shared by every response. net/http only reads them, and
	// an append by a caller copies because their capacity equals their length.
	etagHeader, lengthHeader []string
}

var (
	jsonTypeHeader       = []string{"application/json"}
	privateNoCacheHeader = []string{"private, no-cache"}
)

func newCachedBody(division land.DivisionCode, body []byte, etag string, generation uint64) *cachedBody {
	return &cachedBody{division: division, body: body, etag: etag, generation: generation,
		etagHeader: []string{etag}, lengthHeader: []string{strconv.Itoa(len(body))}}
}

// write writes e as a 200 response to a GET, or 304 Not Modified when
// If-None-Match matches its ETag. It sets the same headers as writeBody.
func (e *cachedBody) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = jsonTypeHeader
	h["Etag"] = e.etagHeader
	h["Cache-Control"] = privateNoCacheHeader
	if etagMatches(r.Header.Get("If-None-Match"), e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Length"] = e.lengthHeader
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(e.body)
}

// bodyCache is a read-through cache of encoded responses. An entry is served
// while it is younger than the TTL and its generation equals the current one.
// Writes bump the generation, so a response read before a write is not
// served after it. The TTL bounds how long a write that the generation does
// not count, such as one by another process, stays unseen.
type bodyCache[K comparable] struct {
	ttl time.Duration
	// own counts invalidate calls and external, when set, returns a count
	// kept elsewhere. Both only grow, so their sum changes when either does.
	own      atomic.Uint64
	external func() uint64

	mu      sync.RWMutex
	entries map[K]*cachedBody
}

func newBodyCache[K comparable](ttl time.Duration, external func() uint64) *bodyCache[K] {
	return &bodyCache[K]{ttl: ttl, external: external, entries: make(map[K]*cachedBody)}
}

// current returns the generation to tag a record with before loading it.
func (c *bodyCache[K]) current() uint64 {
	g := c.own.Load()
	if c.external != nil {
		g += c.external()
	}
	return g
}

// get returns the entry of key if it is fresh at now and of the current
// generation.
func (c *bodyCache[K]) get(key K, now time.Time) (*cachedBody, bool) {
	if c.ttl <= 0 {
		return nil, false
	}
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if !ok || e.generation != c.current() || !now.Before(e.expires) {
		return nil, false
	}
	return e, true
}

// put stores e under key unless the generation moved on since e was read.
func (c *bodyCache[K]) put(key K, e *cachedBody, now time.Time) {
	if c.ttl <= 0 {
		return
	}
	e.expires = now.Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.generation != c.current() {
		return
	}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= maxCachedBodies {
		// The loop evicts one entry. Go starts each map iteration at a
		// random position, which is random enough for this cache.
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[key] = e
}

// invalidate drops every entry and moves the generation on. A reader that
// loaded its record before the call does not store it afterwards.
func (c *bodyCache[K]) invalidate() {
	c.mu.Lock()
	c.own.Add(1)
	clear(c.entries)
	c.mu.Unlock()
}

// seriesKey is a daily series request: a well and its optional day range.
type seriesKey struct {
	well     water.WellCode
	from, to land.Date
}
