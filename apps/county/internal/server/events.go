package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/live"
	"github.com/shuxiang/shuxiang/land"
)

// Defaults of the event stream.
const (
	// DefaultKeepAlive is the keep-alive interval when Config.KeepAlive is 0.
	DefaultKeepAlive = 15 * time.Second
	// DefaultMaxStreams is the limit of open event streams when
	// Config.MaxStreams is 0.
	DefaultMaxStreams = 256
	// DefaultMaxStreamsPerAccount is the limit of one account's open event
	// streams when Config.MaxStreamsPerAccount is 0, such as a wall of screens.
	DefaultMaxStreamsPerAccount = 16
)

// The event stream is the one route that also takes its token from a cookie
// or from the query, because a browser's EventSource cannot send an
// Authorization header.
//
// The cookie is set by a successful login, is HttpOnly, SameSite=Strict and
// sent only to this path, so page scripts cannot read it and other sites
// cannot make the browser send it. The stream only reads, so a request forged
// from elsewhere could change nothing even if it were sent.
//
// The access_token query parameter is for clients that cannot keep cookies.
// A token in a URL can leak into browser history and into the access logs of
// proxies, so prefer the cookie. The server itself logs paths without their
// query.
const (
	eventsPath       = "/api/v1/events"
	eventsCookie     = "county_events"
	eventsTokenQuery = "access_token"
)

// eventKinds are the kinds a client may ask for with the kinds parameter.
var eventKinds = []string{live.KindAlarm, live.KindDaily, live.KindHealth, live.KindReading}

// credentials returns the request's token: its Authorization header, or on
// the event stream its cookie or access_token parameter. The bool reports
// whether the request carried credentials at all.
func (s *Server) credentials(r *http.Request, rt route) (string, bool) {
	if token, ok := bearer(r); ok {
		return token, true
	}
	if rt.path != eventsPath {
		return "", false
	}
	if c, err := r.Cookie(eventsCookie); err == nil && c.Value != "" {
		return c.Value, true
	}
	if t := r.URL.Query().Get(eventsTokenQuery); t != "" {
		return t, true
	}
	return "", false
}

// setEventsCookie sets the event stream's cookie to token, or clears it
// when token is empty. The cookie lasts the browser session, and the token's
// own lifetime still applies.
func setEventsCookie(w http.ResponseWriter, r *http.Request, token string) {
	c := &http.Cookie{Name: eventsCookie, Value: token, Path: eventsPath, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil}
	if token == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// eventOutput is the data line of one server-sent event.
type eventOutput struct {
	Kind     string          `json:"kind"`
	Time     time.Time       `json:"time"`
	Division string          `json:"division,omitempty"`
	Data     json.RawMessage `json:"data,omitempty"`
}

// events streams the changes within the caller's division as server-sent
// events (text/event-stream), each named by its kind, until the client
// disconnects, the server closes the hub or the token stops being valid.
func (s *Server) events(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) && !p.CanRead(auth.AreaLand) {
		forbidden(w, p, "read events")
		return
	}
	if fe := checkQuery(r, "kinds", eventsTokenQuery); fe != nil {
		writeFieldError(w, fe)
		return
	}
	kinds, fe := kindsQuery(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	if !s.takeAccountStream(p.Account) {
		w.Header().Set("Retry-After", "30")
		writeError(w, http.StatusServiceUnavailable, "too_many_streams",
			fmt.Sprintf("account %s has %d event streams open, the limit; close one, such as another tab of the dashboard",
				p.Account, s.cfg.MaxStreamsPerAccount), "")
		return
	}
	defer s.releaseAccountStream(p.Account)
	select {
	case s.streams <- struct{}{}:
		defer func() { <-s.streams }()
	default:
		w.Header().Set("Retry-After", "30")
		writeError(w, http.StatusServiceUnavailable, "too_many_streams",
			fmt.Sprintf("%d event streams are open, the limit; try again later", cap(s.streams)), "")
		return
	}

	// The stream ends at once when the account's credentials change, such
	// as when it is disabled, and the token fails its check again. The
	// check after taking the channel covers a change since wrap's check.
	token, _ := s.credentials(r, route{path: eventsPath})
	changed := s.cfg.Auth.Changed(p.Account)
	if _, err := s.cfg.Auth.Authenticate(r.Context(), token); err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="county"`)
		writeError(w, http.StatusUnauthorized, "unauthenticated", "the bearer token is invalid or expired; log in again", "")
		return
	}

	// The stream outlives the server's read and write timeouts, which are
	// meant for ordinary requests.
	rc := http.NewResponseController(w)
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.log.Warn("event stream: clear write deadline", "account", p.Account, "err", err)
	}
	if err := rc.SetReadDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.log.Warn("event stream: clear read deadline", "account", p.Account, "err", err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	ctx := r.Context()
	var events <-chan live.Event
	if s.cfg.Live != nil {
		// The hub adds lagged events after the filter, so they always arrive.
		events = s.cfg.Live.Subscribe(ctx, func(e live.Event) bool {
			return kinds[e.Kind] && p.InScope(land.DivisionCode(e.Division))
		})
	}
	// The first lines tell the client how long to wait before it reconnects
	// and that the stream is open.
	fmt.Fprintf(w, "retry: 5000\n: connected as %s, division %s\n\n", p.Account, p.Division)
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(s.cfg.KeepAlive)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-events:
			if !ok {
				return
			}
			data, err := json.Marshal(eventOutput{Kind: e.Kind, Time: e.Time, Division: e.Division, Data: e.Data})
			if err != nil {
				s.log.Error("event stream: encode event", "kind", e.Kind, "division", e.Division, "err", err)
				continue
			}
			// json.Marshal escapes line breaks inside strings, so data is one
			// line, as a data field must be.
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Kind, data)
		case <-changed:
			if _, err := s.cfg.Auth.Authenticate(ctx, token); err != nil {
				if ctx.Err() == nil {
					s.log.Info("event stream: token no longer valid", "account", p.Account, "err", err)
				}
				return
			}
			changed = s.cfg.Auth.Changed(p.Account)
			continue
		case <-tick.C:
			if _, err := s.cfg.Auth.Authenticate(ctx, token); err != nil {
				if ctx.Err() == nil {
					s.log.Info("event stream: token no longer valid", "account", p.Account, "err", err)
				}
				return
			}
			fmt.Fprint(w, ": keep-alive\n\n")
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// takeAccountStream counts a new stream of the account and reports whether
// it stays within Config.MaxStreamsPerAccount; a true result must be
// followed by releaseAccountStream.
func (s *Server) takeAccountStream(account string) bool {
	s.streamsMu.Lock()
	defer s.streamsMu.Unlock()
	if s.streamsOf[account] >= s.cfg.MaxStreamsPerAccount {
		return false
	}
	s.streamsOf[account]++
	return true
}

// releaseAccountStream counts a stream of the account as closed.
func (s *Server) releaseAccountStream(account string) {
	s.streamsMu.Lock()
	defer s.streamsMu.Unlock()
	if s.streamsOf[account]--; s.streamsOf[account] <= 0 {
		delete(s.streamsOf, account)
	}
}

// kindsQuery reads the kinds parameter, a comma-separated list of event kinds;
// without it every kind is streamed.
func kindsQuery(r *http.Request) (map[string]bool, *fieldError) {
	kinds := map[string]bool{}
	v := r.URL.Query().Get("kinds")
	if v == "" {
		for _, k := range eventKinds {
			kinds[k] = true
		}
		return kinds, nil
	}
	for k := range strings.SplitSeq(v, ",") {
		known := false
		for _, e := range eventKinds {
			known = known || k == e
		}
		if !known {
			return nil, badQuery("kinds", "kind %q is not known, want a comma-separated list of %s", k, strings.Join(eventKinds, ", "))
		}
		kinds[k] = true
	}
	return kinds, nil
}
