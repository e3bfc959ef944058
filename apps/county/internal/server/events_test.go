package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/live"
	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// sseEvent is one received server-sent event.
type sseEvent struct {
	name string
	data struct {
		Kind     string
		Time     time.Time
		Division string
		Data     json.RawMessage
	}
}

// stream is an open GET /api/v1/events.
type stream struct {
	res    *http.Response
	events chan sseEvent
	cancel context.CancelFunc
}

// openStream opens the event stream with the request changed by prepare and
// reads its events into s.events until the stream ends.
func (f *fixture) openStream(t *testing.T, query string, prepare func(*http.Request)) *stream {
	return f.openStreamPaused(t, query, prepare, nil)
}

// openStreamPaused is openStream that starts reading only once resume is
// closed, unless resume is nil.
func (f *fixture) openStreamPaused(t *testing.T, query string, prepare func(*http.Request), resume chan struct{}) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", f.srv.URL+"/api/v1/events"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	prepare(req)

	res, err := f.srv.Client().Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	s := &stream{res: res, events: make(chan sseEvent, 1000), cancel: cancel}
	t.Cleanup(func() {
		cancel()
		res.Body.Close()
	})
	if res.StatusCode != http.StatusOK {
		return s
	}

	go func() {
		defer close(s.events)
		if resume != nil {
			<-resume
		}
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &e.data); err != nil {
					// An event of this name fails the test that receives it.
					e.name = fmt.Sprintf("invalid data line %q: %v", line, err)
				}
			case line == "" && e.name != "":
				s.events <- e
				e = sseEvent{}
			}
		}
	}()
	return s
}

// newAccount creates a village cadre of village A through the API and
// returns its secret.
func (f *fixture) newAccount(t *testing.T, name string) string {
	t.Helper()
	res := f.do("POST", "/api/v1/accounts", "admin", map[string]string{"name": name, "role": "village_cadre", "division": villageA})
	if res.status != http.StatusCreated {
		t.Fatalf("create account %s: got %d %s", name, res.status, res.body)
	}
	return decode[struct{ Secret string }](t, res).Secret
}

func bearerOf(f *fixture, account string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+f.tokens[account]) }
}

// next returns the next event, or fails after 10 s.
func (s *stream) next(t *testing.T) sseEvent {
	t.Helper()
	select {
	case e, ok := <-s.events:
		if !ok {
			t.Fatal("stream ended, want an event")
		}
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
	}
	return sseEvent{}
}

// waitSubscribers waits until the hub has n subscribers, so that events
// published next reach every stream.
func waitSubscribers(t *testing.T, hub *live.Hub, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for hub.Subscribers() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d streams subscribed within 10 s, want %d", hub.Subscribers(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestEventsDivisionFilter publishes an event of village A, one of village B
// and one without division, and checks which of them each caller receives.
func TestEventsDivisionFilter(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	cadre := f.openStream(t, "", bearerOf(f, "cadre-a"))
	township := f.openStream(t, "?kinds=daily", bearerOf(f, "township"))
	admin := f.openStream(t, "", bearerOf(f, "admin"))
	for _, s := range []*stream{cadre, township, admin} {
		if s.res.StatusCode != http.StatusOK {
			t.Fatalf("open stream: got %d", s.res.StatusCode)
		}
		if ct := s.res.Header.Get("Content-Type"); ct != "text/event-stream" {
			t.Errorf("Content-Type %q, want text/event-stream", ct)
		}
	}
	waitSubscribers(t, f.hub, 3)

	f.hub.Publish(live.Event{Kind: live.KindAlarm, Division: villageB, Data: json.RawMessage(`{"n":1}`)})
	f.hub.Publish(live.Event{Kind: live.KindHealth, Data: json.RawMessage(`{"n":2}`)})
	f.hub.Publish(live.Event{Kind: live.KindAlarm, Division: villageA, Data: json.RawMessage(`{"n":3}`)})
	f.hub.Publish(live.Event{Kind: live.KindDaily, Division: villageA, Data: json.RawMessage(`{"n":4}`)})
	f.hub.Publish(live.Event{Kind: live.KindDaily, Division: villageC, Data: json.RawMessage(`{"n":5}`)})
	f.hub.Publish(live.Event{Kind: live.KindAlarm, Division: villageA, Data: json.RawMessage(`{"n":6}`)})

	tests := []struct {
		name string
		s    *stream
		want []string
	}{
		{"village cadre", cadre, []string{`alarm 654202101001 {"n":3}`, `daily 654202101001 {"n":4}`, `alarm 654202101001 {"n":6}`}},
		{"township daily only", township, []string{`daily 654202101001 {"n":4}`}},
		{"county administrator", admin, []string{`alarm 654202101002 {"n":1}`, `health  {"n":2}`, `alarm 654202101001 {"n":3}`,
			`daily 654202101001 {"n":4}`, `daily 654202102001 {"n":5}`, `alarm 654202101001 {"n":6}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, want := range tt.want {
				e := tt.s.next(t)
				got := e.name + " " + e.data.Division + " " + string(e.data.Data)
				if got != want {
					t.Errorf("got event %s, want %s", got, want)
				}
				if e.data.Kind != e.name {
					t.Errorf("data kind %q differs from event name %q", e.data.Kind, e.name)
				}
				if e.data.Time.IsZero() {
					t.Error("event has no time")
				}
			}
			select {
			case e := <-tt.s.events:
				t.Errorf("unexpected event %s %s %s", e.name, e.data.Division, e.data.Data)
			case <-time.After(300 * time.Millisecond):
			}
		})
	}
}

// TestEventsLagged fills a stream that its client does not read, so that the
// hub drops events, and checks that the client learns of every dropped event
// through a lagged event.
func TestEventsLagged(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	resume := make(chan struct{})
	s := f.openStreamPaused(t, "", bearerOf(f, "admin"), resume)
	if s.res.StatusCode != http.StatusOK {
		t.Fatalf("open stream: got %d", s.res.StatusCode)
	}
	waitSubscribers(t, f.hub, 1)

	// The client reads nothing until every event is published. 400 events of
	// 64 KiB, 25 MiB, are more than the socket buffers of both ends hold, so
	// the server's writes block and the hub's queue of 16 overflows.
	const n = 400
	pad := strings.Repeat("x", 64<<10)
	for i := range n {
		f.hub.Publish(live.Event{Kind: live.KindDaily, Division: villageA,
			Data: json.RawMessage(fmt.Sprintf(`{"i":%d,"pad":%q}`, i, pad))})
	}
	close(resume)
	received, missed, lagged := 0, 0, 0
	for received+missed < n {
		e := s.next(t)
		switch e.name {
		case live.KindLagged:
			lagged++
			var l live.Lagged
			if err := json.Unmarshal(e.data.Data, &l); err != nil {
				t.Fatalf("lagged data %s: %v", e.data.Data, err)
			}
			if l.Missed < 1 {
				t.Errorf("lagged event with missed %d, want 1 or more", l.Missed)
			}
			missed += l.Missed
		case live.KindDaily:
			received++
		default:
			t.Fatalf("unexpected event %s", e.name)
		}
	}
	if received+missed != n {
		t.Errorf("received %d + missed %d, want %d", received, missed, n)
	}
	if lagged == 0 {
		t.Error("no lagged event, want one or more")
	}
	t.Logf("received %d events, %d lagged events told of %d missed", received, lagged, missed)
}

// TestEventsCredentials checks the cookie that login sets and the
// access_token parameter, which only the event stream accepts.
func TestEventsCredentials(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	res := f.do("POST", "/api/v1/login", "", map[string]string{"account": "cadre-a", "secret": "wrong"})
	if len(res.header.Values("Set-Cookie")) != 0 {
		t.Errorf("failed login set cookies %v", res.header.Values("Set-Cookie"))
	}

	token := f.tokens["cadre-a"]
	cookie := &http.Cookie{Name: "county_events", Value: token}
	withCookie := f.openStream(t, "", func(r *http.Request) { r.AddCookie(cookie) })
	if withCookie.res.StatusCode != http.StatusOK {
		t.Errorf("stream with the cookie: got %d, want 200", withCookie.res.StatusCode)
	}
	withQuery := f.openStream(t, "?access_token="+token, func(*http.Request) {})
	if withQuery.res.StatusCode != http.StatusOK {
		t.Errorf("stream with access_token: got %d, want 200", withQuery.res.StatusCode)
	}
	forged := f.openStream(t, "?access_token=sxt_AAAA.BBBB", func(*http.Request) {})
	if forged.res.StatusCode != http.StatusUnauthorized {
		t.Errorf("stream with a forged access_token: got %d, want 401", forged.res.StatusCode)
	}
	public := f.openStream(t, "?access_token="+f.tokens["public"], func(*http.Request) {})
	if public.res.StatusCode != http.StatusForbidden {
		t.Errorf("stream as public: got %d, want 403", public.res.StatusCode)
	}

	// Other routes take the header only.
	for _, path := range []string{"/api/v1/plots?access_token=" + token, "/api/v1/stats/land?access_token=" + token} {
		if res := f.do("GET", path, "", nil); res.status != http.StatusUnauthorized {
			t.Errorf("GET %s: got %d, want 401", path, res.status)
		}
	}
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/plots", nil)
	req.AddCookie(cookie)
	if r, err := f.srv.Client().Do(req); err != nil {
		t.Fatal(err)
	} else {
		r.Body.Close()
		if r.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/plots with the cookie: got %d, want 401", r.StatusCode)
		}
	}
}

// TestLoginSetsEventsCookie logs in and out and checks the cookie.
func TestLoginSetsEventsCookie(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	secret := f.newAccount(t, "viewer-a")
	res := f.do("POST", "/api/v1/login", "", map[string]string{"account": "viewer-a", "secret": secret})
	if res.status != http.StatusOK {
		t.Fatalf("login: got %d %s", res.status, res.body)
	}
	cookies := (&http.Response{Header: res.header}).Cookies()
	if len(cookies) != 1 {
		t.Fatalf("login set %d cookies, want 1", len(cookies))
	}
	c := cookies[0]
	token := decode[struct{ Token string }](t, res).Token
	if c.Name != "county_events" || c.Value != token || c.Path != "/api/v1/events" || !c.HttpOnly ||
		c.SameSite != http.SameSiteStrictMode {
		t.Errorf("cookie %+v, want county_events with the token, path /api/v1/events, HttpOnly, SameSite=Strict", c)
	}
	f.tokens["fresh"] = token
	out := f.do("POST", "/api/v1/logout", "fresh", nil)
	if out.status != http.StatusNoContent {
		t.Fatalf("logout: got %d", out.status)
	}
	cleared := (&http.Response{Header: out.header}).Cookies()
	if len(cleared) != 1 || cleared[0].Name != "county_events" || cleared[0].MaxAge >= 0 {
		t.Errorf("logout cookies %+v, want county_events cleared", cleared)
	}
}

// TestEventsEndOnRevoke checks that a stream ends within the keep-alive
// interval once its token is revoked.
func TestEventsEndOnRevoke(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	secret := f.newAccount(t, "viewer-a")
	res := f.do("POST", "/api/v1/login", "", map[string]string{"account": "viewer-a", "secret": secret})
	f.tokens["session"] = decode[struct{ Token string }](t, res).Token
	s := f.openStream(t, "", bearerOf(f, "session"))
	if s.res.StatusCode != http.StatusOK {
		t.Fatalf("open stream: got %d", s.res.StatusCode)
	}
	if out := f.do("POST", "/api/v1/logout", "session", nil); out.status != http.StatusNoContent {
		t.Fatalf("logout: got %d", out.status)
	}
	select {
	case _, ok := <-s.events:
		if ok {
			t.Error("got an event, want the stream to end")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("stream still open 10 s after logout")
	}
}

// TestEventsStreamLimit checks that streams past Config.MaxStreams get 503
// with Retry-After, and that a closed stream frees its place.
func TestEventsStreamLimit(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	hub := live.NewHub(live.Options{})
	api := server.New(server.Config{Land: f.land, Water: f.water, County: f.county,
		Auth: auth.NewService(f.county, auth.Options{}), Live: hub, MaxStreams: 1})
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	t.Cleanup(hub.Close)
	limited := &fixture{t: t, srv: srv, tokens: f.tokens, hub: hub}

	first := limited.openStream(t, "", bearerOf(f, "admin"))
	if first.res.StatusCode != http.StatusOK {
		t.Fatalf("first stream: got %d, want 200", first.res.StatusCode)
	}
	second := limited.openStream(t, "", bearerOf(f, "admin"))
	if second.res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("second stream: got %d, want 503", second.res.StatusCode)
	}
	if second.res.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	first.cancel()
	deadline := time.Now().Add(10 * time.Second)
	for {
		third := limited.openStream(t, "", bearerOf(f, "admin"))
		if third.res.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stream after the first closed: got %d, want 200", third.res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestEventsStreamLimitPerAccount checks that one account cannot take every
// stream: past Config.MaxStreamsPerAccount it gets 503, and other accounts
// still open theirs.
func TestEventsStreamLimitPerAccount(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	hub := live.NewHub(live.Options{})
	api := server.New(server.Config{Land: f.land, Water: f.water, County: f.county,
		Auth: auth.NewService(f.county, auth.Options{}), Live: hub, MaxStreams: 4, MaxStreamsPerAccount: 2})
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	t.Cleanup(hub.Close)
	limited := &fixture{t: t, srv: srv, tokens: f.tokens, hub: hub}

	var open []*stream
	for i := range 2 {
		s := limited.openStream(t, "", bearerOf(f, "cadre-a"))
		if s.res.StatusCode != http.StatusOK {
			t.Fatalf("stream %d of cadre-a: got %d, want 200", i+1, s.res.StatusCode)
		}
		open = append(open, s)
	}
	third := limited.openStream(t, "", bearerOf(f, "cadre-a"))
	if third.res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("third stream of cadre-a: got %d, want 503", third.res.StatusCode)
	}
	if third.res.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	if s := limited.openStream(t, "", bearerOf(f, "admin")); s.res.StatusCode != http.StatusOK {
		t.Errorf("stream of admin while cadre-a has its limit: got %d, want 200", s.res.StatusCode)
	}
	open[0].cancel()
	deadline := time.Now().Add(10 * time.Second)
	for {
		again := limited.openStream(t, "", bearerOf(f, "cadre-a"))
		if again.res.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stream of cadre-a after one closed: got %d, want 200", again.res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestEventsOutliveTimeouts checks that a stream stays open past the HTTP
// server's read and write timeouts, which serve sets for ordinary requests.
func TestEventsOutliveTimeouts(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	srv := httptest.NewUnstartedServer(f.api)
	srv.Config.ReadTimeout = 200 * time.Millisecond
	srv.Config.WriteTimeout = 200 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	timed := &fixture{t: t, srv: srv, tokens: f.tokens, hub: f.hub}

	s := timed.openStream(t, "", bearerOf(f, "admin"))
	if s.res.StatusCode != http.StatusOK {
		t.Fatalf("open stream: got %d", s.res.StatusCode)
	}
	waitSubscribers(t, f.hub, 1)
	time.Sleep(time.Second)
	f.hub.Publish(live.Event{Kind: live.KindAlarm, Division: villageA, Data: json.RawMessage(`{"late":true}`)})
	if e := s.next(t); string(e.data.Data) != `{"late":true}` {
		t.Errorf("got event %s %s, want the alarm published after 1 s", e.name, e.data.Data)
	}
}
