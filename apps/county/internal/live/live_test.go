package live

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"
)

// receive reads one event from ch or fails after a generous timeout.
func receive(t *testing.T, ch <-chan Event) Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("channel closed, want an event")
		}
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
	}
	return Event{}
}

// waitClosed fails unless ch is closed within a generous timeout, draining
// what is left.
func waitClosed(t *testing.T, ch <-chan Event) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("channel not closed within 10 s")
		}
	}
}

func event(i int) Event {
	return Event{Kind: KindDaily, Division: "654229001001", Data: json.RawMessage(fmt.Sprintf(`{"i":%d}`, i))}
}

func index(t *testing.T, e Event) int {
	t.Helper()
	var v struct{ I int }
	if err := json.Unmarshal(e.Data, &v); err != nil {
		t.Fatalf("data %s: %v", e.Data, err)
	}
	return v.I
}

func TestPublishOrder(t *testing.T) {
	h := NewHub(Options{})
	defer h.Close()
	ch := h.Subscribe(t.Context(), nil)
	for i := range 100 {
		h.Publish(event(i))
	}
	for i := range 100 {
		e := receive(t, ch)
		if e.Kind != KindDaily {
			t.Fatalf("event %d kind = %q, want %q", i, e.Kind, KindDaily)
		}
		if got := index(t, e); got != i {
			t.Fatalf("event %d has index %d, want %d", i, got, i)
		}
	}
}

func TestPublishSetsTime(t *testing.T) {
	fixed := time.Date(2025, 6, 21, 8, 0, 0, 0, time.UTC)
	h := NewHub(Options{Now: func() time.Time { return fixed }})
	defer h.Close()
	ch := h.Subscribe(t.Context(), nil)
	h.Publish(Event{Kind: KindAlarm})
	own := fixed.Add(-time.Hour)
	h.Publish(Event{Kind: KindAlarm, Time: own})
	if got := receive(t, ch).Time; !got.Equal(fixed) {
		t.Errorf("time of an event without one = %v, want %v", got, fixed)
	}
	if got := receive(t, ch).Time; !got.Equal(own) {
		t.Errorf("time of an event with one = %v, want %v", got, own)
	}
}

func TestFilter(t *testing.T) {
	h := NewHub(Options{})
	defer h.Close()
	village := func(e Event) bool { return e.Division == "654229001001" }
	mine := h.Subscribe(t.Context(), village)
	all := h.Subscribe(t.Context(), nil)
	h.Publish(Event{Kind: KindAlarm, Division: "654229001002"})
	h.Publish(Event{Kind: KindAlarm, Division: "654229001001"})
	if got := receive(t, mine).Division; got != "654229001001" {
		t.Errorf("filtered subscriber got division %q first, want 654229001001", got)
	}
	if got := receive(t, all).Division; got != "654229001002" {
		t.Errorf("unfiltered subscriber got division %q first, want 654229001002", got)
	}
	if got := receive(t, all).Division; got != "654229001001" {
		t.Errorf("unfiltered subscriber got division %q second, want 654229001001", got)
	}
}

// TestLagged checks that a subscriber that does not read loses the events
// past its queue, learns how many with one lagged event at the gap, and then
// receives the events published after it caught up.
func TestLagged(t *testing.T) {
	const queue = 8
	h := NewHub(Options{Queue: queue})
	defer h.Close()
	ch := h.Subscribe(t.Context(), nil)

	// The first event may already sit in the forwarder, blocked on the
	// channel, so publish and wait until it has been taken from the queue.
	h.Publish(event(0))
	waitQueueEmpty(t, h)
	for i := 1; i <= queue+5; i++ {
		h.Publish(event(i))
	}
	if got := index(t, receive(t, ch)); got != 0 {
		t.Fatalf("first event has index %d, want 0", got)
	}
	for i := 1; i <= queue; i++ {
		if got := index(t, receive(t, ch)); got != i {
			t.Fatalf("event has index %d, want %d", got, i)
		}
	}
	lag := receive(t, ch)
	if lag.Kind != KindLagged {
		t.Fatalf("event after the full queue has kind %q, want %q", lag.Kind, KindLagged)
	}
	var l Lagged
	if err := json.Unmarshal(lag.Data, &l); err != nil {
		t.Fatalf("lagged data %s: %v", lag.Data, err)
	}
	if l.Missed != 5 {
		t.Errorf("lagged missed = %d, want 5", l.Missed)
	}
	if lag.Time.IsZero() {
		t.Error("lagged event has no time")
	}
	h.Publish(event(100))
	if got := index(t, receive(t, ch)); got != 100 {
		t.Errorf("event after catching up has index %d, want 100", got)
	}
}

// waitQueueEmpty waits until every subscription's queue is empty.
func waitQueueEmpty(t *testing.T, h *Hub) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		empty := true
		h.mu.Lock()
		for s := range h.subs {
			s.mu.Lock()
			empty = empty && len(s.queue) == 0
			s.mu.Unlock()
		}
		h.mu.Unlock()
		if empty {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("queues not drained within 10 s")
}

// TestSlowSubscriberDoesNotBlock checks that Publish returns while a
// subscriber reads nothing, and that a reading subscriber accounts for every
// event: each one is either received or counted in a lagged event.
func TestSlowSubscriberDoesNotBlock(t *testing.T) {
	h := NewHub(Options{Queue: 4})
	defer h.Close()
	_ = h.Subscribe(t.Context(), nil) // never read
	reader := h.Subscribe(t.Context(), nil)
	const n = 1000
	done := make(chan struct{})
	go func() {
		for i := range n {
			h.Publish(event(i))
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Publish blocked on a subscriber that does not read")
	}

	// The loop ends once every event is accounted for; a lost event would
	// make receive time out.
	received, missed, last := 0, 0, -1
	for received+missed < n {
		e := receive(t, reader)
		if e.Kind == KindLagged {
			var l Lagged
			if err := json.Unmarshal(e.Data, &l); err != nil {
				t.Fatalf("lagged data %s: %v", e.Data, err)
			}
			missed += l.Missed
			continue
		}
		i := index(t, e)
		if i <= last {
			t.Fatalf("event %d after event %d, want increasing order", i, last)
		}
		last = i
		received++
	}
	if received+missed != n {
		t.Errorf("received %d + missed %d = %d events, want %d", received, missed, received+missed, n)
	}
}

func TestCancelEndsSubscription(t *testing.T) {
	h := NewHub(Options{})
	defer h.Close()
	ctx, cancel := context.WithCancel(t.Context())
	ch := h.Subscribe(ctx, nil)
	h.Publish(event(1))
	cancel()
	waitClosed(t, ch)
	deadline := time.Now().Add(10 * time.Second)
	for h.Subscribers() != 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if got := h.Subscribers(); got != 0 {
		t.Errorf("Subscribers() = %d after cancel, want 0", got)
	}
	h.Publish(event(2)) // must not panic or block
}

func TestCloseEndsSubscriptions(t *testing.T) {
	h := NewHub(Options{})
	a := h.Subscribe(t.Context(), nil)
	b := h.Subscribe(t.Context(), nil)
	h.Publish(event(1))
	h.Close()
	h.Close()
	waitClosed(t, a)
	waitClosed(t, b)
	h.Publish(event(2))
	if _, ok := <-h.Subscribe(t.Context(), nil); ok {
		t.Error("Subscribe after Close returned an open channel")
	}
}

// TestConcurrent publishes from several goroutines while subscribers come and
// go; run it with -race.
func TestConcurrent(t *testing.T) {
	h := NewHub(Options{Queue: 16})
	defer h.Close()
	var wg sync.WaitGroup
	for p := range 4 {
		wg.Go(func() {
			for i := range 500 {
				h.Publish(Event{Kind: KindReading, Division: fmt.Sprint(p), Data: json.RawMessage(fmt.Sprint(i))})
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 20 {
				ctx, cancel := context.WithCancel(t.Context())
				ch := h.Subscribe(ctx, func(e Event) bool { return e.Division != "0" })
				for range 5 {
					select {
					case <-ch:
					case <-time.After(time.Millisecond):
					}
				}
				cancel()
				for range ch {
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkPublish(b *testing.B) {
	for _, subs := range []int{1, 16} {
		b.Run(fmt.Sprintf("subscribers=%d", subs), func(b *testing.B) {
			h := NewHub(Options{})
			defer h.Close()
			for range subs {
				ch := h.Subscribe(b.Context(), nil)
				go func() {
					for range ch {
					}
				}()
			}
			e := event(1)
			e.Time = time.Now()
			b.ReportAllocs()
			for b.Loop() {
				h.Publish(e)
			}
		})
	}
}
