package scanlog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/shuxiang/shuxiang/trace"
)

// Defaults of Config.
const (
	DefaultQueue      = 1 << 16
	DefaultBatch      = 2000
	DefaultFlushEvery = 50 * time.Millisecond
	// DefaultMaxCodes bounds the codes whose scan state stays in memory.
	DefaultMaxCodes = 1 << 20
)

// ErrClosed is returned by Recorder.Scan after Close.
var ErrClosed = errors.New("scanlog: recorder is closed")

// Store is the part of a trace store that a Recorder reads and writes.
type Store interface {
	Issuances(ctx context.Context, f trace.IssuanceFilter) ([]*trace.Issuance, string, error)
	ScanStats(ctx context.Context, epc string) (trace.ScanStats, error)
	AddScan(ctx context.Context, s *trace.Scan) error
	AddFlag(ctx context.Context, f *trace.Flag) error
	Flags(ctx context.Context, f trace.FlagFilter) ([]*trace.Flag, string, error)
}

// batchAdder is the optional capability of a store that adds many scans in one
// transaction, such as tracesql.Store.
type batchAdder interface {
	AddScans(ctx context.Context, scans []*trace.Scan) error
}

// Config configures a Recorder. Store and Resolver are required.
type Config struct {
	Store    Store
	Resolver trace.Resolver
	Rules    trace.Rules
	// Flagged receives each flag after it is stored, with its ID set; nil
	// drops them. It runs on Run's goroutine.
	Flagged func(ctx context.Context, f *trace.Flag)
	// Queue bounds the scans waiting to be written; 0 means DefaultQueue. A
	// lookup that finds the queue full waits for room.
	Queue int
	// Batch is the most scans written in one transaction; 0 means DefaultBatch.
	Batch int
	// FlushEvery is the longest a scan waits in the queue; 0 means
	// DefaultFlushEvery.
	FlushEvery time.Duration
	// MaxCodes bounds the codes whose state stays in memory; 0 means
	// DefaultMaxCodes.
	MaxCodes int
	// Clock returns the time of a scan without one; nil means time.Now.
	Clock func() time.Time
	// Logger receives failed writes; nil discards them.
	Logger *slog.Logger
}

// Recorder records scans and runs the fraud rules on them. It is safe for
// concurrent use.
type Recorder struct {
	cfg   Config
	rules trace.Rules
	log   *slog.Logger
	now   func() time.Time
	queue chan *pending

	spaces  spaceCache
	codes   [shards]codeShard
	clients clientLog
	// loading merges concurrent reads of one code's state.
	loading singleflight.Group

	mu      sync.RWMutex
	closed  bool
	senders sync.WaitGroup
	stop    chan struct{}

	stats counters
}

// pending is a scan on its way to the store, with the flags it raised. After
// it is queued only Run's goroutine touches scan.ID.
type pending struct {
	scan  trace.Scan
	flags []pendingFlag
}

// pendingFlag is a flag whose evidence names the scans refs, stored before it.
type pendingFlag struct {
	flag trace.Flag
	refs []*pending
}

// New returns a Recorder on cfg.
func New(cfg Config) (*Recorder, error) {
	if cfg.Store == nil || cfg.Resolver == nil {
		return nil, errors.New("scanlog: Config.Store and Config.Resolver are required")
	}
	if err := cfg.Rules.Validate(); err != nil {
		return nil, fmt.Errorf("scanlog: %w", err)
	}
	if cfg.Queue <= 0 {
		cfg.Queue = DefaultQueue
	}
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	if cfg.FlushEvery <= 0 {
		cfg.FlushEvery = DefaultFlushEvery
	}
	if cfg.MaxCodes <= 0 {
		cfg.MaxCodes = DefaultMaxCodes
	}
	r := &Recorder{cfg: cfg, rules: cfg.Rules.WithDefaults(), log: cfg.Logger, now: cfg.Clock,
		queue: make(chan *pending, cfg.Queue), stop: make(chan struct{})}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.now == nil {
		r.now = time.Now
	}
	r.spaces.init()
	for i := range r.codes {
		r.codes[i].codes = map[string]*codeState{}
	}
	r.clients.init()
	return r, nil
}

// Result is a recorded scan.
type Result struct {
	// Scan is the scan as it will be stored; its ID is not set yet.
	Scan trace.Scan
	// Issuance holds the code; nil unless the scan is Known.
	Issuance *trace.Issuance
	// Count is the number of scans of the code, this one included, and First
	// the time of the first; both zero for malformed text.
	Count int
	First time.Time
	// Flags are the flags this scan raised, and Flagged reports whether the
	// code has any flag, from this scan or an earlier one.
	Flags   []trace.Flag
	Flagged bool
}

// Scan resolves the request's text, counts the scan, runs the scan rules and
// queues the scan with its flags for the store. It fails with ErrClosed after
// Close, and with ctx's error when the queue stays full until ctx ends.
func (r *Recorder) Scan(ctx context.Context, req trace.ScanRequest) (*Result, error) {
	p := &pending{scan: trace.Scan{Text: truncate(req.Text, trace.MaxScanText), At: req.At,
		Division: req.Division, Client: req.Client}}
	s := &p.scan
	if s.At.IsZero() {
		s.At = r.now()
	}
	s.At = trace.StoreTime(s.At)
	if req.Location != nil {
		c := req.Location.Coarse()
		s.Location = &c
	}
	res := &Result{}
	issuance, err := r.resolve(ctx, s)
	if err != nil {
		return nil, err
	}
	res.Issuance = issuance

	var sc trace.ScanContext
	sc.Issuance = issuance
	var prev *pending
	var code *codeState
	if s.EPC != "" {
		if code, err = r.code(ctx, s.EPC); err != nil {
			return nil, err
		}
	}
	var failures []*pending
	if s.Status != trace.Known && s.Client != "" {
		failures = r.clients.fail(s.Client, p, s.At, r.rules.UnknownBurst.Window, r.rules.UnknownBurst.Count)
		sc.ClientFailures = make([]int64, len(failures))
	}

	// The code's lock is held from counting to queueing, so that scans of one
	// code are counted and queued in the same order.
	if code != nil {
		code.mu.Lock()
		defer code.mu.Unlock()
		prev = code.last
		if prev != nil {
			previous := code.lastScan
			sc.Previous = &previous
		}
		code.count++
		if code.first.IsZero() || s.At.Before(code.first) {
			code.first = s.At
		}
		sc.Count = code.count
		res.Count, res.First = code.count, code.first
		code.last, code.lastScan = p, *s
		code.pending.Add(1)
	}
	res.Flags = r.rules.CheckScan(s, sc)
	for _, f := range res.Flags {
		p.flags = append(p.flags, pendingFlag{flag: f, refs: refsOf(f, p, prev, failures)})
	}
	if code != nil {
		code.flagged = code.flagged || len(res.Flags) > 0
		res.Flagged = code.flagged
	}
	res.Scan = *s
	if err := r.enqueue(ctx, p); err != nil {
		if code != nil {
			code.pending.Add(-1)
		}
		return nil, err
	}
	r.stats.scans.Add(1)
	return res, nil
}

// refsOf returns the scans whose IDs the flag's evidence lists, in the order
// the rules of package trace list them.
func refsOf(f trace.Flag, p, prev *pending, failures []*pending) []*pending {
	switch f.Rule {
	case trace.RuleImpossibleTravel:
		return []*pending{prev, p}
	case trace.RuleUnknownBurst:
		return failures
	}
	return []*pending{p}
}

// resolve sets the status, EPC and issuance of s and returns the issuance.
func (r *Recorder) resolve(ctx context.Context, s *trace.Scan) (*trace.Issuance, error) {
	ref, err := r.cfg.Resolver.Resolve(s.Text)
	switch {
	case errors.Is(err, trace.ErrMalformed):
		s.Status = trace.Malformed
		return nil, nil
	case err != nil:
		s.Status, s.EPC = trace.Unissued, ref.EPC
		return nil, nil
	}
	s.EPC = ref.EPC
	is, err := r.spaces.issuanceFor(ctx, r.cfg.Store, ref)
	if err != nil {
		return nil, err
	}
	if is == nil {
		s.Status = trace.Unissued
		return nil, nil
	}
	s.Status, s.Issuance = trace.Known, is.ID
	return is, nil
}

func (r *Recorder) enqueue(ctx context.Context, p *pending) error {
	r.mu.RLock()
	if r.closed {
		r.mu.RUnlock()
		return ErrClosed
	}
	r.senders.Add(1)
	r.mu.RUnlock()
	defer r.senders.Done()
	select {
	case r.queue <- p:
		return nil
	default:
	}
	r.stats.waits.Add(1)
	select {
	case r.queue <- p:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// InvalidateIssuances drops the cached issuances, so that the next scans read
// them again. Call it after every write of an issuance.
func (r *Recorder) InvalidateIssuances() { r.spaces.invalidate() }

// Stats returns the code's scan count and first scan time as the recorder
// counts them, reading the store for a code it has not seen.
func (r *Recorder) Stats(ctx context.Context, epc string) (count int, first time.Time, flagged bool, err error) {
	code, err := r.code(ctx, epc)
	if err != nil {
		return 0, time.Time{}, false, err
	}
	code.mu.Lock()
	defer code.mu.Unlock()
	return code.count, code.first, code.flagged, nil
}

// Close stops new scans: Scan returns ErrClosed from now on. Run returns after
// it has written every scan queued before.
func (r *Recorder) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		close(r.stop)
	}
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
