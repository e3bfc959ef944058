package scanlog

import (
	"context"
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// maxSpaces bounds the code spaces whose issuances stay cached.
const maxSpaces = 100_000

// spaceCache holds the issuances of each code space that a scan named, an
// empty list for a space without any. A generation counter drops entries read
// before an invalidation.
type spaceCache struct {
	mu         sync.RWMutex
	generation uint64
	spaces     map[string][]*trace.Issuance
}

func (c *spaceCache) init() { c.spaces = map[string][]*trace.Issuance{} }

func (c *spaceCache) invalidate() {
	c.mu.Lock()
	c.generation++
	clear(c.spaces)
	c.mu.Unlock()
}

// issuanceFor returns the issuance that holds ref, or nil when none does.
func (c *spaceCache) issuanceFor(ctx context.Context, st Store, ref trace.CodeRef) (*trace.Issuance, error) {
	c.mu.RLock()
	list, ok := c.spaces[ref.Space]
	generation := c.generation
	c.mu.RUnlock()
	if !ok {
		var err error
		if list, err = loadSpace(ctx, st, ref.Scheme, ref.Space); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.generation == generation {
			if len(c.spaces) >= maxSpaces {
				clear(c.spaces)
			}
			c.spaces[ref.Space] = list
		}
		c.mu.Unlock()
	}
	for _, is := range list {
		if is.Holds(ref) {
			return is, nil
		}
	}
	return nil, nil
}

func loadSpace(ctx context.Context, st Store, scheme trace.Scheme, space string) ([]*trace.Issuance, error) {
	list := []*trace.Issuance{}
	page := land.Page{Limit: 1000}
	for {
		found, next, err := st.Issuances(ctx, trace.IssuanceFilter{Scheme: scheme, Space: space, Page: page})
		if err != nil {
			return nil, err
		}
		list = append(list, found...)
		if next == "" {
			return list, nil
		}
		page.After = next
	}
}

// shards is the number of locks the code states are spread over.
const shards = 64

// codeShard is one part of the code states.
type codeShard struct {
	mu    sync.Mutex
	codes map[string]*codeState
}

// codeState is the scan state of one code. Its mutex orders the scans of the
// code.
type codeState struct {
	mu      sync.Mutex
	count   int
	first   time.Time
	flagged bool
	// last is the latest scan queued, nil when the latest was stored before
	// the recorder started, and lastScan a copy of its scan with ID 0 for the
	// rules, valid while count > 0.
	last     *pending
	lastScan trace.Scan
	// pending counts scans queued and not yet written; a state with pending
	// scans is not evicted, because the store does not have them yet. It is
	// atomic so that the writer never takes mu, which a lookup may hold while
	// it waits for room in the queue.
	pending atomic.Int64
}

var seed = maphash.MakeSeed()

// code returns the state of the code, reading it from the store on a miss.
func (r *Recorder) code(ctx context.Context, epc string) (*codeState, error) {
	sh := &r.codes[maphash.String(seed, epc)%shards]
	sh.mu.Lock()
	st, ok := sh.codes[epc]
	sh.mu.Unlock()
	if ok {
		return st, nil
	}
	// Lookups of one code that all miss share one read of the store.
	v, err, _ := r.loading.Do(epc, func() (any, error) { return r.load(ctx, epc) })
	if err != nil {
		return nil, err
	}
	loaded := v.(*codeState)

	sh.mu.Lock()
	defer sh.mu.Unlock()
	if st, ok := sh.codes[epc]; ok {
		return st, nil
	}
	if len(sh.codes) >= r.cfg.MaxCodes/shards {
		r.evict(sh)
	}
	sh.codes[epc] = loaded
	return loaded, nil
}

// load reads the scan state of a code from the store.
func (r *Recorder) load(ctx context.Context, epc string) (*codeState, error) {
	stats, err := r.cfg.Store.ScanStats(ctx, epc)
	if err != nil {
		return nil, err
	}
	flags, _, err := r.cfg.Store.Flags(ctx, trace.FlagFilter{EPC: epc, Page: land.Page{Limit: 1}})
	if err != nil {
		return nil, err
	}
	loaded := &codeState{count: stats.Count, first: stats.First, flagged: len(flags) > 0}
	if stats.Last != nil {
		loaded.lastScan = *stats.Last
		loaded.lastScan.ID = 0
		// The rules name the previous scan by ID; a stored one keeps its own.
		loaded.last = &pending{scan: *stats.Last}
	}
	return loaded, nil
}

// evict drops a quarter of the shard's states that have no scan waiting to be
// written. sh.mu is held.
//
// NOTE: a lookup that found a state just before it was evicted counts its scan
// in the dropped state. The next lookup reads the count from the store, which
// lacks that scan until the writer has stored it.
func (r *Recorder) evict(sh *codeShard) {
	budget := len(sh.codes)/4 + 1
	for epc, st := range sh.codes {
		if budget == 0 {
			return
		}
		if st.pending.Load() == 0 {
			delete(sh.codes, epc)
			budget--
		}
	}
}

// written marks a scan of the code as stored.
func (r *Recorder) written(epc string) {
	sh := &r.codes[maphash.String(seed, epc)%shards]
	sh.mu.Lock()
	st, ok := sh.codes[epc]
	sh.mu.Unlock()
	if ok {
		st.pending.Add(-1)
	}
}

// maxClients bounds the clients whose failed scans stay in memory.
const maxClients = 100_000

// clientLog holds each client's failed scans within the burst window.
//
// NOTE: the log lives in memory only, so a restart loses the failures of the
// current window and a burst that spans the restart raises no flag.
type clientLog struct {
	mu      sync.Mutex
	clients map[string][]failure
}

type failure struct {
	at   time.Time
	scan *pending
}

func (l *clientLog) init() { l.clients = map[string][]failure{} }

// fail adds a failed scan of the client and returns the client's failed scans
// within window before at, oldest first, this one included, but at most
// limit+1 of them. The burst rule fires when there are exactly limit, and the
// cut list has exactly limit whenever the whole one has. The cut bounds the
// work per scan when one client sends failure after failure.
func (l *clientLog) fail(client string, p *pending, at time.Time, window time.Duration, limit int) []*pending {
	l.mu.Lock()
	defer l.mu.Unlock()
	list := l.clients[client]
	keep := list[:0]
	for _, f := range list {
		if !f.at.Before(at.Add(-window)) {
			keep = append(keep, f)
		}
	}
	keep = append(keep, failure{at: at, scan: p})
	if len(keep) > limit+1 {
		keep = append(keep[:0], keep[len(keep)-limit-1:]...)
	}
	if _, ok := l.clients[client]; !ok && len(l.clients) >= maxClients {
		l.prune(at, window)
	}
	l.clients[client] = keep
	out := make([]*pending, len(keep))
	for i, f := range keep {
		out[i] = f.scan
	}
	return out
}

// prune drops the clients whose failures all lie outside the window. l.mu is
// held.
func (l *clientLog) prune(at time.Time, window time.Duration) {
	for c, list := range l.clients {
		if len(list) == 0 || list[len(list)-1].at.Before(at.Add(-window)) {
			delete(l.clients, c)
		}
	}
}

// counters are the recorder's running totals.
type counters struct {
	scans, written, flags, dropped, waits atomic.Int64
}

// Counts are the totals since the recorder started.
type Counts struct {
	// Scans were queued; Written were stored, and Dropped could not be stored.
	Scans, Written, Dropped int64
	// Flags were stored.
	Flags int64
	// Waits counts scans that found the queue full.
	Waits int64
	// Queued is the number of scans waiting now.
	Queued int
}

// Counts returns the recorder's totals.
func (r *Recorder) Counts() Counts {
	return Counts{Scans: r.stats.scans.Load(), Written: r.stats.written.Load(), Dropped: r.stats.dropped.Load(),
		Flags: r.stats.flags.Load(), Waits: r.stats.waits.Load(), Queued: len(r.queue)}
}
