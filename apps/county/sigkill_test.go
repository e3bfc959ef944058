package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// TestSIGKILL runs the built county binary with the embedded broker and a
// gateway publishing readings at QoS 1, and kills the server with SIGKILL
// midway. After a restart on the same data folder, every reading the broker
// acknowledged must be stored exactly once and metered into the well's daily
// totals.
func TestSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	bin := filepath.Join(t.TempDir(), "county")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := t.TempDir()
	httpAddr, mqttAddr, centreAddr := freeAddr(t), freeAddr(t), freeAddr(t)
	args := []string{"serve", "-data", data, "-addr", httpAddr, "-mqtt-addr", mqttAddr, "-centre-addr", centreAddr}
	out, err := exec.Command(bin, "device", "create", "-data", data, "-gateway", "test/gw1", "-division", "654202").Output()
	if err != nil {
		t.Fatalf("device create: %v", err)
	}
	secret := secretOf(string(out))

	srv := startServer(t, bin, args)
	waitReady(t, "http://"+httpAddr)

	const (
		topic = "shuxiang/v1/test/gw1/telemetry"
		total = 400
	)
	ts0 := time.Now().UnixMilli()
	gw := connectGateway(t, "tcp://"+mqttAddr, "test", "gw1", secret)

	// acked holds the seqs whose PUBACK arrived before the kill. A token that
	// completes after it may have been completed by paho on the lost
	// connection, so it does not count.
	var (
		mu     sync.Mutex
		killed bool
		acked  []int64
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for s := int64(1); s <= total; s++ {
			tok := gw.Publish(topic, 1, false, reading(s, ts0))
			ok := tok.WaitTimeout(5*time.Second) && tok.Error() == nil
			mu.Lock()
			if killed {
				mu.Unlock()
				return
			}
			if ok {
				acked = append(acked, s)
			}
			mu.Unlock()
			if !ok {
				return
			}
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= total/2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	killed = true
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		mu.Unlock()
		t.Fatal(err)
	}
	want := append([]int64(nil), acked...)
	mu.Unlock()
	srv.Wait()
	<-done
	if len(want) == 0 {
		t.Fatal("no reading was acknowledged before the kill")
	}
	t.Logf("%d of %d readings acknowledged before SIGKILL", len(want), total)

	srv = startServer(t, bin, args)
	waitReady(t, "http://"+httpAddr)
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(data, "county.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline = time.Now().Add(60 * time.Second)
	for {
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM ingest_readings").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n >= len(want) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after restart: %d readings stored, want at least %d", n, len(want))
		}
		time.Sleep(50 * time.Millisecond)
	}
	// SIGTERM drains the ingest, which then writes the day totals.
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.Wait(); err != nil {
		t.Fatalf("server after SIGTERM: %v", err)
	}

	st, err := ingest.OpenStore(context.Background(), db, sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	seen := map[int64]int{}
	var maxSeq int64
	if err := st.Each(context.Background(), "test/gw1", func(r ingest.Reading) error {
		seen[r.Seq]++
		maxSeq = max(maxSeq, r.Seq)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, s := range want {
		if seen[s] != 1 {
			t.Errorf("acknowledged reading seq %d stored %d times, want 1", s, seen[s])
		}
	}
	for s := int64(1); s <= maxSeq; s++ {
		if seen[s] != 1 {
			t.Errorf("reading seq %d stored %d times, want 1 (the gateway sends in order)", s, seen[s])
		}
	}
	// flow_total counts up 0.5 m³ per reading, so the days add up to
	// (maxSeq-1) × 0.5 m³.
	var sum decimal.Decimal
	rows, err := db.Query("SELECT volume FROM county_daily WHERE well = 'W1'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		d, err := decimal.NewFromString(v)
		if err != nil {
			t.Fatal(err)
		}
		sum = sum.Add(d)
	}
	rows.Close()
	if wantSum := decimal.New((maxSeq-1)*5, -1); !sum.Equal(wantSum) {
		t.Errorf("daily volume of W1: got %s m³, want %s", sum, wantSum)
	}
}

// reading is gateway message seq with the flow_total register of well W1 at
// seq × 0.5 m³, read seq seconds after ts0 (Unix ms), in iot/uplink's form.
func reading(seq, ts0 int64) []byte {
	ts := strconv.FormatInt(ts0+seq*1000, 10)
	v := seq * 5
	return fmt.Appendf(nil, `{"seq":%d,"ts":%s,"hist":false,"data":{"device":"W1","ts":%s,"outcome":"ok","values":{"flow_total":%d.%d}}}`,
		seq, ts, ts, v/10, v%10)
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer runs bin with args; its log goes to the test log on failure.
func startServer(t *testing.T, bin string, args []string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			log.WriteString(sc.Text())
			log.WriteByte('\n')
		}
		io.Copy(io.Discard, stderr)
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		wg.Wait()
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	return cmd
}

// waitReady waits up to 60 s for base/readyz to return 200.
func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/readyz not ready within 60 s: %v", base, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
