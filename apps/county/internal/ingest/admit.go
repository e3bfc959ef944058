package ingest

import (
	"context"
	"math/bits"
	"sync/atomic"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"
)

// registeredTimeout bounds one call of Config.Registered, which may read
// the database on the MQTT delivery goroutine.
const registeredTimeout = 10 * time.Second

// admit returns the readings of rs whose time lies from EarliestMillis to
// MaxClockSkew ahead of Now, and counts the others. It returns rs itself
// when it keeps them all, and otherwise a new slice, so the caller's slice
// is never changed.
func (in *Ingester) admit(rs []Reading) []Reading {
	latest := in.cfg.Now().Add(in.cfg.MaxClockSkew).UnixMilli()
	bad := 0
	for i := range rs {
		if t := rs[i].TimeMillis; t < EarliestMillis || t > latest {
			bad++
		}
	}
	if bad == 0 {
		return rs
	}

	kept := make([]Reading, 0, len(rs)-bad)
	var old, future uint64
	for _, r := range rs {
		switch {
		case r.TimeMillis < EarliestMillis:
			old++
		case r.TimeMillis > latest:
			future++
		default:
			kept = append(kept, r)
		}
	}
	r := rs[0]
	if old > 0 {
		in.warnPowerOfTwo(&in.stats.tooOld, old, "dropped readings with a time before 2000-01-01",
			"source", r.Source, "device", r.Device)
	}
	if future > 0 {
		in.warnPowerOfTwo(&in.stats.future, future, "dropped readings with a time ahead of the server's clock",
			"source", r.Source, "device", r.Device, "max_clock_skew", in.cfg.MaxClockSkew.String())
	}
	return kept
}

// warnPowerOfTwo adds n to the counter and logs msg with args when the total
// passes a power of two, so that a device that sends a bad value every
// second does not flood the log.
func (in *Ingester) warnPowerOfTwo(counter *atomic.Uint64, n uint64, msg string, args ...any) {
	total := counter.Add(n)
	if bits.Len64(total) != bits.Len64(total-n) {
		in.log.Warn(msg, append(args, "readings", n, "dropped_total", total)...)
	}
}

// registered reports whether Config.Registered accepts source, or true when
// it is not set.
func (in *Ingester) registered(source string) bool {
	if in.cfg.Registered == nil {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), registeredTimeout)
	defer cancel()
	return in.cfg.Registered(ctx, source)
}

// dropUnregistered acknowledges and counts a message of a source that is not
// a registered gateway. Delivering it again would not make it registered.
func (in *Ingester) dropUnregistered(m mqtt.Message) {
	total := in.stats.unregistered.Add(1)
	if bits.Len64(total) != bits.Len64(total-1) {
		in.log.Warn("dropped messages of a gateway that is not registered", "topic", m.Topic(),
			"dropped_total", total)
	}
	m.Ack()
}
