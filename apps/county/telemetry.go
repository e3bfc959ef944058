package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/broker"
	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
	"github.com/shuxiang/shuxiang/apps/county/internal/live"
	"github.com/shuxiang/shuxiang/apps/county/internal/register"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/iot/centre"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// Telemetry defaults of serve and demo.
const (
	// defaultMQTTAddr is the embedded broker's MQTT listener. It is not the
	// standard port 1883, so that the server starts beside an installed
	// Mosquitto.
	defaultMQTTAddr = "127.0.0.1:1884"
	// defaultCentreAddr is the centre station's TCP listener for DTUs.
	defaultCentreAddr = "127.0.0.1:9651"
	// flowField is the gateway field holding a well's cumulative water meter
	// register in m³; its device is the well code.
	flowField = "flow_total"
	// dailyEvery is how often the metering day totals go to the store.
	dailyEvery = 2 * time.Second
)

// telemetryFlags are the flags that choose the broker and the centre station.
type telemetryFlags struct {
	mqttURL    string
	mqttAddr   string
	centreAddr string
	clientID   string
	// mqttUser is the ingest's user name at an external broker, whose
	// password is in SHUXIANG_MQTT_PASSWORD.
	mqttUser string
	// anyGateway admits messages of gateways without an enabled device account.
	anyGateway bool
	// maxClockSkew is how far ahead of the server's clock a reading may lie.
	maxClockSkew time.Duration
	// metrics chooses where the server's own Prometheus metrics are served.
	metrics metricsFlags
	// watch are the flags of the alarms and the device health.
	watch watchFlags
	// trace are the flags of the traceability API and the public lookup.
	trace traceFlags
}

// register adds the telemetry flags to fs, with defaults from the environment.
func (f *telemetryFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.mqttURL, "mqtt", envOr("SHUXIANG_MQTT_URL", ""),
		"external MQTT broker `URL` such as tcp://127.0.0.1:1883; empty starts the embedded broker (env SHUXIANG_MQTT_URL)")
	fs.StringVar(&f.mqttAddr, "mqtt-addr", envOr("SHUXIANG_MQTT_ADDR", defaultMQTTAddr),
		"`HOST:PORT` of the embedded broker's MQTT listener, port 0 for a free one (env SHUXIANG_MQTT_ADDR)")
	fs.StringVar(&f.centreAddr, "centre-addr", envOr("SHUXIANG_CENTRE_ADDR", defaultCentreAddr),
		"`HOST:PORT` of the centre station's TCP listener for SL 651 and SZY 206 DTUs; \"off\" disables it (env SHUXIANG_CENTRE_ADDR)")
	fs.StringVar(&f.clientID, "mqtt-client", envOr("SHUXIANG_MQTT_CLIENT", ingest.DefaultClientID),
		"MQTT client `id` of the ingest's persistent session; two servers on one broker need two (env SHUXIANG_MQTT_CLIENT)")
	fs.StringVar(&f.mqttUser, "mqtt-user", envOr("SHUXIANG_MQTT_USER", ""),
		"ingest's user `name` at the external broker of -mqtt, with the password in env SHUXIANG_MQTT_PASSWORD (env SHUXIANG_MQTT_USER)")
	fs.BoolVar(&f.anyGateway, "mqtt-any-gateway", false,
		"store messages of gateways that have no enabled device account, such as those an external broker admits; by default they are dropped and counted")
	fs.DurationVar(&f.maxClockSkew, "max-clock-skew", ingest.DefaultMaxClockSkew,
		"how far ahead of the server's clock a reading's `time` may lie before it is dropped and counted")
	f.metrics.register(fs)
	f.watch.register(fs)
	f.trace.register(fs)
}

// telemetry is the running broker, ingest and centre station of serve.
type telemetry struct {
	broker  *broker.Broker // nil with an external broker
	store   *ingest.Store
	ingest  *ingest.Ingester
	centre  *centre.Server // nil when disabled
	mqttURL string
	// mqttUser and mqttPassword are the ingest's credentials at the broker.
	mqttUser, mqttPassword string
	centreL                net.Listener
	// watch is the register index, the device health and the alarm engine.
	watch *watch

	// written is the day totals last written per well and day, so that
	// flushDaily rewrites only the days that changed and the updated stamps
	// of the others, which the API's ETags derive from, stay put.
	written map[wellDay]dayTotals

	// hub receives a "daily" event per day total written; nil publishes
	// nothing. wells and divisions find the division of a well for the event.
	hub       *live.Hub
	wells     water.RegisterStore
	divisions map[string]string

	mu      sync.Mutex
	runErr  error // the error ingest.Run returned, nil while it runs
	running bool
}

// wellDay is one well's calendar day in the metering shard.
type wellDay struct {
	well water.WellCode
	day  metering.Day
}

// dayTotals are the water in thousandths of a m³ and the energy in
// thousandths of a kWh of one well on one day, summed over its meters.
type dayTotals struct {
	water, energy int64
}

// startTelemetry starts the broker, unless tf names an external one, opens the
// readings store on a's database and prepares the ingest and centre station.
// run starts them.
func startTelemetry(ctx context.Context, a *app, dataDir string, tf telemetryFlags, log *slog.Logger) (*telemetry, error) {
	t := &telemetry{mqttURL: tf.mqttURL, written: map[wellDay]dayTotals{},
		wells: a.water, divisions: map[string]string{}}
	if t.mqttURL == "" {
		host, port, err := splitHostPort(tf.mqttAddr)
		if err != nil {
			return nil, fmt.Errorf("-mqtt-addr %q: %w; want HOST:PORT such as %s", tf.mqttAddr, err, defaultMQTTAddr)
		}
		ma, err := newMQTTAuth(a.auth, tf.clientID, log)
		if err != nil {
			return nil, err
		}
		b, err := broker.Start(broker.Config{Dir: filepath.Join(dataDir, "broker"), Host: host, MQTTPort: port, Logger: log,
			Authenticate: ma.authenticate})
		if err != nil {
			return nil, fmt.Errorf("start embedded broker on %s: %w; choose a free port with -mqtt-addr or an external broker with -mqtt", tf.mqttAddr, err)
		}
		t.broker = b
		t.mqttURL = b.MQTTURL()
		t.mqttUser, t.mqttPassword = ingestUser, ma.ingestSecret
	} else {
		t.mqttUser, t.mqttPassword = tf.mqttUser, os.Getenv("SHUXIANG_MQTT_PASSWORD")
	}
	var registered func(context.Context, string) bool
	if !tf.anyGateway {
		rg := &registeredGateways{county: a.county, log: log, known: map[string]registration{}}
		registered = rg.registered
	}
	var err error
	if t.store, err = ingest.OpenStore(ctx, a.db, a.dialect); err != nil {
		t.close()
		return nil, fmt.Errorf("open readings store: %w", err)
	}
	if t.watch, err = newWatch(ctx, a, tf.watch, log); err != nil {
		t.close()
		return nil, err
	}
	t.ingest, err = ingest.New(ingest.Config{
		Broker:       t.mqttURL,
		Username:     t.mqttUser,
		Password:     t.mqttPassword,
		ClientID:     tf.clientID,
		MaxClockSkew: tf.maxClockSkew,
		Registered:   registered,
		Store:        t.store,
		Meter:        t.watch.index.Meter,
		Committed:    t.watch.committed,
		Events:       t.watch.gatewayMessage,
		Metering:     metering.Config{Zone: a.zone.table},
		Logger:       log,
	})
	if err != nil {
		t.close()
		return nil, err
	}
	if err := t.watch.start(ctx, a, t.store, t.ingest); err != nil {
		t.close()
		return nil, err
	}
	if tf.centreAddr != "" && tf.centreAddr != "off" {
		t.centre, err = centre.New(centre.Config{Handler: t.watch.centreHandler(), SZY206: t.watch.options, Logger: log})
		t.watch.centre = t.centre
		if err != nil {
			t.close()
			return nil, fmt.Errorf("centre station: %w", err)
		}
		if t.centreL, err = net.Listen("tcp", tf.centreAddr); err != nil {
			t.close()
			return nil, fmt.Errorf("listen for DTUs on -centre-addr %s: %w", tf.centreAddr, err)
		}
	}
	return t, nil
}

func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("port %q is not a number from 0 to 65535", p)
	}
	return host, port, nil
}

// run runs the ingest and the centre station until ctx ends, and copies the
// day totals of the well meters into the county store every dailyEvery. It
// returns after the ingest has committed and acknowledged what it holds.
func (t *telemetry) run(ctx context.Context, county *store.Store, log *slog.Logger) error {
	t.mu.Lock()
	t.running = true
	t.mu.Unlock()
	var wg sync.WaitGroup
	if t.centre != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := t.centre.Serve(ctx, t.centreL); err != nil && ctx.Err() == nil {
				log.Error("centre station stopped", "err", err)
			}
		}()
		log.Info("centre station listening", "addr", t.centreL.Addr().String())
	}
	t.watch.setHub(t.hub)
	wg.Add(1)
	go func() {
		defer wg.Done()
		t.watch.run(ctx)
	}()
	dctx, stopDaily := context.WithCancel(context.Background())
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(dailyEvery)
		defer tick.Stop()
		for {
			select {
			case <-dctx.Done():
				return
			case <-tick.C:
				if err := t.flushDaily(dctx, county); err != nil && dctx.Err() == nil {
					log.Error("store day totals", "err", err)
				}
			}
		}
	}()
	err := t.ingest.Run(ctx)
	stopDaily()
	wg.Wait()
	if ferr := t.flushDaily(context.Background(), county); ferr != nil && err == nil {
		err = fmt.Errorf("store day totals: %w", ferr)
	}
	t.mu.Lock()
	t.running = false
	t.runErr = err
	if err == nil {
		t.runErr = errors.New("ingest stopped")
	}
	t.mu.Unlock()
	return err
}

// flushDaily writes the day totals of the well meters that changed since the
// last call to the county store. Only one goroutine at a time may call it.
//
// NOTE: Daily.Readings stays 0, because the metering shard counts accepted
// readings per meter and not per day.
func (t *telemetry) flushDaily(ctx context.Context, county *store.Store) error {
	totals := map[wellDay]dayTotals{}
	t.ingest.Metering(func(sh *metering.Shard, reg *metering.Registry) {
		for _, d := range sh.AppendAllDays(nil) {
			name, _ := reg.Name(d.Meter)
			well, q, _, ok := register.ParseMeterName(name)
			if !ok {
				continue
			}
			k := wellDay{well, d.Day}
			sum := totals[k]
			if q == register.Energy {
				sum.energy += d.Total
			} else {
				sum.water += d.Total
			}
			totals[k] = sum
		}
	})
	var days []store.Daily
	var keys []wellDay
	for k, sum := range totals {
		if t.written[k] == sum {
			continue
		}
		keys = append(keys, k)
		y, m, dd := k.day.Date()
		days = append(days, store.Daily{
			Well: string(k.well), Day: land.NewDate(y, m, dd),
			Volume: decimal.New(sum.water, -register.Scale), Energy: decimal.New(sum.energy, -register.Scale),
		})
	}
	if len(days) == 0 {
		return nil
	}
	if err := county.PutDaily(ctx, days); err != nil {
		return err
	}
	for _, k := range keys {
		t.written[k] = totals[k]
	}
	t.publishDaily(ctx, days)
	return nil
}

// dailyEvent is the data of a "daily" event: a well's water total for a day.
type dailyEvent struct {
	Well   string          `json:"well"`
	Day    land.Date       `json:"day"`
	Volume decimal.Decimal `json:"volume_m3"`
}

// publishDaily publishes a "daily" event per day total written, with the
// well's division for scoping.
func (t *telemetry) publishDaily(ctx context.Context, days []store.Daily) {
	if t.hub == nil {
		return
	}
	for _, d := range days {
		data, err := json.Marshal(dailyEvent{Well: d.Well, Day: d.Day, Volume: d.Volume})
		if err != nil {
			continue
		}
		t.hub.Publish(live.Event{Kind: live.KindDaily, Division: t.wellDivision(ctx, d.Well), Data: data})
	}
}

// wellDivision returns the division of the well, read once from the register.
// A well that is not registered has no division, so its events reach
// county-wide subscribers only. A failed read is tried again on the next call.
//
// NOTE: a well moved to another division keeps its old one here until the
// server restarts.
func (t *telemetry) wellDivision(ctx context.Context, code string) string {
	if d, ok := t.divisions[code]; ok {
		return d
	}
	w, err := t.wells.Well(ctx, water.WellCode(code))
	if err != nil {
		if errors.Is(err, water.ErrNotFound) {
			t.divisions[code] = ""
		}
		return ""
	}
	t.divisions[code] = string(w.Division)
	return string(w.Division)
}

// ready reports whether the broker subscription is granted and the ingest runs.
func (t *telemetry) ready() error {
	select {
	case <-t.ingest.Ready():
	default:
		return errors.New("ingest not yet subscribed at the broker")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.running {
		if t.runErr != nil {
			return t.runErr
		}
		return errors.New("ingest not running")
	}
	return nil
}

// close stops the centre listener and the embedded broker and releases the
// readings store. Call it after run has returned.
func (t *telemetry) close() {
	if t.centreL != nil {
		t.centreL.Close()
	}
	if t.store != nil {
		t.store.Close()
	}
	if t.broker != nil {
		t.broker.Close()
	}
}
