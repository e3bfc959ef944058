// Package live fans the county server's changes out to the clients that watch
// them, such as the dashboard's server-sent events stream.
//
// Publishers (the telemetry ingest, alarm evaluation, device health) call
// [Hub.Publish] with an [Event]. Publish never waits for a subscriber to read,
// because each subscriber has a bounded queue, and a subscriber that falls
// behind loses the events that do not fit. In their place it receives one event of kind [KindLagged], whose
// data says how many were lost, so that it can read the current state again
// from the API.
//
// An event carries the GB/T 2260 division code of the record it is about, so
// that a subscriber can keep only the events within a caller's division.
package live

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"time"
)

// The kinds of event published on the county server's hub.
const (
	// KindAlarm is an alarm raised, acknowledged or cleared.
	KindAlarm = "alarm"
	// KindDaily is a change of a well's water total for one day.
	KindDaily = "daily"
	// KindHealth is a change of a device's health.
	KindHealth = "health"
	// KindReading is a summary of readings taken in.
	KindReading = "reading"
	// KindLagged informs a subscriber that events were dropped because its
	// queue was full. Its data is a [Lagged] value. Only the hub sends it.
	KindLagged = "lagged"
)

// DefaultQueue is the number of events a subscriber's queue holds when
// Options.Queue is 0.
const DefaultQueue = 256

// Event is one change. Its fields are read-only once published, because every
// subscriber receives the same Data slice.
type Event struct {
	// Kind is the kind of change, such as [KindAlarm] or [KindDaily].
	Kind string
	// Time is when the change happened; Publish sets the current time when
	// it is zero.
	Time time.Time
	// Division is the GB/T 2260 code of the division the record lies in,
	// such as a well's village. Empty means the record has no division, and
	// only county-wide subscribers should see it.
	Division string
	// Data is the event's payload as a JSON value; nil means no payload.
	Data json.RawMessage
}

// Lagged is the data of a [KindLagged] event.
type Lagged struct {
	// Missed is the number of events dropped at this point of the stream.
	Missed int `json:"missed"`
}

// Filter reports whether a subscriber receives the event. It runs inside
// Publish, so it must be fast and must not block or call the hub.
type Filter func(Event) bool

// Options configures a Hub. The zero value works.
type Options struct {
	// Queue is the number of events a subscriber's queue holds before
	// events are dropped; 0 means DefaultQueue.
	Queue int
	// Now returns the current time for events published without one; nil
	// means time.Now.
	Now func() time.Time
}

// Hub delivers published events to its subscribers. It is safe for
// concurrent use. The zero value is not usable; call [NewHub].
type Hub struct {
	queue int
	now   func() time.Time

	mu     sync.Mutex
	subs   map[*subscription]struct{}
	closed bool
	// done is closed by Close and ends every subscription's forwarder.
	done chan struct{}
}

// NewHub returns a hub with the given options.
func NewHub(opts Options) *Hub {
	if opts.Queue <= 0 {
		opts.Queue = DefaultQueue
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Hub{queue: opts.Queue, now: opts.Now, subs: map[*subscription]struct{}{}, done: make(chan struct{})}
}

// Publish queues e for every subscriber whose filter accepts it. It holds
// locks only while it appends to the queues and never waits for a subscriber
// to read. After Close it does nothing.
func (h *Hub) Publish(e Event) {
	if e.Time.IsZero() {
		e.Time = h.now()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	for s := range h.subs {
		if s.filter == nil || s.filter(e) {
			s.push(e)
		}
	}
}

// Subscribe returns a channel of the events published from now on that filter
// accepts; a nil filter accepts all. The channel is closed when ctx ends or
// the hub is closed. Events arrive in the order they were published, with a
// [KindLagged] event where events were dropped.
//
// The subscription runs one goroutine, which ends with the channel. The
// caller must keep reading the channel or cancel ctx.
func (h *Hub) Subscribe(ctx context.Context, filter Filter) <-chan Event {
	out := make(chan Event)
	s := &subscription{filter: filter, max: h.queue, wake: make(chan struct{}, 1)}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		close(out)
		return out
	}
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	go func() {
		defer close(out)
		defer h.remove(s)
		s.forward(ctx, h.done, out, h.now)
	}()
	return out
}

// Subscribers returns the number of open subscriptions.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close ends every subscription and makes later calls to Publish do nothing.
// It does not wait for the subscribers' goroutines; each ends once its channel
// is closed. Calling Close again does nothing.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
}

func (h *Hub) remove(s *subscription) {
	h.mu.Lock()
	delete(h.subs, s)
	h.mu.Unlock()
}

// subscription is one subscriber's queue. Publish appends to it under mu and
// the forwarder goroutine takes from it, so Publish never waits for the
// subscriber to read.
type subscription struct {
	filter Filter
	max    int
	// wake holds one token when the queue may have grown.
	wake chan struct{}

	mu    sync.Mutex
	queue []item
}

// item is a queued event, or a gap of missed events when missed > 0.
type item struct {
	event  Event
	missed int
}

// push appends e, or counts it as missed when the queue is full. The queue may
// hold one more item than max, the gap that marks where events were lost.
func (s *subscription) push(e Event) {
	s.mu.Lock()
	n := len(s.queue)
	switch {
	case n > 0 && s.queue[n-1].missed > 0:
		// Behind a gap nothing is queued until the forwarder has taken the
		// queue, so the subscriber learns of every loss before newer events.
		s.queue[n-1].missed++
	case n >= s.max:
		s.queue = append(s.queue, item{missed: 1})
	default:
		s.queue = append(s.queue, item{event: e})
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// take removes and returns the queue's items.
func (s *subscription) take(buf []item) []item {
	s.mu.Lock()
	defer s.mu.Unlock()
	buf = append(buf[:0], s.queue...)
	clear(s.queue)
	s.queue = s.queue[:0]
	return buf
}

// forward sends the queued items to out until ctx ends or done is closed.
func (s *subscription) forward(ctx context.Context, done <-chan struct{}, out chan<- Event, now func() time.Time) {
	var batch []item
	for {
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case <-s.wake:
		}
		batch = s.take(batch)
		for _, it := range batch {
			e := it.event
			if it.missed > 0 {
				e = laggedEvent(it.missed, now())
			}
			select {
			case out <- e:
			case <-ctx.Done():
				return
			case <-done:
				return
			}
		}
	}
}

func laggedEvent(missed int, t time.Time) Event {
	data := []byte(`{"missed":` + strconv.Itoa(missed) + `}`)
	return Event{Kind: KindLagged, Time: t, Data: data}
}
