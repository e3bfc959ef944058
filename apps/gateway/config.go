package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shuxiang/shuxiang/iot/alarm"
	"github.com/shuxiang/shuxiang/iot/health"
	"github.com/shuxiang/shuxiang/iot/modbus/client"
	"github.com/shuxiang/shuxiang/iot/poll"
	"github.com/shuxiang/shuxiang/iot/profile"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

// Config is the gateway's configuration file, decoded from YAML by
// loadConfig. Every duration is a Go duration string such as "1s" or "15m".
type Config struct {
	Group   string `yaml:"group"`   // group level of the MQTT topics, such as a county or park
	Gateway string `yaml:"gateway"` // this gateway's id in the topics

	// Simulate starts an in-process Modbus simulator for every TCP and
	// RTU-over-TCP device and polls it instead of the configured address.
	Simulate bool `yaml:"simulate"`

	Log     LogConfig      `yaml:"log"`
	HTTP    HTTPConfig     `yaml:"http"`
	Uplink  UplinkConfig   `yaml:"uplink"`
	Outbox  OutboxConfig   `yaml:"outbox"`
	Poll    PollConfig     `yaml:"poll"`
	Buses   []BusConfig    `yaml:"buses"`
	Devices []DeviceConfig `yaml:"devices"`
	Control ControlConfig  `yaml:"control"`

	// StateDir holds the saved alarm rule state. Empty means the outbox
	// directory's parent. The file is alarm-state.json.
	StateDir string `yaml:"state_dir"`

	dir string // directory of the configuration file, for relative paths
}

// LogConfig sets the slog output.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info (default), warn or error
	Format string `yaml:"format"` // text (default) or json
}

// HTTPConfig sets the address of /metrics and /healthz.
type HTTPConfig struct {
	// Listen is a loopback host:port, such as "127.0.0.1:9108". Empty serves
	// no HTTP. Port 0 picks a free port, which is logged.
	Listen string `yaml:"listen"`
}

// UplinkConfig sets the MQTT connection.
type UplinkConfig struct {
	Broker       string        `yaml:"broker"` // such as tcp://127.0.0.1:1883 or mqtts://broker:8883
	Username     string        `yaml:"username"`
	Password     string        `yaml:"password"`
	PasswordFile string        `yaml:"password_file"` // read at start-up; wins over password
	CAFile       string        `yaml:"ca_file"`       // PEM roots of the broker's certificate; empty uses the system roots
	CertFile     string        `yaml:"cert_file"`     // PEM client certificate, with key_file
	KeyFile      string        `yaml:"key_file"`
	ServerName   string        `yaml:"server_name"` // TLS server name; empty takes the broker's host
	KeepAlive    time.Duration `yaml:"keep_alive"`
	AckTimeout   time.Duration `yaml:"ack_timeout"`
	ReconnectMin time.Duration `yaml:"reconnect_min"`
	ReconnectMax time.Duration `yaml:"reconnect_max"`
	MaxBatch     int           `yaml:"max_batch"`
}

// OutboxConfig sets the durable queue between polling and the uplink.
type OutboxConfig struct {
	Dir          string        `yaml:"dir"`           // required; relative to the configuration file
	MaxBytes     int64         `yaml:"max_bytes"`     // bound of the segment files; 0 means 1 GiB
	SegmentBytes int64         `yaml:"segment_bytes"` // 0 means 16 MiB
	MaxAge       time.Duration `yaml:"max_age"`       // 0 means 7 days
	// CommitInterval is how long a message waits for others to share its
	// fsync. A crash loses at most this much of the newest data. 0 means
	// 100ms.
	CommitInterval time.Duration `yaml:"commit_interval"`
}

// PollConfig holds the defaults of every device and the scheduler's bound.
type PollConfig struct {
	MaxConcurrent int           `yaml:"max_concurrent"`
	Interval      time.Duration `yaml:"interval"` // default 1s
	Timeout       time.Duration `yaml:"timeout"`  // reply timeout, default 1s
	Retries       int           `yaml:"retries"`
	RetryDelay    time.Duration `yaml:"retry_delay"`
	Health        HealthConfig  `yaml:"health"`
}

// HealthConfig is health.Config in the file.
type HealthConfig struct {
	OfflineAfter    int           `yaml:"offline_after"`
	QuarantineAfter int           `yaml:"quarantine_after"`
	RecoverAfter    int           `yaml:"recover_after"`
	Backoff         time.Duration `yaml:"backoff"`
	MaxBackoff      time.Duration `yaml:"max_backoff"`
}

// BusConfig is one serial RS-485 port shared by the devices that name it.
type BusConfig struct {
	Name     string `yaml:"name"`
	Device   string `yaml:"device"`    // such as /dev/ttyUSB0
	BaudRate int    `yaml:"baud_rate"` // default 9600
	Parity   string `yaml:"parity"`    // N, E (default) or O
	StopBits int    `yaml:"stop_bits"` // 1 (default) or 2
}

// DeviceConfig is one polled device.
type DeviceConfig struct {
	ID        string `yaml:"id"`
	Profile   string `yaml:"profile"`   // a shipped profile name, or a path to a profile file
	Transport string `yaml:"transport"` // tcp, rtu-tcp or serial
	Address   string `yaml:"address"`   // host:port for tcp and rtu-tcp
	Bus       string `yaml:"bus"`       // name of a bus for serial
	Unit      int    `yaml:"unit"`      // 1 to 247; 0 is allowed for tcp

	Interval   time.Duration `yaml:"interval"`
	Timeout    time.Duration `yaml:"timeout"`
	Turnaround time.Duration `yaml:"turnaround"` // idle bus time the device needs before a request
	Retries    *int          `yaml:"retries"`

	// Batching: MaxGap unused registers may be read to merge two fields;
	// Single reads one field per request; Fallback reads a rejected block
	// field by field.
	MaxGap   int  `yaml:"max_gap"`
	Single   bool `yaml:"single"`
	Fallback bool `yaml:"fallback"`

	// Report is "all" (default), sending every polled value, or "exception",
	// sending a value only when it moved by the field's deadband or its
	// maximum silence passed.
	Report string `yaml:"report"`

	Alarms []AlarmConfig `yaml:"alarms"`

	// Sim holds the values the simulator serves, by field name, as decimals
	// in the field's unit (or text for a string field).
	Sim map[string]string `yaml:"sim"`
}

// AlarmConfig holds the alarm rules of one field of a device.
type AlarmConfig struct {
	Field string    `yaml:"field"`
	Rules yaml.Node `yaml:"rules"` // the rule list of package alarm, in YAML or JSON form
}

// configError is one invalid setting, named by its path in the file.
type configError struct {
	path, value, fix string
}

func (e *configError) Error() string {
	if e.value == "" {
		return e.path + ": " + e.fix
	}
	return fmt.Sprintf("%s: %q: %s", e.path, e.value, e.fix)
}

// checker collects configErrors.
type checker struct{ errs []error }

func (c *checker) add(path, value, format string, args ...any) {
	c.errs = append(c.errs, &configError{path: path, value: value, fix: fmt.Sprintf(format, args...)})
}

func (c *checker) err() error { return errors.Join(c.errs...) }

// loadConfig reads and decodes the file at path and rejects unknown keys.
func loadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var cfg Config
	if err := dec.Decode(&cfg); err != nil {
		return nil, fmt.Errorf("configuration %s: %w", path, err)
	}
	cfg.dir = filepath.Dir(path)
	return &cfg, nil
}

// resolve returns p relative to the configuration file's directory.
func (c *Config) resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

// compiled is a checked configuration with its profiles and rules compiled.
type compiled struct {
	cfg      *Config
	devices  []compiledDevice
	buses    map[string]BusConfig
	password string
	control  *compiledControl // nil without a control section
}

type compiledDevice struct {
	cfg     DeviceConfig
	profile *profile.Profile
	program *profile.Program
	rules   map[int][]alarm.Rule // by field index
	poll    poll.Device          // without Reader
	sim     map[int]string
}

// compile validates every setting of c, loads the profiles and decodes the
// alarm rules. The error joins one configError per problem.
func (c *Config) compile() (*compiled, error) {
	var ck checker
	out := &compiled{cfg: c, buses: map[string]BusConfig{}}
	c.checkTop(&ck)
	if c.Uplink.PasswordFile != "" {
		b, err := os.ReadFile(c.resolve(c.Uplink.PasswordFile))
		if err != nil {
			ck.add("uplink.password_file", c.Uplink.PasswordFile, "cannot be read: %v", err)
		}
		out.password = strings.TrimRight(string(b), "\r\n")
	} else {
		out.password = c.Uplink.Password
	}
	for i, b := range c.Buses {
		path := fmt.Sprintf("buses[%d]", i)
		switch {
		case b.Name == "":
			ck.add(path+".name", "", "missing: name the bus so devices can refer to it")
		case out.buses[b.Name].Name != "":
			ck.add(path+".name", b.Name, "used twice: give every bus its own name")
		}
		if b.Device == "" {
			ck.add(path+".device", "", "missing: give the serial port, such as /dev/ttyUSB0")
		}
		if !oneOf(b.Parity, "", "N", "E", "O") {
			ck.add(path+".parity", b.Parity, "invalid: use N, E or O")
		}
		if b.StopBits != 0 && b.StopBits != 1 && b.StopBits != 2 {
			ck.add(path+".stop_bits", strconv.Itoa(b.StopBits), "invalid: use 1 or 2")
		}
		if b.BaudRate < 0 {
			ck.add(path+".baud_rate", strconv.Itoa(b.BaudRate), "negative: use a rate such as 9600")
		}
		out.buses[b.Name] = b
	}
	if len(c.Devices) == 0 {
		ck.add("devices", "", "missing: list at least one device")
	}
	seen := map[string]bool{}
	for i := range c.Devices {
		d := &c.Devices[i]
		path := fmt.Sprintf("devices[%d]", i)
		if seen[d.ID] && d.ID != "" {
			ck.add(path+".id", d.ID, "used twice: give every device its own id")
		}
		seen[d.ID] = true
		if cd, ok := c.compileDevice(&ck, path, d, out.buses); ok {
			out.devices = append(out.devices, cd)
		}
	}
	if len(ck.errs) == 0 {
		out.control = compileControl(&ck, c.Control, out.devices)
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *Config) checkTop(ck *checker) {
	if !validName(c.Group) {
		ck.add("group", c.Group, "invalid: use 1 to 64 characters of A-Z, a-z, 0-9, '-' and '_'")
	}
	if !validName(c.Gateway) {
		ck.add("gateway", c.Gateway, "invalid: use 1 to 64 characters of A-Z, a-z, 0-9, '-' and '_'")
	}
	if !oneOf(c.Log.Level, "", "debug", "info", "warn", "error") {
		ck.add("log.level", c.Log.Level, "invalid: use debug, info, warn or error")
	}
	if !oneOf(c.Log.Format, "", "text", "json") {
		ck.add("log.format", c.Log.Format, "invalid: use text or json")
	}
	if c.HTTP.Listen != "" {
		host, _, err := net.SplitHostPort(c.HTTP.Listen)
		ip := net.ParseIP(host)
		if err != nil || ((ip == nil || !ip.IsLoopback()) && host != "localhost") {
			ck.add("http.listen", c.HTTP.Listen, "invalid: use a loopback host:port such as 127.0.0.1:9108, since metrics carry no authentication")
		}
	}
	c.checkUplink(ck)
	if c.Outbox.Dir == "" {
		ck.add("outbox.dir", "", "missing: give a directory on persistent storage for queued readings")
	}
	if c.Outbox.MaxBytes < 0 || c.Outbox.SegmentBytes < 0 {
		ck.add("outbox.max_bytes", strconv.FormatInt(c.Outbox.MaxBytes, 10), "negative: use a size in bytes or 0 for the default")
	}
	if c.Outbox.MaxBytes > 0 {
		seg := c.Outbox.SegmentBytes
		if seg == 0 {
			seg = 16 << 20
		}
		if c.Outbox.MaxBytes < 2*seg {
			ck.add("outbox.max_bytes", strconv.FormatInt(c.Outbox.MaxBytes, 10),
				"too small: use at least twice segment_bytes (%d)", seg)
		}
	}
	if c.Outbox.CommitInterval < 0 || c.Outbox.CommitInterval > 10*time.Second {
		ck.add("outbox.commit_interval", c.Outbox.CommitInterval.String(), "out of range: use 0 (100ms) to 10s")
	}
	p := c.Poll
	if p.MaxConcurrent < 0 {
		ck.add("poll.max_concurrent", strconv.Itoa(p.MaxConcurrent), "negative: use a positive bound or 0 for the default")
	}
	for name, d := range map[string]time.Duration{"interval": p.Interval, "timeout": p.Timeout, "retry_delay": p.RetryDelay} {
		if d < 0 {
			ck.add("poll."+name, d.String(), "negative: use a positive duration")
		}
	}
	if p.Retries < 0 || p.Retries > poll.MaxRetries {
		ck.add("poll.retries", strconv.Itoa(p.Retries), "out of range: use 0 to %d", poll.MaxRetries)
	}
	if err := p.Health.health().Validate(); err != nil {
		ck.add("poll.health", "", "%v", err)
	}
}

func (c *Config) checkUplink(ck *checker) {
	u := c.Uplink
	if u.Broker == "" {
		ck.add("uplink.broker", "", "missing: give the broker URL, such as tcp://127.0.0.1:1883")
	} else if pu, err := url.Parse(u.Broker); err != nil || pu.Host == "" ||
		!oneOf(pu.Scheme, "tcp", "mqtt", "ssl", "tls", "mqtts") {
		ck.add("uplink.broker", u.Broker, "invalid: use tcp://host:port or mqtts://host:port")
	}
	if (u.CertFile == "") != (u.KeyFile == "") {
		ck.add("uplink.cert_file", u.CertFile, "cert_file and key_file go together: set both or neither")
	}
	for name, f := range map[string]string{"ca_file": u.CAFile, "cert_file": u.CertFile, "key_file": u.KeyFile} {
		if f == "" {
			continue
		}
		if _, err := os.Stat(c.resolve(f)); err != nil {
			ck.add("uplink."+name, f, "cannot be read: %v", err)
		}
	}
	if u.MaxBatch < 0 {
		ck.add("uplink.max_batch", strconv.Itoa(u.MaxBatch), "negative: use 1 or more, or 0 for the default")
	}
}

func (h HealthConfig) health() health.Config {
	return health.Config{
		OfflineAfter: h.OfflineAfter, QuarantineAfter: h.QuarantineAfter, RecoverAfter: h.RecoverAfter,
		Backoff: h.Backoff, MaxBackoff: h.MaxBackoff,
	}
}

// compileDevice checks d and loads its profile and rules.
func (c *Config) compileDevice(ck *checker, path string, d *DeviceConfig, buses map[string]BusConfig) (compiledDevice, bool) {
	n := len(ck.errs)
	if !validName(d.ID) {
		ck.add(path+".id", d.ID, "invalid: use 1 to 64 characters of A-Z, a-z, 0-9, '-' and '_'")
	}
	switch d.Transport {
	case "tcp", "rtu-tcp":
		if _, _, err := net.SplitHostPort(d.Address); err != nil {
			ck.add(path+".address", d.Address, "invalid: use host:port, such as 192.168.1.20:502")
		}
	case "serial":
		if _, ok := buses[d.Bus]; !ok {
			ck.add(path+".bus", d.Bus, "not found: name one of the buses")
		}
		if c.Simulate {
			ck.add(path+".transport", d.Transport, "cannot be simulated: use tcp or rtu-tcp with simulate")
		}
	default:
		ck.add(path+".transport", d.Transport, "invalid: use tcp, rtu-tcp or serial")
	}
	minUnit := 1
	if d.Transport == "tcp" {
		minUnit = 0
	}
	if d.Unit < minUnit || d.Unit > 247 {
		ck.add(path+".unit", strconv.Itoa(d.Unit), "out of range: use %d to 247", minUnit)
	}
	for name, v := range map[string]time.Duration{"interval": d.Interval, "timeout": d.Timeout, "turnaround": d.Turnaround} {
		if v < 0 {
			ck.add(path+"."+name, v.String(), "negative: use a positive duration")
		}
	}
	if d.MaxGap < 0 || d.MaxGap > 124 {
		ck.add(path+".max_gap", strconv.Itoa(d.MaxGap), "out of range: use 0 to 124")
	}
	if !oneOf(d.Report, "", "all", "exception") {
		ck.add(path+".report", d.Report, "invalid: use all or exception")
	}
	if d.Retries != nil && (*d.Retries < 0 || *d.Retries > poll.MaxRetries) {
		ck.add(path+".retries", strconv.Itoa(*d.Retries), "out of range: use 0 to %d", poll.MaxRetries)
	}

	prof, prog, ok := c.loadProfile(ck, path+".profile", d.Profile)
	if !ok {
		return compiledDevice{}, false
	}
	cd := compiledDevice{cfg: *d, profile: prof, program: prog, rules: map[int][]alarm.Rule{}, sim: map[int]string{}}
	for j, a := range d.Alarms {
		c.compileAlarm(ck, fmt.Sprintf("%s.alarms[%d]", path, j), a, prog, cd.rules)
	}
	for name, v := range d.Sim {
		i, ok := prog.Index(name)
		if !ok {
			ck.add(path+".sim."+name, v, "field not found in the profile %s", prof.Model)
			continue
		}
		if _, err := simRegisters(prog, i, v); err != nil {
			ck.add(path+".sim."+name, v, "invalid: %v", err)
		}
		cd.sim[i] = v
	}
	cd.poll = c.pollDevice(d, prof, prog)
	if _, _, err := poll.NewPlan(prog, cd.poll.Limits); err != nil {
		ck.add(path+".profile", d.Profile, "%v", err)
	}
	return cd, len(ck.errs) == n
}

// loadProfile loads a shipped profile by name or a profile file by path.
func (c *Config) loadProfile(ck *checker, path, name string) (*profile.Profile, *profile.Program, bool) {
	if name == "" {
		ck.add(path, "", "missing: use one of %s, or a path to a profile file", strings.Join(profile.Shipped(), ", "))
		return nil, nil, false
	}
	var prof *profile.Profile
	var err error
	if oneOf(name, profile.Shipped()...) {
		prof, err = profile.LoadShipped(name)
	} else {
		var f *os.File
		f, err = os.Open(c.resolve(name))
		if err == nil {
			prof, err = profile.Parse(f)
			f.Close()
		}
	}
	if err != nil {
		ck.add(path, name, "not a shipped profile (%s) or a valid profile file: %v", strings.Join(profile.Shipped(), ", "), err)
		return nil, nil, false
	}
	prog, err := prof.Compile()
	if err != nil {
		ck.add(path, name, "%v", err)
		return nil, nil, false
	}
	return prof, prog, true
}

// compileAlarm decodes the rules of one field and checks them against the
// field's decimal places.
func (c *Config) compileAlarm(ck *checker, path string, a AlarmConfig, prog *profile.Program, out map[int][]alarm.Rule) {
	i, ok := prog.Index(a.Field)
	if !ok {
		ck.add(path+".field", a.Field, "not found in the device's profile")
		return
	}
	f := prog.Field(i)
	if f.Type == profile.String || !f.Access.Readable() {
		ck.add(path+".field", a.Field, "has no polled number: put alarms on read fields of a numeric type")
		return
	}
	js, err := nodeJSON(nil, &a.Rules)
	if err != nil {
		ck.add(path+".rules", "", "invalid: %v", err)
		return
	}
	rules, err := alarm.DecodeRules(js)
	if err != nil {
		ck.add(path+".rules", "", "%v", err)
		return
	}
	if _, err := alarm.NewPoint(a.Field, uint8(f.Decimals), rules); err != nil {
		ck.add(path+".rules", "", "%v", err)
		return
	}
	out[i] = append(out[i], rules...)
}

// pollDevice returns the poll settings of d, with the file's defaults.
func (c *Config) pollDevice(d *DeviceConfig, prof *profile.Profile, prog *profile.Program) poll.Device {
	p := poll.Device{
		ID:         d.ID,
		Program:    prog,
		Interval:   firstNonZero(d.Interval, c.Poll.Interval),
		Retries:    c.Poll.Retries,
		RetryDelay: c.Poll.RetryDelay,
		Health:     c.Poll.Health.health(),
		Limits: client.Limits{
			MaxGap: uint16(max(d.MaxGap, 0)), MaxQuantity: uint16(max(prof.MaxRegisters, 0)),
			Single: d.Single, Fallback: d.Fallback,
		},
	}
	if d.Retries != nil {
		p.Retries = *d.Retries
	}
	return p
}

// nodeJSON appends the JSON form of a YAML node, keeping numbers as written
// so that rule levels stay exact decimals.
func nodeJSON(dst []byte, n *yaml.Node) ([]byte, error) {
	switch n.Kind {
	case 0:
		return append(dst, "[]"...), nil
	case yaml.DocumentNode:
		return nodeJSON(dst, n.Content[0])
	case yaml.SequenceNode:
		dst = append(dst, '[')
		for i, e := range n.Content {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = nodeJSON(dst, e); err != nil {
				return nil, err
			}
		}
		return append(dst, ']'), nil
	case yaml.MappingNode:
		dst = append(dst, '{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = strconv.AppendQuote(dst, n.Content[i].Value)
			dst = append(dst, ':')
			var err error
			if dst, err = nodeJSON(dst, n.Content[i+1]); err != nil {
				return nil, err
			}
		}
		return append(dst, '}'), nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int", "!!float", "!!bool", "!!null":
			if json.Valid([]byte(n.Value)) {
				return append(dst, n.Value...), nil
			}
		}
		b, _ := json.Marshal(n.Value)
		return append(dst, b...), nil
	}
	return nil, fmt.Errorf("line %d: YAML aliases are not supported in rules", n.Line)
}

func oneOf(s string, set ...string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}

func validName(s string) bool {
	_, err := uplink.TopicsFor(s, "x")
	return err == nil
}

func firstNonZero(ds ...time.Duration) time.Duration {
	for _, d := range ds {
		if d != 0 {
			return d
		}
	}
	return 0
}
