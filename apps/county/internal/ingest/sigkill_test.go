package ingest

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/broker"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

// The child process of TestSIGKILL is this test binary run again with these
// variables set.
const (
	envChild    = "SHUXIANG_INGEST_CHILD"
	envDB       = "SHUXIANG_INGEST_CHILD_DB" // the DSN of envDialect's driver
	envDialect  = "SHUXIANG_INGEST_CHILD_DIALECT"
	envBroker   = "SHUXIANG_INGEST_CHILD_BROKER"
	envClientID = "SHUXIANG_INGEST_CHILD_CLIENT"
	envTopic    = "SHUXIANG_INGEST_CHILD_TOPIC"
)

func TestMain(m *testing.M) {
	if os.Getenv(envChild) == "1" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

// runChild runs the ingest as a server does until it is killed, and prints
// "ready" once it is subscribed.
func runChild() int {
	dialect := sqlstore.SQLite
	driver := "sqlite"
	if os.Getenv(envDialect) == sqlstore.PostgreSQL.String() {
		dialect, driver = sqlstore.PostgreSQL, "pgx"
	}
	db, err := sql.Open(driver, os.Getenv(envDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	store, err := OpenStore(context.Background(), db, dialect)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	in, err := New(Config{
		Broker: os.Getenv(envBroker), ClientID: os.Getenv(envClientID), Topic: os.Getenv(envTopic),
		Store: store, Meter: flowMeter, Now: testNow, MaxClockSkew: testSkew, BatchRows: 500, Linger: 2 * time.Millisecond,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		<-in.Ready()
		fmt.Println("ready")
	}()
	if err := in.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// child is a running ingest process.
type child struct {
	cmd    *exec.Cmd
	stderr *strings.Builder
}

func startChild(t *testing.T, db sqlstoretest.Database, url, clientID, topic string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"=1", envDB+"="+db.DSN, envDialect+"="+db.Dialect.String(),
		envBroker+"="+url, envClientID+"="+clientID, envTopic+"="+topic)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, stderr: &strings.Builder{}}
	cmd.Stderr = &syncWriter{w: c.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == "ready" {
				ready <- true
			}
		}
		io.Copy(io.Discard, stdout)
		close(ready)
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatalf("ingest child exited before it was ready: %s", c.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("ingest child not ready after 20 s: %s", c.stderr)
	}
	return c
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// TestSIGKILL publishes readings at QoS 1 while the ingest runs in a child
// process and kills the child with SIGKILL in the middle of the stream. It
// starts the child again on the same database and session, and checks that
// every reading the broker acknowledged to the gateway is stored exactly once.
// It runs on SQLite with both brokers, and on PostgreSQL, where the store
// writes with COPY, with the embedded one.
func TestSIGKILL(t *testing.T) {
	for _, b := range []struct {
		name string
		url  func(testing.TB) string
	}{
		{"embedded", func(t testing.TB) string {
			// A short AckWait makes the broker deliver again soon what the
			// killed process had received but not acknowledged.
			br, err := broker.Start(broker.Config{Dir: t.TempDir(), AckWait: 2 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { br.Close() })
			return br.MQTTURL()
		}},
		{"mosquitto", mosquittoURL},
	} {
		t.Run(b.name, func(t *testing.T) { testSIGKILL(t, b.url(t), sqlstoretest.SQLite(t, "ingest")) })
	}
	t.Run("embedded-postgresql", func(t *testing.T) {
		br, err := broker.Start(broker.Config{Dir: t.TempDir(), AckWait: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { br.Close() })
		testSIGKILL(t, br.MQTTURL(), sqlstoretest.PostgreSQL(t, "ingest"))
	})
}

func testSIGKILL(t *testing.T, url string, db sqlstoretest.Database) {
	const (
		messages = 300
		perMsg   = 50
		total    = messages * perMsg
	)
	group := uniqueName("kill")
	topic := "shuxiang/v1/" + group + "/gw1/telemetry"
	filter := "shuxiang/v1/" + group + "/+/telemetry"
	clientID := uniqueName("county")
	watch := openStore(t, db)
	count := func() int64 {
		n, err := watch.Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	first := startChild(t, db, url, clientID, filter)
	pub := publisher(t, url, uniqueName("gw"))

	// The gateway publishes in the background, and acked[i] records the
	// PUBACK of message i.
	acked := make([]bool, messages)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range messages {
			tok := pub.Publish(topic, 1, false, batch(uint64(1+i*perMsg), perMsg, "well-1", ts0))
			if tok.WaitTimeout(10*time.Second) && tok.Error() == nil {
				acked[i] = true
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()

	eventually(t, 20*time.Second, "the first readings committed", func() bool { return count() >= total/5 })
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.cmd.Wait()
	atKill := count()
	t.Logf("killed the ingest with %d of %d readings stored", atKill, total)

	startChild(t, db, url, clientID, filter)
	<-done
	want := int64(0)
	for _, ok := range acked {
		if ok {
			want += perMsg
		}
	}
	if want == 0 {
		t.Fatal("the broker acknowledged no message")
	}
	eventually(t, 30*time.Second, fmt.Sprintf("%d acknowledged readings stored", want), func() bool { return count() >= want })
	if atKill >= want {
		t.Logf("the kill came after the last commit (%d readings stored): the restart path ran with nothing pending", atKill)
	}

	seen := map[int64]int{}
	err := watch.Each(context.Background(), group+"/gw1", func(r Reading) error {
		seen[r.Seq]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, ok := range acked {
		if !ok {
			continue
		}
		for s := int64(1 + i*perMsg); s < int64(1+(i+1)*perMsg); s++ {
			if seen[s] != 1 {
				t.Fatalf("acknowledged reading seq %d stored %d times, want once", s, seen[s])
			}
		}
	}
	if n := count(); n > total {
		t.Fatalf("%d readings stored, more than the %d published", n, total)
	}
}
