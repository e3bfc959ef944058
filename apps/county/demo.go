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

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/iot/sl651/sl651sim"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// flowEpoch is the time the simulated well meters read zero. Their registers
// count from it, so they keep counting up across restarts of the demo.
var flowEpoch = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

func demoCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("county demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storageFlags
	sf.register(fs)
	sf.registerZone(fs)
	var tf telemetryFlags
	tf.register(fs)
	var af accessFlags
	af.register(fs)
	addr := fs.String("addr", envOr("SHUXIANG_ADDR", "127.0.0.1:8080"), "`HOST:PORT` to serve HTTP on (env SHUXIANG_ADDR)")
	interval := fs.Duration("interval", 5*time.Second, "`time` between two readings of a simulated gateway or DTU")
	fields := fs.String("fields", "", "boundary `file` or folder of files whose plots go into village "+string(fieldsVillage)+", one villager group per file")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 2
	}
	if _, err := loadZone(sf.zone); err != nil {
		fmt.Fprintf(stderr, "county demo: %v\n", err)
		return 2
	}
	if *interval < 10*time.Millisecond {
		fmt.Fprintf(stderr, "county demo: -interval %s is too short, want 10ms or more\n", *interval)
		return 2
	}
	if _, _, err := af.check(); err != nil {
		fmt.Fprintf(stderr, "county demo: %v\n", err)
		return 2
	}
	log := newLogger(stderr)
	if *fields != "" {
		if err := loadFields(ctx, sf, *fields, stdout, log); err != nil {
			log.Error("county demo failed", "err", err)
			return 1
		}
	}
	if err := runDemo(ctx, sf, tf, af, *addr, *interval, stdout, log); err != nil {
		log.Error("county demo failed", "err", err)
		return 1
	}
	return 0
}

// runDemo loads the demo county into an empty database, creates an
// administrator, and runs serve with simulated gateways and DTUs until ctx
// ends.
func runDemo(ctx context.Context, sf storageFlags, tf telemetryFlags, af accessFlags, addr string, interval time.Duration,
	stdout io.Writer, log *slog.Logger) error {
	c, err := demo.Generate(demo.DefaultSeed, demo.Size{})
	if err != nil {
		return fmt.Errorf("generate demo county: %w", err)
	}
	name, secret, gwSecrets, err := prepareDemo(ctx, sf, c, log)
	if err != nil {
		return err
	}
	if err := prepareDemoField(ctx, sf, c, log); err != nil {
		return fmt.Errorf("prepare the demo's devices: %w", err)
	}
	tf.watch = demoWatch(tf.watch)
	dev := c.Devices()
	simCtx, stopSim := context.WithCancel(ctx)
	defer stopSim()
	var wg sync.WaitGroup
	defer wg.Wait()
	listening := func(la listenAddrs) {
		base := "http://" + la.HTTP.String()
		fmt.Fprintf(stdout, "%s (%s) demo county: %d plots, %d wells, %d SL 651 stations, %d SZY 206 terminals\n",
			c.Name, c.Code, len(c.Plots), len(c.Wells), len(dev.Stations), len(dev.Terminals))
		fmt.Fprintf(stdout, "Dashboard: %s/\n", base)
		fmt.Fprintf(stdout, "API: %s/api/v1/ (OpenAPI document at /api/v1/openapi.json)\n", base)
		fmt.Fprintf(stdout, "MQTT broker: %s; centre station: %s\n", la.MQTT, la.Centre)
		fmt.Fprintf(stdout, "administrator %q, secret (shown once, stored only as a hash): %s\n", name, secret)
		fmt.Fprintln(stdout, `log in with: POST /api/v1/login {"account": NAME, "secret": SECRET}`)
		if lookup, err := seedDemoTrace(simCtx, base, name, secret, c, log); err != nil {
			log.Error("demo trace records failed", "err", err)
		} else {
			fmt.Fprintf(stdout, "Trace: a product story at %s\n", lookup)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := waitForReady(simCtx, base); err != nil {
				return
			}
			runSimulators(simCtx, dev, la, sf.data, gwSecrets, interval, log)
		}()
	}
	err = serveWith(ctx, sf, tf, af, addr, log, listening)
	stopSim()
	return err
}

// prepareDemo loads c when the database holds none of it and creates an
// administrator of the county, named admin or admin-2, admin-3, ... when
// the name is taken. It returns the account's name and secret, and the
// secrets of the simulated gateways' device accounts by village.
func prepareDemo(ctx context.Context, sf storageFlags, c *demo.County, log *slog.Logger) (name, secret string,
	gateways map[land.DivisionCode]string, err error) {
	a, err := openApp(ctx, sf, log)
	if err != nil {
		return "", "", nil, err
	}
	defer a.close()
	_, err = a.land.Plot(ctx, c.Plots[0].Code)
	loaded := false
	switch {
	case errors.Is(err, land.ErrNotFound):
		start := time.Now()
		if err := c.Load(ctx, a.land, a.water); err != nil {
			return "", "", nil, fmt.Errorf("load demo county: %w", err)
		}
		loaded = true
		log.Info("demo county loaded", "plots", len(c.Plots), "wells", len(c.Wells), "took", time.Since(start).String())
	case err != nil:
		return "", "", nil, fmt.Errorf("look for the demo county: %w", err)
	default:
		log.Info("demo county already in the database")
	}
	if err := loadDemoDashboard(ctx, a, c, loaded, time.Now(), log); err != nil {
		return "", "", nil, err
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
		return "", "", nil, fmt.Errorf("create administrator: %w", err)
	}
	if gateways, err = prepareDemoGateways(ctx, a, demoVillages(c.Devices())); err != nil {
		return "", "", nil, err
	}
	return name, secret, gateways, nil
}

// demoGateway returns the group and name of the simulated gateway of a
// village.
func demoGateway(village land.DivisionCode) (group, gateway string) {
	return string(village[:9]), "gw-" + string(village)
}

// prepareDemoGateways gives the simulated gateway of each village a device
// account with a new secret, as an administrator would with county device
// create, and returns the secrets by village. An account left by an
// earlier run is enabled and given a new secret.
func prepareDemoGateways(ctx context.Context, a *app, villages []land.DivisionCode) (map[land.DivisionCode]string, error) {
	secrets := map[land.DivisionCode]string{}
	for _, v := range villages {
		name, err := gatewayAccount(demoGateway(v))
		if err != nil {
			return nil, err
		}
		secret, err := a.auth.CreateAccount(ctx, name, auth.GatewayDevice, v)
		if errors.Is(err, store.ErrConflict) {
			secret, err = resetDeviceSecret(ctx, a, name)
		}
		if err != nil {
			return nil, fmt.Errorf("device account of the demo gateway of village %s: %w", v, err)
		}
		secrets[v] = secret
	}
	return secrets, nil
}

// resetDeviceSecret enables the device account of that name and gives it a
// new secret, which it returns.
func resetDeviceSecret(ctx context.Context, a *app, name string) (string, error) {
	acc, err := a.county.Account(ctx, name)
	if err != nil {
		return "", err
	}
	if auth.Role(acc.Role) != auth.GatewayDevice {
		return "", fmt.Errorf("account %q has role %s, want %s", name, acc.Role, auth.GatewayDevice)
	}
	if _, err := a.auth.ChangeAccount(ctx, name, auth.Enable); err != nil {
		return "", err
	}
	ch, err := a.auth.ChangeAccount(ctx, name, auth.ResetSecret)
	if err != nil {
		return "", err
	}
	return ch.Secret, nil
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

// demoVillages returns the villages that have a simulated gateway: those
// with Modbus devices, and those with wells but none, such as the village of
// a township's supply well.
func demoVillages(dev demo.Devices) []land.DivisionCode {
	var villages []land.DivisionCode
	seen := map[land.DivisionCode]bool{}
	for _, m := range dev.Modbus {
		if !seen[m.Village] {
			seen[m.Village] = true
			villages = append(villages, m.Village)
		}
	}
	for _, w := range dev.Wells {
		if !seen[w.Division] {
			seen[w.Division] = true
			villages = append(villages, w.Division)
		}
	}
	return villages
}

// runSimulators runs, until ctx ends, a gateway per village with the
// village's weather station, soil probes and terminal wells' electricity
// meters on its Modbus bus and the water meter registers of its other wells,
// publishing over MQTT with the device secrets of secrets; an SL 651 DTU per
// measuring point and the SZY 206 terminals, dialling the centre station.
func runSimulators(ctx context.Context, dev demo.Devices, la listenAddrs, dataDir string,
	secrets map[land.DivisionCode]string, interval time.Duration, log *slog.Logger) {
	var wg sync.WaitGroup
	terminal := map[water.WellCode]bool{}
	terms := map[land.DivisionCode][]demo.Terminal{}
	for _, t := range dev.Terminals {
		terminal[t.Well] = true
		terms[t.Division] = append(terms[t.Division], t)
	}
	wells := map[land.DivisionCode][]demo.WellDevices{}
	mods := map[land.DivisionCode][]demo.ModbusDevice{}
	for _, m := range dev.Modbus {
		mods[m.Village] = append(mods[m.Village], m)
	}
	for _, w := range dev.Wells {
		if !terminal[w.Well] {
			wells[w.Division] = append(wells[w.Division], w)
		}
	}
	villages := demoVillages(dev)
	for _, v := range villages {
		wg.Go(func() {
			err := runVillage(ctx, dataDir, la.MQTT, secrets[v], v, mods[v], terms[v], wells[v], interval, log)
			if err != nil {
				log.Error("demo gateway stopped", "village", v, "err", err)
			}
		})
	}
	if la.Centre != "" {
		for _, st := range dev.Stations {
			a, err := sl651.ParseAddress(string(st.Address))
			if err != nil {
				log.Error("demo station address", "station", st.Address, "err", err)
				continue
			}
			wg.Go(func() { runDTU(ctx, la.Centre, a, interval, log) })
		}
		wg.Go(func() { runTerminals(ctx, la.Centre, dev.Terminals, interval, log) })
	}
	log.Info("demo devices started", "gateways", len(villages), "dtus", len(dev.Stations), "terminals", len(dev.Terminals))
	wg.Wait()
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
