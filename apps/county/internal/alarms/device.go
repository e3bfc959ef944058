package alarms

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
)

// Subject identifies what a device alarm is about: one rule on one point of
// one device. A subject has at most one alarm that is not closed.
type Subject struct {
	// Device is the county_devices id.
	Device string
	// Point is the measured point, such as "soil_moisture" or "alarm_word";
	// empty for the device as a whole.
	Point string
	// Rule is the rule's id.
	Rule string
}

// Condition is a device alarm condition that holds now.
type Condition struct {
	Subject
	// Division is the device's division, for scoping.
	Division string
	// Origin is "gateway", "central", "terminal" or "health".
	Origin string
	// Severity is "info", "warning", "major" or "critical".
	Severity string
	// Value and Limit are the measured value and the level crossed, in fixed
	// point with Scale decimals and in Unit.
	Value, Limit int64
	Scale        uint8
	Unit         string
	// Message is a one-line summary for people.
	Message string
	// Time is when the condition began.
	Time time.Time
}

// severityRank orders the severities of device alarms, the iot/alarm words.
var severityRank = map[string]int{"info": 1, "warning": 2, "major": 3, "critical": 4}

// deviceKeeper raises, updates and clears device alarms so that each
// subject has one alarm that is not closed. It caches the alarms it wrote,
// and reads an alarm again only when a write finds that the API changed it.
type deviceKeeper struct {
	store   *store.Store
	publish func(a *store.DeviceAlarm, change string)

	mu   sync.Mutex
	open map[Subject]*store.DeviceAlarm
}

func newDeviceKeeper(st *store.Store, publish func(*store.DeviceAlarm, string)) *deviceKeeper {
	return &deviceKeeper{store: st, publish: publish, open: map[Subject]*store.DeviceAlarm{}}
}

// load reads the alarms that are not closed.
func (k *deviceKeeper) load(ctx context.Context) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	var after int64
	for {
		page, err := k.store.DeviceAlarms(ctx, store.DeviceAlarmFilter{NotClosed: true, AfterID: after, Limit: 1000})
		if err != nil {
			return err
		}
		for _, a := range page {
			k.open[Subject{a.Device, a.Point, a.Rule}] = a
		}
		if len(page) < 1000 {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

// raise opens an alarm for c, or updates the subject's alarm when the
// severity, value, limit or message changed. It reports whether it opened a
// new alarm. A subject whose alarm people closed while the condition held
// stays closed until the condition ends.
func (k *deviceKeeper) raise(ctx context.Context, c Condition) (bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.open[c.Subject]; !ok {
		a := &store.DeviceAlarm{Device: c.Device, Division: c.Division, Origin: c.Origin, Point: c.Point, Rule: c.Rule,
			Severity: c.Severity, Status: store.AlarmOpen, Active: true, Raised: c.Time, Value: c.Value,
			Limit: c.Limit, Scale: c.Scale, Unit: c.Unit, Message: c.Message}
		if err := k.store.PutDeviceAlarm(ctx, a); err != nil {
			return false, err
		}
		k.open[c.Subject] = a
		k.publish(a, "raised")
		return true, nil
	}
	return false, k.write(ctx, c.Subject, func(a *store.DeviceAlarm) (string, bool) {
		if a.Status == store.AlarmClosed {
			return "", false // closed by people while the condition holds
		}
		change := "updated"
		if severityRank[c.Severity] > severityRank[a.Severity] && a.Status == store.AlarmAcknowledged {
			a.Status, change = store.AlarmOpen, "escalated"
		}
		if a.Severity == c.Severity && a.Value == c.Value && a.Limit == c.Limit && a.Scale == c.Scale &&
			a.Message == c.Message && a.Division == c.Division && a.Active {
			return "", false
		}
		a.Severity, a.Value, a.Limit, a.Scale, a.Unit = c.Severity, c.Value, c.Limit, c.Scale, c.Unit
		a.Message, a.Division, a.Active = c.Message, c.Division, true
		return change, true
	})
}

// clear closes the subject's alarm because its condition ended at at.
func (k *deviceKeeper) clear(ctx context.Context, s Subject, at time.Time) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.open[s]; !ok {
		return nil
	}
	err := k.write(ctx, s, func(a *store.DeviceAlarm) (string, bool) {
		a.Active, a.Cleared = false, at
		a.Status = store.AlarmClosed
		return "cleared", true
	})
	delete(k.open, s)
	return err
}

// acknowledge marks the subject's alarm acknowledged, as its gateway
// reported an operator did there.
func (k *deviceKeeper) acknowledge(ctx context.Context, s Subject) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.open[s]; !ok {
		return nil
	}
	return k.write(ctx, s, func(a *store.DeviceAlarm) (string, bool) {
		if a.Status != store.AlarmOpen {
			return "", false
		}
		a.Status = store.AlarmAcknowledged
		return "acknowledged", true
	})
}

// write applies change to the cached alarm of s and stores it. When the
// stored alarm has moved on, it reads it again and applies change once more.
// change reports the word to publish and whether there is anything to
// write. k.mu is held.
func (k *deviceKeeper) write(ctx context.Context, s Subject, change func(*store.DeviceAlarm) (string, bool)) error {
	for attempt := 0; ; attempt++ {
		a := *k.open[s]
		word, ok := change(&a)
		if !ok {
			return nil
		}
		err := k.store.PutDeviceAlarm(ctx, &a)
		if err == nil {
			*k.open[s] = a
			k.publish(&a, word)
			return nil
		}
		if !errors.Is(err, store.ErrConflict) || attempt > 0 {
			return fmt.Errorf("alarms: store device alarm %d: %w", a.ID, err)
		}
		fresh, rerr := k.store.DeviceAlarm(ctx, a.ID)
		if rerr != nil {
			return fmt.Errorf("alarms: read device alarm %d again: %w", a.ID, rerr)
		}
		*k.open[s] = *fresh
	}
}
