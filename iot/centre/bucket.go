package centre

import "time"

// bucket is a token bucket of bytes: it fills at rate bytes per second up
// to burst. It belongs to one connection's reader goroutine.
type bucket struct {
	rate, burst float64
	tokens      float64
	last        time.Time
}

func newBucket(rate, burst int, now time.Time) *bucket {
	if rate < 0 {
		return nil
	}
	return &bucket{rate: float64(rate), burst: float64(burst), tokens: float64(burst), last: now}
}

// take removes n tokens and returns how long the reader must wait before
// the bucket is no longer in debt, zero when it has enough.
func (b *bucket) take(n int, now time.Time) time.Duration {
	if b == nil {
		return 0
	}
	b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	b.tokens -= float64(n)
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / b.rate * float64(time.Second))
}
