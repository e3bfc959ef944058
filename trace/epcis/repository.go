package epcis

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Repository stores captured events and runs queries over them. It is the interface that
// capture and query code needs from storage. [MemoryRepository] implements it in memory,
// and an SQL store can implement it too.
//
// Implementations must be safe for concurrent use.
type Repository interface {
	// Insert stores the events of one capture, all or none. Each event comes with EventID
	// and RecordTime set and with its [HashID]. Insert rejects the whole batch with an
	// [*Error] of [ReasonDuplicate] when an event without errorDeclaration repeats the hash
	// or the eventID of a stored event or of another event in the batch. An event with an
	// errorDeclaration may repeat an eventID, because it declares that event in error.
	Insert(ctx context.Context, events []Captured) error
	// Query returns one page of the events that match q, in q's order.
	Query(ctx context.Context, q Query) (Page, error)
}

// Captured is an event ready to store, with its event hash.
type Captured struct {
	Event Event
	// Hash is the CBV 2.0 event hash ID of Event.
	Hash string
}

// Capture decodes a capture request in either binding, validates it, fills in EventID (the
// event hash when the client sent none) and RecordTime (now, from the now function, or
// time.Now when nil), and inserts its events into repo. It returns the stored events.
func Capture(ctx context.Context, repo Repository, data []byte, now func() time.Time) (
	[]Event, error) {
	doc, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return CaptureDocument(ctx, repo, doc, now)
}

// CaptureDocument validates doc and stores its events as [Capture] does. The events of doc
// are not changed.
func CaptureDocument(ctx context.Context, repo Repository, doc *Document,
	now func() time.Time) ([]Event, error) {
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	recorded := now().UTC()
	opts := HashOptions{Ignore: doc.HashIgnore()}
	batch := make([]Captured, len(doc.Events))
	for i := range doc.Events {
		ev := doc.Events[i]
		hash := opts.HashID(&ev)
		if ev.EventID == "" {
			ev.EventID = hash
		}
		ev.RecordTime = recorded
		batch[i] = Captured{Event: ev, Hash: hash}
	}
	if err := repo.Insert(ctx, batch); err != nil {
		return nil, err
	}
	events := make([]Event, len(batch))
	for i := range batch {
		events[i] = batch[i].Event
	}
	return events, nil
}

// MemoryRepository is a [Repository] in memory, for tests, demos and small deployments. The
// zero value is ready to use. It is safe for concurrent use. It keeps the events given to
// Insert and returns them from Query without copying their slices and pointers, so callers
// must treat both as read-only. Query scans every stored event.
type MemoryRepository struct {
	mu     sync.RWMutex
	events []Event
	ids    []identifiers // canonical identifiers of events[i], for queries
	byHash map[string]int
	byID   map[string]int
}

var _ Repository = (*MemoryRepository)(nil)

// Insert implements [Repository].
func (m *MemoryRepository) Insert(ctx context.Context, events []Captured) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byHash == nil {
		m.byHash = map[string]int{}
		m.byID = map[string]int{}
	}

	batchHash := map[string]bool{}
	batchID := map[string]bool{}
	for i, c := range events {
		path := fmt.Sprintf("eventList[%d]", i)
		if c.Event.ErrorDeclaration != nil {
			continue
		}
		if j, ok := m.byHash[c.Hash]; ok || batchHash[c.Hash] {
			return newError(path, ReasonDuplicate, "event already captured (hash %s, "+
				"eventID %s)", c.Hash, m.idAt(j, ok))
		}
		if _, ok := m.byID[c.Event.EventID]; ok || batchID[c.Event.EventID] {
			return newError(path, ReasonDuplicate, "eventID %s already used: only an event "+
				"with errorDeclaration may repeat it", c.Event.EventID)
		}
		batchHash[c.Hash] = true
		batchID[c.Event.EventID] = true
	}

	for _, c := range events {
		idx := len(m.events)
		m.events = append(m.events, c.Event)
		m.ids = append(m.ids, identifiersOf(&c.Event))
		if c.Event.ErrorDeclaration == nil {
			m.byHash[c.Hash] = idx
			m.byID[c.Event.EventID] = idx
		}
	}
	return nil
}

func (m *MemoryRepository) idAt(i int, ok bool) string {
	if !ok {
		return "in the same capture"
	}
	return m.events[i].EventID
}

// Len returns the number of stored events.
func (m *MemoryRepository) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.events)
}

// Query implements [Repository]. The page token is the offset of the next event in the
// ordered result. NOTE: events captured between two page requests can shift the pages.
func (m *MemoryRepository) Query(ctx context.Context, q Query) (Page, error) {
	if err := ctx.Err(); err != nil {
		return Page{}, err
	}
	offset := 0
	if q.PageToken != "" {
		n, err := strconv.Atoi(q.PageToken)
		if err != nil || n < 0 {
			return Page{}, newError("nextPageToken", ReasonInvalid,
				"invalid page token %q: use the token a previous page returned", q.PageToken)
		}
		offset = n
	}
	size := q.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}

	match := newMatcher(&q)
	m.mu.RLock()
	var matched []Event
	for i := range m.events {
		if match.matches(&m.events[i], &m.ids[i]) {
			matched = append(matched, m.events[i])
		}
	}
	m.mu.RUnlock()

	sortEvents(matched, q.OrderBy, q.OrderAscending)
	if offset > len(matched) {
		offset = len(matched)
	}
	end := min(offset+size, len(matched))
	page := Page{Events: matched[offset:end]}
	if end < len(matched) {
		page.NextPageToken = strconv.Itoa(end)
	}
	return page, nil
}

// sortEvents orders events by eventTime or recordTime, newest first unless ascending; ties
// keep capture order.
func sortEvents(events []Event, orderBy string, ascending bool) {
	key := func(e *Event) time.Time { return e.EventTime }
	if orderBy == "recordTime" {
		key = func(e *Event) time.Time { return e.RecordTime }
	}
	slices.SortStableFunc(events, func(a, b Event) int {
		c := key(&a).Compare(key(&b))
		if !ascending {
			c = -c
		}
		return c
	})
}
