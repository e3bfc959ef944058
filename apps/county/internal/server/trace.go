package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/codekeys"
	"github.com/shuxiang/shuxiang/apps/county/internal/scanlog"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/label"
	"github.com/shuxiang/shuxiang/trace/mint"
)

// Defaults of TraceConfig.
const (
	// DefaultLookupRate is the public lookups per second a client may make
	// on average, and DefaultLookupBurst how many it may make at once.
	DefaultLookupRate  = 5.0
	DefaultLookupBurst = 30
	// LookupAddressFactor multiplies a client's lookup rate and burst into the
	// limit of all clients of one IP address (IPv6: one /64) together.
	// Clients (address and user agent) behind one carrier NAT keep their own
	// buckets, and a robot that changes its user agent still meets this limit.
	LookupAddressFactor = 20
	// DefaultStoryTTL is how long a rendered product story is served from
	// memory when no trace write through this server changed it.
	DefaultStoryTTL = 30 * time.Second
	// MaxIssue is the most codes one request may issue.
	MaxIssue = 100_000
)

// TraceConfig configures the traceability API and the public code lookup.
// Store, Namespace, PublicURL, Keys and Recorder are required.
//
// Trace records are scoped by the division they lie in: a producer by its
// Division, a product by its producer's, a batch (and its codes, steps,
// certificates and test reports) by its Origin, which is the village of its
// plot. The EPCIS endpoints take and return any event, which names no
// division, so only county-wide callers may use them.
type TraceConfig struct {
	Store     trace.Store
	Namespace trace.Namespace
	// PublicURL is the base URL of the public lookup, such as
	// https://trace.example.cn: a minted code's QR code carries
	// PublicURL/t/CODE.
	PublicURL string
	// Keys mint and verify county codes and hash the clients of lookups.
	Keys *codekeys.Keys
	// Recorder records the scans of public lookups. The caller runs it and
	// closes it after the HTTP server has shut down.
	Recorder *scanlog.Recorder
	// Rules are the fraud rules of retail sales; scans use the recorder's.
	Rules trace.Rules
	// LookupRate and LookupBurst limit the public lookups of one client (its
	// hashed address and user agent) with a token bucket, and those of one
	// address to LookupAddressFactor times as many; 0 means the defaults,
	// and a negative LookupRate turns the limits off.
	LookupRate  float64
	LookupBurst int
	// StoryTTL bounds the age of a cached product story; 0 means
	// DefaultStoryTTL, negative turns the cache off.
	StoryTTL time.Duration
	// Font is a TrueType font with CJK glyphs for PDF certificates and label
	// sheets; nil makes those PDFs fail unless their text is ASCII.
	Font []byte
}

// traceState is the server's traceability state.
type traceState struct {
	cfg      *TraceConfig
	links    label.Links
	resolver trace.Resolvers
	steps    trace.Steps
	tracker  *trace.Tracker
	builder  *trace.StoryBuilder
	limiter  *auth.Limiter
	// addresses limits the lookups of all clients at one address.
	addresses *auth.Limiter
	stories   *storyCache
	// building merges concurrent builds of one code's story.
	building singleflight.Group
	// statsCache holds GET /api/v1/trace/stats responses by division.
	statsCache *bodyCache[statsKey]
	// issue serialises code issuance, which reads and advances the minter's
	// next batch number.
	issue  sync.Mutex
	minter *mint.Minter
}

// initTrace prepares the traceability state when cfg.Trace is set.
func (s *Server) initTrace() {
	tc := s.cfg.Trace
	if tc == nil {
		return
	}
	t := &traceState{cfg: tc}
	var err error
	if t.links, err = label.NewLinks(tc.PublicURL); err != nil {
		s.log.Error("trace: public URL is invalid, so exports carry no lookup links", "url", tc.PublicURL, "err", err)
	}
	mintResolver := trace.MintResolver{Keys: tc.Keys.Mint, Namespace: tc.Namespace}
	t.resolver = trace.Resolvers{mintResolver, trace.GS1Resolver{}}
	t.steps = trace.Steps{Namespace: tc.Namespace}
	t.tracker = &trace.Tracker{Store: tc.Store, Resolver: t.resolver, Rules: tc.Rules}
	t.builder = &trace.StoryBuilder{Store: storyStore{tc.Store}, Land: s.cfg.Land,
		Events: trace.RepositoryEvents{Repository: tc.Store}, Resolver: t.resolver, Steps: t.steps}
	rate, burst := tc.LookupRate, tc.LookupBurst
	if rate == 0 {
		rate = DefaultLookupRate
	}
	if burst <= 0 {
		burst = DefaultLookupBurst
	}
	if rate > 0 {
		t.limiter = &auth.Limiter{Burst: burst, Interval: time.Duration(float64(time.Second) / rate)}
		t.addresses = &auth.Limiter{Burst: burst * LookupAddressFactor,
			Interval: time.Duration(float64(time.Second) / (rate * LookupAddressFactor))}
	}
	ttl := tc.StoryTTL
	if ttl == 0 {
		ttl = DefaultStoryTTL
	}
	t.stories = newStoryCache(ttl, s.plots.current)
	t.statsCache = newBodyCache[statsKey](traceStatsTTL, t.stories.current)
	s.trace = t
}

// traceRoutes lists the traceability endpoints.
func (s *Server) traceRoutes() []route {
	return []route{
		{"GET", "/api/v1/trace/producers", false, s.listProducers},
		{"POST", "/api/v1/trace/producers", false, s.createProducer},
		{"GET", "/api/v1/trace/producers/{code}", false, s.getProducer},
		{"PUT", "/api/v1/trace/producers/{code}", false, s.updateProducer},
		{"GET", "/api/v1/trace/products", false, s.listProducts},
		{"POST", "/api/v1/trace/products", false, s.createProduct},
		{"GET", "/api/v1/trace/products/{id}", false, s.getProduct},
		{"PUT", "/api/v1/trace/products/{id}", false, s.updateProduct},
		{"GET", "/api/v1/trace/batches", false, s.listBatches},
		{"POST", "/api/v1/trace/batches", false, s.createBatch},
		{"GET", "/api/v1/trace/batches/{id}", false, s.getBatch},
		{"GET", "/api/v1/trace/batches/{id}/codes", false, s.listIssuances},
		{"POST", "/api/v1/trace/batches/{id}/codes", false, s.issueCodes},
		{"GET", "/api/v1/trace/batches/{id}/events", false, s.batchEvents},
		{"POST", "/api/v1/trace/batches/{id}/steps/{step}", false, s.recordStep},
		{"GET", "/api/v1/trace/issuances/{id}", false, s.getIssuance},
		{"POST", "/api/v1/trace/issuances/{id}/state", false, s.setIssuanceState},
		{"GET", "/api/v1/trace/issuances/{id}/export", false, s.exportCodes},
		{"POST", "/api/v1/trace/certificates", false, s.createCertificate},
		{"GET", "/api/v1/trace/certificates/{number}", false, s.getCertificate},
		{"GET", "/api/v1/trace/certificates/{number}/pdf", false, s.certificatePDF},
		{"POST", "/api/v1/trace/reports", false, s.createReport},
		{"GET", "/api/v1/trace/reports/{number}", false, s.getReport},
		{"GET", "/api/v1/trace/flags", false, s.listFlags},
		{"GET", "/api/v1/trace/stats", false, s.traceStats},
		{"POST", "/api/v1/epcis/capture", false, s.captureEvents},
		{"GET", "/api/v1/epcis/events", false, s.queryEvents},
		{"GET", "/t/{code}", true, s.lookup},
		{"GET", "/01/{gtin}/21/{serial}", true, s.lookupGS1},
		{"GET", "/01/{gtin}/10/{lot}/21/{serial}", true, s.lookupGS1},
	}
}

// traceReady reports whether the traceability API is configured, and writes
// 503 when it is not.
func (s *Server) traceReady(w http.ResponseWriter) bool {
	if s.trace == nil {
		writeError(w, http.StatusServiceUnavailable, "trace_unavailable",
			"traceability is not configured on this server", "")
		return false
	}
	return true
}

// traceAccess checks that p may read, or with write set change, trace
// records, and writes 403 otherwise.
func (s *Server) traceAccess(w http.ResponseWriter, p auth.Principal, write bool) bool {
	if !s.traceReady(w) {
		return false
	}
	if write && !p.CanWrite(auth.AreaTrace) {
		forbidden(w, p, "change trace records")
		return false
	}
	if !write && !p.CanRead(auth.AreaTrace) {
		forbidden(w, p, "read trace records")
		return false
	}
	return true
}

// traceChanged drops what the server derived from trace records: cached
// stories, and with issuances set, the recorder's cached issuances.
func (s *Server) traceChanged(issuances bool) {
	s.trace.stories.invalidate()
	if issuances {
		s.trace.cfg.Recorder.InvalidateIssuances()
	}
}

// traceError maps the errors of the trace store to responses.
func (s *Server) traceError(w http.ResponseWriter, r *http.Request, err error, field string) {
	var ve *trace.ValidationError
	switch {
	case errors.As(err, &ve) && len(ve.Fields) > 0:
		fe := ve.Fields[0]
		writeError(w, http.StatusUnprocessableEntity, "invalid_field", fe.Error(), fe.Field)
	case errors.Is(err, trace.ErrConflict):
		writeError(w, http.StatusConflict, "conflict",
			"the record exists or was changed since it was read; read it again and send its version", field)
	case errors.Is(err, trace.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "the record is not found", field)
	default:
		s.internal(w, r, err)
	}
}

// notFound writes 404 for a record of kind that is missing or outside p's
// division, without saying which.
func notFound(w http.ResponseWriter, p auth.Principal, kind, key, field string) {
	writeError(w, http.StatusNotFound, "not_found",
		fmt.Sprintf("%s %s is not found in division %s", kind, key, p.Division), field)
}

// scopedBatch returns the batch of the id when it lies in p's scope, and
// writes 404 otherwise.
func (s *Server) scopedBatch(w http.ResponseWriter, r *http.Request, p auth.Principal, id string) (*trace.Batch, bool) {
	bid := trace.BatchID(id)
	if err := bid.Validate(); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_path", err.Error(), "id")
		return nil, false
	}
	b, err := s.trace.cfg.Store.Batch(r.Context(), bid)
	if errors.Is(err, trace.ErrNotFound) || err == nil && !p.InScope(b.Origin) {
		notFound(w, p, "batch", id, "id")
		return nil, false
	}
	if err != nil {
		s.internal(w, r, err)
		return nil, false
	}
	return b, true
}

// productDivision returns the division of a product: its producer's.
func (s *Server) productDivision(ctx context.Context, pr *trace.Product) (land.DivisionCode, error) {
	prod, err := s.trace.cfg.Store.Producer(ctx, pr.Producer)
	if errors.Is(err, trace.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return prod.Division, nil
}

// lookupURL returns the public lookup URL of a path such as /t/CODE.
func (s *Server) lookupURL(path string) string {
	return strings.TrimRight(s.trace.cfg.PublicURL, "/") + path
}

// escapePath escapes one path segment.
func escapePath(s string) string { return url.PathEscape(s) }

// storyStore is the trace store as the story builder reads it, without scan
// statistics: the lookup page shows the recorder's count, which includes the
// scans still queued, and counting a much-scanned code's rows in the database
// would stall every lookup of it while its story is rebuilt.
type storyStore struct{ trace.Store }

// ScanStats returns no statistics.
func (storyStore) ScanStats(context.Context, string) (trace.ScanStats, error) {
	return trace.ScanStats{}, nil
}
