// Package ingest takes the county server's telemetry in. It subscribes to the
// gateways' telemetry topics on an MQTT broker and decodes the messages in
// iot/uplink's format. It writes the readings to SQLite or PostgreSQL and
// feeds them to a water/metering shard for the rollups. Readings the centre station
// decodes from SL 651 and SZY 206 frames enter the same pipeline through
// Ingester.CentreHandler or Ingester.Enqueue. With Config.Events set it also
// takes the gateways' alarm, health, birth and death messages, which it hands
// to the application and acknowledges once handled.
//
// # Durability
//
// The subscription uses a persistent session (clean session off, a fixed
// client id) and QoS 1, and the PUBACK of a message goes back to the broker
// only after the transaction holding its readings has committed. A process
// killed at any point has acknowledged only what is in the database; the
// broker delivers everything else again when the ingest reconnects.
//
// # Idempotency
//
// A reading is keyed by its source (the gateway's group and name, or the
// centre station), its outbox epoch (0 for a message without one and for
// centre stations), its sequence number (the gateway outbox seq, or the
// observation time in Unix milliseconds) and its field. The key is the
// primary key of the readings table, so a reading seen twice, after a resend
// by the gateway or a redelivery by the broker, is stored and metered once,
// while a reinstalled gateway, whose outbox starts again at seq 1 in a new
// epoch, has its readings stored.
//
// # Timestamps
//
// A reading whose time is before 2000-01-01 UTC ([EarliestMillis]), such as
// a reading with time 0, or more than Config.MaxClockSkew ahead of the
// server's clock is dropped and counted in Stats, while the other readings
// of its message are stored.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/iot/centre"
	"github.com/shuxiang/shuxiang/iot/uplink"
	"github.com/shuxiang/shuxiang/water/metering"
)

// Reading is one value read from a device.
type Reading struct {
	// Source is the origin of the reading: "<group>/<gateway>" for a
	// gateway over MQTT, or the name the centre converter gives a station,
	// such as "sl651/0012345678".
	Source string
	// Epoch is the outbox epoch of a gateway's message (see
	// uplink.ParseEpoch), or 0 for a message without one and for a centre
	// station.
	Epoch uint64
	// Seq is the gateway's outbox sequence number, or for a centre station
	// the observation time in Unix milliseconds. With Source, Epoch and
	// Field it identifies the reading.
	Seq int64
	// Device is the device the value was read from.
	Device string
	// Field is the name of the value, such as "flow_total".
	Field string
	// TimeMillis is when the value was read, in Unix milliseconds.
	TimeMillis int64
	// Value is the value in fixed point with Scale decimals.
	Value int64
	// Scale is the number of decimal places of Value.
	Scale uint8
}

// Defaults that Config uses for zero fields.
const (
	DefaultClientID   = "shuxiang-county-ingest"
	DefaultTopic      = "shuxiang/v1/+/+/telemetry"
	DefaultBatchRows  = 10000
	DefaultLinger     = 5 * time.Millisecond
	DefaultQueueLen   = 256
	DefaultRetryDelay = time.Second
	// DefaultMaxClockSkew is how far ahead of the server's clock a reading's
	// time may lie.
	DefaultMaxClockSkew = 10 * time.Minute
)

// EarliestMillis is 2000-01-01 00:00 UTC in Unix milliseconds. Readings
// from before it are dropped, because they come from a device whose clock
// was never set.
const EarliestMillis = 946_684_800_000

// MeterFunc reports whether the field of a device is a meter register. If it
// is, it returns the meter's name in the metering registry and its
// configuration.
type MeterFunc func(device, field string) (name string, cfg metering.MeterConfig, ok bool)

// Config configures an Ingester.
type Config struct {
	// Broker is the MQTT broker URL, such as "tcp://127.0.0.1:1883". Empty
	// runs without MQTT, for the centre station only.
	Broker string
	// Username and Password are the ingest's credentials at the broker.
	Username, Password string
	// ClientID is the fixed MQTT client id of the persistent session.
	// Default DefaultClientID. Two servers on one broker need two ids.
	ClientID string
	// Topic is the subscription filter. Default DefaultTopic.
	Topic string
	// Store receives the readings. Required.
	Store *Store
	// Meter selects the readings that go to metering; nil meters none.
	Meter MeterFunc
	// Metering configures the shard; the zero value is Beijing time.
	Metering metering.Config
	// BatchRows is how many readings one transaction holds at most.
	// Default DefaultBatchRows.
	BatchRows int
	// Linger is how long a transaction waits for more messages after the
	// first. Default DefaultLinger.
	Linger time.Duration
	// QueueLen bounds the messages decoded and waiting for the writer.
	// Default DefaultQueueLen.
	QueueLen int
	// Now returns the current time for metering and the check of reading
	// times; nil means time.Now.
	Now func() time.Time
	// MaxClockSkew is how far ahead of Now a reading's time may lie before
	// the reading is dropped. Default DefaultMaxClockSkew.
	MaxClockSkew time.Duration
	// Registered, when set, reports whether source ("<group>/<gateway>")
	// is a registered gateway. Telemetry, alarm, health, birth and death
	// messages of other sources are acknowledged, dropped and counted in
	// Stats.Unregistered. A broker that checks credentials and topics does
	// this already; an external broker may not.
	Registered func(ctx context.Context, source string) bool
	// Committed, when set, receives the readings of each committed batch
	// with fresh[i] reporting whether rs[i] was new to the database, after
	// metering has taken them and before the messages are acknowledged. It
	// runs on the writer goroutine, so it must return quickly, and must not
	// keep rs or fresh, which the writer reuses.
	Committed func(rs []Reading, fresh []bool)
	// Events, when set, receives the gateways' alarm, health, birth and
	// death messages: the ingest then subscribes to those topics too. kind
	// is the topic's last level and source "<group>/<gateway>". A message is
	// acknowledged once Events returns nil; an error is logged and the call
	// repeated after DefaultRetryDelay until it succeeds or Run's context
	// ends, when the message is left for the broker to deliver again. It
	// runs on the MQTT delivery goroutine, so telemetry waits while it runs.
	Events func(ctx context.Context, kind, source string, payload []byte) error
	// Logger receives connection and error records; nil discards them.
	Logger *slog.Logger
}

// Stats are counters of an Ingester since it started.
type Stats struct {
	Messages  uint64 // MQTT messages received, redeliveries included
	Malformed uint64 // MQTT messages dropped because they do not decode
	Skipped   uint64 // numeric values dropped because ParseFixed rejects them
	// TooOld counts readings dropped because their time is before EarliestMillis.
	TooOld uint64
	// Future counts readings dropped because their time is more than
	// Config.MaxClockSkew ahead of the server's clock.
	Future uint64
	// Unregistered counts MQTT messages dropped because Config.Registered
	// rejected their source.
	Unregistered uint64
	Readings     uint64 // readings received, duplicates included
	Stored       uint64 // readings new to the database
	Duplicates   uint64 // readings already stored
	Metered      uint64 // readings handed to metering, those replayed at start included
	Commits      uint64 // transactions committed
	Acked        uint64 // MQTT messages acknowledged after their commit
	Connects     uint64 // MQTT connections established
}

// job is a unit of work for the writer: the readings of one MQTT message
// or one centre event, and what to acknowledge once they are committed.
type job struct {
	rs  []Reading
	msg mqtt.Message // nil for centre events
}

// Ingester runs the pipeline from the broker and the centre station into the
// store and metering.
type Ingester struct {
	cfg   Config
	log   *slog.Logger
	queue chan job
	stop  chan struct{} // closed when Run's context ends
	ready chan struct{} // closed once the first subscription is granted
	once  sync.Once

	mu       sync.Mutex // guards shard and registry
	shard    *metering.Shard
	registry metering.Registry

	stats struct {
		messages, malformed, skipped, readings, stored, duplicates, metered, commits, acked, connects atomic.Uint64
		tooOld, future, unregistered                                                                  atomic.Uint64
	}
}

// New checks cfg and returns an Ingester; Run starts it.
func New(cfg Config) (*Ingester, error) {
	if cfg.Store == nil {
		return nil, errors.New("ingest: Config.Store is nil; open one with OpenStore")
	}
	if cfg.ClientID == "" {
		cfg.ClientID = DefaultClientID
	}
	if cfg.Topic == "" {
		cfg.Topic = DefaultTopic
	}
	if cfg.BatchRows <= 0 {
		cfg.BatchRows = DefaultBatchRows
	}
	if cfg.Linger <= 0 {
		cfg.Linger = DefaultLinger
	}
	if cfg.QueueLen <= 0 {
		cfg.QueueLen = DefaultQueueLen
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxClockSkew <= 0 {
		cfg.MaxClockSkew = DefaultMaxClockSkew
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	shard, err := metering.NewShard(cfg.Metering)
	if err != nil {
		return nil, fmt.Errorf("ingest: metering: %w", err)
	}
	return &Ingester{cfg: cfg, log: log, queue: make(chan job, cfg.QueueLen), stop: make(chan struct{}), ready: make(chan struct{}), shard: shard}, nil
}

// Stats returns the counters.
func (in *Ingester) Stats() Stats {
	s := &in.stats
	return Stats{
		Messages: s.messages.Load(), Malformed: s.malformed.Load(), Skipped: s.skipped.Load(), Readings: s.readings.Load(),
		Stored: s.stored.Load(), Duplicates: s.duplicates.Load(), Metered: s.metered.Load(),
		Commits: s.commits.Load(), Acked: s.acked.Load(), Connects: s.connects.Load(),
		TooOld: s.tooOld.Load(), Future: s.future.Load(), Unregistered: s.unregistered.Load(),
	}
}

// Ready returns a channel that is closed once the broker has granted the
// subscription, or at once when Config.Broker is empty. A new client id has
// no session at the broker before that, so messages published earlier are
// not kept for it.
func (in *Ingester) Ready() <-chan struct{} { return in.ready }

// Metering calls fn with the metering shard and registry, which the writer
// does not touch while fn runs. fn must not keep them.
func (in *Ingester) Metering(fn func(*metering.Shard, *metering.Registry)) {
	in.mu.Lock()
	defer in.mu.Unlock()
	fn(in.shard, &in.registry)
}

// CentreHandler returns a handler for centre.Config.Handler that passes the
// readings convert makes of each event into the pipeline. convert appends
// to dst and should set Source to the station (such as "sl651/" + station)
// and Seq to the observation time in Unix milliseconds, so that a report the
// DTU sends twice is stored once. The handler waits while the queue is full,
// which slows the stations down as centre.Server intends.
func (in *Ingester) CentreHandler(convert func(dst []Reading, e *centre.Event) []Reading) centre.Handler {
	return centre.HandlerFunc(func(ctx context.Context, e *centre.Event) {
		if e.Kind != centre.Message {
			return
		}
		rs := in.admit(convert(nil, e))
		if len(rs) == 0 {
			return
		}
		select {
		case in.queue <- job{rs: rs}:
		case <-ctx.Done():
		}
	})
}

// Run connects to the broker, when one is configured, and writes readings
// until ctx ends. It then commits and acknowledges what is queued,
// disconnects and returns nil. A message that arrives during the stop is
// not acknowledged, so the broker delivers it again. Before it connects it
// replays the stored readings into metering, so the rollups after a restart
// are those before it. It returns an error when the replay or the first
// connection fails. Run may be called once.
func (in *Ingester) Run(ctx context.Context) error {
	if err := in.replay(ctx); err != nil {
		return err
	}
	var client mqtt.Client
	if in.cfg.Broker == "" {
		in.once.Do(func() { close(in.ready) })
	} else {
		var err error
		if client, err = in.connect(); err != nil {
			return err
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		in.write(ctx)
	}()
	<-ctx.Done()
	close(in.stop)
	<-done
	if client != nil {
		// Disconnect sends the acknowledgements the drain queued first.
		client.Disconnect(250)
	}
	return nil
}

func (in *Ingester) connect() (mqtt.Client, error) {
	o := mqtt.NewClientOptions().
		AddBroker(in.cfg.Broker).
		SetClientID(in.cfg.ClientID).
		SetCleanSession(false).
		SetAutoAckDisabled(true).
		SetOrderMatters(true).
		SetAutoReconnect(true).
		SetConnectRetry(false).
		SetMaxReconnectInterval(10 * time.Second).
		SetConnectTimeout(10 * time.Second).
		SetKeepAlive(30 * time.Second)
	if in.cfg.Username != "" {
		o.SetUsername(in.cfg.Username).SetPassword(in.cfg.Password)
	}
	o.SetDefaultPublishHandler(in.receive)
	o.SetOnConnectHandler(func(c mqtt.Client) {
		in.stats.connects.Add(1)
		// The broker keeps the subscription of a persistent session; this
		// makes it also on a broker that lost the session.
		toks := []mqtt.Token{c.Subscribe(in.cfg.Topic, 1, in.receive)}
		if in.cfg.Events != nil {
			filters := map[string]byte{}
			for _, k := range EventKinds {
				filters[uplink.TopicPrefix+"/+/+/"+k] = 1
			}
			toks = append(toks, c.SubscribeMultiple(filters, in.receiveEvent))
		}
		go func() {
			for _, tok := range toks {
				if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
					in.log.Error("subscribe failed", "broker", in.cfg.Broker, "topic", in.cfg.Topic, "err", tok.Error())
					return
				}
			}
			in.log.Info("subscribed", "broker", in.cfg.Broker, "topic", in.cfg.Topic, "events", in.cfg.Events != nil)
			in.once.Do(func() { close(in.ready) })
		}()
	})
	o.SetConnectionLostHandler(func(_ mqtt.Client, err error) {
		in.log.Warn("broker connection lost", "broker", in.cfg.Broker, "err", err)
	})
	c := mqtt.NewClient(o)
	tok := c.Connect()
	if !tok.WaitTimeout(15 * time.Second) {
		c.Disconnect(0)
		return nil, fmt.Errorf("ingest: connect to %s timed out; check that the broker runs there", in.cfg.Broker)
	}
	if err := tok.Error(); err != nil {
		return nil, fmt.Errorf("ingest: connect to %s: %w", in.cfg.Broker, err)
	}
	return c, nil
}

// receive runs on paho's delivery goroutine: it decodes a message and queues
// it for the writer, waiting while the queue is full.
func (in *Ingester) receive(_ mqtt.Client, m mqtt.Message) {
	in.stats.messages.Add(1)
	source, err := SourceOf(m.Topic())
	if err == nil && !in.registered(source) {
		in.dropUnregistered(m)
		return
	}
	var rs []Reading
	skipped := 0
	if err == nil {
		rs, skipped, err = DecodeTelemetry(nil, source, m.Payload())
	}
	if err != nil {
		// Delivering it again would not make it decode.
		in.stats.malformed.Add(1)
		in.log.Warn("dropped malformed telemetry", "topic", m.Topic(), "bytes", len(m.Payload()), "err", err)
		m.Ack()
		return
	}
	if skipped > 0 {
		// Logged when the total passes a power of two, so a gateway that
		// sends such a value every second does not flood the log.
		n := in.stats.skipped.Add(uint64(skipped))
		if bits.Len64(n) != bits.Len64(n-uint64(skipped)) {
			in.log.Warn("skipped values that are not decimal numbers of at most 18 digits and 9 decimals",
				"topic", m.Topic(), "values", skipped, "skipped_total", n)
		}
	}
	select {
	case in.queue <- job{rs: in.admit(rs), msg: m}:
	case <-in.stop: // not acknowledged: the broker delivers it again
	}
}

// EventKinds are the last topic levels of the gateway messages that
// Config.Events receives.
var EventKinds = []string{"alarm", "health", "birth", "death"}

// receiveEvent runs on paho's delivery goroutine: it hands an alarm, health,
// birth or death message to Config.Events and acknowledges it once that
// returns nil.
func (in *Ingester) receiveEvent(_ mqtt.Client, m mqtt.Message) {
	in.stats.messages.Add(1)
	rest, _ := strings.CutPrefix(m.Topic(), uplink.TopicPrefix+"/")
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || !slices.Contains(EventKinds, parts[2]) {
		in.stats.malformed.Add(1)
		in.log.Warn("dropped message of an unknown topic", "topic", m.Topic())
		m.Ack()
		return
	}
	source := parts[0] + "/" + parts[1]
	if !in.registered(source) {
		in.dropUnregistered(m)
		return
	}
	if i := nulEscape(m.Payload()); i >= 0 {
		// PostgreSQL cannot store U+0000 in text, so the handler would fail
		// on it at every retry and hold up every later message.
		in.stats.malformed.Add(1)
		in.log.Warn("dropped gateway message with the character U+0000", "topic", m.Topic(), "byte", i)
		m.Ack()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-in.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	for {
		err := in.cfg.Events(ctx, parts[2], source, m.Payload())
		if err == nil {
			m.Ack()
			in.stats.acked.Add(1)
			return
		}
		in.log.Error("handle gateway message failed; retrying", "topic", m.Topic(), "err", err)
		select {
		case <-time.After(DefaultRetryDelay):
		case <-ctx.Done():
			return // not acknowledged: the broker delivers it again
		}
	}
}

// Enqueue passes readings that the server made itself, such as those of a
// station's reply to a query, into the pipeline. It waits while the queue is
// full and returns ctx's error if ctx ends first.
func (in *Ingester) Enqueue(ctx context.Context, rs []Reading) error {
	rs = in.admit(rs)
	if len(rs) == 0 {
		return nil
	}
	select {
	case in.queue <- job{rs: rs}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// write takes jobs off the queue, commits them in batches and then
// acknowledges them, until ctx ends.
func (in *Ingester) write(ctx context.Context) {
	var (
		batch []job
		rs    []Reading
		fresh []bool
		mrs   []metering.Reading
	)
	linger := time.NewTimer(time.Hour)
	linger.Stop()
	for {
		batch, rs = batch[:0], rs[:0]
		stopping := false
		select {
		case j := <-in.queue:
			batch = append(batch, j)
			rs = append(rs, j.rs...)
		case <-ctx.Done():
			stopping = true
		}
		if stopping {
			// Drain: commit and acknowledge what is queued, so that a
			// graceful stop leaves nothing for the broker to deliver again.
		drain:
			for len(rs) < in.cfg.BatchRows {
				select {
				case j := <-in.queue:
					batch = append(batch, j)
					rs = append(rs, j.rs...)
				default:
					break drain
				}
			}
			if len(batch) == 0 {
				return
			}
		}
		linger.Reset(in.cfg.Linger)
	fill:
		for !stopping && len(rs) < in.cfg.BatchRows {
			select {
			case j := <-in.queue:
				batch = append(batch, j)
				rs = append(rs, j.rs...)
			case <-linger.C:
				break fill
			case <-ctx.Done():
				break fill
			}
		}
		linger.Stop()
		if cap(fresh) < len(rs) {
			fresh = make([]bool, len(rs))
		}
		fresh = fresh[:len(rs)]
		if !in.commit(ctx, rs, fresh) {
			return // ctx ended before the commit; nothing of batch is acknowledged
		}
		mrs = in.meter(mrs[:0], rs, fresh)
		if in.cfg.Committed != nil {
			in.cfg.Committed(rs, fresh)
		}
		// paho v1.5.1 drops an Ack whose connection has closed rather than
		// sending it on the next connection, where the packet id may name
		// another message. The broker delivers such a message again.
		for _, j := range batch {
			if j.msg != nil {
				j.msg.Ack()
				in.stats.acked.Add(1)
			}
		}
	}
}

// commit writes rs, retrying after errors, and reports whether it succeeded
// before ctx ended.
func (in *Ingester) commit(ctx context.Context, rs []Reading, fresh []bool) bool {
	for {
		// The commit itself must not be cut short by ctx: a batch that is
		// ready is written even when shutdown has begun.
		err := in.cfg.Store.Insert(context.WithoutCancel(ctx), rs, fresh)
		if err == nil {
			break
		}
		in.log.Error("store readings failed; retrying", "readings", len(rs), "err", err)
		select {
		case <-time.After(DefaultRetryDelay):
		case <-ctx.Done():
			return false
		}
	}
	n := uint64(0)
	for _, f := range fresh {
		if f {
			n++
		}
	}
	in.stats.commits.Add(1)
	in.stats.readings.Add(uint64(len(rs)))
	in.stats.stored.Add(n)
	in.stats.duplicates.Add(uint64(len(rs)) - n)
	return true
}

// replay feeds the stored readings to metering in time order.
func (in *Ingester) replay(ctx context.Context) error {
	if in.cfg.Meter == nil {
		return nil
	}
	const chunk = 4096
	rs := make([]Reading, 0, chunk)
	fresh := make([]bool, chunk)
	var mrs []metering.Reading
	for i := range fresh {
		fresh[i] = true
	}
	n := 0
	err := in.cfg.Store.EachInOrder(ctx, func(r Reading) error {
		rs = append(rs, r)
		n++
		if len(rs) == chunk {
			mrs = in.meter(mrs[:0], rs, fresh)
			rs = rs[:0]
		}
		return nil
	})
	if err != nil {
		return err
	}
	in.meter(mrs[:0], rs, fresh[:len(rs)])
	if n > 0 {
		in.log.Info("replayed stored readings into metering", "readings", n, "metered", in.stats.metered.Load())
	}
	return nil
}

// meter hands the new readings that are meter registers to the shard.
func (in *Ingester) meter(mrs []metering.Reading, rs []Reading, fresh []bool) []metering.Reading {
	if in.cfg.Meter == nil {
		return mrs
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	for i := range rs {
		if !fresh[i] {
			continue
		}
		r := &rs[i]
		name, mc, ok := in.cfg.Meter(r.Device, r.Field)
		if !ok {
			continue
		}
		id, ok := in.registry.ID(name)
		if !ok {
			err := mc.Validate()
			if err == nil {
				if id, err = in.registry.Add(name); err == nil {
					err = in.shard.AddMeter(id, mc)
				}
			}
			if err != nil {
				in.log.Error("metering: meter not added", "meter", name, "err", err)
				continue
			}
		}
		v, ok := rescale(r.Value, r.Scale, mc.Scale)
		if !ok {
			in.log.Warn("metering: value has more decimals than the meter", "meter", name, "value", r.Value, "scale", r.Scale, "meter_scale", mc.Scale)
			continue
		}
		mrs = append(mrs, metering.Reading{Meter: id, Time: r.TimeMillis / 1000, Value: v})
	}
	if len(mrs) > 0 {
		in.shard.Ingest(in.cfg.Now().Unix(), mrs)
		in.stats.metered.Add(uint64(len(mrs)))
	}
	return mrs
}

// rescale converts v with scale from to scale to, when no digit is lost.
func rescale(v int64, from, to uint8) (int64, bool) {
	for ; from < to; from++ {
		if v > 1<<62 || v < -(1<<62) {
			return 0, false
		}
		v *= 10
	}
	for ; from > to; from-- {
		if v%10 != 0 {
			return 0, false
		}
		v /= 10
	}
	return v, true
}
