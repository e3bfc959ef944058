package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/broker"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

// ingestUser is the MQTT user name of the server's own ingest at the
// embedded broker. Gateway account names contain a '.', so no account takes it.
const ingestUser = "county-ingest"

// gatewayKinds are the last topic levels a gateway may publish to.
var gatewayKinds = []string{"telemetry", "alarm", "health", "birth", "death"}

// gatewayAccount returns the name of the device account of a gateway:
// "<group>.<gateway>". A '.' never occurs in either name, so the account
// names one gateway. Account names are lower case and at most 64
// characters long, so a gateway with upper-case letters or longer names
// cannot have one.
func gatewayAccount(group, gateway string) (string, error) {
	if _, err := uplink.TopicsFor(group, gateway); err != nil {
		return "", err
	}
	name := group + "." + gateway
	if err := auth.ValidateAccountName(name); err != nil {
		return "", fmt.Errorf("gateway %s/%s cannot have a device account: %w; rename it in lower case "+
			"with group and gateway together at most 63 characters", group, gateway, err)
	}
	return name, nil
}

// gatewayOf returns the group and gateway of a device account name, and
// false when the name is not of the form "<group>.<gateway>".
func gatewayOf(account string) (group, gateway string, ok bool) {
	group, gateway, ok = strings.Cut(account, ".")
	if !ok {
		return "", "", false
	}
	if _, err := uplink.TopicsFor(group, gateway); err != nil {
		return "", "", false
	}
	return group, gateway, true
}

// gatewayClientID returns the MQTT client id a gateway must connect with:
// the default of iot/uplink. A fixed id per gateway keeps one gateway from
// taking over another's session, or the ingest's.
func gatewayClientID(group, gateway string) string { return "shuxiang-" + group + "-" + gateway }

// mqttAuth authenticates the clients of the embedded broker: gateways by
// their device accounts and the server's ingest by a secret made at start.
type mqttAuth struct {
	auth   *auth.Service
	limits *auth.LoginLimiter
	log    *slog.Logger
	// ingestSecret and ingestClientID are what the ingest must present.
	ingestSecret, ingestClientID string
}

// newMQTTAuth returns the authentication of the embedded broker, with a new
// random secret for the ingest that lives as long as the process.
func newMQTTAuth(svc *auth.Service, ingestClientID string, log *slog.Logger) (*mqttAuth, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("make the ingest's broker secret: %w", err)
	}
	// Gateways of one village share a carrier's NAT address, so that
	// address may fail often before its failures slow everyone behind it.
	limits := auth.LoginLimits{ClientFailures: 200}
	return &mqttAuth{auth: svc, limits: auth.NewLoginLimiter(limits, nil), log: log,
		ingestSecret: base64.RawURLEncoding.EncodeToString(b), ingestClientID: ingestClientID}, nil
}

// errMQTTCredentials is the error of a rejected CONNECT. Like the API's, it
// does not say what was wrong.
var errMQTTCredentials = errors.New("invalid credentials")

// authenticate checks a CONNECT at the embedded broker. The ingest may
// subscribe to every gateway topic and publish commands. A gateway may
// publish only its own telemetry, alarm, health, birth and death, and
// subscribe only to its own commands.
func (m *mqttAuth) authenticate(ctx context.Context, c broker.Client) (broker.Grant, error) {
	if c.Username == ingestUser {
		ok := subtle.ConstantTimeCompare([]byte(c.Password), []byte(m.ingestSecret)) == 1
		if !ok || c.ID != m.ingestClientID {
			return broker.Grant{}, errMQTTCredentials
		}
		return broker.Grant{Subscribe: []string{uplink.TopicPrefix + "/#"},
			Publish: []string{uplink.TopicPrefix + "/+/+/command/#"}}, nil
	}
	group, gateway, ok := gatewayOf(c.Username)
	if !ok {
		return broker.Grant{}, errMQTTCredentials
	}
	if err := m.checkDevice(ctx, c); err != nil {
		return broker.Grant{}, err
	}
	want := gatewayClientID(group, gateway)
	if want == m.ingestClientID {
		// Gateway county/ingest would take over the ingest's session.
		return broker.Grant{}, fmt.Errorf("gateway %s/%s has the ingest's client id %q; rename the gateway or set -mqtt-client",
			group, gateway, want)
	}
	if c.ID != want {
		return broker.Grant{}, fmt.Errorf("gateway %s/%s connected with client id %q, want %q", group, gateway, c.ID, want)
	}
	topics, _ := uplink.TopicsFor(group, gateway)
	g := broker.Grant{Subscribe: []string{topics.Commands}}
	for _, k := range gatewayKinds {
		g.Publish = append(g.Publish, topics.Base+"/"+k)
	}
	return g, nil
}

// checkDevice checks the client's credentials against its device account,
// within the limits on failed attempts.
func (m *mqttAuth) checkDevice(ctx context.Context, c broker.Client) error {
	host := ""
	if c.Addr != nil {
		host, _, _ = net.SplitHostPort(c.Addr.String())
	}
	attempt, err := m.limits.Begin(c.Username, host)
	if err != nil {
		return err
	}
	_, err = m.auth.AuthenticateDevice(ctx, c.Username, c.Password)
	switch {
	case err == nil:
		attempt.Succeed()
	case errors.Is(err, auth.ErrUnauthenticated):
		attempt.Fail()
		return errMQTTCredentials
	default:
		attempt.Abandon()
		return err
	}
	return nil
}

// registeredGateways reports whether a source of the ingest, "<group>/<gateway>",
// has an enabled device account. It remembers each answer for a minute, so that
// the database is not read per message; a disabled account thus keeps sending
// for up to a minute.
type registeredGateways struct {
	county *store.Store
	log    *slog.Logger

	mu    sync.Mutex
	known map[string]registration
}

type registration struct {
	ok    bool
	until time.Time
}

// registrationPeriod is how long registeredGateways trusts an answer.
const registrationPeriod = time.Minute

// registered is an ingest.Config.Registered. When the database cannot be
// read it admits the message, because dropping a registered gateway's
// readings would lose them while the broker's own checks still hold.
func (r *registeredGateways) registered(ctx context.Context, source string) bool {
	now := time.Now()
	r.mu.Lock()
	k, ok := r.known[source]
	r.mu.Unlock()
	if ok && now.Before(k.until) {
		return k.ok
	}
	group, gateway, _ := strings.Cut(source, "/")
	name, err := gatewayAccount(group, gateway)
	if err != nil {
		r.remember(source, false, now)
		return false
	}
	a, err := r.county.Account(ctx, name)
	switch {
	case errors.Is(err, store.ErrNotFound):
		r.remember(source, false, now)
		return false
	case err != nil:
		r.log.Error("look up the gateway's device account; admitting its message", "account", name, "err", err)
		return true
	}
	ok = a.Active() && auth.Role(a.Role) == auth.GatewayDevice
	r.remember(source, ok, now)
	return ok
}

func (r *registeredGateways) remember(source string, ok bool, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.known) >= 100_000 {
		clear(r.known)
	}
	r.known[source] = registration{ok: ok, until: now.Add(registrationPeriod)}
}
