// Package broker runs the MQTT broker that the county server's gateways
// publish to. It is a NATS server embedded in the process, with its MQTT 3.1.1
// listener on a loopback port. JetStream keeps the sessions and QoS 1 messages
// in a folder of the data directory. With it a county needs no broker
// installed. A county that runs its own broker (Mosquitto, EMQX or the MQTT
// listener of a NATS cluster) skips this package and gives the ingest that
// broker's URL.
//
// With Config.Authenticate set, every MQTT client must present credentials
// that it accepts, and may then publish and subscribe only to the topics of
// its [Grant]. The NATS server drops a publish outside the grant after it
// has sent the PUBACK of QoS 1, so the client cannot tell, and rejects a
// subscription outside it with the SUBACK failure code 0x80.
//
// The NATS server stores MQTT sessions, retained messages and QoS 1 messages
// awaiting their PUBACK in JetStream streams, so a subscriber with a persistent
// session (clean session off) gets the messages published while it was away,
// also after the process restarts on the same folder.
package broker

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// DefaultStartTimeout is how long Start waits for the listeners.
const DefaultStartTimeout = 10 * time.Second

// Config configures an embedded broker.
type Config struct {
	// Dir is the folder JetStream keeps its streams in, created if missing.
	// It is required: sessions and unacknowledged messages outlive the
	// process only there.
	Dir string
	// Host is the address the MQTT listener binds. Default "127.0.0.1";
	// gateways on other machines need a reachable address such as "0.0.0.0".
	Host string
	// MQTTPort is the MQTT listener's TCP port. Zero picks a free port,
	// which Broker.MQTTURL reports; 1883 is the standard one.
	MQTTPort int
	// Authenticate, when set, checks the credentials of every MQTT client
	// and returns the topics it may use. Nil with an empty Username admits
	// every client to every topic without credentials.
	Authenticate AuthenticateFunc
	// Username and Password, when Username is set, are required of every
	// MQTT client, which may then use every topic. Set this or
	// Authenticate, not both.
	Username, Password string
	// AckWait is how long the broker waits for a subscriber's PUBACK before
	// it delivers a QoS 1 message again. Zero keeps the NATS default of 30 s.
	AckWait time.Duration
	// MaxAckPending is how many QoS 1 messages one subscription may hold
	// without PUBACK. Zero keeps the NATS default of 1024.
	MaxAckPending int
	// StartTimeout bounds the wait for the listeners; DefaultStartTimeout
	// when zero.
	StartTimeout time.Duration
	// Logger receives the server's notices and errors; nil discards them.
	Logger *slog.Logger
}

// Broker is a running embedded NATS server with its MQTT listener.
type Broker struct {
	srv  *server.Server
	opts *server.Options
	url  string
}

// Start starts the embedded broker and returns once its MQTT listener
// accepts connections. The NATS client listener binds a free loopback port
// and is used only by the server itself.
func Start(cfg Config) (*Broker, error) {
	if cfg.Dir == "" {
		return nil, errors.New("broker: Config.Dir is missing; set the folder for JetStream streams, such as <data>/broker")
	}
	if cfg.MQTTPort < 0 || cfg.MQTTPort > 65535 {
		return nil, fmt.Errorf("broker: MQTT port %d is out of range; use 1 to 65535, or 0 for a free port", cfg.MQTTPort)
	}
	if cfg.Password != "" && cfg.Username == "" {
		return nil, errors.New("broker: Config.Username is missing while Password is set; set both or neither")
	}
	if cfg.Authenticate != nil && cfg.Username != "" {
		return nil, errNoAuthenticate
	}
	host := cfg.Host
	if host == "" {
		host = "127.0.0.1"
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("broker: data folder %q: %w", cfg.Dir, err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("broker: create data folder: %w", err)
	}
	port := cfg.MQTTPort
	if port == 0 {
		port = -1 // the server's code for a free port
	}
	opts := &server.Options{
		ServerName: "county",
		Host:       "127.0.0.1",
		Port:       -1,
		NoSigs:     true,
		NoLog:      cfg.Logger == nil,
		JetStream:  true,
		StoreDir:   dir,
		MQTT: server.MQTTOpts{
			Host:     host,
			Port:     port,
			Username: cfg.Username,
			Password: cfg.Password,
			AckWait:  cfg.AckWait,
		},
	}
	if cfg.Authenticate != nil {
		log := cfg.Logger
		if log == nil {
			log = slog.New(slog.DiscardHandler)
		}
		opts.CustomClientAuthentication = authenticator{fn: cfg.Authenticate, log: log}
	}
	if cfg.MaxAckPending > 0 {
		if cfg.MaxAckPending > 65535 {
			return nil, fmt.Errorf("broker: MaxAckPending %d is invalid because MQTT packet ids end at 65535; use at most 65535", cfg.MaxAckPending)
		}
		opts.MQTT.MaxAckPending = uint16(cfg.MaxAckPending)
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("broker: %w", err)
	}
	if cfg.Logger != nil {
		srv.SetLoggerV2(slogLogger{cfg.Logger}, false, false, false)
	}
	srv.Start()
	wait := cfg.StartTimeout
	if wait <= 0 {
		wait = DefaultStartTimeout
	}
	if !srv.ReadyForConnections(wait) {
		srv.Shutdown()
		srv.WaitForShutdown()
		return nil, fmt.Errorf("broker: MQTT listener on %s not ready within %s; check that port %d is free", host, wait, cfg.MQTTPort)
	}
	// ReadyForConnections has seen the MQTT listener under the server's
	// lock, after the server stored the chosen port in opts.
	addr := net.JoinHostPort(dialHost(host), strconv.Itoa(opts.MQTT.Port))
	return &Broker{srv: srv, opts: opts, url: "tcp://" + addr}, nil
}

// dialHost is the address a client on this machine dials for a listener
// bound to host.
func dialHost(host string) string {
	switch host {
	case "0.0.0.0", "":
		return "127.0.0.1"
	case "::":
		return "::1"
	}
	return host
}

// MQTTURL returns the URL MQTT clients on this machine connect to, such as
// "tcp://127.0.0.1:1883".
func (b *Broker) MQTTURL() string { return b.url }

// Close shuts the broker down and waits until it has stopped. Messages
// stored in JetStream stay in the data folder for the next Start.
func (b *Broker) Close() error {
	b.srv.Shutdown()
	b.srv.WaitForShutdown()
	return nil
}

// slogLogger passes the NATS server's log lines to a slog.Logger.
type slogLogger struct{ l *slog.Logger }

func (s slogLogger) Noticef(format string, v ...any) { s.l.Info(fmt.Sprintf(format, v...)) }
func (s slogLogger) Warnf(format string, v ...any)   { s.l.Warn(fmt.Sprintf(format, v...)) }
func (s slogLogger) Fatalf(format string, v ...any)  { s.l.Error(fmt.Sprintf(format, v...)) }
func (s slogLogger) Errorf(format string, v ...any)  { s.l.Error(fmt.Sprintf(format, v...)) }
func (s slogLogger) Debugf(format string, v ...any)  { s.l.Debug(fmt.Sprintf(format, v...)) }
func (s slogLogger) Tracef(format string, v ...any)  { s.l.Debug(fmt.Sprintf(format, v...)) }
