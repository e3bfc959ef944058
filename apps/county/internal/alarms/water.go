package alarms

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// Key identifies what a water alarm is about: one rule on one well, and for
// meter rules one meter and one tamper event kind. A key has at most one
// alarm that is not closed.
type Key struct {
	Rule  water.Rule
	Well  water.WellCode
	Meter water.MeterID
	Event water.EventKind
}

// KeyOf returns the key of an alarm.
func KeyOf(a *water.Alarm) Key { return Key{a.Rule, a.Well, a.Meter, a.Event} }

// compareKeys orders keys by rule, well, meter and event.
func compareKeys(a, b Key) int {
	switch {
	case a.Rule != b.Rule:
		return cmp.Compare(a.Rule, b.Rule)
	case a.Well != b.Well:
		return cmp.Compare(a.Well, b.Well)
	case a.Meter != b.Meter:
		return cmp.Compare(a.Meter, b.Meter)
	}
	return cmp.Compare(a.Event, b.Event)
}

// waterKeeper stores the alarms of package water's rules through
// water.AlarmStore so that each key has one alarm that is not closed: it
// opens an alarm when a rule first finds its condition, updates the evidence
// while the condition holds and closes it when a later run no longer finds
// it. It caches the alarms it wrote, and reads one again only when a write
// finds that the API changed it.
type waterKeeper struct {
	store   water.AlarmStore
	publish func(a *water.AlarmRecord, change string)
	// refresh is the shortest time between two writes of an alarm whose
	// evidence alone changed, such as the volume used against a plan.
	refresh time.Duration

	mu   sync.Mutex
	open map[Key]*water.AlarmRecord
	// shelved are keys whose alarm people closed while the condition held;
	// they are not raised again until a run no longer finds the condition.
	// NOTE: shelving is kept in memory only, so after a restart such an
	// alarm is raised once more.
	shelved map[Key]bool
}

func newWaterKeeper(st water.AlarmStore, refresh time.Duration, publish func(*water.AlarmRecord, string)) *waterKeeper {
	return &waterKeeper{store: st, publish: publish, refresh: refresh,
		open: map[Key]*water.AlarmRecord{}, shelved: map[Key]bool{}}
}

// load reads the alarms that are open or acknowledged.
func (k *waterKeeper) load(ctx context.Context) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, st := range []water.AlarmStatus{water.AlarmOpen, water.AlarmAcknowledged} {
		for after := ""; ; {
			page, next, err := k.store.Alarms(ctx, water.AlarmFilter{Status: st, Page: land.Page{Limit: 1000, After: after}})
			if err != nil {
				return fmt.Errorf("alarms: list %s water alarms: %w", st, err)
			}
			for _, a := range page {
				k.open[KeyOf(&a.Alarm)] = a
			}
			if next == "" {
				break
			}
			after = next
		}
	}
	return nil
}

// sync stores what one run of the rules found: an alarm per key, opened or
// updated. Keys that inScope accepts and the run did not find are closed,
// because their condition ended.
func (k *waterKeeper) sync(ctx context.Context, inScope func(Key) bool, found []water.Alarm, now time.Time) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	seen := map[Key]bool{}
	var errs []error
	for i := range found {
		key := KeyOf(&found[i])
		seen[key] = true
		if k.shelved[key] {
			continue
		}
		errs = append(errs, k.upsert(ctx, key, &found[i], now))
	}
	// Closing in key order publishes the changes in the same order every run.
	var ended []Key
	for key := range k.open {
		if inScope(key) && !seen[key] {
			ended = append(ended, key)
		}
	}
	slices.SortFunc(ended, compareKeys)
	for _, key := range ended {
		errs = append(errs, k.close(ctx, key))
	}
	for key := range k.shelved {
		if inScope(key) && !seen[key] {
			delete(k.shelved, key)
		}
	}
	return errors.Join(errs...)
}

// latch opens an alarm of a, or adds a's evidence to the key's alarm while
// it is open or acknowledged: tamper alarms stay until people close them,
// and an event after that opens a new one.
func (k *waterKeeper) latch(ctx context.Context, a *water.Alarm) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	key := KeyOf(a)
	if _, ok := k.open[key]; ok {
		closed := false
		err := k.write(ctx, key, func(r *water.AlarmRecord) (string, bool) {
			if r.Status == water.AlarmClosed {
				closed = true
				return "", false
			}
			r.Observed = mergeEvidence(r.Observed, a.Observed)
			r.To = latest(r.To, a.To)
			r.Message = a.Message
			if n, ok := r.Value("events"); ok && n.GreaterThan(decimal.NewFromInt(1)) {
				r.Message = fmt.Sprintf("meter %s of well %s reported %s, %s events", a.Meter, a.Well, a.Event, n)
			}
			return "updated", true
		}, func() error {
			closed = true
			return nil
		})
		if err != nil || !closed {
			return err
		}
	}
	return k.create(ctx, key, a)
}

// upsert opens an alarm for a or updates the key's alarm; k.mu is held.
func (k *waterKeeper) upsert(ctx context.Context, key Key, a *water.Alarm, now time.Time) error {
	if _, ok := k.open[key]; !ok {
		return k.create(ctx, key, a)
	}
	return k.write(ctx, key, func(r *water.AlarmRecord) (string, bool) {
		if r.Status == water.AlarmClosed {
			k.shelved[key] = true
			return "", false
		}
		change := "updated"
		major := r.Severity != a.Severity || r.Action != a.Action || !sameQuantity(r.Threshold, a.Threshold)
		if !major && (sameEvidence(r.Observed, a.Observed) || now.Sub(r.UpdatedAt) < k.refresh) {
			return "", false
		}
		if a.Severity > r.Severity && r.Status == water.AlarmAcknowledged {
			r.Status, change = water.AlarmOpen, "escalated"
		}
		raised, from := r.Raised, r.From
		r.Alarm = *a
		r.Raised, r.From = raised, earliest(from, a.From)
		return change, true
	}, nil)
}

// create stores a new open alarm of a; k.mu is held.
func (k *waterKeeper) create(ctx context.Context, key Key, a *water.Alarm) error {
	r := &water.AlarmRecord{Alarm: *a, Status: water.AlarmOpen}
	r.Observed = slices.Clone(a.Observed)
	if err := k.store.PutAlarm(ctx, r); err != nil {
		return fmt.Errorf("alarms: store %s alarm of well %s: %w", a.Rule, a.Well, err)
	}
	k.open[key] = r
	k.publish(r, "raised")
	return nil
}

// close closes the key's alarm because its condition ended; k.mu is held.
func (k *waterKeeper) close(ctx context.Context, key Key) error {
	err := k.write(ctx, key, func(r *water.AlarmRecord) (string, bool) {
		if r.Status == water.AlarmClosed {
			return "", false
		}
		r.Status = water.AlarmClosed
		return "cleared", true
	}, nil)
	delete(k.open, key)
	return err
}

// write applies change to the cached alarm of key and stores it, reading the
// alarm again and applying change once more when the API changed it. When
// the alarm is gone, it calls gone, if set. k.mu is held.
func (k *waterKeeper) write(ctx context.Context, key Key, change func(*water.AlarmRecord) (string, bool), gone func() error) error {
	for attempt := 0; ; attempt++ {
		r := *k.open[key]
		r.Observed = slices.Clone(r.Observed)
		word, ok := change(&r)
		if !ok {
			return nil
		}
		err := k.store.PutAlarm(ctx, &r)
		if err == nil {
			*k.open[key] = r
			k.publish(&r, word)
			return nil
		}
		if errors.Is(err, water.ErrNotFound) {
			delete(k.open, key)
			if gone != nil {
				return gone()
			}
			return nil
		}
		if !errors.Is(err, water.ErrConflict) || attempt > 0 {
			return fmt.Errorf("alarms: store water alarm %d: %w", r.ID, err)
		}
		fresh, rerr := k.store.Alarm(ctx, r.ID)
		if errors.Is(rerr, water.ErrNotFound) {
			delete(k.open, key)
			if gone != nil {
				return gone()
			}
			return nil
		}
		if rerr != nil {
			return fmt.Errorf("alarms: read water alarm %d again: %w", r.ID, rerr)
		}
		*k.open[key] = *fresh
	}
}

func sameQuantity(a, b water.Quantity) bool {
	return a.Name == b.Name && a.Unit == b.Unit && a.Value.Equal(b.Value)
}

func sameEvidence(a, b []water.Quantity) bool {
	return slices.EqualFunc(a, b, sameQuantity)
}

// mergeEvidence adds the tamper evidence of more to have: counts and drops
// add up, and the largest clock step stays.
func mergeEvidence(have, more []water.Quantity) []water.Quantity {
	out := slices.Clone(have)
	for _, q := range more {
		i := slices.IndexFunc(out, func(o water.Quantity) bool { return o.Name == q.Name })
		switch {
		case i < 0:
			out = append(out, q)
		case q.Name == "largest_step":
			if q.Value.Abs().GreaterThan(out[i].Value.Abs()) {
				out[i].Value = q.Value
			}
		default:
			out[i].Value = out[i].Value.Add(q.Value)
		}
	}
	return out
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}
