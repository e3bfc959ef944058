package auth

import (
	"sync"
	"time"
)

// Limiter limits login attempts per key with a token bucket: each key has
// Burst attempts, refilled at one per Interval. It is safe for concurrent use.
type Limiter struct {
	// Burst is the number of attempts a key may make at once.
	Burst int
	// Interval is the time in which one attempt is refilled.
	Interval time.Duration
	// Clock returns the current time; nil means time.Now.
	Clock func() time.Time

	mu      sync.Mutex
	buckets map[string]bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds the memory of a Limiter: past it, full buckets are dropped.
const maxBuckets = 100_000

// Allow takes one attempt for key and reports whether it was available, and
// when it was not, how long until the next one is.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	now := time.Now()
	if l.Clock != nil {
		now = l.Clock()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = make(map[string]bucket)
	}
	if len(l.buckets) >= maxBuckets {
		l.prune(now)
	}
	b, ok := l.buckets[key]
	if !ok {
		b = bucket{tokens: float64(l.Burst), at: now}
	}
	b.tokens = min(float64(l.Burst), b.tokens+float64(now.Sub(b.at))/float64(l.Interval))
	b.at = now
	if b.tokens < 1 {
		l.buckets[key] = b
		wait := time.Duration((1 - b.tokens) * float64(l.Interval))
		return false, wait
	}
	b.tokens--
	l.buckets[key] = b
	return true, 0
}

// prune drops the buckets that have refilled, because they behave as new ones.
func (l *Limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.at))/float64(l.Interval) >= float64(l.Burst) {
			delete(l.buckets, k)
		}
	}
}
