package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/water/metering"
)

// The browser test drives Debian's Chromium with the npm package
// playwright-core, installed into a temporary folder by the test.
const (
	playwrightPackage = "playwright-core@1.65.2"
	chromiumPath      = "/usr/bin/chromium"
)

// dashboardShotEnv names the folder that receives a copy of the dashboard
// screenshot; os.TempDir()/shuxiang-dashboard when it is unset.
const dashboardShotEnv = "SHUXIANG_DASHBOARD_SHOTS"

// browserTools returns npm and node, or skips the test without them or
// Chromium, unless CI is "true", where it fails.
func browserTools(t *testing.T) (npm, node string) {
	t.Helper()
	npm, errNPM := exec.LookPath("npm")
	node, errNode := exec.LookPath("node")
	_, errChromium := os.Stat(chromiumPath)
	if errNPM != nil || errNode != nil || errChromium != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the browser test needs npm, node and %s (apt-get install chromium): %v %v %v",
				chromiumPath, errNPM, errNode, errChromium)
		}
		t.Skipf("npm, node or %s is missing", chromiumPath)
	}
	return npm, node
}

// screen is what driver.js reads off the dashboard.
type screen struct {
	Title       string
	Plots       figure
	Area        figure
	Month       figure
	Alarms      figure
	AlarmItems  int
	MonthPicked string
	Water       []struct{ Code, Volume, Text string }
	MapPlots    int
	MapWells    int
	Feed        int
	Live        string
}

// figure is a key figure as shown and the API value it was formatted from.
type figure struct{ Text, Value string }

// browser is a running driver.js.
type browser struct {
	t      *testing.T
	stdin  io.WriteCloser
	lines  chan string
	stderr *syncBuffer
	cmd    *exec.Cmd
}

// do sends a command to the driver and decodes its reply into v.
func (b *browser) do(command string, v any) {
	b.t.Helper()
	if _, err := fmt.Fprintln(b.stdin, command); err != nil {
		b.t.Fatalf("send %q to the browser driver: %v; its log:\n%s", command, err, b.stderr)
	}
	select {
	case line, ok := <-b.lines:
		if !ok {
			b.t.Fatalf("browser driver exited during %q; its log:\n%s", command, b.stderr)
		}
		if err := json.Unmarshal([]byte(line), v); err != nil {
			b.t.Fatalf("reply to %q: %v: %s", command, err, line)
		}
	case <-time.After(150 * time.Second):
		b.t.Fatalf("no reply to %q within 150 s; the driver's log:\n%s", command, b.stderr)
	}
}

// TestDashboardBrowser runs the demo county, logs in to its dashboard in
// Chromium and checks that the figures on screen are those of the API, that a
// live update arrives, and writes a screenshot.
func TestDashboardBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo county and a browser")
	}
	npm, node := browserTools(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, npm, "install", "--prefix", dir, "--no-save", "--no-audit",
		"--no-fund", "--loglevel=error", playwrightPackage)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("npm install %s: %v\n%s", playwrightPackage, err, out)
	}
	script, err := os.ReadFile(filepath.Join("testdata", "dashboard", "driver.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "driver.js"), script, 0o644); err != nil {
		t.Fatal(err)
	}

	base, secret, stop := startDemo(t)
	defer stop()
	token := login(t, base, "admin", secret)
	b := startBrowser(t, node, dir, base, "admin", secret)

	var s screen
	b.do("read", &s)
	checkStaticFigures(t, base, token, s)

	// A live update: the simulated gateways' readings reach the day totals,
	// whose events change this month's water on screen.
	var after screen
	b.do("live "+strconv.Itoa(s.Feed), &after)
	if after.Live != "open" {
		t.Errorf("live state %q, want open", after.Live)
	}
	t.Logf("live update: feed %d -> %d events, month water %s -> %s m³", s.Feed, after.Feed, s.Month.Value, after.Month.Value)

	checkAlarmCount(t, b, base, token)
	checkTownshipWater(t, b, base, token, s.MonthPicked)

	var shot struct{ Shot string }
	path := filepath.Join(t.ArtifactDir(), "dashboard.png")
	b.do("shot "+path, &shot)
	keepScreenshot(t, path)
	b.do("quit", &struct{}{})
}

// startDemo runs county demo on a new data folder and returns its base URL,
// the administrator's secret and a function that stops it.
func startDemo(t *testing.T) (base, secret string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- countyMain(ctx, []string{"demo", "-data", t.TempDir(), "-addr", "127.0.0.1:0",
			"-mqtt-addr", "127.0.0.1:0", "-centre-addr", "127.0.0.1:0", "-interval", "200ms"}, &out, &errOut)
	}()
	waitFor(t, 90*time.Second, "the demo's URL and secret", func() bool {
		select {
		case code := <-done:
			t.Fatalf("demo exited with %d: %s", code, errOut.String())
		default:
		}
		for _, line := range strings.Split(out.String(), "\n") {
			if u, ok := strings.CutPrefix(line, "Dashboard: "); ok {
				base = strings.TrimSuffix(strings.TrimSpace(u), "/")
			}
		}
		secret = secretOf(out.String())
		return base != "" && secret != ""
	})
	return base, secret, func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("demo exited with %d: %s", code, errOut.String())
			}
		case <-time.After(60 * time.Second):
			t.Errorf("demo did not stop within 60 s; its log:\n%s", errOut.String())
		}
	}
}

// startBrowser starts driver.js in dir and waits until it has logged in and
// drawn the map.
func startBrowser(t *testing.T, node, dir, base, account, secret string) *browser {
	t.Helper()
	b := &browser{t: t, lines: make(chan string), stderr: &syncBuffer{}}
	b.cmd = exec.Command(node, "driver.js", base, account, secret, filepath.Join(dir, "profile"))
	b.cmd.Dir = dir
	b.cmd.Stderr = b.stderr

	var err error
	if b.stdin, err = b.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := b.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(b.lines)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			b.lines <- sc.Text()
		}
	}()

	t.Cleanup(func() {
		b.stdin.Close()
		done := make(chan error, 1)
		go func() { done <- b.cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			b.cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("browser driver log:\n%s", b.stderr)
		}
	})
	select {
	case line, ok := <-b.lines:
		if !ok || line != `{"ready":true}` {
			t.Fatalf("browser driver did not get ready: %q; its log:\n%s", line, b.stderr)
		}
	case <-time.After(150 * time.Second):
		t.Fatalf("dashboard not ready within 150 s; the driver's log:\n%s", b.stderr)
	}
	return b
}

// apiGet decodes the JSON body of GET path into v.
func apiGet(t *testing.T, base, token, path string, v any) {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("GET %s: got %d %s", path, res.StatusCode, body)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// checkStaticFigures compares the figures that live telemetry does not move
// with the API: the plot count, the measured area and the map.
func checkStaticFigures(t *testing.T, base, token string, s screen) {
	t.Helper()
	var stats struct {
		Plots      int
		MeasuredMu string `json:"measured_mu"`
	}
	apiGet(t, base, token, "/api/v1/stats/land", &stats)
	if want := groupDigits(strconv.Itoa(stats.Plots)); s.Plots.Text != want {
		t.Errorf("plot count on screen %q, want %q from the API", s.Plots.Text, want)
	}
	if s.Plots.Value != strconv.Itoa(stats.Plots) {
		t.Errorf("plot count value %q, want %d", s.Plots.Value, stats.Plots)
	}
	if want := formatFixed(stats.MeasuredMu, 2); s.Area.Text != want {
		t.Errorf("measured area on screen %q, want %q from the API's %s mu", s.Area.Text, want, stats.MeasuredMu)
	}

	var plots struct {
		Features []struct{ Geometry json.RawMessage }
	}
	apiGet(t, base, token, "/api/v1/map/plots", &plots)
	drawn := 0
	for _, f := range plots.Features {
		if string(f.Geometry) != "null" {
			drawn++
		}
	}
	if s.MapPlots != drawn || drawn == 0 {
		t.Errorf("map draws %d plots, want the API's %d with a boundary", s.MapPlots, drawn)
	}
	var use struct{ Wells []json.RawMessage }
	apiGet(t, base, token, "/api/v1/stats/plan-use", &use)
	if s.MapWells != len(use.Wells) {
		t.Errorf("map draws %d wells, want the API's %d", s.MapWells, len(use.Wells))
	}
	if !strings.Contains(s.Title, "青杨县") {
		t.Errorf("title %q, want the county's name 青杨县", s.Title)
	}
}

// checkAlarmCount compares the count of alarms not closed with the API. The
// demo raises alarms while the test runs, and the page reads them again on
// each alarm event, so the two agree within a few seconds.
func checkAlarmCount(t *testing.T, b *browser, base, token string) {
	t.Helper()
	var onScreen, fromAPI string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(time.Second) {
		var s screen
		b.do("read", &s)
		onScreen = s.Alarms.Text
		fromAPI = apiAlarmCount(t, base, token)
		if onScreen == fromAPI {
			t.Logf("alarms not closed: %s on screen and in the API", onScreen)
			return
		}
	}
	t.Errorf("alarm count on screen %q, want %q from the API", onScreen, fromAPI)
}

// apiAlarmCount returns the number of water and device alarms not closed, as
// the dashboard shows it.
func apiAlarmCount(t *testing.T, base, token string) string {
	t.Helper()
	type alarms struct {
		Items []struct{ Status string }
		Next  string
	}
	var water, device alarms
	apiGet(t, base, token, "/api/v1/alarms?limit=1000", &water)
	apiGet(t, base, token, "/api/v1/device-alarms?limit=1000", &device)
	n := 0
	for _, a := range append(water.Items, device.Items...) {
		if a.Status != "closed" {
			n++
		}
	}
	text := groupDigits(strconv.Itoa(n))
	if water.Next != "" || device.Next != "" {
		text += "+"
	}
	return text
}

// checkTownshipWater chooses last month, whose figures live telemetry does not
// change, and compares each township's water on screen with the API.
func checkTownshipWater(t *testing.T, b *browser, base, token, current string) {
	t.Helper()
	if current == "" {
		y, m, _ := metering.BeijingTime().Day(time.Now().Unix()).Date()
		current = fmt.Sprintf("%04d-%02d", y, int(m))
	}
	first, err := time.Parse("2006-01", current)
	if err != nil {
		t.Fatalf("month on screen %q: %v", current, err)
	}
	month := first.AddDate(0, -1, 0).Format("2006-01")

	var s screen
	b.do("month "+month, &s)
	var stats struct {
		Rows []struct {
			Code    string
			Volume  string `json:"volume_m3"`
			Records int
		}
	}
	apiGet(t, base, token, "/api/v1/stats/water?month="+month, &stats)

	if len(s.Water) != len(stats.Rows) || len(stats.Rows) == 0 {
		t.Fatalf("%d township rows on screen, want the API's %d", len(s.Water), len(stats.Rows))
	}
	for i, row := range stats.Rows {
		got := s.Water[i]
		want := formatVolume(row.Volume) + " m³"
		if row.Records == 0 {
			want = "无数据"
		}
		if got.Code != row.Code || got.Text != want {
			t.Errorf("%s row %d: %s %q on screen, want %s %q from the API's %s m³",
				month, i, got.Code, got.Text, row.Code, want, row.Volume)
		}
	}
	t.Logf("%s: township %s drew %s on screen and %s m³ in the API", month, s.Water[0].Code, s.Water[0].Text, stats.Rows[0].Volume)
	b.do("month "+current, &s)
}

// keepScreenshot copies the screenshot out of the artifact folder, which go
// test removes unless it runs with -artifacts, and logs both paths.
func keepScreenshot(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if len(data) < 8 || string(data[1:4]) != "PNG" {
		t.Fatalf("screenshot %s is not a PNG file", path)
	}
	dir := os.Getenv(dashboardShotEnv)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "shuxiang-dashboard")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(dir, "dashboard.png")
	if err := os.WriteFile(kept, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("dashboard screenshot: %s (kept at %s, %d bytes)", path, kept, len(data))
}

// formatVolume formats a volume in m³ as the dashboard does: one place below
// 10,000 m³ and none from there on, with thousands separators.
func formatVolume(text string) string {
	d, err := decimal.NewFromString(text)
	if err != nil {
		return "—"
	}
	if d.Abs().GreaterThanOrEqual(decimal.NewFromInt(10000)) {
		return formatFixed(text, 0)
	}
	return formatFixed(text, 1)
}

// formatFixed formats a decimal string as the dashboard's toLocaleString
// zh-CN does: the number is first a float64, whose exact value ECMA-402
// rounds half away from zero to the places, then digits are grouped by three.
func formatFixed(text string, places int) string {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return "—"
	}
	exact := new(big.Float).SetFloat64(f).Text('f', 1100)
	rounded := decimal.RequireFromString(exact).StringFixed(int32(places))
	whole, frac, _ := strings.Cut(rounded, ".")
	sign := ""
	if w, ok := strings.CutPrefix(whole, "-"); ok {
		sign, whole = "-", w
	}
	if frac != "" {
		frac = "." + frac
	}
	return sign + groupDigits(whole) + frac
}

// groupDigits inserts a comma between groups of three digits.
func groupDigits(digits string) string {
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func TestFormatFixed(t *testing.T) {
	tests := []struct {
		text   string
		places int
		want   string
	}{
		{"0", 1, "0.0"},
		{"547.25", 1, "547.3"}, // an exact tie rounds away from zero
		{"547.65", 1, "547.6"}, // the float64 of 547.65 lies below it
		{"16934.37", 2, "16,934.37"},
		{"1234567.5", 0, "1,234,568"},
		{"-1234.56", 1, "-1,234.6"},
		{"x", 1, "—"},
	}
	for _, tt := range tests {
		if got := formatFixed(tt.text, tt.places); got != tt.want {
			t.Errorf("formatFixed(%q, %d) = %q, want %q", tt.text, tt.places, got, tt.want)
		}
	}
	if got := formatVolume("12345.67"); got != "12,346" {
		t.Errorf("formatVolume(12345.67) = %q, want 12,346", got)
	}
}
