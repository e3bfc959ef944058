package broker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Client is the identity an MQTT client presents in its CONNECT packet.
type Client struct {
	// ID is the MQTT client identifier.
	ID string
	// Username and Password are the credentials; both may be empty.
	Username, Password string
	// Addr is the client's remote address; nil when unknown.
	Addr net.Addr
}

// Grant lists what an authenticated client may do, as MQTT topic filters
// with the wildcards + (one level) and # (the rest, as the last level). A
// client may publish to a topic that a Publish filter matches and
// subscribe with a filter that a Subscribe filter covers. Nil or empty
// lists allow nothing.
type Grant struct {
	Publish, Subscribe []string
}

// AuthenticateFunc checks the credentials of a connecting MQTT client and
// returns what it may do, or an error to reject the connection. It runs on
// the connection's goroutine, once per CONNECT.
type AuthenticateFunc func(ctx context.Context, c Client) (Grant, error)

// authTimeout bounds one call of Config.Authenticate.
const authTimeout = 10 * time.Second

// authenticator adapts an AuthenticateFunc to the NATS server's
// [server.Authentication], which it calls for every client connection.
type authenticator struct {
	fn  AuthenticateFunc
	log *slog.Logger
}

// Check reports whether the client may connect and registers its grant.
// Only MQTT clients are admitted, because the NATS listener serves the
// server itself and takes no outside client.
func (a authenticator) Check(c server.ClientAuthentication) bool {
	opts := c.GetOpts()
	id, ok := mqttClientID(c)
	if !ok || c.Kind() != server.CLIENT {
		a.log.Warn("broker: rejected a connection that is not an MQTT client", "addr", addrString(c.RemoteAddress()))
		return false
	}
	cl := Client{ID: id, Username: opts.Username, Password: opts.Password, Addr: c.RemoteAddress()}
	ctx, cancel := context.WithTimeout(context.Background(), authTimeout)
	defer cancel()
	g, err := a.fn(ctx, cl)
	if err != nil {
		a.log.Warn("broker: rejected an MQTT client", "client_id", id, "user", opts.Username,
			"addr", addrString(cl.Addr), "err", err)
		return false
	}
	perms, err := g.permissions()
	if err != nil {
		a.log.Error("broker: rejected an MQTT client because its grant is invalid", "client_id", id,
			"user", opts.Username, "err", err)
		return false
	}
	c.RegisterUser(&server.User{Username: opts.Username, Permissions: perms})
	return true
}

// mqttClientID returns the client identifier of an MQTT connection. The
// NATS server (v2.15) does not pass it to custom authentication, but it
// appends it, quoted with Go's %q, to the connection's String form,
// "<address> - mid:<n> - "<client id>"", before it authenticates. Other
// connections have no quoted part.
//
// NOTE: this depends on a log format of the NATS server. When a later
// version changes it, every MQTT client is rejected, which
// TestAuthenticateRejects notices, and never admitted by mistake.
func mqttClientID(c server.ClientAuthentication) (string, bool) {
	s, ok := c.(fmt.Stringer)
	if !ok {
		return "", false
	}
	str := s.String()
	i := strings.Index(str, " - mid:")
	if i < 0 {
		return "", false
	}
	j := strings.Index(str[i:], ` - "`)
	if j < 0 {
		return "", false
	}
	id, err := strconv.Unquote(str[i+j+3:])
	if err != nil || id == "" {
		return "", false
	}
	return id, true
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}

// permissions converts the grant's topic filters into NATS subject
// permissions. An MQTT filter ending in # also matches its parent topic, as
// MQTT 3.1.1 section 4.7.1.2 defines, so it becomes two subjects.
func (g Grant) permissions() (*server.Permissions, error) {
	pub, err := subjects(g.Publish)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	sub, err := subjects(g.Subscribe)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	// A non-nil empty allow list denies everything.
	return &server.Permissions{
		Publish:   &server.SubjectPermission{Allow: pub},
		Subscribe: &server.SubjectPermission{Allow: sub},
	}, nil
}

// subjects converts MQTT topic filters into NATS subjects, and never returns
// nil.
func subjects(filters []string) ([]string, error) {
	out := []string{}
	for _, f := range filters {
		levels := strings.Split(f, "/")
		for i, l := range levels {
			switch {
			case l == "#" && i == len(levels)-1:
				if i > 0 {
					out = append(out, strings.Join(levels[:i], "."))
				}
				levels[i] = ">"
			case l == "+":
				levels[i] = "*"
			case l == "" || strings.ContainsAny(l, ".#+*> \t\r\n") || strings.HasPrefix(l, "$"):
				return nil, fmt.Errorf("topic filter %q: level %q is empty or has a character that "+
					"a NATS subject cannot carry; use levels of A-Z, a-z, 0-9, '-' and '_'", f, l)
			}
		}
		out = append(out, strings.Join(levels, "."))
	}
	return out, nil
}

// errNoAuthenticate is the error of Start when Config.Authenticate and
// Config.Username are both set.
var errNoAuthenticate = errors.New("broker: Config.Username and Config.Authenticate are both set; use one")
