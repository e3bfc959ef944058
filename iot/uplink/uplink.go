package uplink

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/iot/outbox"
)

// Config configures an [Uplink]. Group, Gateway and Broker are required, and
// every other zero field takes the default named in its comment.
type Config struct {
	// Broker is the broker URL: tcp:// or mqtt:// for plain TCP, ssl://,
	// tls:// or mqtts:// for TLS, for example "tcp://127.0.0.1:1883".
	Broker string
	// Group and Gateway name the gateway in its topics (see [TopicsFor]).
	Group, Gateway string
	// ClientID is the MQTT client identifier. Default "shuxiang-<group>-<gateway>".
	ClientID string
	// Username and Password are the gateway's own credentials; empty sends none.
	Username, Password string
	// TLS configures TLS for the ssl, tls and mqtts schemes. Nil uses the
	// system roots; an empty ServerName is taken from the broker URL.
	TLS *tls.Config
	// KeepAlive is the MQTT keep-alive interval. Default 30 s.
	KeepAlive time.Duration
	// ConnectTimeout bounds dialling, the TLS handshake and the CONNACK,
	// SUBACK and birth PUBACK waits. Default 10 s.
	ConnectTimeout time.Duration
	// MaxInFlight is how many publishes may wait for their PUBACK. Default
	// 1000, at most 10000.
	MaxInFlight int
	// AckTimeout is how long publishes may wait without any PUBACK before the
	// connection counts as broken and is replaced. Default 30 s.
	AckTimeout time.Duration
	// ReconnectMin and ReconnectMax bound the wait between connection
	// attempts, which doubles after each failure. Defaults 1 s and 60 s.
	ReconnectMin, ReconnectMax time.Duration
	// MaxMessageBytes is the largest MQTT payload sent. A larger record goes
	// to the dead-letter file. Default 256 KiB.
	MaxMessageBytes int
	// MaxBatch is how many records of one kind that are already queued go
	// into one MQTT message (see the package documentation for the format).
	// Default 100; 1 sends one message per record.
	MaxBatch int
	// MaxStrikes is how many connections in a row may break while the same
	// record is the oldest one awaiting its PUBACK before that record goes to
	// the dead-letter file as rejected by the broker. Default 10.
	MaxStrikes int
	// BirthSeqFile is the file that keeps the last birth-death sequence number
	// (bdSeq) across restarts, so that every birth carries a bdSeq above all
	// earlier ones of this gateway. Default "bdseq" in the outbox directory.
	BirthSeqFile string
	// EpochFile is the file that keeps the outbox epoch, a random id that
	// [New] creates when the file is missing and that every message and
	// birth carries, so that receivers tell the sequence numbers of a new
	// outbox directory from those of the one it replaced. Default "epoch"
	// in the outbox directory, so that a new directory starts a new epoch.
	EpochFile string
	// OnCommand receives each command published to the gateway's command
	// topics. It runs on paho's delivery goroutine and must return quickly.
	// Commands delivered with the retain flag set are dropped and counted
	// instead, because a retained command may be hours old. Nil drops all.
	OnCommand func(Command)
	// Logger receives connection and dead-letter events. Nil discards them.
	Logger *slog.Logger
}

// Command is a message received on one of the gateway's command topics.
type Command struct {
	Topic   string
	Payload []byte
}

func (c *Config) fill() (Topics, error) {
	topics, err := TopicsFor(c.Group, c.Gateway)
	if err != nil {
		return Topics{}, err
	}
	u, err := url.Parse(c.Broker)
	if err != nil || u.Host == "" {
		return Topics{}, fmt.Errorf("uplink: broker URL %q is invalid: use tcp://host:port "+
			"or ssl://host:port", c.Broker)
	}
	switch u.Scheme {
	case "tcp", "mqtt", "ssl", "tls", "mqtts":
	default:
		return Topics{}, fmt.Errorf("uplink: broker URL scheme %q is not supported: use tcp, "+
			"mqtt, ssl, tls or mqtts", u.Scheme)
	}
	if c.ClientID == "" {
		c.ClientID = "shuxiang-" + c.Group + "-" + c.Gateway
	}
	setDefault(&c.KeepAlive, 30*time.Second)
	setDefault(&c.ConnectTimeout, 10*time.Second)
	setDefault(&c.AckTimeout, 30*time.Second)
	setDefault(&c.ReconnectMin, time.Second)
	setDefault(&c.ReconnectMax, 60*time.Second)
	setDefault(&c.MaxInFlight, 1000)
	setDefault(&c.MaxMessageBytes, 256<<10)
	setDefault(&c.MaxStrikes, 10)
	setDefault(&c.MaxBatch, 100)
	if c.MaxInFlight < 1 || c.MaxInFlight > 10000 {
		return Topics{}, fmt.Errorf("uplink: MaxInFlight %d is outside 1..10000", c.MaxInFlight)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return topics, nil
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// Stats are counters of an [Uplink] since it was created.
type Stats struct {
	Connected        bool   // whether a connection is up now
	Connects         uint64 // connections established
	Published        uint64 // MQTT messages of records written, resends included
	Acked            uint64 // records acknowledged by a matched PUBACK
	DeadLettered     uint64 // records moved to the dead-letter file
	Commands         uint64 // commands passed to OnCommand
	RetainedCommands uint64 // commands dropped because the retain flag was set
}

// Uplink drains an [outbox.Outbox] to an MQTT broker with QoS 1. It acks a
// record in the outbox only when the broker's PUBACK for that very publish
// arrives on the connection that carried it. When a connection breaks, every
// record still waiting for its PUBACK is sent again on the next connection, in
// order, so delivery is at least once and receivers de-duplicate by the seq
// field of the message.
type Uplink struct {
	cfg    Config
	topics Topics
	box    *outbox.Outbox
	epoch  string // outbox epoch, see Config.EpochFile

	bdSeq   uint64 // birth-death sequence of the latest connection; Run goroutine only
	strikes struct {
		seq   uint64
		count int
	}

	connected                                atomic.Bool
	connects, published, acked, deadLettered atomic.Uint64
	commands, retainedCommands               atomic.Uint64
}

// New checks the configuration, reads the last bdSeq from
// [Config].BirthSeqFile and the outbox epoch from [Config].EpochFile,
// creating the epoch when the file is missing, and returns an uplink that
// drains box once [Uplink.Run] is called.
func New(box *outbox.Outbox, cfg Config) (*Uplink, error) {
	topics, err := cfg.fill()
	if err != nil {
		return nil, err
	}
	if cfg.BirthSeqFile == "" {
		cfg.BirthSeqFile = filepath.Join(box.Dir(), birthSeqName)
	}
	if cfg.EpochFile == "" {
		cfg.EpochFile = filepath.Join(box.Dir(), epochName)
	}
	epoch, err := loadEpoch(cfg.EpochFile)
	if err != nil {
		return nil, err
	}
	u := &Uplink{cfg: cfg, topics: topics, box: box, epoch: epoch}
	u.bdSeq = u.loadBirthSeq()
	return u, nil
}

// Topics returns the gateway's topic layout.
func (u *Uplink) Topics() Topics { return u.topics }

// Epoch returns the outbox epoch that the uplink's messages carry.
func (u *Uplink) Epoch() string { return u.epoch }

// Stats returns the counters.
func (u *Uplink) Stats() Stats {
	return Stats{
		Connected:        u.connected.Load(),
		Connects:         u.connects.Load(),
		Published:        u.published.Load(),
		Acked:            u.acked.Load(),
		DeadLettered:     u.deadLettered.Load(),
		Commands:         u.commands.Load(),
		RetainedCommands: u.retainedCommands.Load(),
	}
}

// Run connects, publishes the birth message, subscribes to the command topics
// and drains the outbox until ctx ends. It reconnects after every failure with
// a doubling wait between ReconnectMin and ReconnectMax, and repeats the
// birth and the subscriptions on each connection. When ctx ends it publishes
// the death message, disconnects and returns nil. It returns an error only
// when the outbox is closed under it.
func (u *Uplink) Run(ctx context.Context) error {
	wait := u.cfg.ReconnectMin
	for {
		established, err := u.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, outbox.ErrClosed) {
			return fmt.Errorf("uplink: stopped because the outbox was closed: %w", err)
		}
		if established {
			wait = u.cfg.ReconnectMin
		}
		u.cfg.Logger.Warn("uplink: connection ended", "broker", u.cfg.Broker, "err", err,
			"retry_in", wait)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil
		}
		if !established {
			wait = min(2*wait, u.cfg.ReconnectMax)
		}
	}
}

// session is one connection's life: connect, birth, subscribe, drain. It
// reports whether the connection was established.
func (u *Uplink) session(ctx context.Context) (bool, error) {
	u.nextBirthSeq()
	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	c := &conn{u: u, slots: make(chan struct{}, u.cfg.MaxInFlight),
		batches: make(map[uint64][]uint64)}
	c.track = newTracker(c.onAck)

	client := mqtt.NewClient(u.clientOptions(c, cancel))
	if err := u.connect(sctx, client); err != nil {
		return false, err
	}
	u.connects.Add(1)
	u.connected.Store(true)
	defer u.connected.Store(false)
	u.cfg.Logger.Info("uplink: connected", "broker", u.cfg.Broker, "client_id", u.cfg.ClientID,
		"bd_seq", u.bdSeq)

	go c.watch(sctx, cancel)
	err := c.drain(sctx, client)
	if ctx.Err() != nil {
		u.publishDeath(client)
		client.Disconnect(250)
		return true, nil
	}
	client.Disconnect(0)
	u.strike(c.track)
	return true, err
}

func (u *Uplink) clientOptions(c *conn, cancel context.CancelCauseFunc) *mqtt.ClientOptions {
	death, _ := json.Marshal(u.birth())
	opts := mqtt.NewClientOptions().
		AddBroker(u.cfg.Broker).
		SetClientID(u.cfg.ClientID).
		SetCleanSession(true).
		SetAutoReconnect(false).
		SetConnectRetry(false).
		SetKeepAlive(u.cfg.KeepAlive).
		SetPingTimeout(u.cfg.ConnectTimeout).
		SetConnectTimeout(u.cfg.ConnectTimeout).
		SetWriteTimeout(u.cfg.ConnectTimeout).
		SetBinaryWill(u.topics.Death, death, 1, false).
		SetCustomOpenConnectionFn(c.dial).
		SetConnectionLostHandler(func(_ mqtt.Client, err error) {
			cancel(fmt.Errorf("uplink: connection lost: %w", err))
		})
	if u.cfg.Username != "" {
		opts.SetUsername(u.cfg.Username)
		opts.SetPassword(u.cfg.Password)
	}
	return opts
}

func (u *Uplink) birth() Birth {
	return Birth{BirthDeathSeq: u.bdSeq, TimeMillis: time.Now().UnixMilli(),
		Group: u.cfg.Group, Gateway: u.cfg.Gateway, Epoch: u.epoch}
}

// connect sends CONNECT, SUBSCRIBE for the command topics and the birth
// message, and waits for each acknowledgement.
func (u *Uplink) connect(ctx context.Context, client mqtt.Client) error {
	if err := u.await(ctx, client.Connect(), "connect to "+u.cfg.Broker); err != nil {
		return err
	}
	sub := client.Subscribe(u.topics.Commands, 1, u.onCommand)
	if err := u.await(ctx, sub, "subscribe to "+u.topics.Commands); err != nil {
		client.Disconnect(0)
		return err
	}
	if code := sub.(*mqtt.SubscribeToken).Result()[u.topics.Commands]; code > 2 {
		client.Disconnect(0)
		return fmt.Errorf("uplink: broker rejected the subscription to %s with return code "+
			"%#x: grant the gateway's user access to it", u.topics.Commands, code)
	}
	birth, _ := json.Marshal(u.birth())
	pub := client.Publish(u.topics.Birth, 1, false, birth)
	if err := u.await(ctx, pub, "publish birth"); err != nil {
		client.Disconnect(0)
		return err
	}
	return nil
}

func (u *Uplink) await(ctx context.Context, t mqtt.Token, what string) error {
	timer := time.NewTimer(u.cfg.ConnectTimeout + time.Second)
	defer timer.Stop()
	select {
	case <-t.Done():
		if err := t.Error(); err != nil {
			return fmt.Errorf("uplink: %s: %w", what, err)
		}
		return nil
	case <-timer.C:
		return fmt.Errorf("uplink: %s timed out after %v", what, u.cfg.ConnectTimeout)
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func (u *Uplink) publishDeath(client mqtt.Client) {
	death, _ := json.Marshal(u.birth())
	client.Publish(u.topics.Death, 1, false, death).WaitTimeout(time.Second)
}

func (u *Uplink) onCommand(_ mqtt.Client, m mqtt.Message) {
	if m.Retained() {
		u.retainedCommands.Add(1)
		u.cfg.Logger.Warn("uplink: dropped retained command", "topic", m.Topic())
		return
	}
	if u.cfg.OnCommand == nil {
		return
	}
	u.commands.Add(1)
	u.cfg.OnCommand(Command{Topic: m.Topic(), Payload: m.Payload()})
}

// strike counts a broken connection against the oldest record that was
// waiting for its PUBACK, and moves that record to the dead-letter file once
// MaxStrikes connections in a row broke on it. An MQTT 3.1.1 broker rejects a
// publish by closing the connection, so this is the only sign of rejection.
//
// NOTE: a link that breaks MaxStrikes times in a row just after each
// reconnect, before any PUBACK, looks the same and dead-letters a good record.
func (u *Uplink) strike(t *tracker) {
	seq, ok := t.oldestPending()
	if !ok {
		u.strikes.seq, u.strikes.count = 0, 0
		return
	}
	if seq != u.strikes.seq {
		u.strikes.seq, u.strikes.count = seq, 0
	}
	u.strikes.count++
	if u.strikes.count < u.cfg.MaxStrikes {
		return
	}
	reason := fmt.Sprintf("connection to %s broke %d times in a row while this record "+
		"waited for its PUBACK", u.cfg.Broker, u.strikes.count)
	u.deadLetter(seq, reason)
	u.strikes.seq, u.strikes.count = 0, 0
}

func (u *Uplink) deadLetter(seq uint64, reason string) {
	if err := u.box.DeadLetter(seq, reason); err != nil {
		u.cfg.Logger.Error("uplink: move record to dead-letter file", "seq", seq, "err", err)
		return
	}
	u.deadLettered.Add(1)
	u.cfg.Logger.Error("uplink: record moved to dead-letter file", "seq", seq, "reason", reason)
}

// conn is the state of one connection.
type conn struct {
	u     *Uplink
	track *tracker
	slots chan struct{} // one token per publish awaiting its PUBACK

	batchMu sync.Mutex
	batches map[uint64][]uint64 // sequence numbers of each batch, by the first
}

func (c *conn) dial(uri *url.URL, _ mqtt.ClientOptions) (net.Conn, error) {
	d := net.Dialer{Timeout: c.u.cfg.ConnectTimeout}
	tcp, err := d.Dial("tcp", uri.Host)
	if err != nil {
		return nil, err
	}
	raw := tcp
	switch uri.Scheme {
	case "ssl", "tls", "mqtts":
		cfg := &tls.Config{}
		if c.u.cfg.TLS != nil {
			cfg = c.u.cfg.TLS.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName = uri.Hostname()
		}
		tc := tls.Client(raw, cfg)
		tc.SetDeadline(time.Now().Add(c.u.cfg.ConnectTimeout))
		if err := tc.Handshake(); err != nil {
			raw.Close()
			return nil, fmt.Errorf("uplink: TLS handshake with %s: %w", uri.Host, err)
		}
		tc.SetDeadline(time.Time{})
		raw = tc
	}
	return newTrackedConn(raw, tcp, c.track), nil
}

// onAck runs on paho's reading goroutine for each PUBACK of a message whose
// first record is seq.
func (c *conn) onAck(seq uint64) {
	c.batchMu.Lock()
	seqs, isBatch := c.batches[seq]
	delete(c.batches, seq)
	c.batchMu.Unlock()
	if !isBatch {
		seqs = []uint64{seq}
	}
	for _, s := range seqs {
		err := c.u.box.Ack(s)
		if err == nil {
			c.u.acked.Add(1)
		} else if !errors.Is(err, outbox.ErrNotInFlight) {
			c.u.cfg.Logger.Warn("uplink: ack record", "seq", s, "err", err)
		}
	}
	select {
	case <-c.slots:
	default:
	}
}

// watch ends the connection when publishes wait longer than AckTimeout
// without any PUBACK.
func (c *conn) watch(ctx context.Context, cancel context.CancelCauseFunc) {
	tick := time.NewTicker(min(c.u.cfg.AckTimeout/4, time.Second))
	defer tick.Stop()
	for {
		select {
		case now := <-tick.C:
			if c.track.stalled(now, c.u.cfg.AckTimeout) {
				cancel(fmt.Errorf("uplink: no PUBACK for %v", c.u.cfg.AckTimeout))
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// drain publishes records from the outbox until ctx ends. It starts with a
// rewind, so whatever an earlier connection left unacknowledged goes first.
func (c *conn) drain(ctx context.Context, client mqtt.Client) error {
	box, u := c.u.box, c.u
	box.Rewind()
	var carry *outbox.Record // a record taken from the outbox that did not fit the last batch
	for {
		select {
		case c.slots <- struct{}{}:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		var rec outbox.Record
		if carry != nil {
			rec, carry = *carry, nil
		} else {
			var err error
			if rec, err = box.Next(ctx); err != nil {
				if ctx.Err() != nil {
					return context.Cause(ctx)
				}
				return err
			}
		}
		topic, reason := u.check(rec)
		if reason != "" {
			<-c.slots
			u.deadLetter(rec.Seq, reason)
			continue
		}
		payload, next, err := c.batch(rec)
		if err != nil {
			return err
		}
		carry = next
		token := client.Publish(topic, 1, false, payload)
		u.published.Add(1)
		select {
		case <-token.Done():
			if err := token.Error(); err != nil {
				return fmt.Errorf("uplink: publish seq %d: %w", rec.Seq, err)
			}
		default:
		}
	}
}

// batch builds the payload for first and for the records of the same kind
// that are already queued behind it, up to MaxBatch records and
// MaxMessageBytes. It returns a copy of the record that ended the batch
// without fitting in it, if any.
func (c *conn) batch(first outbox.Record) ([]byte, *outbox.Record, error) {
	u := c.u
	kind := first.Payload[0]
	// Paho keeps the payload until the PUBACK, so each gets its own buffer.
	single := appendEnvelope(make([]byte, 0, len(first.Payload)+96), first, u.epoch)
	if u.cfg.MaxBatch <= 1 {
		return single, nil, nil
	}
	var items []byte
	seqs := []uint64{first.Seq}
	for len(seqs) < u.cfg.MaxBatch {
		rec, ok, err := u.box.TryNext()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		fits := len(rec.Payload) > 0 && rec.Payload[0] == kind &&
			len(single)+len(items)+len(rec.Payload)+64 <= u.cfg.MaxMessageBytes
		if !fits {
			carry := rec
			carry.Payload = append([]byte(nil), rec.Payload...)
			return c.finishBatch(single, items, seqs), &carry, nil
		}
		items = append(items, ',')
		items = appendEnvelope(items, rec, u.epoch)
		seqs = append(seqs, rec.Seq)
	}
	return c.finishBatch(single, items, seqs), nil, nil
}

// finishBatch returns the single envelope when the batch has one record, or
// the batch envelope, and remembers the batch's sequence numbers under its first.
func (c *conn) finishBatch(single, items []byte, seqs []uint64) []byte {
	if len(seqs) == 1 {
		return single
	}
	c.batchMu.Lock()
	c.batches[seqs[0]] = seqs
	c.batchMu.Unlock()
	return appendBatchEnvelope(make([]byte, 0, len(single)+len(items)+32), seqs[0], single, items)
}

// check returns the topic of a record, or why it can never be published.
func (u *Uplink) check(rec outbox.Record) (topic, reason string) {
	if len(rec.Payload) == 0 || !Kind(rec.Payload[0]).valid() {
		return "", "record has no valid kind byte: it was not written by Enqueue or AppendRecord"
	}
	if size := len(rec.Payload) + 64; size > u.cfg.MaxMessageBytes {
		return "", fmt.Sprintf("message of about %d bytes exceeds MaxMessageBytes %d", size,
			u.cfg.MaxMessageBytes)
	}
	return u.topics.topicFor(Kind(rec.Payload[0])), ""
}
