package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/iot/sl651/sl651sim"
	"github.com/shuxiang/shuxiang/land"
)

// flowEpoch is the time the simulated well meters read zero. Their registers
// count from it, so they keep counting up across restarts of the demo.
var flowEpoch = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

func demoCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("county demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storageFlags
	sf.register(fs)
	var tf telemetryFlags
	tf.register(fs)
	addr := fs.String("addr", envOr("SHUXIANG_ADDR", "127.0.0.1:8080"), "`HOST:PORT` to serve HTTP on (env SHUXIANG_ADDR)")
	interval := fs.Duration("interval", 5*time.Second, "`time` between two readings of a simulated gateway or DTU")
	fields := fs.String("fields", "", "boundary `file` or folder of files whose plots go into village "+string(fieldsVillage)+", one villager group per file")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 2
	}
	if *interval < 10*time.Millisecond {
		fmt.Fprintf(stderr, "county demo: -interval %s is too short, want 10ms or more\n", *interval)
		return 2
	}
	log := newLogger(stderr)
	if *fields != "" {
		if err := loadFields(ctx, sf, *fields, stdout, log); err != nil {
			log.Error("county demo failed", "err", err)
			return 1
		}
	}
	if err := runDemo(ctx, sf, tf, *addr, *interval, stdout, log); err != nil {
		log.Error("county demo failed", "err", err)
		return 1
	}
	return 0
}

// runDemo loads the demo county into an empty database, creates an
// administrator, and runs serve with simulated gateways and DTUs until ctx
// ends.
func runDemo(ctx context.Context, sf storageFlags, tf telemetryFlags, addr string, interval time.Duration, stdout io.Writer, log *slog.Logger) error {
	c, err := demo.Generate(demo.DefaultSeed, demo.Size{})
	if err != nil {
		return fmt.Errorf("generate demo county: %w", err)
	}
	name, secret, err := prepareDemo(ctx, sf, c, log)
	if err != nil {
		return err
	}
	dev := c.Devices()
	simCtx, stopSim := context.WithCancel(ctx)
	defer stopSim()
	var wg sync.WaitGroup
	defer wg.Wait()
	listening := func(la listenAddrs) {
		base := "http://" + la.HTTP.String()
		fmt.Fprintf(stdout, "%s (%s) demo county: %d plots, %d wells, %d SL 651 stations\n",
			c.Name, c.Code, len(c.Plots), len(c.Wells), len(dev.Stations))
		fmt.Fprintf(stdout, "Dashboard: %s/\n", base)
		fmt.Fprintf(stdout, "API: %s/api/v1/ (OpenAPI document at /api/v1/openapi.json)\n", base)
		fmt.Fprintf(stdout, "MQTT broker: %s; centre station: %s\n", la.MQTT, la.Centre)
		fmt.Fprintf(stdout, "administrator %q, secret (shown once, stored only as a hash): %s\n", name, secret)
		fmt.Fprintln(stdout, `log in with: POST /api/v1/login {"account": NAME, "secret": SECRET}`)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := waitForReady(simCtx, base); err != nil {
				return
			}
			runSimulators(simCtx, dev, la, interval, log)
		}()
	}
	err = serve(ctx, sf, tf, addr, log, listening)
	stopSim()
	return err
}

// prepareDemo loads c when the database holds none of it and creates an
// administrator of the county, named admin or admin-2, admin-3, ... when
// the name is taken. It returns the account's name and secret.
func prepareDemo(ctx context.Context, sf storageFlags, c *demo.County, log *slog.Logger) (name, secret string, err error) {
	a, err := openApp(ctx, sf, log)
	if err != nil {
		return "", "", err
	}
	defer a.close()
	_, err = a.land.Plot(ctx, c.Plots[0].Code)
	loaded := false
	switch {
	case errors.Is(err, land.ErrNotFound):
		start := time.Now()
		if err := c.Load(ctx, a.land, a.water); err != nil {
			return "", "", fmt.Errorf("load demo county: %w", err)
		}
		loaded = true
		log.Info("demo county loaded", "plots", len(c.Plots), "wells", len(c.Wells), "took", time.Since(start).String())
	case err != nil:
		return "", "", fmt.Errorf("look for the demo county: %w", err)
	default:
		log.Info("demo county already in the database")
	}
	if err := loadDemoDashboard(ctx, a, c, loaded, time.Now(), log); err != nil {
		return "", "", err
	}
	for i := 1; i <= 100; i++ {
		name = "admin"
		if i > 1 {
			name += "-" + strconv.Itoa(i)
		}
		secret, err = a.auth.CreateAccount(ctx, name, auth.CountyAdmin, c.Code)
		if !errors.Is(err, store.ErrConflict) {
			break
		}
	}
	if err != nil {
		return "", "", fmt.Errorf("create administrator: %w", err)
	}
	return name, secret, nil
}

// waitForReady polls base/readyz until it returns 200 or ctx ends.
func waitForReady(ctx context.Context, base string) error {
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
		if err != nil {
			return err
		}
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// runSimulators runs a gateway per village, publishing the water meter
// registers of its wells over MQTT, and an SL 651 DTU per measuring point
// dialling the centre station, until ctx ends.
func runSimulators(ctx context.Context, dev demo.Devices, la listenAddrs, interval time.Duration, log *slog.Logger) {
	var wg sync.WaitGroup
	byVillage := map[land.DivisionCode][]demo.WellDevices{}
	var villages []land.DivisionCode
	for _, w := range dev.Wells {
		if _, ok := byVillage[w.Division]; !ok {
			villages = append(villages, w.Division)
		}
		byVillage[w.Division] = append(byVillage[w.Division], w)
	}
	for _, v := range villages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runGateway(ctx, la.MQTT, v, byVillage[v], interval, log)
		}()
	}
	if la.Centre != "" {
		for _, st := range dev.Stations {
			a, err := sl651.ParseAddress(string(st.Address))
			if err != nil {
				log.Error("demo station address", "station", st.Address, "err", err)
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				runDTU(ctx, la.Centre, a, interval, log)
			}()
		}
	}
	log.Info("demo devices started", "gateways", len(villages), "dtus", len(dev.Stations))
	wg.Wait()
}

// runGateway publishes, every interval, one telemetry message per well in
// iot/uplink's single form to shuxiang/v1/<township>/gw-<village>/telemetry
// with QoS 1. A well's flow_total register counts up at a rate of its own
// since flowEpoch, and the message seq is derived from the time, so that seqs
// stay unique across restarts.
func runGateway(ctx context.Context, brokerURL string, village land.DivisionCode, wells []demo.WellDevices, interval time.Duration, log *slog.Logger) {
	township := village[:9]
	gateway := "gw-" + string(village)
	topic := "shuxiang/v1/" + string(township) + "/" + gateway + "/telemetry"
	c := mqtt.NewClient(mqtt.NewClientOptions().AddBroker(brokerURL).SetClientID("demo-" + gateway).
		SetCleanSession(true).SetAutoReconnect(true).SetConnectRetry(true).SetConnectTimeout(5 * time.Second))
	c.Connect()
	defer c.Disconnect(250)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	var buf []byte
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			ms := now.UnixMilli()
			for i, w := range wells {
				// 10 to 25 l/s, in thousandths of a m³.
				rate := int64(10 + (i*7)%16)
				v := now.Sub(flowEpoch).Milliseconds() * rate / 1000
				buf = telemetryMessage(buf[:0], ms*100+int64(i), ms, string(w.Well), v)
				tok := c.Publish(topic, 1, false, buf)
				if !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
					log.Debug("demo gateway publish", "gateway", gateway, "err", tok.Error())
				}
			}
		}
	}
}

// telemetryMessage appends an uplink telemetry message of well's flow_total
// register at value thousandths of a m³.
func telemetryMessage(dst []byte, seq, ms int64, well string, value int64) []byte {
	dst = append(dst, `{"seq":`...)
	dst = strconv.AppendInt(dst, seq, 10)
	dst = append(dst, `,"ts":`...)
	dst = strconv.AppendInt(dst, ms, 10)
	dst = append(dst, `,"hist":false,"data":{"device":`...)
	dst = strconv.AppendQuote(dst, well)
	dst = append(dst, `,"ts":`...)
	dst = strconv.AppendInt(dst, ms, 10)
	dst = append(dst, `,"outcome":"ok","values":{"flow_total":`...)
	dst = strconv.AppendInt(dst, value/1000, 10)
	frac := value % 1000
	dst = append(dst, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	return append(dst, `}}}`...)
}

// runDTU keeps an SL 651 station connected to the centre station, dialling
// again a second after the connection drops, until ctx ends.
func runDTU(ctx context.Context, centreAddr string, a sl651.Address, interval time.Duration, log *slog.Logger) {
	for ctx.Err() == nil {
		st := &sl651sim.Station{Address: a, Interval: interval}
		if err := st.Dial(ctx, centreAddr); err != nil && ctx.Err() == nil {
			log.Debug("demo DTU disconnected", "station", a.String(), "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}
