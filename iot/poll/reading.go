package poll

import (
	"time"

	"github.com/shuxiang/shuxiang/iot/health"
	"github.com/shuxiang/shuxiang/iot/profile"
)

// Reading is the result of one poll of one device, passed to a [Sink].
// A Reading and its slices are reused by the next poll of the same device, so
// a sink that keeps anything copies it before it returns.
type Reading struct {
	Device  string
	Program *profile.Program
	Start   time.Time // when the poll's first request was sent
	End     time.Time // when its last reply arrived or timed out

	// Values holds one value per field of Program, indexed like its fields.
	// A field that no successful request covered, or that is write-only,
	// has Status [profile.NotRead].
	Values []profile.Value

	Outcome  health.Outcome
	Err      error // the first request error of the final attempt; nil on success
	Attempts int   // 1 plus the retries used
	Requests int   // requests sent over all attempts
	Failed   int   // requests that failed over all attempts

	// State is the device's health after this poll, and Events the health
	// changes the poll caused, usually none.
	State  health.State
	Events []health.Event

	spans []profile.Span
	data  [][]byte // reply data per span, nil when its request failed
}

// AppendString appends the text of the string field i to dst, or nothing
// when the field was not read.
func (r *Reading) AppendString(dst []byte, i int) []byte {
	for j, s := range r.spans {
		if s.Field != i || r.data[j] == nil {
			continue
		}
		d := r.data[j]
		regs := make([]uint16, len(d)/2)
		for k := range regs {
			regs[k] = uint16(d[2*k])<<8 | uint16(d[2*k+1])
		}
		out, err := r.Program.AppendString(dst, i, s.Address, regs)
		if err != nil {
			return dst
		}
		return out
	}
	return dst
}

// Sink receives every reading. Reading runs on the polled device's goroutine,
// so it is called concurrently for different devices and must return quickly:
// a gateway appends to a local queue and returns.
type Sink interface {
	Reading(r *Reading)
}

// SinkFunc adapts a function to a [Sink].
type SinkFunc func(r *Reading)

// Reading calls f(r).
func (f SinkFunc) Reading(r *Reading) { f(r) }
