package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/shuxiang/shuxiang/iot/modbus/client"
	"github.com/shuxiang/shuxiang/iot/outbox"
	"github.com/shuxiang/shuxiang/iot/poll"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

// run starts the simulator when configured, the outbox, the uplink, the
// poller, the alarm ticker and the HTTP endpoint, and stops them all when
// ctx ends.
func run(ctx context.Context, cc *compiled, log *slog.Logger) error {
	cfg := cc.cfg
	var sim *simulation
	if cfg.Simulate {
		var err error
		if sim, err = startSimulation(cc.devices, log); err != nil {
			return err
		}
		defer sim.close()
	}

	box, err := outbox.Open(cfg.resolve(cfg.Outbox.Dir), outbox.Options{
		MaxBytes: cfg.Outbox.MaxBytes, SegmentBytes: cfg.Outbox.SegmentBytes, MaxAge: cfg.Outbox.MaxAge,
		Logger: log.With("component", "outbox"),
	})
	if err != nil {
		return fmt.Errorf("open outbox: %w", err)
	}
	defer box.Close()

	commit := newCommitter(box, cfg.Outbox.CommitInterval, log.With("component", "outbox"))
	defer commit.close()
	pipe, err := newPipeline(commit, cc.devices, log)
	if err != nil {
		return err
	}
	devices, closeLinks := buildDevices(cc)
	defer closeLinks()
	if cc.control != nil {
		if pipe.control, err = startControl(cc, devices, commit, log.With("component", "control")); err != nil {
			return err
		}
	}

	upCfg, err := uplinkConfig(cc, pipe.control, log)
	if err != nil {
		return err
	}
	up, err := uplink.New(box, upCfg)
	if err != nil {
		return fmt.Errorf("uplink: %w", err)
	}
	statePath := alarmStatePath(cfg)
	if err := pipe.loadAlarms(statePath); err != nil {
		return err
	}
	sched, err := poll.New(devices, pipe, poll.Options{
		MaxConcurrent: cfg.Poll.MaxConcurrent,
		Jitter:        rand.NewPCG(uint64(time.Now().UnixNano()), uint64(os.Getpid())),
		Logger:        log.With("component", "poll"),
	})
	if err != nil {
		return err
	}

	g, ctx := errgroup.WithContext(ctx)
	if cfg.HTTP.Listen != "" {
		srv, err := serveHTTP(g, cfg.HTTP.Listen, newMux(newRegistry(sched, box, up, pipe), sched, box, up), log)
		if err != nil {
			return err
		}
		g.Go(func() error {
			<-ctx.Done()
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			return srv.Shutdown(sctx)
		})
	}
	if sim != nil {
		g.Go(func() error { return sim.run(ctx) })
	}
	g.Go(func() error { return commit.wait(ctx) })
	g.Go(func() error { return up.Run(ctx) })
	g.Go(func() error { return sched.Run(ctx) })
	g.Go(func() error { return pipe.tick(ctx) })
	if pipe.control != nil {
		g.Go(func() error { return pipe.control.run(ctx) })
	}
	g.Go(func() error { return saveEvery(ctx, pipe, statePath, log) })
	log.Info("gateway started", "group", cfg.Group, "devices", len(devices),
		"broker", cfg.Uplink.Broker, "requests_saved_per_cycle", sched.SavedPerCycle())

	err = g.Wait()
	commit.close()
	if serr := pipe.saveAlarms(statePath); serr != nil {
		log.Error("save alarm state failed", "path", statePath, "err", serr)
	}
	st := sched.Stats()
	log.Info("gateway stopped", "polls", st.Polls, "failures", st.Failures, "outbox_depth", box.Stats().Depth)
	return err
}

// saveEvery saves the alarm state once a minute until ctx ends.
func saveEvery(ctx context.Context, p *pipeline, path string, log *slog.Logger) error {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := p.saveAlarms(path); err != nil {
				log.Error("save alarm state failed", "path", path, "err", err)
			}
		}
	}
}

func serveHTTP(g *errgroup.Group, addr string, h http.Handler, log *slog.Logger) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("http.listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	log.Info("http listening", "address", ln.Addr().String(), "paths", "/metrics /healthz")
	g.Go(func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("http: %w", err)
		}
		return nil
	})
	return srv, nil
}

// uplinkConfig builds the uplink's configuration, loading the TLS files.
func uplinkConfig(cc *compiled, ctl *controlLoop, log *slog.Logger) (uplink.Config, error) {
	cfg := cc.cfg
	u := cfg.Uplink
	out := uplink.Config{
		Broker: u.Broker, Group: cfg.Group, Gateway: cfg.Gateway,
		Username: u.Username, Password: cc.password,
		KeepAlive: u.KeepAlive, AckTimeout: u.AckTimeout,
		ReconnectMin: u.ReconnectMin, ReconnectMax: u.ReconnectMax, MaxBatch: u.MaxBatch,
		Logger: log.With("component", "uplink"),
		OnCommand: func(c uplink.Command) {
			log.Info("command received", "topic", c.Topic, "bytes", len(c.Payload))
			if ctl != nil {
				ctl.submit(c.Payload)
			}
		},
	}
	if u.CAFile == "" && u.CertFile == "" && u.ServerName == "" {
		return out, nil
	}
	tc := &tls.Config{ServerName: u.ServerName, MinVersion: tls.VersionTLS12}
	if u.CAFile != "" {
		pem, err := os.ReadFile(cfg.resolve(u.CAFile))
		if err != nil {
			return out, fmt.Errorf("uplink.ca_file: %w", err)
		}
		tc.RootCAs = x509.NewCertPool()
		if !tc.RootCAs.AppendCertsFromPEM(pem) {
			return out, fmt.Errorf("uplink.ca_file %s: no PEM certificate found", u.CAFile)
		}
	}
	if u.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.resolve(u.CertFile), cfg.resolve(u.KeyFile))
		if err != nil {
			return out, fmt.Errorf("uplink.cert_file and key_file: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	out.TLS = tc
	return out, nil
}

// buildDevices gives every device its Modbus client. Devices at one TCP
// address share a transporter, and devices on one RTU bus share its Port, so
// the bus has one lock whatever the unit.
func buildDevices(cc *compiled) ([]poll.Device, func()) {
	tcp := map[string]*client.TCPTransporter{}
	ports := map[string]*client.Port{}
	var out []poll.Device
	for _, d := range cc.devices {
		timeout := firstNonZero(d.cfg.Timeout, cc.cfg.Poll.Timeout, client.DefaultTimeout)
		pd := d.poll
		switch d.cfg.Transport {
		case "tcp":
			t := tcp[d.cfg.Address]
			if t == nil {
				t = &client.TCPTransporter{Address: d.cfg.Address, Timeout: timeout}
				tcp[d.cfg.Address] = t
			}
			pd.Reader = client.NewTCP(t, uint8(d.cfg.Unit))
		case "rtu-tcp", "serial":
			key := d.cfg.Transport + " " + d.cfg.Address + d.cfg.Bus
			p := ports[key]
			if p == nil {
				if d.cfg.Transport == "serial" {
					b := cc.buses[d.cfg.Bus]
					p = client.OpenSerial(client.SerialConfig{Device: b.Device, BaudRate: b.BaudRate, Parity: b.Parity, StopBits: b.StopBits})
				} else {
					p = client.DialRTU(d.cfg.Address)
				}
				p.Timeout = timeout
				ports[key] = p
			}
			pd.Reader = client.NewRTU(p, uint8(d.cfg.Unit), d.cfg.Turnaround)
		}
		out = append(out, pd)
	}
	return out, func() {
		for _, t := range tcp {
			t.Close()
		}
		for _, p := range ports {
			p.Close()
		}
	}
}
